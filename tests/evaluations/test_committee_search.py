"""The committee pages find the reviewer to add by a search (``?q=``, name or username): the
add form offers the first 20 matches and says how many more match, yet takes any reviewer who
may sit on the committee, so the page stays the same size whatever the city's size."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.committees import SHOWN
from evaluations.models import Reviewer
from members.choices import Role
from selection.models import Stage
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

HOSTILE_Q = ["长" * 100_000, "' OR 1=1 --", "%_\\", "abc\x00def", "ｱｲｳ😀", "<script>x</script>"]


def node_url(campaign, node) -> str:
    return reverse("evaluations:node_committee", args=[campaign.pk, 1, node.pk])


def offered(response) -> list[str]:
    """The reviewers the add form offers, by label (the empty choice aside)."""
    return [label for value, label in response.context["reviewer_form"].fields["user"].choices][1:]


@pytest.fixture
def many(committee_a):
    """25 reviewers of 东区机关党委, more than the form offers at once."""
    return [
        user_with_role(Role.REVIEWER, committee_a, username=f"r{i:02}", full_name=f"评委{i:02}")
        for i in range(25)
    ]


def test_the_search_narrows_the_reviewers_offered(client, staged, committee_a, admins):
    for username, name in (("zhang", "张明"), ("zhao", "赵敏"), ("li", "李明")):
        user_with_role(Role.REVIEWER, committee_a, username=username, full_name=name)
    client.force_login(admins["DQ01"])

    by_name = client.get(node_url(staged, committee_a), {"q": " 明 "})
    by_username = client.get(node_url(staged, committee_a), {"q": "ZHA"})
    nobody = client.get(node_url(staged, committee_a), {"q": "王"})

    assert offered(by_name) == ["李明", "张明"]  # by username: li, zhang
    assert offered(by_username) == ["张明", "赵敏"]
    assert by_name.context["reviewer_form"].search == "明"
    assert offered(nobody) == []
    assert "没有符合条件的评审委员。" in nobody.content.decode()


def test_more_than_twenty_matches_are_counted_and_narrowed(
    client, staged, committee_a, admins, many
):
    client.force_login(admins["DQ01"])

    page = client.get(node_url(staged, committee_a))
    narrowed = client.get(node_url(staged, committee_a), {"q": "评委2"})

    assert offered(page) == [f"评委{i:02}" for i in range(SHOWN)]
    assert "另有 5 人符合条件，未列出；请输入姓名或用户名缩小范围。" in page.content.decode()
    assert offered(narrowed) == [f"评委{i}" for i in range(20, 25)]
    assert "符合条件，未列出" not in narrowed.content.decode()


def test_a_reviewer_beyond_the_first_twenty_is_added_by_post(
    client, staged, committee_a, admins, many
):
    last = many[-1]
    client.force_login(admins["DQ01"])
    assert last.full_name not in offered(client.get(node_url(staged, committee_a)))

    response = client.post(
        reverse("evaluations:node_committee_add", args=[staged.pk, 1, committee_a.pk]),
        {"user": last.pk, "cap": "4"},
    )

    assert response.status_code == 302
    assert list(Reviewer.objects.values_list("user__username", "cap", "node")) == [
        ("r24", 4, committee_a.pk)
    ]


def test_the_campaign_committee_searches_and_adds_the_same_way(
    client, review_campaign, city_admin, district_a, committee_a
):
    users = [
        user_with_role(Role.REVIEWER, district_a, username=f"c{i:02}", full_name=f"市评委{i:02}")
        for i in range(22)
    ]
    url = reverse("evaluations:committee", args=[review_campaign.pk])
    client.force_login(city_admin)

    page = client.get(url)
    found = client.get(url, {"q": "c21"})
    added = client.post(
        reverse("evaluations:add_reviewer", args=[review_campaign.pk]), {"user": users[21].pk}
    )
    after = client.get(url)

    assert len(offered(page)) == SHOWN
    assert "另有 2 人符合条件" in page.content.decode()
    assert offered(found) == ["市评委21"]
    assert added.status_code == 302
    assert list(Reviewer.objects.values_list("user__username", flat=True)) == ["c21"]
    assert "另有 1 人符合条件" in after.content.decode()  # a seated reviewer is not offered


def test_the_search_box_refreshes_the_add_form_with_htmx_and_submits_without(
    client, staged, committee_a, admins
):
    client.force_login(admins["DQ01"])
    url = node_url(staged, committee_a)

    html = client.get(url).content.decode()
    refreshed = client.get(url, {"q": "x"}, headers={"HX-Request": "true"})

    assert f'data-hx-get="{url}"' in html
    assert 'data-hx-select="#reviewer-add"' in html
    assert 'data-hx-trigger="keyup changed delay:300ms, search"' in html
    assert '<div id="reviewer-add">' in html
    assert f'<form method="get" action="{url}"' in html
    assert refreshed.status_code == 200
    assert '<div id="reviewer-add">' in refreshed.content.decode()


@pytest.mark.parametrize("q", HOSTILE_Q, ids=range(len(HOSTILE_Q)))
def test_a_hostile_search_is_a_page_not_an_error(
    client, staged, review_campaign, city_admin, committee_a, admins, q
):
    client.force_login(admins["DQ"])  # 东区区委: manages the node's committee, not the city's
    node = client.get(node_url(staged, committee_a), {"q": q})
    client.force_login(city_admin)
    campaign = client.get(reverse("evaluations:committee", args=[review_campaign.pk]), {"q": q})

    for response in (node, campaign):
        assert response.status_code == 200
        assert len(response.context["reviewer_form"].search) <= 50
        assert "<script>x" not in response.content.decode()


def _fill(campaign, committee, admin, seats: int, eligible: int, **where):
    """``seats`` reviewers on the committee and ``eligible`` more who may join it."""
    for i in range(seats + eligible):
        user = user_with_role(Role.REVIEWER, committee, username=f"u{i:02}")
        if i < seats:
            services.add_reviewer(campaign, user, cap=None, by=admin, **where)


@pytest.mark.parametrize("eligible", [1, 30])
@pytest.mark.parametrize("seats", [1, 3])
def test_the_node_committee_page_reads_the_same_queries_whatever_the_numbers(
    client, staged, committee_a, admins, seats, eligible, django_assert_num_queries
):
    where = {"stage": Stage.objects.get(campaign=staged, position=1), "node": committee_a}
    _fill(staged, committee_a, admins["DQ01"], seats, eligible, **where)
    client.force_login(admins["DQ01"])
    url = node_url(staged, committee_a)
    client.get(url)

    # the declared conflicts (申报回避) are one query of their own
    with django_assert_num_queries(8):
        response = client.get(url, {"q": "u"})

    assert len(response.context["reviewers"]) == seats
    assert len(offered(response)) == min(eligible, SHOWN)


@pytest.mark.parametrize("eligible", [1, 30])
@pytest.mark.parametrize("seats", [1, 3])
def test_the_campaign_committee_page_reads_the_same_queries_whatever_the_numbers(
    client, review_campaign, city_admin, district_a, seats, eligible, django_assert_num_queries
):
    _fill(review_campaign, district_a, city_admin, seats, eligible)
    client.force_login(city_admin)
    url = reverse("evaluations:committee", args=[review_campaign.pk])
    client.get(url)

    # the declared conflicts (申报回避) are one query of their own
    with django_assert_num_queries(10):
        response = client.get(url)

    assert len(response.context["reviewers"]) == seats
    assert len(offered(response)) == min(eligible, SHOWN)
