"""The printable sheet of survey codes in a real browser: static/js/survey-qr.js draws one QR
code a slip from its link (the server sends the links only; the CSP forbids inline script)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluations import services
from members.choices import Role
from tests.factories import CampaignFactory, NominationFactory, user_with_role

from .journey import PASSWORD, Portal

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_sheet_of_three_codes_draws_three_qr_codes(browser, live_server, city, branch_a1):
    campaign = CampaignFactory(owner=city, phase="reviewing", quota_value=10)
    secretary = user_with_role(Role.SECRETARY, branch_a1, username="sheetsecretary")
    secretary.set_password(PASSWORD)
    secretary.save()
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state="in_review"
    )
    services.issue_codes(nomination, 3, by=secretary)

    page = Portal(browser, live_server.url, artifacts=None).as_("sheetsecretary")
    page.goto(f"{live_server.url}{reverse('evaluations:survey_sheet', args=[nomination.pk])}")
    images = page.locator("img.survey-qr")
    expect(images).to_have_count(3)
    for image in images.all():
        expect(image).to_have_attribute("alt", "测评二维码")
        expect(image).to_have_attribute("src", re.compile(r"^data:image/svg\+xml,"))
    # A data URI decodes after it is set: wait for every image to be decoded before measuring.
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll("img.survey-qr"))
            .every(img => img.complete && img.naturalWidth > 0)"""
    )
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll("img.survey-qr")).map(img => ({
            complete: img.complete, natural: img.naturalWidth, width: img.width,
            height: img.height, src: img.getAttribute("src").length,
            url: img.closest("[data-survey-url]").getAttribute("data-survey-url"),
        }))"""
    )
    for each in drawn:
        # 3 px a module, a two-module quiet zone: version 3 or more (29+ modules) for a link.
        assert each["complete"] and each["natural"] == each["width"] == each["height"]
        assert (each["width"] - 12) % 3 == 0 and each["width"] >= 29 * 3 + 12
        assert each["src"] > 1000 and each["url"].startswith(live_server.url)
    page.emulate_media(media="print")
    for image in images.all():
        expect(image).to_be_visible()
