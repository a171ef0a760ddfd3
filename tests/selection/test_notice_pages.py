"""A notice's public page a page of names at a time, its search by name or organisation, and
its printable version with every name."""

import datetime

import pytest
from django.urls import reverse

from selection import notice
from selection.choices import Phase, State
from selection.models import Nomination
from selection.views import public_notice
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_of(city, branch_a1, branch_b1, city_admin):
    """A running notice of ``count`` names (党员甲0, 党员甲1, …), the first in 西区三支部 and the
    others in 东区一支部; its page URL."""

    def make(count: int) -> str:
        campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING)
        for index in range(count):
            NominationFactory(
                campaign=campaign,
                member__name=f"党员甲{index}",
                member__organization=branch_b1 if index == 0 else branch_a1,
                state=State.SHORTLISTED,
            )
        notice.open_notice(
            campaign,
            starts_on=datetime.date.today(),
            working_days=5,
            contact="组织部 0000",
            by=city_admin,
        )
        return reverse("public:notice_detail", args=[campaign.pk])

    return make


@pytest.mark.parametrize("count", [1, 3])
def test_a_notice_page_runs_the_same_queries_whatever_its_length(
    client, notice_of, count, django_assert_num_queries
):
    url = notice_of(count)

    # the notice with its objections and names counted, a page of names
    with django_assert_num_queries(2):
        response = client.get(url)

    assert response.content.decode().count("<tr>") == count + 1  # and the header


@pytest.mark.parametrize("count", [1, 3])
def test_a_notice_with_a_name_withdrawn_runs_the_same_queries_and_counts_it_marked(
    client, notice_of, count, city_admin, django_assert_num_queries
):
    """An objection upheld against 党员甲0: the page still names them, marked 撤销 (they were
    publicised), counts them among those publicised, and counts the objection as upheld."""
    url = notice_of(count)
    withdrawn = Nomination.objects.get(member__name="党员甲0")
    public_notice = withdrawn.campaign.notice
    objection = notice.file_objection(
        public_notice, withdrawn, name="张三", contact="139", text="反映情况" * 6
    )
    notice.resolve_objection(objection, upheld=True, reason="经核实属实。", by=city_admin)

    with django_assert_num_queries(2):
        page = client.get(url).content.decode()

    assert page.count("<tr") == count + 1
    assert page.count('notice-mark">') == 1
    assert '党员甲0 <span class="badge text-bg-secondary notice-mark">撤销</span>' in page
    assert f"共公示 {count} 人" in page
    assert "异议 1 件：成立 1 件，不成立 0 件。" in page and "经核实属实。" not in page


def test_the_notice_shows_a_page_of_names_by_organisation_and_the_next_page_the_rest(
    client, notice_of, monkeypatch
):
    monkeypatch.setattr(public_notice, "NOTICE_PAGE", 2)
    url = notice_of(3)

    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    past_the_end = client.get(url, {"page": "9"}).content.decode()

    # 东区 comes before 西区 in the tree (its code, not its name, orders it)
    assert "党员甲1" in first and "党员甲2" in first and "党员甲0" not in first
    assert "党员甲0" in second and "党员甲1" not in second
    assert "共公示 3 人" in first and "第 1 / 2 页" in first and "第 2 / 2 页" in second
    assert "?page=2" in first and "?page=1" in second
    assert "党员甲0" in past_the_end  # the last page


def test_a_search_finds_a_name_or_an_organisation_on_any_page(client, notice_of, monkeypatch):
    monkeypatch.setattr(public_notice, "NOTICE_PAGE", 2)
    url = notice_of(3)

    by_name = client.get(url, {"q": "甲0"}).content.decode()
    by_organisation = client.get(url, {"q": "西区三"}).content.decode()
    nobody = client.get(url, {"q": "无此人"}).content.decode()

    assert "党员甲0" in by_name and "党员甲1" not in by_name and "找到 1 人" in by_name
    assert "党员甲0" in by_organisation and "党员甲2" not in by_organisation
    assert "没有找到符合条件的公示人员" in nobody
    assert 'value="甲0"' in by_name  # the search box keeps what was asked


def test_a_search_and_far_pages_are_made_for_each_request_never_kept(
    client, notice_of, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(public_notice, "CACHED_NOTICE_PAGES", 1)
    url = notice_of(2)
    client.get(url, {"q": "甲0"})
    client.get(url, {"page": "2"})
    client.get(url)

    with django_assert_num_queries(2):
        client.get(url, {"q": "甲0"})
    with django_assert_num_queries(2):
        client.get(url, {"page": "2"})
    with django_assert_num_queries(0):
        client.get(url, {"page": "1"})  # the first page, kept


def test_the_printable_notice_lists_every_name(client, notice_of, monkeypatch):
    monkeypatch.setattr(public_notice, "NOTICE_PAGE", 2)
    url = notice_of(3)

    printable = client.get(url + "print/").content.decode()

    assert all(f"党员甲{index}" in printable for index in range(3))
    assert "?page=" not in printable
