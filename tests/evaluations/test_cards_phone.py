"""The results drill-down (``evaluations:cards``) reads on a phone: each card's scores are a
``table-cards`` table (static/css/app.css), every cell but the criterion labelled by its column,
so at 390 px nothing scrolls sideways, in English either (its tables ran 22 px past the screen)."""

import pytest
from django.urls import reverse

from evaluations.models import Score, ScoreRevision
from tests.factories import card, scores

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("next_year_entered")]

ROW = (
    '<tr><td class="cell-head">{criterion}</td><td data-label="{points}">20.00</td>'
    '<td data-label="{comment}">依据充分</td><td data-label="{changes}" class="small text-muted">'
)


def test_the_cards_page_lists_each_score_as_a_labelled_card_in_both_languages(
    client, city_admin, one_place, make_nomination, panel
):
    nomination = make_nomination(member__name="张三")
    card(nomination, panel[0], scores(20, 20, 20, 20))
    score = Score.objects.get(scorecard__nomination=nomination, criterion__code="political")
    ScoreRevision.objects.create(score=score, points=18, replaced_by=panel[0])
    url = reverse("evaluations:cards", args=[nomination.campaign_id, nomination.pk])
    client.force_login(city_admin)

    chinese = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()

    assert chinese.count('class="table table-sm mb-2 table-cards card-scores"') == 1
    labels = {"points": "得分", "comment": "评语", "changes": "修改记录"}
    assert ROW.format(criterion="政治素质好", **labels) in chinese
    labels = {"points": "Points", "comment": "Comment", "changes": "Changes"}
    assert english.count('<td class="cell-head">') == 4
    assert (
        f"{ROW.format(criterion='Good political quality', **labels)}was 18.00, comment changed ("
        in english
    )
