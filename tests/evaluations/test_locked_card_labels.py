"""A submitted card is read only: each criterion's comment is headed 评语, without the rule
for filling it in (低于 40% 或高于 95% 时必填), which a card still to fill in keeps."""

import pytest
from django.urls import reverse

from tests.evaluations.test_review_views import _post_scores
from tests.factories import scores

pytestmark = pytest.mark.django_db

RULE = "评语（低于 40% 或高于 95% 时必填）"


def test_a_submitted_card_heads_its_comments_without_the_rule(client, reviewer, three_cards):
    submitted, to_fill = three_cards[:2]
    url = reverse("evaluations:score", args=[submitted.nomination_id])
    client.force_login(reviewer)
    client.post(url, _post_scores(submitted, scores(20, 20, 20, 20), action="submit"))

    locked = client.get(url).content.decode()
    open_ = client.get(reverse("evaluations:score", args=[to_fill.nomination_id])).content.decode()

    assert RULE not in locked
    assert locked.count(">评语</label>") == 4
    assert open_.count(f">{RULE}</label>") == 4
