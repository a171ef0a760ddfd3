"""The 民主测评 page of a nomination whose survey is not open says why, and what (if anything)
can be done, in the reader's language (``evaluations.rules.survey_closed``): a nomination
returned for revision pauses its survey until it is resubmitted, while it may be; past its
revision period (returned while nominating and the campaign now screening, an archived year) the
survey has ended; one returned and left over when the screening ended will not be surveyed, the
department concludes it."""

import pytest
from django.urls import reverse

from evaluations import rules, services
from selection.choices import Phase, State
from selection.models import Nomination
from tests.factories import CampaignFactory, NominationFactory, archived_campaign
from tests.selection.test_unscreened_after_notice import left_unscreened

pytestmark = pytest.mark.django_db

PAUSED = "这份推荐已退回修改，民主测评暂停：暂不能发放测评码，已发放的也暂不接受提交。"
PAUSED_EN = "This nomination was returned for revision, so its public survey is paused"
REVISION_OVER = "这份推荐已退回修改，但修改提交的期限已过，不能再重新提交，民主测评已结束"
REVISION_OVER_EN = "the time to resubmit it has passed"
LEFT_OVER = "资格审查阶段已结束，这份推荐未完成资格审查，不能进入评审，也不能再修改提交"
LEFT_OVER_EN = "it cannot join the review or be resubmitted, its public survey will not run"


def _survey_page(client, user, nomination, language="zh-hans") -> str:
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(reverse("evaluations:survey", args=[nomination.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_returned_nomination_s_survey_is_paused_until_it_is_resubmitted(
    client, city, branch_a1, secretary
):
    screening = CampaignFactory(owner=city, phase=Phase.SCREENING, quota_value=10)
    nomination = NominationFactory(
        campaign=screening, state=State.SUBMITTED, member__organization=branch_a1
    )
    services.issue_codes(nomination, 12, by=secretary)
    Nomination.objects.filter(pk=nomination.pk).update(
        state=State.RETURNED, returned_in=Phase.SCREENING
    )
    nomination.refresh_from_db()

    chinese = _survey_page(client, secretary, nomination)
    english = _survey_page(client, secretary, nomination, "en")

    assert ("民主测评未开放" in chinese, PAUSED in chinese) == (True, True)
    assert ("当前为“退回修改”" in chinese, 'name="count"' in chinese) == (False, False)
    assert ("The public survey is not open" in english, PAUSED_EN in english) == (True, True)
    Nomination.objects.filter(pk=nomination.pk).update(state=State.SUBMITTED)
    nomination.refresh_from_db()
    assert rules.survey_closed(nomination) == ""  # resubmitted: its codes are answered again


def test_a_returned_nomination_left_over_says_the_department_concludes_it(
    client, city, city_admin, branch_a1, secretary
):
    campaign = left_unscreened(Phase.NOTICE, city, city_admin, branch_a1)
    returned = campaign.nominations.get(state=State.RETURNED)

    chinese = _survey_page(client, secretary, returned)
    english = _survey_page(client, secretary, returned, "en")

    assert (LEFT_OVER in chinese, "待组织部门在资格审查中作出结论" in chinese) == (True, True)
    assert ("退回修改" in chinese, PAUSED in chinese) == (False, False)
    assert LEFT_OVER_EN in english and "The organisation department will conclude" in english


def test_returned_while_nominating_and_now_screening_the_survey_has_ended(
    client, city, branch_a1, secretary
):
    screening = CampaignFactory(owner=city, phase=Phase.SCREENING, quota_value=10)
    nomination = NominationFactory(
        campaign=screening,
        state=State.RETURNED,
        returned_in=Phase.NOMINATING,
        member__organization=branch_a1,
    )

    chinese = _survey_page(client, secretary, nomination)
    english = _survey_page(client, secretary, nomination, "en")

    assert rules.survey_closure(nomination)[0] == rules.ENDED
    assert (REVISION_OVER in chinese, PAUSED in chinese) == (True, False)
    assert (REVISION_OVER_EN in english, PAUSED_EN in english) == (True, False)


def test_returned_in_an_archived_year_the_survey_has_ended_not_paused(city, city_admin, branch_a1):
    campaign = archived_campaign(city, city_admin, quota_value=10)
    nomination = NominationFactory(
        campaign=campaign,
        state=State.RETURNED,
        returned_in=Phase.SCREENING,
        member__organization=branch_a1,
    )

    how, why = rules.survey_closure(nomination)

    assert (how, why.startswith(REVISION_OVER)) == (rules.ENDED, True)
