"""The committee's shortlist: in rank order, departures with a written reason, the number of
exemplars, flagged nominations (DESIGN.md §4, §5)."""

import pytest

from audit.models import AuditEvent
from evaluations import services
from evaluations.errors import EvaluationError
from tests.factories import card, scores, survey_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(review_campaign, make_nomination, panel, admin):
    """Three shortlistable nominations, ranked A > B > C."""
    rows = []
    for level in (22, 20, 18):
        nomination = make_nomination()
        for reviewer in panel[:5]:
            card(nomination, reviewer, scores(level, level, level, level))
        survey_answers(nomination, issued=12, satisfied=10, responses=10, by=admin)
        rows.append(nomination)
    return rows


def test_shortlist_in_rank_order_needs_no_reason(review_campaign, ranked, city_admin):
    a, b, c = ranked

    services.confirm_shortlist(review_campaign, [a.pk, b.pk], by=city_admin)

    states = {n.pk: n.state for n in type(a).objects.filter(pk__in=[a.pk, b.pk, c.pk])}
    assert states == {a.pk: "shortlisted", b.pk: "shortlisted", c.pk: "not_selected"}


def test_departing_from_rank_order_needs_a_written_reason(review_campaign, ranked, city_admin):
    a, _b, c = ranked

    with pytest.raises(EvaluationError, match="写明理由"):
        services.confirm_shortlist(review_campaign, [a.pk, c.pk], by=city_admin)
    services.confirm_shortlist(
        review_campaign,
        [a.pk, c.pk],
        by=city_admin,
        reason="C同志在抗洪一线表现突出，委员会研究决定。",
    )

    c.refresh_from_db()
    assert c.state == "shortlisted"
    # The reason is the whole choice's: kept in its audit row, in no nomination's history.
    assert c.transitions.last().reason == ""
    event = AuditEvent.objects.get(verb="review.shortlist_confirmed")
    assert event.after["departs"] is True
    assert event.after["reason"] == "C同志在抗洪一线表现突出，委员会研究决定。"


def test_the_shortlist_cannot_exceed_the_number_of_exemplars(review_campaign, ranked, city_admin):
    review_campaign.exemplar_count = 1
    review_campaign.save()

    with pytest.raises(EvaluationError, match="不能超过 1 名"):
        services.confirm_shortlist(review_campaign, [n.pk for n in ranked[:2]], by=city_admin)


def test_a_flagged_nomination_cannot_be_shortlisted(
    review_campaign, make_nomination, panel, city_admin
):
    nomination = make_nomination()
    for reviewer in panel[:5]:
        card(nomination, reviewer, scores(20, 20, 20, 20))  # no survey: quorum not met

    with pytest.raises(EvaluationError, match="不能拟推荐"):
        services.confirm_shortlist(review_campaign, [nomination.pk], by=city_admin)
