"""逐级推荐: eligibility carries over unless a later stage asks again. A stage that does has its
node's admins screen the entrants of their pool again — the campaign's rules read anew from the
member's records, eligible (a failed rule overridden with a reason) or ineligible with a reason,
which ends the nomination everywhere — and the node cannot confirm its choice before every
entrant is screened. Siblings never see, let alone screen, each other's entrants.

东区区委's pool at stage 2 holds n1 and n2 (from 东区机关党委) and n4 (from 东区教育党委);
西区区委's holds n6.
"""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from evaluations.errors import EvaluationError
from evaluations.queries import overview, ranking
from evaluations.rules import stage_choice_fixed
from evaluations.services import confirm_shortlist, confirm_stage, screen_at_stage
from selection.choices import StageDecision, State
from selection.errors import SelectionError
from selection.models import Nomination, Stage, StageEntry
from tests.factories import UserFactory, card, scores

pytestmark = pytest.mark.django_db


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


def state(nomination) -> str:
    return Nomination.objects.get(pk=nomination.pk).state


@pytest.fixture
def rescreened(second):
    """The same, the 区委 stage asking for eligibility to be screened again."""
    Stage.objects.filter(pk=second.pk).update(recheck_eligibility=True)
    second.refresh_from_db()
    return second


def test_without_a_recheck_eligibility_carries_over_and_the_node_confirms(
    second, noms, district_a, admins
):
    assert confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"]) == [noms["n1"].pk]
    assert not StageEntry.objects.filter(screened_at__isnull=False).exists()


def test_the_node_cannot_confirm_before_its_entrants_are_screened(
    rescreened, noms, district_a, admins
):
    with pytest.raises(EvaluationError, match="尚未审查：n1、n2、n4"):
        confirm_stage(rescreened, district_a, [noms["n1"].pk], by=admins["DQ"])

    assert StageEntry.objects.get(stage=rescreened, nomination=noms["n1"]).decision == (
        StageDecision.PENDING
    )


def test_once_every_entrant_is_screened_the_node_confirms(rescreened, noms, district_a, admins):
    for name in ("n1", "n2", "n4"):
        screen_at_stage(rescreened, district_a, noms[name].pk, by=admins["DQ"], eligible=True)

    assert confirm_stage(rescreened, district_a, [noms["n1"].pk], by=admins["DQ"]) == [
        noms["n1"].pk
    ]
    entry = StageEntry.objects.get(stage=rescreened, nomination=noms["n1"])
    assert (entry.eligible, entry.screened_by) == (True, admins["DQ"])
    assert AuditEvent.objects.filter(verb="review.stage_screened").count() == 3


def test_a_rule_failing_now_needs_a_written_exception(rescreened, noms, district_a, admins):
    noms["n2"].member.assessments.update(grade="basic")

    with pytest.raises(SelectionError, match="例外说明"):
        screen_at_stage(rescreened, district_a, noms["n2"].pk, by=admins["DQ"], eligible=True)
    entry = screen_at_stage(
        rescreened, district_a, noms["n2"].pk, by=admins["DQ"], eligible=True, reason="已整改"
    )

    assert (entry.eligible, entry.screening_reason) == (True, "已整改")


def test_ineligible_at_stage_two_ends_the_nomination_everywhere(
    rescreened, staged, noms, district_a, district_b, admins
):
    screen_at_stage(
        rescreened, district_a, noms["n1"].pk, by=admins["DQ"], eligible=False, reason="受处分"
    )
    for name in ("n2", "n4"):
        screen_at_stage(rescreened, district_a, noms[name].pk, by=admins["DQ"], eligible=True)
    screen_at_stage(rescreened, district_b, noms["n6"].pk, by=admins["XQ"], eligible=True)

    assert state(noms["n1"]) == State.INELIGIBLE
    assert noms["n1"].transitions.last().action == "stage_ineligible"
    assert AuditEvent.objects.filter(verb="nomination.stage_ineligible").count() == 1
    assert noms["n1"].pk not in [
        row.nomination_id for row in ranking(staged, rescreened, district_a)
    ]
    with pytest.raises(EvaluationError, match="未参与排名"):
        confirm_stage(rescreened, district_a, [noms["n1"].pk], by=admins["DQ"])

    confirm_stage(rescreened, district_a, [noms["n2"].pk], by=admins["DQ"])
    confirm_stage(rescreened, district_b, [noms["n6"].pk], by=admins["XQ"])
    final = stage(staged, 3)
    city_pool = set(StageEntry.objects.filter(stage=final).values_list("nomination_id", flat=True))
    assert city_pool == {noms["n2"].pk, noms["n6"].pk}
    for name in ("n2", "n6"):
        card(noms[name], UserFactory(), scores(20, 20, 20, 20), stage=final)
    assert {row.nomination_id for row in ranking(staged)} == {noms["n2"].pk, noms["n6"].pk}
    assert StageEntry.objects.get(stage=rescreened, nomination=noms["n1"]).decision == (
        StageDecision.NOT_CHOSEN
    )


def test_ineligible_needs_a_reason_and_an_open_choice(rescreened, noms, district_a, admins):
    with pytest.raises(EvaluationError, match="理由"):
        screen_at_stage(rescreened, district_a, noms["n1"].pk, by=admins["DQ"], eligible=False)
    for name in ("n1", "n2", "n4"):
        screen_at_stage(rescreened, district_a, noms[name].pk, by=admins["DQ"], eligible=True)
    confirm_stage(rescreened, district_a, [noms["n1"].pk], by=admins["DQ"])

    with pytest.raises(EvaluationError, match="不能再审查"):
        screen_at_stage(
            rescreened, district_a, noms["n1"].pk, by=admins["DQ"], eligible=False, reason="迟了"
        )

    assert state(noms["n1"]) == State.IN_REVIEW


def test_a_stage_that_does_not_ask_again_screens_no_one(second, noms, district_a, admins):
    with pytest.raises(EvaluationError, match="沿用"):
        screen_at_stage(second, district_a, noms["n1"].pk, by=admins["DQ"], eligible=True)


def test_the_node_below_can_no_longer_withdraw_what_the_stage_screened(
    rescreened, noms, district_a, committee_a, admins
):
    screen_at_stage(rescreened, district_a, noms["n1"].pk, by=admins["DQ"], eligible=True)

    assert stage_choice_fixed(stage(rescreened.campaign, 1), committee_a)


def test_the_final_stage_confirms_its_shortlist_only_once_screened(
    second, staged, noms, district_a, district_b, city, admins
):
    final = stage(staged, 3)
    Stage.objects.filter(pk=final.pk).update(recheck_eligibility=True)
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"])
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    for name in ("n1", "n6"):
        card(noms[name], UserFactory(), scores(20, 20, 20, 20), stage=final)
    final.refresh_from_db()

    with pytest.raises(EvaluationError, match="尚未审查：n1、n6"):
        confirm_shortlist(staged, [noms["n1"].pk], by=admins["JC"])
    for name in ("n1", "n6"):
        screen_at_stage(final, city, noms[name].pk, by=admins["JC"], eligible=True)

    assert confirm_shortlist(staged, [noms["n1"].pk], by=admins["JC"]) == [noms["n1"].pk]


# --- Pages -----------------------------------------------------------------------------------


def screen_url(name, campaign, position, node, nomination) -> str:
    return reverse(
        f"evaluations:stage_{name}", args=[campaign.pk, position, node.pk, nomination.pk]
    )


def test_the_node_admin_screens_from_the_nomination_s_page(
    client, rescreened, staged, noms, district_a, admins
):
    client.force_login(admins["DQ"])
    detail = reverse("selection:nomination_detail", args=[noms["n1"].pk])

    page = client.get(detail).content.decode()
    response = client.post(
        screen_url("ineligible", staged, 2, district_a, noms["n1"]),
        {"reason": "近期受到党纪处分", "next": detail},
    )

    assert "本级资格审查" in page
    assert screen_url("eligible", staged, 2, district_a, noms["n1"]) in page
    assert response.status_code == 302 and response.url == detail
    assert state(noms["n1"]) == State.INELIGIBLE


def test_the_committee_below_sees_the_nomination_but_not_the_stage_s_screening(
    client, rescreened, staged, noms, district_a, admins
):
    client.force_login(admins["DQ01"])

    page = client.get(reverse("selection:nomination_detail", args=[noms["n1"].pk]))
    response = client.post(
        screen_url("eligible", staged, 2, district_a, noms["n1"]), {"override_reason": ""}
    )

    assert page.status_code == 200 and "本级资格审查" not in page.content.decode()
    assert response.status_code == 404


def test_a_sibling_district_s_admin_gets_404(client, rescreened, staged, noms, district_a, admins):
    client.force_login(admins["XQ"])

    for name in ("eligible", "ineligible"):
        response = client.post(
            screen_url(name, staged, 2, district_a, noms["n1"]), {"reason": "越权"}
        )
        assert response.status_code == 404
    assert client.get(reverse("selection:nomination_detail", args=[noms["n1"].pk])).status_code == (
        404
    )
    assert state(noms["n1"]) == State.IN_REVIEW


def test_a_nomination_not_in_the_node_s_pool_is_not_found(
    client, rescreened, staged, noms, district_a, admins
):
    client.force_login(admins["JC"])

    response = client.post(
        screen_url("eligible", staged, 2, district_a, noms["n6"]), {"override_reason": ""}
    )

    assert response.status_code == 404


def test_ineligible_without_a_reason_is_a_message(
    client, rescreened, staged, noms, district_a, admins
):
    client.force_login(admins["DQ"])

    response = client.post(
        screen_url("ineligible", staged, 2, district_a, noms["n1"]), {"reason": ""}, follow=True
    )

    assert response.status_code == 200
    assert "请填写理由" in response.content.decode()
    assert state(noms["n1"]) == State.IN_REVIEW


def test_the_screening_queue_lists_each_node_s_entrants_waiting(
    client, rescreened, staged, noms, admins
):
    def queued(user) -> list[str]:
        client.force_login(user)
        response = client.get(reverse("selection:screening_queue"), {"campaign": staged.pk})
        return sorted(row.name for row in response.context["rows"])

    assert queued(admins["DQ"]) == ["n1", "n2", "n4"]
    assert queued(admins["XQ"]) == ["n6"]
    assert queued(admins["JC"]) == ["n1", "n2", "n4", "n6"]
    screen_at_stage(
        rescreened,
        noms["n1"].stage_entries.get(stage=rescreened).node,
        noms["n1"].pk,
        by=admins["DQ"],
        eligible=True,
    )
    assert queued(admins["DQ"]) == ["n2", "n4"]


def test_the_overview_and_the_pool_show_who_waits_for_screening(
    client, rescreened, staged, noms, district_a, admins
):
    client.force_login(admins["DQ"])
    screen_at_stage(rescreened, district_a, noms["n1"].pk, by=admins["DQ"], eligible=True)

    views = overview(admins["DQ"], staged)
    pool = client.get(reverse("evaluations:stage_pool", args=[staged.pk, 2, district_a.pk]))
    stages = client.get(reverse("evaluations:stages", args=[staged.pk])).content.decode()

    assert [(n.name, n.unscreened) for n in views[1].nodes] == [("东区区委", 2)]
    assert pool.context["pool"].unscreened == 2
    assert pool.content.decode().count("待本级资格审查") == 2
    assert "本级资格审查通过" in pool.content.decode()
    assert "待资格审查 2 名" in stages


def test_the_stages_form_sets_the_recheck(client, city, city_admin):
    from tests.factories import CampaignFactory

    campaign = CampaignFactory(owner=city, phase="screening")
    client.force_login(city_admin)

    client.post(
        reverse("evaluations:stages_configure", args=[campaign.pk]),
        {
            "s1-level": "district",
            "s1-quota_kind": "fixed",
            "s1-quota_value": "1",
            "s1-recheck_eligibility": "on",
            "s2-level": "city",
            "s2-quota_kind": "fixed",
            "s2-quota_value": "1",
        },
    )

    assert list(
        Stage.objects.filter(campaign=campaign).values_list("level", "recheck_eligibility")
    ) == [("district", True), ("city", False)]


@pytest.mark.parametrize(("code", "count"), [("XQ", 1), ("DQ", 3)])
def test_the_stage_s_screening_queue_runs_the_same_queries_for_one_row_or_three(
    client, rescreened, staged, admins, code, count, django_assert_num_queries
):
    client.force_login(admins[code])

    # The user, their roles, the campaigns, the queue's length, the page (with the members'
    # latest assessments), the members' discipline records: as the first screening's queue.
    with django_assert_num_queries(6):
        response = client.get(reverse("selection:screening_queue"), {"campaign": staged.pk})

    assert len(response.context["rows"]) == count
