"""逐级推荐 (#39) off its main path: the data migration, the
beat closing a stage, a late node at a later stage, a ratio quota at a stage, the 民主测评
travelling up, a pool listing the stages below, the structure's other dimensions, a sibling's
overview, publishing at the end of a staged campaign, a later veto leaving a publicised
stage's list, and hostile stage rows."""

import datetime
import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from evaluations.queries import ranking
from evaluations.services import confirm_shortlist, confirm_stage, issue_codes, respond
from reports.stage_structure import stage_structure
from selection import nodes, notice, stages, workflow
from selection.choices import IntegrityVerdict, QuotaKind, StageDecision, State
from selection.errors import SelectionError
from selection.models import Nomination, Stage
from tests.evaluations.test_review_views import ANSWERS
from tests.factories import CampaignFactory, UserFactory, card, scores

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("selection.migrations.0013_campaign_stages_one_per_campaign")


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


def up_to_the_city(staged, noms, admins, committees, district_a, district_b):
    """Every node decides: the 党委 send up n1, n4 and n6, the 区委 n1 and n6 (n4 has no
    second-stage card); the city's cards rank n6 above n1."""
    committee_a, committee_a2, committee_b = committees
    first, second, final = (stage(staged, p) for p in (1, 2, 3))
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"])
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    confirm_stage(first, committee_b, [noms["n6"].pk], by=admins["XQ01"])
    for name in ("n1", "n6"):
        card(noms[name], UserFactory(), scores(20, 20, 20, 20), stage=second)
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"], reason="n4 未评分")
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    for name, points in (("n1", 20), ("n6", 22)):
        card(noms[name], UserFactory(), scores(points, points, points, points), stage=final)


# --- Existing data migrated -------------------------------------------------------------------


def test_the_migration_gives_a_campaign_without_stages_its_one_stage(city):
    deadline = timezone.now() + datetime.timedelta(days=3)
    old = CampaignFactory(owner=city, exemplar_count=4, reviewing_deadline=deadline)
    staged = CampaignFactory(owner=city)
    Stage.objects.create(campaign=staged, position=1, level="committee", quota_value=7)

    MIGRATION.one_stage_each(apps, None)
    MIGRATION.one_stage_each(apps, None)  # run again: nothing more

    made = Stage.objects.get(campaign=old)
    assert (made.position, made.level, made.quota_kind, made.quota_value, made.deadline) == (
        1,
        "city",
        QuotaKind.FIXED,
        Decimal(4),
        deadline,
    )
    assert list(Stage.objects.filter(campaign=staged).values_list("level", "quota_value")) == [
        ("committee", Decimal(7))
    ]


# --- Deadlines close by themselves; a late node shows above ------------------------------------


def test_the_beat_task_closes_a_stage_past_its_deadline(staged, noms):
    from selection.tasks import task_advance_phases

    Stage.objects.filter(campaign=staged, position=1).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )

    task_advance_phases.apply()

    assert stage(staged, 1).closed_at is not None
    assert stage(staged, 2).closed_at is None


def test_a_district_late_at_the_second_stage_shows_to_the_city(
    client, staged, noms, admins, committee_a, city_admin
):
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    Stage.objects.filter(campaign=staged, position=2).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    stages.close_due_stages()
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:stages", args=[staged.pk]))

    second = page.context["stages"][1]
    assert [(node.name, node.late) for node in second.nodes] == [("东区区委", True)]


# --- A ratio quota at a stage ------------------------------------------------------------------


def test_a_ratio_quota_is_a_share_of_the_full_members_below_the_node_rounded_up(
    staged, noms, committee_a, admins
):
    Stage.objects.filter(campaign=staged, position=1).update(
        quota_kind=QuotaKind.RATIO, quota_value=Decimal(50)
    )
    first = stage(staged, 1)
    assert nodes.node_quota(first, committee_a) == 2  # 50 % of n1, n2, n3, rounded up

    with pytest.raises(SelectionError, match="名额为 2 名"):
        confirm_stage(
            first,
            committee_a,
            [n.pk for n in (noms["n1"], noms["n2"], noms["n3"])],
            by=admins["DQ01"],
        )


# --- The 民主测评 travels with the nomination --------------------------------------------------


def test_the_first_stage_survey_counts_in_the_next_stage_ranking_and_pool(
    client, staged, noms, admins, committee_a, district_a, city_admin
):
    for code in issue_codes(noms["n1"], 2, by=city_admin):
        respond(code.code, ANSWERS)
    first, second = stage(staged, 1), stage(staged, 2)
    at_first = {r.nomination_id: r for r in ranking(staged, first, committee_a)}[noms["n1"].pk]
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"])
    card(noms["n1"], UserFactory(), scores(20, 20, 20, 20), stage=second)

    (row,) = ranking(staged, second, district_a)

    assert (at_first.responses, at_first.satisfaction) == (2, Decimal(1))
    assert (row.responses, row.satisfaction) == (2, Decimal(1))
    client.force_login(admins["DQ"])
    page = client.get(reverse("evaluations:stage_pool", args=[staged.pk, 2, district_a.pk]))
    assert [(r.result.responses, r.result.satisfaction) for r in page.context["page"]] == [
        (2, Decimal(1))
    ]


# --- History across stages on the next stage's pool --------------------------------------------


def test_the_next_stage_pool_lists_each_nomination_s_earlier_stages(
    client, staged, noms, admins, committee_a, district_a
):
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    client.force_login(admins["DQ"])

    page = client.get(reverse("evaluations:stage_pool", args=[staged.pk, 2, district_a.pk]))

    (row,) = page.context["page"]
    assert [(s.node.name, s.rank, s.total, s.decision) for s in row.history] == [
        ("东区机关党委", 1, Decimal(90), StageDecision.ADVANCED)
    ]


# --- Scope: a sibling's overview ---------------------------------------------------------------


def test_the_stages_overview_lists_none_of_a_sibling_s_nodes(client, staged, noms, admins):
    client.force_login(admins["XQ01"])

    page = client.get(reverse("evaluations:stages", args=[staged.pk]))

    names = {node.name for view in page.context["stages"] for node in view.nodes}
    assert names == {"西区机关党委"}


# --- Structure analysis stage by stage: every dimension ----------------------------------------


def test_the_structure_compares_age_ethnicity_and_education_stage_by_stage(
    staged, noms, admins, committee_a, committee_a2, committee_b, district_a, district_b, city
):
    up_to_the_city(
        staged, noms, admins, (committee_a, committee_a2, committee_b), district_a, district_b
    )
    confirm_shortlist(staged, [noms["n6"].pk], by=admins["JC"])
    job = SimpleNamespace(campaign=staged, paths=[city.path], nomination_id=None)

    tables = {table.title: table for table in stage_structure(job)}

    assert list(tables) == ["按性别", "按年龄段", "按民族", "按学历"]
    for table in tables.values():  # each pool's every entrant counted once in each dimension
        assert table.totals.counts == [6, 3, 2, 1], table.title


# --- Publishing at the final stage -------------------------------------------------------------


def test_a_staged_campaign_publishes_only_what_passed_every_stage(
    staged, noms, admins, committee_a, committee_a2, committee_b, district_a, district_b
):
    up_to_the_city(
        staged, noms, admins, (committee_a, committee_a2, committee_b), district_a, district_b
    )
    confirm_shortlist(staged, [noms["n6"].pk], by=admins["JC"])
    notice.open_notice(
        staged,
        starts_on=datetime.date(2020, 1, 6),  # long over: the results may be confirmed
        working_days=5,
        contact="市委组织部",
        by=admins["JC"],
    )

    assert notice.approve_all(staged, by=admins["JC"]) == 1
    workflow.publish(Nomination.objects.get(pk=noms["n6"].pk), by=admins["JC"])

    states = dict(Nomination.objects.filter(campaign=staged).values_list("member__name", "state"))
    assert states == {
        "n1": State.NOT_SELECTED,
        "n2": State.NOT_SELECTED,
        "n3": State.NOT_SELECTED,
        "n4": State.NOT_SELECTED,
        "n5": State.NOT_SELECTED,
        "n6": State.PUBLISHED,
    }


# --- A veto at a later stage ends the nomination everywhere, the public stage list too ---------


def test_a_later_veto_takes_the_nomination_off_a_publicised_stage_s_list(
    client,
    staged,
    noms,
    committee_a,
    admins,
    integrity_officer,
    django_capture_on_commit_callbacks,
):
    Stage.objects.filter(campaign=staged, position=1).update(publicised=True)
    Stage.objects.filter(campaign=staged, position=2).update(recheck_integrity=True)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_stage(
            stage(staged, 1), committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"]
        )
    url = reverse("public:notice_list")
    assert "n1" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.give_integrity_opinion(
            noms["n1"], by=integrity_officer, verdict=IntegrityVerdict.VETO, reason="新发现问题"
        )

    html = client.get(url).content.decode()
    assert "n1" not in html and "n2" in html
    assert Nomination.objects.get(pk=noms["n1"].pk).state == State.VETOED


# --- Hostile stage configuration: a message, never a 500 ---------------------------------------


@pytest.mark.parametrize(
    "value", ["长" * 100_000, "<script>alert('x')</script>", "abc\x00def", "-1", "9" * 60]
)
def test_hostile_stage_rows_are_refused_with_a_message(client, city, city_admin, value):
    campaign = CampaignFactory(owner=city, phase="nominating")
    client.force_login(city_admin)
    fields = ("level", "quota_kind", "quota_value", "deadline", "runs_survey", "publicised")
    data = {f"s{i}-{field}": value for i in (1, 2, 3) for field in fields}

    response = client.post(
        reverse("evaluations:stages_configure", args=[campaign.pk]), data, follow=True
    )

    assert response.status_code == 400  # the form again, as typed, the message on top
    assert "<script>alert('x')</script>" not in response.content.decode()
    assert not Stage.objects.filter(campaign=campaign).exists()
