"""Issue 37 item 18: the 群众评价 blend is exact on every database. Each criterion is rounded half
up to the cent (an exact half cent goes up), the total is their sum, and SQLite and PostgreSQL
rank the same campaign the same way.

For each weight, two nominations: X's blend is an exact half cent; Y's total equals X's total
rounded half up, with a lower 政治素质 score. Rounded half up, the two tie and X comes first on
the tie-break (政治素质 first); rounded down (binary floating point: 17.475 is 17.47499999…), X
would be a cent behind Y. The cases were found by search; ``test_the_cases_are_what_they_claim``
checks them with exact fractions."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from evaluations.queries import ranking
from tests.factories import NominationFactory, card, survey_answers

pytestmark = pytest.mark.django_db

MAX_CENTS = 2500  # 群众评价 out of 25 points
X_POLITICAL = 22
X_REST = (X_POLITICAL + 20 + 20) * 100  # X's political, performance and integrity in cents

#: weight → X (reviewers' 群众评价 mean in cents, S satisfied of N), Y (cards, half points per
#: criterion over all its cards, its survey's S of N), X's 群众评价 rounded half up, in cents.
CASES = {
    "0.25": (
        (1850, 2, 2),
        (4, {"political": 120, "performance": 184, "public": 120, "integrity": 199}, (2, 2)),
        2338,
    ),
    # 0.3 × 14.50 + 0.7 × 25 × 3/4 = 17.475, which SQLite's floats would round down to
    # 17.47.
    "0.3": (
        (1450, 3, 4),
        (3, {"political": 90, "performance": 105, "public": 93, "integrity": 149}, (2, 2)),
        1748,
    ),
    "0.5": (
        (1850, 1, 4),
        (3, {"political": 90, "performance": 144, "public": 91, "integrity": 148}, (1, 4)),
        1238,
    ),
    "0.7": (
        (1850, 1, 4),
        (3, {"political": 98, "performance": 150, "public": 90, "integrity": 150}, (0, 2)),
        1483,
    ),
    "0.75": (
        (1850, 2, 2),
        (4, {"political": 167, "performance": 200, "public": 120, "integrity": 200}, (0, 2)),
        2013,
    ),
}


def _blend(weight: str, reviewer_cents: int, satisfied: int, responses: int) -> Fraction:
    """The exact 群众评价 in cents (DESIGN.md §4)."""
    w = Fraction(weight)
    return w * reviewer_cents + (1 - w) * MAX_CENTS * Fraction(satisfied, responses)


def _mean_cents(cards: int, half_points: int) -> int:
    """The reviewers' mean in cents of ``cards`` cards holding ``half_points`` half points in
    all, rounded half up (as the ranking does)."""
    return int(Fraction(100 * half_points, 2 * cards) + Fraction(1, 2))


def _split(cards: int, half_points: int) -> list[Decimal]:
    """``half_points`` half points over ``cards`` cards, as even as they go."""
    share, extra = divmod(half_points, cards)
    return [Decimal(share + (i < extra)) / 2 for i in range(cards)]


def _rank_with_weight(review_campaign, branch_a1, panel, admin, weight: str):
    review_campaign.public_weight = Decimal(weight)
    review_campaign.save()
    (xr, xs, xn), (y_count, y_half_points, (ys, yn)), x_public = CASES[weight]
    x_cards = [
        {"political": X_POLITICAL, "performance": 20, "public": public, "integrity": 20}
        for public in _split(2, xr // 25)
    ]
    y_cards = [
        {code: _split(y_count, half)[i] for code, half in y_half_points.items()}
        for i in range(y_count)
    ]
    early = timezone.now() - datetime.timedelta(days=2)
    for name, cards, (s, n), submitted_at in (
        ("Y", y_cards, (ys, yn), early),
        ("X", x_cards, (xs, xn), early + datetime.timedelta(hours=1)),
    ):
        nomination = NominationFactory(
            campaign=review_campaign,
            member__organization=branch_a1,
            member__name=name,
            state="in_review",
            submitted_at=submitted_at,
        )
        for reviewer, points in zip(panel, cards, strict=False):
            card(nomination, reviewer, points)
        survey_answers(nomination, issued=n, satisfied=s, responses=n, by=admin)
    return {row.name: row for row in ranking(review_campaign)}, x_public


def _check(rows, x_public):
    x, y = rows["X"], rows["Y"]
    assert x.criteria["public"] == Decimal(x_public).scaleb(-2)
    assert x.total == Decimal(X_REST + x_public).scaleb(-2)
    assert x.total == sum(x.criteria.values())  # the total is the sum of the rounded criteria
    assert y.total == x.total
    assert (x.rank, y.rank) == (1, 2)


@pytest.mark.parametrize("weight", list(CASES))
def test_the_blend_rounds_an_exact_half_cent_up(review_campaign, branch_a1, panel, admin, weight):
    """On the database the suite runs on (SQLite by default)."""
    _check(*_rank_with_weight(review_campaign, branch_a1, panel, admin, weight))


@pytest.mark.postgres
@pytest.mark.parametrize("weight", list(CASES))
def test_postgresql_ranks_the_same_campaign_the_same_way(
    review_campaign, branch_a1, panel, admin, weight
):
    from django.db import connection

    assert connection.vendor == "postgresql"
    _check(*_rank_with_weight(review_campaign, branch_a1, panel, admin, weight))


@pytest.mark.parametrize("weight", list(CASES))
def test_the_cases_are_what_they_claim(weight):
    (xr, xs, xn), (y_count, y_half_points, (ys, yn)), x_public = CASES[weight]
    exact = _blend(weight, xr, xs, xn)
    assert exact.denominator == 2  # an exact half cent
    assert x_public == exact + Fraction(1, 2)  # rounded half up
    assert _mean_cents(2, xr // 25) == xr and sum(_split(2, xr // 25)) * 2 == xr // 25
    means = {code: _mean_cents(y_count, half) for code, half in y_half_points.items()}
    y_public = _blend(weight, means.pop("public"), ys, yn)
    assert y_public.denominator == 1  # Y's blend needs no rounding
    assert sum(means.values()) + y_public == X_REST + x_public
    assert means["political"] < X_POLITICAL * 100


def test_the_results_page_states_the_rounding_rule(client, city_admin, review_campaign):
    from django.urls import reverse

    client.force_login(city_admin)

    page = client.get(reverse("evaluations:results", args=[review_campaign.pk]))

    assert (
        "每项得分精确计算后四舍五入到 0.01 分（恰为 0.005 时进位），总分为四项四舍五入后得分之和"
        in (page.content.decode())
    )
