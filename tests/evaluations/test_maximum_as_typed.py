"""A criterion's maximum points read as the admin typed them (25, 12.5) everywhere: the
criteria's boxes and their refusal, the reviewer's scorecard and its refusals, the audit log;
not 25.0 in one place, 25.00 in another and 20.0 in a third."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from audit import changes
from audit.models import AuditEvent
from evaluations import services
from evaluations.errors import EvaluationError
from evaluations.templatetags.points import maximum_text

pytestmark = pytest.mark.django_db

TYPED = {"political": "12.5", "performance": "37.5", "public": "25", "integrity": "25"}


def _typed(campaign, **points) -> dict:
    return {
        c.pk: {"name": c.name, "max_points": points[c.code], "rubric": c.rubric}
        for c in campaign.criteria.all()
    }


def test_the_admin_s_maximums_read_as_typed_on_every_page(
    client, city_admin, reviewer, reviewer_card, review_campaign
):
    services.save_criteria(review_campaign, _typed(review_campaign, **TYPED), by=city_admin)

    client.force_login(city_admin)
    boxes = client.get(reverse("evaluations:committee", args=[review_campaign.pk]))
    for criterion in review_campaign.criteria.all():
        typed = TYPED[criterion.code]
        assert f'id="id_c{criterion.pk}-max_points" value="{typed}"' in boxes.content.decode()
    saved = AuditEvent.objects.get(verb="review.criteria_saved")
    assert saved.before == {code: "25" for code in TYPED}  # the defaults it replaced
    assert saved.after == TYPED
    client.force_login(reviewer)
    card_page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))
    assert "（满分 12.5）" in card_page.content.decode()
    assert "（满分 25）" in card_page.content.decode()


def test_a_sum_other_than_100_is_said_as_typed(city_admin, review_campaign):
    services.ensure_criteria(review_campaign)
    points = dict(TYPED, public="30")

    with pytest.raises(EvaluationError, match=r"（现为 105）"):
        services.save_criteria(review_campaign, _typed(review_campaign, **points), by=city_admin)


def test_a_score_over_the_maximum_is_refused_naming_it_as_typed(
    city_admin, reviewer, reviewer_card, review_campaign
):
    services.save_criteria(review_campaign, _typed(review_campaign, **TYPED), by=city_admin)
    political = review_campaign.criteria.get(code="political")

    with pytest.raises(EvaluationError, match=r"0 至 12\.5 之间"):
        services.parse_points("13", political)


def test_maximums_logged_before_read_as_typed_too():
    with translation.override("zh-hans"):
        assert changes.shown("review.criteria_saved", "political", "20.0") == "20"
        assert changes.shown("review.criteria_saved", "public", "12.5") == "12.5"


@pytest.mark.parametrize(
    ("stored", "shown"), [("25.0", "25"), ("12.5", "12.5"), ("100.0", "100"), (None, "")]
)
def test_one_way_to_write_a_maximum(stored, shown):
    assert maximum_text(Decimal(stored) if stored else stored) == shown


def test_the_audit_log_names_each_criterion_beside_its_maximum():
    with translation.override("zh-hans"):
        rows = changes.rows("review.criteria_saved", None, {"political": "12.5", "public": "25"})

    assert [(name, after) for name, _before, after in rows] == [
        ("政治素质好", "12.5"),
        ("群众评价好", "25"),
    ]


def test_a_card_s_scores_in_the_audit_log_read_as_typed_too():
    with translation.override("zh-hans"):
        shown = changes.shown(
            "review.card_submitted", "scores", {"political": "19.5", "public": "20.0"}
        )

    assert shown == "政治素质好: 19.5, 群众评价好: 20"
