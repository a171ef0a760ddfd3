"""The printable 公示 is no dead end on a phone: it leads back to the notice and offers the
browser's print dialog, and neither of the two appears on paper."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_visitor_on_the_printable_notice_finds_the_way_back_and_a_print_button(client, running):
    page = client.get(reverse("public:notice_print", args=[running.campaign_id]))

    html = page.content.decode()
    assert page.status_code == 200
    actions = re.search(r'<div class="([^"]*notice-print-actions[^"]*)">(.*?)</div>', html, re.S)
    assert actions is not None
    # the whole block is left off the paper
    assert "d-print-none" in actions.group(1).split()
    back = reverse("public:notice_detail", args=[running.campaign_id])
    assert f'href="{back}"' in actions.group(2) and "返回公示" in actions.group(2)
    assert '<button type="button" class="btn btn-party" data-print>打印</button>' in actions.group(
        2
    )


def test_the_print_button_works_without_inline_script(client, running):
    html = client.get(reverse("public:notice_print", args=[running.campaign_id])).content.decode()
    script = (Path(settings.BASE_DIR) / "static" / "js" / "app.js").read_text()
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()

    assert "onclick" not in html and "window.print" not in html
    assert 'closest("[data-print]")' in script and "window.print()" in script
    assert re.search(r"@media print \{[^}]*\.d-print-none", css)


def test_the_printable_notice_speaks_english_to_an_english_visitor(client, running):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("public:notice_print", args=[running.campaign_id]))

    assert "Back to the notice" in page.content.decode()
    assert ">Print</button>" in page.content.decode()


def test_on_paper_a_name_is_not_broken_between_its_characters(client, running):
    """The 姓名 column's rule for screens stops at print; paper has its own (a browser checks it
    in tests/e2e/test_notice_print_browser.py)."""
    html = client.get(reverse("public:notice_print", args=[running.campaign_id])).content.decode()
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()

    assert 'class="cell-head notice-name"' in html
    assert re.search(
        r"@media print \{ \.notice-table \.notice-name \{ word-break: keep-all; \} \}", css
    )
