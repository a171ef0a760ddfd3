"""What a choice made a page at a time (evaluations.views.choice) shows, the same on the results
page and on a node's pool: both tests make nominations 人选01, 人选02, … ranked in that order,
on pages of two."""

import re

#: Page numbers and choices no page makes (each is a page, not an error).
BAD_QUERIES = [
    {"page": "x"},
    {"page": "99"},
    {"picked": "1", "chosen": ["x", "²", "-1", "999999999999999999999"]},
    {"picked": "1"},
    {"chosen": "1"},
]


def ticked(page: str) -> int:
    return page.count(" checked>")


def shown(page: str) -> str:
    """The page as it reads before a box is ticked: without the warning of a departure from
    rank order while it is rendered hidden (static/js/pick-count.js shows it as boxes change)."""
    return re.sub(r'<div [^>]*id="choice-departs"[^>]* hidden>.*?</div>', "", page, flags=re.S)


def departure_warning(page: str) -> str:
    """The opening tag of the confirm form's warning of a departure from rank order."""
    return re.search(r'<div [^>]*id="choice-departs"[^>]*>', page).group(0)


def turn_to_page_3(client, address, made) -> str:
    """On page 1 the chooser keeps 人选01, drops 人选02 and turns to page 3 (``address(n)``: page
    n's address); that page's confirm form carries the tick of page 1."""
    turned = client.post(address(3), {"chosen": [made[0].pk]})
    page = client.get(turned["Location"]).content.decode()

    assert turned.status_code == 302
    assert "第 3 / 3 页" in page
    assert "第1名 人选01（第 1 页）" in page
    assert "人选02（第 1 页）" not in page
    assert ticked(page) == 1
    return page


def assert_refused_with_its_choice(text: str) -> None:
    """人选01 and 人选03 chosen without a reason: refused, and shown again ticked; the reason
    once, in the confirm form (not again at the top of the page, nor as the usual warning)."""
    assert "所选名单与排名顺序不一致，请写明理由。" in text
    assert shown(text).count("所选名单与排名顺序不一致") == 1
    assert 'class="alert alert-danger choice-refusal' in text
    assert "第3名 人选03（第 2 页）" in text
    assert ticked(text) == 2
