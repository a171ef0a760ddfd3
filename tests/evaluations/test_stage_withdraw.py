"""逐级推荐: a node withdraws the choice it confirmed (a mistake found the next morning) while
the stage above has not acted on what came up; after that the choice stands.

The rule is ``evaluations.rules.stage_choice_fixed``: the stage above has acted once one of the
nominations sent up has a decision there, a card there with scores saved or submitted, or an
integrity opinion given there.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from evaluations.models import Scorecard
from evaluations.services import confirm_stage, withdraw_stage
from members.choices import Role
from selection.choices import IntegrityVerdict, StageDecision, State
from selection.errors import SelectionError
from selection.models import Campaign, IntegrityOpinion, Stage, StageEntry
from tests.factories import UserFactory, card, in_review, scores, user_with_role

pytestmark = pytest.mark.django_db

#: The pending pool's six (test_stage_views), the page's rows (two: the pagination outside the
#: kept fragment asks the page whether it has rows) and what tells whether the choice still
#: stands, one query of EXISTS subqueries (it was seven, one per fact: 15 in all).
DECIDED_POOL_QUERIES = 9


def stage(campaign, position: int) -> Stage:
    return Stage.objects.get(campaign=campaign, position=position)


@pytest.fixture
def confirmed(staged, noms, committee_a, admins):
    """东区机关党委 sent n1 up and left n2 and n3 out (its quota is 2; it chose one)."""
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    return stage(staged, 1)


def pool_of(campaign, position, node):
    return sorted(
        e.nomination.member.name
        for e in StageEntry.objects.filter(stage__campaign=campaign, stage__position=position)
        .filter(node=node)
        .select_related("nomination__member")
    )


def test_a_withdrawn_choice_leaves_the_pool_above_and_reopens_the_node(
    staged,
    noms,
    confirmed,
    committee_a,
    district_a,
    admins,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    assert pool_of(staged, 2, district_a) == ["n1"]
    card(noms["n1"], UserFactory(), {}, submitted=False, stage=stage(staged, 2))
    Scorecard.objects.filter(stage__position=2).update(state="assigned")  # given, not begun

    with django_capture_on_commit_callbacks(execute=True):
        removed = withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")

    assert removed == [noms["n1"].pk]
    assert pool_of(staged, 2, district_a) == []
    assert not Scorecard.objects.filter(stage__position=2).exists()
    entries = StageEntry.objects.filter(stage=confirmed, node=committee_a)
    assert {e.decision for e in entries} == {StageDecision.PENDING}
    for name in ("n2", "n3"):  # left out yesterday, back under review today
        noms[name].refresh_from_db()
        assert noms[name].state == State.IN_REVIEW
    event = AuditEvent.objects.get(verb="review.stage_withdrawn")
    assert event.after["reason"] == "名次录错"
    assert event.after["cards_removed"] == 1
    assert AuditEvent.objects.filter(verb="nomination.resume_review").count() == 2
    to_parent = [m for m in mailoutbox if m.to == [admins["DQ"].email]]
    assert len(to_parent) == 1
    assert "n1" in to_parent[0].body and "名次录错" in to_parent[0].body


def test_the_parent_s_e_mail_links_to_its_pool(
    settings,
    staged,
    confirmed,
    committee_a,
    district_a,
    admins,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://xuanshu.example.gov.cn"

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")

    [mail] = [m for m in mailoutbox if m.to == [admins["DQ"].email]]
    pool = reverse("evaluations:stage_pool", args=[staged.pk, 2, district_a.pk])
    assert mail.body.rstrip().endswith(f"查看推荐池：https://xuanshu.example.gov.cn{pool}")


def test_the_node_then_confirms_again_and_the_new_choice_goes_up(
    staged, noms, confirmed, committee_a, district_a, admins
):
    withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="应推荐两名")

    confirm_stage(confirmed, committee_a, [noms["n1"].pk, noms["n2"].pk], by=admins["DQ01"])

    assert pool_of(staged, 2, district_a) == ["n1", "n2"]
    noms["n3"].refresh_from_db()
    assert noms["n3"].state == State.NOT_SELECTED


def test_a_submitted_card_above_fixes_the_choice(staged, noms, confirmed, committee_a, admins):
    card(noms["n1"], UserFactory(), scores(20, 20, 20, 20), stage=stage(staged, 2))

    with pytest.raises(SelectionError, match="上一级已对本级上报的人选评分") as refused:
        withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")

    assert refused.value.status == 409
    assert StageEntry.objects.filter(stage__position=2, nomination=noms["n1"]).exists()


def test_a_draft_card_above_fixes_the_choice_too(staged, noms, confirmed, committee_a, admins):
    card(noms["n1"], UserFactory(), scores(20, 20, 20, 20), submitted=False, stage=stage(staged, 2))

    with pytest.raises(SelectionError, match="上一级已对本级上报的人选评分"):
        withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")


def test_the_choice_above_fixes_the_choice(
    staged, noms, confirmed, committee_a, committee_a2, district_a, admins
):
    confirm_stage(stage(staged, 1), committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    card(noms["n4"], UserFactory(), scores(20, 20, 20, 20), stage=stage(staged, 2))
    confirm_stage(
        stage(staged, 2), district_a, [noms["n4"].pk], by=admins["DQ"], reason="n1 未经本级评分"
    )

    with pytest.raises(SelectionError, match="上一级已对本级上报的人选"):
        withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")


def test_an_integrity_opinion_given_above_fixes_the_choice(
    staged, noms, confirmed, committee_a, admins, city
):
    IntegrityOpinion.objects.update_or_create(
        nomination=noms["n1"],
        defaults={
            "verdict": IntegrityVerdict.PASS,
            "by": user_with_role(Role.INTEGRITY, city),
            "stage": stage(staged, 2),
        },
    )

    with pytest.raises(SelectionError, match="上一级已对本级上报的人选"):
        withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")


def test_a_withdrawal_needs_a_reason_and_a_confirmed_choice(
    staged, noms, committee_a, committee_b, admins, confirmed
):
    with pytest.raises(SelectionError, match="须写明理由"):
        withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="  ")
    with pytest.raises(SelectionError, match="尚未确定"):
        withdraw_stage(confirmed, committee_b, by=admins["XQ01"], reason="名次录错")


def test_a_sibling_cannot_withdraw_and_the_final_stage_is_the_shortlist(
    staged, noms, confirmed, committee_a, city, admins
):
    with pytest.raises(SelectionError) as refused:
        withdraw_stage(confirmed, committee_a, by=admins["XQ01"], reason="名次录错")
    assert refused.value.status == 403

    with pytest.raises(SelectionError, match="最后一级的名单即拟推荐名单"):
        withdraw_stage(stage(staged, 3), city, by=admins["JC"], reason="名次录错")


def test_after_the_deadline_only_the_node_above_withdraws(
    staged, noms, confirmed, committee_a, admins
):
    Stage.objects.filter(pk=confirmed.pk).update(closed_at=timezone.now())

    with pytest.raises(SelectionError, match="本级推荐已截止"):
        withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")
    assert withdraw_stage(confirmed, committee_a, by=admins["DQ"], reason="代为撤回，名次录错")


def test_an_archived_campaign_refuses(staged, noms, confirmed, committee_a, admins):
    Campaign.objects.filter(pk=staged.pk).update(phase="concluded", archived_at=timezone.now())

    with pytest.raises(SelectionError, match="归档") as refused:
        withdraw_stage(confirmed, committee_a, by=admins["DQ01"], reason="名次录错")

    assert refused.value.status == 409


def test_the_pool_page_offers_the_withdrawal_then_says_why_it_stands(
    client, staged, noms, confirmed, committee_a, admins
):
    client.force_login(admins["DQ01"])
    url = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    withdraw = reverse("evaluations:stage_withdraw", args=[staged.pk, 1, committee_a.pk])

    assert withdraw in client.get(url).content.decode()
    card(noms["n1"], UserFactory(), scores(20, 20, 20, 20), stage=stage(staged, 2))
    page = client.get(url).content.decode()
    assert withdraw not in page
    assert "本级推荐名单不能再撤回" in page

    response = client.post(withdraw, {"reason": "名次录错"}, follow=True)

    assert response.status_code == 200
    assert "本级推荐名单不能再撤回" in response.content.decode()


def test_a_withdrawal_without_a_reason_is_refused_at_the_field_by_the_server(
    client, staged, noms, confirmed, committee_a, admins
):
    """The reason is checked by the portal, in its own words, not by the browser's tooltip."""
    client.force_login(admins["DQ01"])
    url = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    withdraw = reverse("evaluations:stage_withdraw", args=[staged.pk, 1, committee_a.pk])
    field = client.get(url).content.decode().split('id="withdraw-reason"')[1].split(">")[0]
    assert "required" not in field

    response = client.post(withdraw, {"reason": "   "})

    assert response.status_code == 400
    page = response.content.decode()
    assert "本级推荐名单未撤回" in page
    assert "请填写“理由”。" in page.split('id="withdraw-reason"')[1]
    assert StageEntry.objects.filter(stage__position=2, nomination=noms["n1"]).exists()


def test_once_the_review_is_over_the_pool_page_still_says_why_the_choice_stands(
    client, staged, noms, confirmed, committee_a, admins
):
    """The same rule, in its words, whatever has moved on above: the form never just vanishes."""
    Campaign.objects.filter(pk=staged.pk).update(phase="publicity")
    client.force_login(admins["DQ01"])

    page = client.get(
        reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    ).content.decode()

    assert reverse("evaluations:stage_withdraw", args=[staged.pk, 1, committee_a.pk]) not in page
    assert "只能在评审阶段撤回本级推荐名单。" in page


def test_withdrawing_through_the_page(client, staged, noms, confirmed, committee_a, admins):
    client.force_login(admins["DQ01"])
    withdraw = reverse("evaluations:stage_withdraw", args=[staged.pk, 1, committee_a.pk])

    response = client.post(withdraw, {"reason": "名次录错"}, follow=True)

    assert response.status_code == 200
    assert "本级推荐名单已撤回" in response.content.decode()
    pending = StageEntry.objects.filter(stage=confirmed, node=committee_a, decision="pending")
    assert pending.count() == 3


@pytest.mark.parametrize("kind", ["oversized", "script", "nul", "template", "format"])
def test_a_hostile_reason_is_a_message_never_an_error(
    client, staged, noms, confirmed, committee_a, admins, kind
):
    from tests.security.test_bad_input import HOSTILE, SCRIPT

    client.force_login(admins["DQ01"])
    withdraw = reverse("evaluations:stage_withdraw", args=[staged.pk, 1, committee_a.pk])

    response = client.post(withdraw, {"reason": HOSTILE[kind]}, follow=True)

    withdrawn = not StageEntry.objects.filter(stage__position=2, nomination=noms["n1"]).exists()
    assert withdrawn == (kind in ("script", "template", "format"))
    # Refused (too long, a NUL), the page again with the error at the field: never a 500.
    assert response.status_code == (200 if withdrawn else 400)
    assert SCRIPT not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_a_decided_pool_reads_the_same_number_of_queries_for_1_and_3_rows(
    client, staged, committee_a, branch_a1, admins, city_admin, rows, django_assert_num_queries
):
    nominations = [
        in_review(staged, 90 - i, by=city_admin, member__organization=branch_a1)
        for i in range(rows)
    ]
    confirm_stage(stage(staged, 1), committee_a, [nominations[0].pk], by=admins["DQ01"])
    client.force_login(admins["DQ01"])
    url = reverse("evaluations:stage_pool", args=[staged.pk, 1, committee_a.pk])
    client.get(url)

    with django_assert_num_queries(DECIDED_POOL_QUERIES):
        response = client.get(url)

    assert "stage_withdraw" not in response.content.decode()
    assert "/withdraw/" in response.content.decode()
