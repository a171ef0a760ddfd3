"""The reviewer's queue one campaign at a time: last year's cards neither mix with this year's
rows nor count in its progress; the campaigns in review come first, each with its counts; a
card the admin reopened says so, with the reason."""

import pytest
from django.urls import reverse

from evaluations import services
from members.choices import Role
from tests.factories import CampaignFactory, NominationFactory, card, scores, user_with_role

pytestmark = pytest.mark.django_db

QUEUE = reverse("evaluations:queue")


@pytest.fixture
def last_year(city):
    return CampaignFactory(owner=city, phase="concluded", year=2025, title="2025年度选树")


@pytest.fixture
def two_years(reviewer, review_campaign, last_year, branch_a2):
    """Last year: three cards, all submitted. This year (评审中的活动): one submitted, one
    to do."""
    old = [
        card(
            NominationFactory(
                campaign=last_year, member__organization=branch_a2, member__name=f"去年{i}"
            ),
            reviewer,
            scores(20, 20, 20, 20),
        )
        for i in range(3)
    ]
    done = card(
        NominationFactory(
            campaign=review_campaign,
            state="in_review",
            member__organization=branch_a2,
            member__name="今年已评",
        ),
        reviewer,
        scores(20, 20, 20, 20),
    )
    to_do = card(
        NominationFactory(
            campaign=review_campaign,
            state="in_review",
            member__organization=branch_a2,
            member__name="今年待评",
        ),
        reviewer,
        {},
        submitted=False,
    )
    return old, done, to_do


def test_the_queue_opens_on_the_campaign_in_review_with_its_own_counts(
    client, reviewer, review_campaign, last_year, two_years
):
    client.force_login(reviewer)

    response = client.get(QUEUE)

    html = response.content.decode()
    assert response.context["campaign"].pk == review_campaign.pk
    assert "今年待评" in html and "今年已评" in html and "去年0" not in html
    assert '<p class="lead">已提交 1 / 共 2 份</p>' in html
    # Both campaigns offered, the one in review first, each with its counts.
    tabs = html[html.index("queue-campaigns") :]
    assert tabs.index("评审中的活动") < tabs.index("2025年度选树")
    assert "已提交 1 / 共 2 份 · 待完成 1 份" in tabs and "已提交 3 / 共 3 份" in tabs


def test_of_two_campaigns_in_review_the_queue_opens_on_the_one_with_cards_left(
    client, reviewer, review_campaign, two_years, city, branch_a2
):
    """Another campaign in review, newer, its cards all submitted: the queue opens where there
    is work left."""
    done_elsewhere = CampaignFactory(owner=city, phase="reviewing", year=2027, title="已评完的活动")
    card(
        NominationFactory(campaign=done_elsewhere, member__organization=branch_a2),
        reviewer,
        scores(20, 20, 20, 20),
    )
    client.force_login(reviewer)

    response = client.get(QUEUE)

    assert response.context["campaign"].pk == review_campaign.pk


def test_the_reviewer_switches_to_last_year_s_cards(
    client, reviewer, review_campaign, last_year, two_years
):
    client.force_login(reviewer)

    html = client.get(QUEUE, {"campaign": last_year.pk}).content.decode()

    assert all(f"去年{i}" in html for i in range(3)) and "今年待评" not in html
    assert '<p class="lead">已提交 3 / 共 3 份</p>' in html


@pytest.mark.parametrize("wanted", ["abc", "-1", "99999999", "1 OR 1=1", ""])
def test_an_unknown_campaign_falls_back_to_the_one_in_review(
    client, reviewer, review_campaign, two_years, wanted
):
    client.force_login(reviewer)

    response = client.get(QUEUE, {"campaign": wanted})

    assert response.status_code == 200
    assert response.context["campaign"].pk == review_campaign.pk


def test_another_reviewer_s_campaign_shows_nothing_of_it(
    client, district_b, review_campaign, last_year, two_years
):
    client.force_login(user_with_role(Role.REVIEWER, district_b, username="rev_b"))

    response = client.get(QUEUE, {"campaign": review_campaign.pk})

    html = response.content.decode()
    assert response.context["campaign"] is None
    assert "今年待评" not in html and "评审中的活动" not in html
    assert "没有评审任务。" in html


def test_state_tabs_and_pages_stay_in_the_campaign(
    client, reviewer, review_campaign, last_year, two_years, monkeypatch
):
    from evaluations.views import review

    monkeypatch.setattr(review, "PAGE_SIZE", 2)
    client.force_login(reviewer)

    html = client.get(QUEUE, {"campaign": last_year.pk}).content.decode()

    assert f'href="?campaign={last_year.pk}&amp;state=submitted">已提交 3</a>' in html
    assert f'href="?campaign={last_year.pk}&amp;page=2">下一页</a>' in html


def test_a_reopened_card_says_so_with_the_admin_s_reason(
    client, reviewer, city_admin, review_campaign, branch_a2
):
    nomination = NominationFactory(
        campaign=review_campaign, member__organization=branch_a2, state="in_review"
    )
    submitted = card(nomination, reviewer, scores(20, 20, 20, 20))
    services.reopen_card(submitted, by=city_admin, reason="分值录入有误")
    client.force_login(reviewer)

    html = client.get(QUEUE).content.decode()

    assert "已重新打开：分值录入有误" in html
    assert '<td data-label="状态">草稿</td>' not in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_reads_the_same_queries_for_1_and_3_campaigns_and_cards(
    client, reviewer, city, branch_a2, count, django_assert_num_queries
):
    for year in range(count):
        campaign = CampaignFactory(owner=city, phase="concluded", year=2020 + year)
        for _ in range(count):
            card(
                NominationFactory(campaign=campaign, member__organization=branch_a2),
                reviewer,
                {},
                submitted=False,
            )
    client.force_login(reviewer)
    client.get(QUEUE)  # once per process: SQLite's connection is asked about JSON functions

    # the session, the user with roles, the cards counted per campaign and state (which is
    # also the paginator's count), the cards taken back (the campaigns they left), the page's
    # rows
    with django_assert_num_queries(5):
        response = client.get(QUEUE)

    assert len(response.context["campaigns"]) == count
    assert len(response.context["page"].object_list) == count
