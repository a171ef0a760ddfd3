"""The printed 公示 in a real browser: a name of three or four characters stays on one line in
the 姓名 column (党海/燕 was broken on paper), beside a long 主要事迹 that takes the room."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selection.choices import Phase, State
from tests.factories import CampaignFactory, NominationFactory
from tests.selection import conftest as selection_fixtures

#: The 公示 opened on ``shortlisted`` below, as the selection tests open it.
running = selection_fixtures.running

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

#: An A4 page's width at 96 dpi, as the print dialog lays the notice out.
A4 = {"width": 794, "height": 1123}


@pytest.fixture
def shortlisted(city, branch_a1):
    """A name of three characters and one of four, beside a long 主要事迹; the 公示 opened on
    them is ``running``'s."""
    campaign = CampaignFactory(owner=city, phase=Phase.REVIEWING)
    return [
        NominationFactory(
            campaign=campaign,
            member__organization=branch_a1,
            member__name=name,
            state=State.SHORTLISTED,
            deeds_summary=f"{name}同志工作认真负责，成绩突出，群众评价高。" * 4,
        )
        for name in ("党海燕", "欧阳明远")
    ]


def test_a_printed_name_of_up_to_four_characters_stays_on_one_line(browser, live_server, running):
    page = browser.new_context(viewport=A4).new_page()
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}{reverse('public:notice_print', args=[running.campaign_id])}")

    lines = page.evaluate(
        """() => Array.from(document.querySelectorAll(".notice-table .notice-name")).map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
            return [cell.textContent.trim(), tops.size];
        })"""
    )

    assert sorted(lines) == [["党海燕", 1], ["欧阳明远", 1]]
