"""A reviewer declares a conflict of interest (申报回避): what they then see at the card's
address, and what the committee page shows of it to the admin."""

import re

import pytest
from django.urls import reverse

from evaluations import services
from members.choices import Role
from tests.factories import MemberFactory, NominationFactory, user_with_role

pytestmark = pytest.mark.django_db

REASON = "被推荐人是我爱人的同事且有经济往来。"


@pytest.fixture
def declared(client, reviewer, reviewer_card):
    """张志强's story: assigned a nomination, he declares a conflict with it."""
    client.force_login(reviewer)
    client.post(
        reverse("evaluations:conflict", args=[reviewer_card.nomination_id]), {"reason": REASON}
    )
    client.logout()
    return reviewer_card.nomination


def test_the_reviewer_who_declared_a_conflict_is_told_so_at_the_card_s_address(
    client, reviewer, declared
):
    client.force_login(reviewer)

    response = client.get(reverse("evaluations:score", args=[declared.pk]))

    html = response.content.decode()
    # Refused by the conflict rule, not "no such page": he knows the nomination was his.
    assert response.status_code == 403
    assert "您已对该推荐申报回避" in html
    assert f'href="{reverse("evaluations:queue")}"' in html
    assert declared.member.name not in html and declared.branch.name not in html
    assert REASON not in html


def test_a_second_tab_s_declaration_leads_to_the_same_page(client, reviewer, declared):
    client.force_login(reviewer)

    again = client.post(
        reverse("evaluations:conflict", args=[declared.pk]), {"reason": REASON}, follow=True
    )

    assert again.redirect_chain == [(reverse("evaluations:score", args=[declared.pk]), 302)]
    assert "您已对该推荐申报回避" in again.content.decode()


def test_the_nomination_s_files_stay_refused_after_the_declaration(client, reviewer, declared):
    client.force_login(reviewer)

    photo = client.get(reverse("evaluations:photo", args=[declared.pk]))
    autosave = client.post(reverse("evaluations:autosave", args=[declared.pk]), {})

    assert photo.status_code == 403 and autosave.status_code == 403


def test_another_reviewer_still_finds_no_such_card(client, city, declared):
    stranger = user_with_role(Role.REVIEWER, city, username="rev_other")
    client.force_login(stranger)

    response = client.get(reverse("evaluations:score", args=[declared.pk]))

    assert response.status_code == 404
    assert "申报回避" not in response.content.decode()


def _row(html: str, start: str) -> str:
    row = html[html.index(start) :]
    return row[: row.index("</tr>")]


def _options(html: str, nomination_pk: int) -> dict[str, bool]:
    """The manual-assignment list of one nomination: option text → offered (not disabled)."""
    select = html[html.index(f'id="assign-{nomination_pk}"') :]
    select = select[: select.index("</select>")]
    options = re.findall(r"<option value=\"\d+\"( disabled)?>([^<]*)</option>", select)
    return {text: not disabled for disabled, text in options}


def test_the_committee_page_shows_the_declared_conflict_and_offers_only_who_can_take_it(
    client, city_admin, city, branch_a2, reviewer, review_campaign, declared
):
    """评委甲 (no member record) declared a conflict; 评委乙 already holds a card of the
    nomination; 评委丙 sits in its branch; 评委丁 is free to take it."""
    holder = user_with_role(Role.REVIEWER, city, username="rev_b", full_name="评委乙")
    colleague = user_with_role(Role.REVIEWER, city, username="rev_c", full_name="评委丙")
    colleague.member = MemberFactory(organization=branch_a2)
    colleague.save(update_fields=["member"])
    free = user_with_role(Role.REVIEWER, city, username="rev_d", full_name="评委丁")
    for user in (holder, colleague, free):
        services.add_reviewer(review_campaign, user, cap=None, by=city_admin)
    services.assign(declared, holder, by=city_admin)
    client.force_login(city_admin)

    html = client.get(reverse("evaluations:committee", args=[review_campaign.pk])).content.decode()

    his = _row(html, f'<td class="cell-head">{reviewer}</td>')
    assert f"{declared.member.name}（本人申报回避）" in his
    assert "未关联党员，无法自动识别回避" in his  # still true of the automatic ones
    assert declared.member.name in _row(html, '<td class="cell-head">评委丙</td>')  # same branch
    assert _options(html, declared.pk) == {
        "评委丁": True,
        "评委乙（已分配）": False,
        "评委丙（本人或本支部，须回避）": False,
        "评委甲（已申报回避）": False,
    }


def test_a_nomination_no_reviewer_can_take_has_no_assignment_form(
    client, city_admin, review_campaign, declared
):
    client.force_login(city_admin)

    html = client.get(reverse("evaluations:committee", args=[review_campaign.pk])).content.decode()

    assert f'id="assign-{declared.pk}"' not in html
    assert "没有可分配的评审委员：委员会成员均已分配或须回避。" in html


def test_the_server_still_refuses_a_declared_reviewer_posted_by_hand(
    client, city_admin, reviewer, review_campaign, declared
):
    client.force_login(city_admin)

    response = client.post(
        reverse("evaluations:assign", args=[review_campaign.pk, declared.pk]),
        {"user": reviewer.pk},
        follow=True,
    )

    assert "须回避" in response.content.decode()
    assert not declared.scorecards.filter(reviewer=reviewer).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_committee_page_s_queries_do_not_grow_with_declared_conflicts(
    client, city_admin, city, review_campaign, branch_a2, count, django_assert_num_queries
):
    services.ensure_criteria(review_campaign)
    for index in range(count):
        user = user_with_role(Role.REVIEWER, city, username=f"rev_{index}")
        services.add_reviewer(review_campaign, user, cap=None, by=city_admin)
        nomination = NominationFactory(
            campaign=review_campaign, member__organization=branch_a2, state="eligible"
        )
        card = services.assign(nomination, user, by=city_admin)
        services.declare_conflict(card, by=user, reason=REASON)
    client.force_login(city_admin)
    url = reverse("evaluations:committee", args=[review_campaign.pk])
    client.get(url)

    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
