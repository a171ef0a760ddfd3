"""逐级推荐: the integrity opinion carries over unless a later stage asks again; a stage that
does puts its entrants back in the integrity officer's queue, and its node cannot confirm a
nomination without that stage's opinion. A veto at any stage ends the nomination everywhere."""

import pytest
from django.urls import reverse

from evaluations.errors import EvaluationError
from evaluations.services import confirm_shortlist, confirm_stage
from selection import workflow
from selection.choices import IntegrityVerdict, State
from selection.errors import SelectionError
from selection.models import IntegrityOpinion, Nomination, Stage
from tests.factories import UserFactory, card, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def rechecked(staged, noms, committee_a, committee_a2, admins, integrity_officer):
    """n1 given a pass at the screening, then advanced to 东区区委's pool at stage 2 (n4 too,
    from its other 党委), which asks for the integrity opinion again."""
    IntegrityOpinion.objects.create(
        nomination=noms["n1"], verdict=IntegrityVerdict.PASS, by=integrity_officer
    )
    Stage.objects.filter(campaign=staged, position=2).update(recheck_integrity=True)
    first = Stage.objects.get(campaign=staged, position=1)
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"])
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])  # 东区's other 党委
    second = Stage.objects.get(campaign=staged, position=2)
    card(noms["n1"], UserFactory(), scores(20, 20, 20, 20), stage=second)
    return second


def test_the_node_cannot_confirm_without_the_stage_s_opinion(rechecked, noms, district_a, admins):
    with pytest.raises(EvaluationError, match="尚未出具：n1"):
        confirm_stage(rechecked, district_a, [noms["n1"].pk], by=admins["DQ"])


def test_the_stage_s_opinion_lets_the_node_confirm(
    rechecked, noms, district_a, admins, integrity_officer
):
    opinion = workflow.give_integrity_opinion(
        noms["n1"], by=integrity_officer, verdict=IntegrityVerdict.PASS, reason="复核无问题"
    )

    assert opinion.stage == rechecked
    chosen = confirm_stage(
        rechecked, district_a, [noms["n1"].pk], by=admins["DQ"], reason="n4 未评分"
    )

    assert chosen == [noms["n1"].pk]


def test_a_veto_at_a_later_stage_ends_the_nomination(
    rechecked, noms, district_a, admins, integrity_officer
):
    workflow.give_integrity_opinion(
        noms["n1"], by=integrity_officer, verdict=IntegrityVerdict.VETO, reason="新发现问题"
    )

    assert Nomination.objects.get(pk=noms["n1"].pk).state == State.VETOED
    with pytest.raises(EvaluationError, match="未参与排名"):
        confirm_stage(rechecked, district_a, [noms["n1"].pk], by=admins["DQ"])


def test_a_stage_that_does_not_ask_again_takes_no_opinion_during_review(
    rechecked, noms, integrity_officer
):
    with pytest.raises(SelectionError) as refused:
        workflow.give_integrity_opinion(
            noms["n2"], by=integrity_officer, verdict=IntegrityVerdict.PASS
        )

    assert refused.value.status == 403


def test_the_integrity_queue_lists_the_stage_s_entrants_as_needing_an_opinion_again(
    client, rechecked, noms, integrity_officer
):
    client.force_login(integrity_officer)

    response = client.get(reverse("selection:integrity_queue"), {"campaign": rechecked.campaign_id})

    assert sorted(n.member.name for n in response.context["page"]) == ["n1", "n4"]
    assert "本级须重新出具" in response.content.decode()


def test_the_stage_s_entrant_is_given_the_opinion_through_the_page(
    client, rechecked, noms, integrity_officer
):
    client.force_login(integrity_officer)

    client.post(
        reverse("selection:nomination_integrity", args=[noms["n1"].pk]),
        {"verdict": IntegrityVerdict.PASS, "reason": "复核无问题"},
    )

    assert IntegrityOpinion.objects.get(nomination=noms["n1"]).stage == rechecked


def test_a_final_stage_that_asks_again_confirms_the_shortlist_only_with_its_opinion(
    second, staged, noms, district_a, district_b, admins, integrity_officer
):
    final = Stage.objects.get(campaign=staged, position=3)
    Stage.objects.filter(pk=final.pk).update(recheck_integrity=True)
    confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"])
    confirm_stage(second, district_b, [noms["n6"].pk], by=admins["XQ"])
    for name in ("n1", "n6"):
        card(noms[name], UserFactory(), scores(20, 20, 20, 20), stage=final)

    with pytest.raises(EvaluationError, match="尚未出具：n1"):
        confirm_shortlist(staged, [noms["n1"].pk], by=admins["JC"])
    workflow.give_integrity_opinion(
        noms["n1"], by=integrity_officer, verdict=IntegrityVerdict.PASS, reason="市级复核"
    )

    assert confirm_shortlist(staged, [noms["n1"].pk], by=admins["JC"]) == [noms["n1"].pk]


def test_the_nomination_list_says_what_the_queue_says_of_the_stage_s_entrants(
    client, rechecked, noms, integrity_officer
):
    """The one rule (``opinions.opinion_pending``): asked again, the list says so beside the
    opinion given at the screening, as the queue does."""
    client.force_login(integrity_officer)

    response = client.get(reverse("selection:dashboard"), {"campaign": rechecked.campaign_id})

    page = response.content.decode()
    assert '<span class="text-muted opinion-pending">本级须重新出具</span> · 同意' in page
    assert page.count("本级须重新出具") == 2  # n1 and n4
