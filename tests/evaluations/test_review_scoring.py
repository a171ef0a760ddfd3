"""Review pages, continued: a reviewer scoring a card, autosave and submission."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from evaluations import services
from evaluations.choices import CardState
from selection.models import Attachment
from tests.evaluations.test_review_views import (
    _post_scores,
)
from tests.factories import NominationFactory, card, scores

pytestmark = pytest.mark.django_db


def test_results_are_paged_and_odd_page_numbers_are_forgiven(
    client, city_admin, review_campaign, make_nomination, panel, monkeypatch
):
    from evaluations.queries import pages

    monkeypatch.setattr(pages, "RESULTS_PAGE", 2)
    names = []
    for points in (24, 23, 22):  # ranked in this order
        nomination = make_nomination()
        card(nomination, panel[0], scores(points, points, points, points))
        names.append(nomination.member.name)
    client.force_login(city_admin)
    url = reverse("evaluations:results", args=[review_campaign.pk])

    first, second = client.get(url).content.decode(), client.get(f"{url}?page=2").content.decode()

    assert names[0] in first and names[1] in first and names[2] not in first
    assert names[2] in second and names[0] not in second
    assert "第 2 / 2 页" in second
    assert names[0] in client.get(f"{url}?page=abc").content.decode()
    assert names[2] in client.get(f"{url}?page=99").content.decode()


# The queue's query count at 1 and 3 campaigns and cards: tests/evaluations/test_queue_campaigns.py


def test_the_reviewer_queue_counts_every_state_with_any_page(client, reviewer, review_campaign):
    """The progress comes with the page; a state with no card, or a page past the end, still
    shows every state's number."""
    nominations = NominationFactory.create_batch(3, campaign=review_campaign, state="in_review")
    card(nominations[0], reviewer, {}, submitted=True)
    card(nominations[1], reviewer, {}, submitted=False)
    card(nominations[2], reviewer, {}, submitted=False)
    client.force_login(reviewer)
    url = reverse("evaluations:queue")

    for query in ("", "?state=submitted", "?page=7", "?state=assigned", "?state=assigned&page=2"):
        response = client.get(url + query)
        assert response.status_code == 200
        assert response.context["progress"] == {
            **{state: 0 for state in CardState.values},
            "submitted": 1,
            "draft": 2,
            "closed": 0,
            "total": 3,
        }
    assert client.get(url + "?state=submitted").context["page"].paginator.count == 1
    assert client.get(url + "?page=7").context["page"].number == 1
    assert client.get(url + "?state=assigned").context["page"].paginator.count == 0


@pytest.mark.parametrize("count", [1, 3])
def test_scoring_page_query_count_does_not_grow(
    client, reviewer, reviewer_card, city_admin, branch_a2, count, django_assert_num_queries
):
    """As many queries with 1 or 3 attachments, and 1 or 3 cards to fill in."""
    for index in range(count):
        evidence = Attachment(
            nomination=reviewer_card.nomination,
            original_name=f"证明{index}.pdf",
            content_type="application/pdf",
            size=9,
            uploaded_by=city_admin,
        )
        evidence.file.save(f"evidence{index}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    for _ in range(count - 1):
        services.assign(
            NominationFactory(
                campaign=reviewer_card.nomination.campaign,
                member__organization=branch_a2,
                state="eligible",
            ),
            reviewer,
            by=city_admin,
        )
    client.force_login(reviewer)
    client.post(
        reverse("evaluations:autosave", args=[reviewer_card.nomination_id]),
        _post_scores(reviewer_card, {"political": "18"}),
    )

    # The session with the user and roles, the card (its nomination, nominee, branch and
    # campaign joined), the nomination's attachments and the card's scores (prefetched), the
    # criteria, whether the list it counts for is confirmed, the number of cards left to fill
    # in (in its campaign and in others: one query).
    with django_assert_num_queries(8):
        page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))
    assert page.status_code == 200
    assert 'value="18"' in page.content.decode()
    assert all(f"证明{index}.pdf" in page.content.decode() for index in range(count))
    assert page.context["left"] == (count - 1, 0)


def test_the_scoring_page_lists_the_evidence_in_upload_order(
    client, reviewer, reviewer_card, city_admin
):
    """Read with the card, the attachments keep the order they were uploaded in, whatever
    order the database aggregates them in."""
    import datetime

    from django.utils import timezone

    uploaded = timezone.now()
    for index, name in enumerate(["第三份.pdf", "第一份.pdf", "第二份.pdf"]):
        evidence = Attachment(
            nomination=reviewer_card.nomination,
            original_name=name,
            content_type="application/pdf",
            size=9,
            uploaded_by=city_admin,
        )
        evidence.file.save(f"order{index}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        hours = {0: 3, 1: 1, 2: 2}[index]
        Attachment.objects.filter(pk=evidence.pk).update(
            uploaded_at=uploaded + datetime.timedelta(hours=hours)
        )
    client.force_login(reviewer)

    page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))

    listed = [a.original_name for a in page.context["attachments"]]
    assert listed == ["第一份.pdf", "第二份.pdf", "第三份.pdf"]
    first = page.context["attachments"][0]
    link = reverse("evaluations:attachment", args=[reviewer_card.nomination_id, first.pk])
    assert link in page.content.decode()
    opened = client.get(link)
    opened.close()
    assert opened.status_code == 200


def test_a_comment_typed_before_its_score_is_saved_with_the_rest(client, reviewer, reviewer_card):
    """A comment is kept without its points (only the submit asks for them): the autosave says
    all is saved, and the draft holds it."""
    client.force_login(reviewer)
    criteria = {c.code: c.pk for c in reviewer_card.nomination.campaign.criteria.all()}
    data = _post_scores(reviewer_card, {"performance": "20"})
    data[f"comment_{criteria['political']}"] = "政治立场坚定"

    response = client.post(
        reverse("evaluations:autosave", args=[reviewer_card.nomination_id]), data
    )

    assert response.status_code == 200
    assert "已自动保存（" in response.content.decode()
    saved = {
        s.criterion.code: (s.points, s.comment)
        for s in reviewer_card.scores.select_related("criterion")
    }
    assert saved == {"performance": (20, ""), "political": (None, "政治立场坚定")}
