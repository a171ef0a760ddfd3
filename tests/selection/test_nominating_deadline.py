"""A branch secretary sees when nominating closes beside the campaign's phase, on the 推荐 page
and the new nomination's pages, as the other dates read (Y-m-d H:i); once it has closed
(``rules.nominating_over``), that it has."""

import datetime
import re

import pytest
from django.urls import reverse

from selection.choices import Phase

pytestmark = pytest.mark.django_db

#: 17:00 in Asia/Shanghai.
DEADLINE = datetime.datetime(2026, 12, 18, 9, 0, tzinfo=datetime.UTC)
OPEN = (
    '<span class="badge text-bg-light border text-wrap nominating-deadline">'
    "推荐截止：2026-12-18 17:00</span>"
)


@pytest.fixture
def deadline(campaign):
    campaign.nominating_deadline = DEADLINE
    campaign.save()
    return campaign


def _page(client, user, name, **params) -> str:
    client.force_login(user)
    return client.get(reverse(name), params).content.decode()


def test_the_secretary_s_page_says_when_nominating_closes_beside_the_phase(
    client, secretary, deadline
):
    page = _page(client, secretary, "selection:dashboard", campaign=deadline.pk)

    badge = '<span class="badge text-bg-primary phase-badge">阶段：推荐</span>'
    assert re.search(re.escape(badge) + r"\s*" + re.escape(OPEN), page)


def test_the_new_nomination_s_pages_say_it_too(client, secretary, deadline, good_member):
    picking = _page(client, secretary, "selection:nomination_new", campaign=deadline.pk)
    filling = _page(
        client, secretary, "selection:nomination_new", campaign=deadline.pk, member=good_member.pk
    )

    assert OPEN in picking
    assert OPEN in filling


def test_in_english_the_date_reads_as_the_other_dates(client, secretary, deadline):
    client.cookies["django_language"] = "en"

    page = _page(client, secretary, "selection:dashboard", campaign=deadline.pk)

    assert "Nominating closes: 2026-12-18 17:00</span>" in page


def test_once_nominating_is_over_the_page_says_it_has_closed(client, secretary, deadline):
    deadline.phase = Phase.SCREENING
    deadline.save()

    page = _page(client, secretary, "selection:dashboard", campaign=deadline.pk)

    assert (
        '<span class="badge text-bg-light border text-wrap nominating-deadline">推荐已截止</span>'
        in page
    )
    assert "推荐截止：" not in page


def test_closed_before_its_date_it_is_closed_all_the_same(client, secretary, deadline):
    """An admin moved the campaign on before the deadline: no date said in the past tense that
    is still to come."""
    deadline.phase = Phase.SCREENING
    deadline.save()
    client.cookies["django_language"] = "en"

    page = _page(client, secretary, "selection:dashboard", campaign=deadline.pk)

    assert 'nominating-deadline">Nominating closed</span>' in page
    assert "Dec. 18, 2026" not in page


def test_without_a_deadline_nothing_is_said(client, secretary, campaign):
    page = _page(client, secretary, "selection:dashboard", campaign=campaign.pk)

    assert "nominating-deadline" not in page
