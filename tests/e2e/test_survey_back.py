"""The 民主测评 in a real browser: a respondent whose first try was refused (an item left out)
and whose second was accepted pressed Back and got Chrome's "Confirm form resubmission"
(ERR_CACHE_MISS). Now the answer leads to the thanks by a redirect, the refused form's history
entry is a plain visit (static/js/forget-post.js), and Back shows that the code is spent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations import services
from members.choices import Role
from tests.factories import CampaignFactory, NominationFactory, user_with_role

from .test_phone_width import PHONE

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


SPENT = [("zh-hans", "该测评码已使用"), ("en", "This code has been used")]


@pytest.mark.parametrize(("language", "spent"), SPENT)
def test_back_after_a_refused_then_accepted_answer_shows_the_code_is_spent(
    browser, live_server, city, branch_a1, language, spent
):
    campaign = CampaignFactory(owner=city, phase="reviewing", quota_value=10)
    secretary = user_with_role(Role.SECRETARY, branch_a1, username="backsecretary")
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state="in_review"
    )
    code = services.issue_codes(nomination, 1, by=secretary)[0].code
    url = f"{live_server.url}{reverse('evaluations:survey_public', args=[code])}"
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(url)
    page.locator("form.survey-form label.btn").first.click()
    page.locator("form.survey-form button[type=submit]").click()
    page.wait_for_load_state()
    for fieldset in page.locator("form.survey-form fieldset").all():
        fieldset.locator("label.btn").first.click()
    page.locator("form.survey-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/survey/thanks/")

    page.go_back()  # raised net::ERR_CACHE_MISS when the entry was the refused POST

    assert page.url == url
    assert spent in page.locator("main").inner_text()
