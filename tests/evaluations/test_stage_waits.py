"""逐级推荐 (#39): a node above waits for every node below it to decide, and its pool names
the ones it waits for."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from evaluations.queries import waiting_below
from evaluations.services import confirm_stage
from selection.errors import SelectionError
from tests.evaluations.test_stages import split, stage
from tests.factories import UserFactory, card

pytestmark = pytest.mark.django_db


def test_a_district_chooses_only_once_every_committee_below_it_has_decided(
    staged, noms, admins, committee_a, committee_a2, district_a
):
    first, second = stage(staged, 1), stage(staged, 2)
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"])
    card(noms["n1"], UserFactory(), split(80), stage=second)

    with pytest.raises(SelectionError, match="东区教育党委（第1级）"):
        confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"])
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])

    chosen = confirm_stage(second, district_a, [noms["n1"].pk], by=admins["DQ"], reason="n4 未评分")

    assert chosen == [noms["n1"].pk]


def test_the_district_s_pool_names_the_committee_it_waits_for(
    client, staged, noms, admins, committee_a, district_a
):
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    client.force_login(admins["DQ"])

    page = client.get(reverse("evaluations:stage_pool", args=[staged.pk, 2, district_a.pk]))

    assert "以下组织尚未确定本级推荐名单：东区教育党委（第1级）" in strip_tags(
        page.content.decode()
    )


def test_a_refused_confirmation_while_a_committee_decides_says_so_once(
    client, staged, noms, admins, committee_a, district_a
):
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    card(noms["n1"], UserFactory(), split(80), stage=stage(staged, 2))
    client.force_login(admins["DQ"])

    confirm = reverse("evaluations:stage_confirm", args=[staged.pk, 2, district_a.pk])
    page = client.post(confirm, {"chosen": [noms["n1"].pk], "reason": "综合考虑"})

    assert page.status_code == 400
    text = page.content.decode()
    assert strip_tags(text).count("以下组织尚未确定本级推荐名单：东区教育党委（第1级）") == 1
    assert "is-invalid" not in text


def test_a_nomination_a_committee_does_not_send_up_leaves_its_open_cards_behind(
    staged, noms, admins, committee_a
):
    """Not chosen at its stage, a nomination's course ends: a card still open on it leaves the
    reviewer's queue (evaluations.signals); the submitted cards stay as the stage's record."""
    from evaluations.choices import CardState
    from evaluations.models import Scorecard

    first = stage(staged, 1)
    late = UserFactory()
    card(noms["n2"], late, split(70), stage=first, submitted=False)
    submitted = set(
        Scorecard.objects.filter(nomination=noms["n2"], state=CardState.SUBMITTED).values_list(
            "pk", flat=True
        )
    )

    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"], reason="综合考虑")

    left = set(Scorecard.objects.filter(nomination=noms["n2"]).values_list("pk", flat=True))
    assert left == submitted
    assert not Scorecard.objects.filter(reviewer=late).exists()


def test_the_campaign_s_results_say_which_stages_below_are_still_deciding(
    client, staged, noms, city_admin
):
    """Before every node below has decided, the final stage's pool is not complete: the results
    page names who is still deciding and links the stages, offers nothing to confirm and warns of
    nobody left unranked (they are still in the pools below)."""
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:results", args=[staged.pk])).content.decode()

    assert "以下组织尚未确定本级推荐名单：" in page
    assert reverse("evaluations:stages", args=[staged.pk]) in page
    assert "unranked-warning" not in page
    assert 'name="chosen"' not in page
    assert "确定拟推荐名单</button>" not in page


# --- The notice links each organisation it waits for to that organisation's pool --------------


class Links(HTMLParser):
    """The links of the page's ``.stage-waiting-below`` notice (or the notice of class
    ``notice``), as (text, address)."""

    def __init__(self, html: str, notice: str = "stage-waiting-below"):
        super().__init__()
        self.notice, self.inside, self.href, self.found = notice, 0, None, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and self.notice in (attrs.get("class") or "").split():
            self.inside = 1
        elif tag == "div" and self.inside:
            self.inside += 1
        elif tag == "a" and self.inside:
            self.href = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "div" and self.inside:
            self.inside -= 1

    def handle_data(self, data):
        if self.href:
            self.found.append((data, self.href))
            self.href = None


def pool_url(campaign, position, node):
    return reverse("evaluations:stage_pool", args=[campaign.pk, position, node.pk])


def test_the_city_follows_each_late_organisation_from_its_pool_to_that_organisations_pool(
    client,
    staged,
    noms,
    city,
    city_admin,
    committee_a,
    committee_a2,
    committee_b,
    district_a,
    district_b,
):
    client.force_login(city_admin)

    page = client.get(pool_url(staged, 3, city)).content.decode()

    assert Links(page).found == [
        ("东区机关党委（第1级）", pool_url(staged, 1, committee_a)),
        ("东区教育党委（第1级）", pool_url(staged, 1, committee_a2)),
        ("西区机关党委（第1级）", pool_url(staged, 1, committee_b)),
    ]
    assert "下级全部确定后才能继续；逾期未确定的，由上级组织代为确定。" in strip_tags(page)
    # the way to decide for it is on the page the link opens
    assert client.get(pool_url(staged, 1, committee_a2)).status_code == 200


def test_the_notice_costs_the_same_queries_for_three_or_two_organisations(
    client, staged, noms, city, city_admin, admins, committee_a, committee_a2, committee_b
):
    client.force_login(city_admin)
    url = pool_url(staged, 3, city)
    client.get(url)  # the rankings kept

    with CaptureQueriesContext(connection) as three:
        assert len(Links(client.get(url).content.decode()).found) == 3
    first = stage(staged, 1)
    confirm_stage(first, committee_a, [noms["n1"].pk], by=admins["DQ01"], reason="综合考虑")
    confirm_stage(first, committee_a2, [noms["n4"].pk], by=admins["DQ02"])
    confirm_stage(first, committee_b, [noms["n6"].pk], by=admins["XQ01"])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert len(Links(client.get(url).content.decode()).found) == 2

    assert len(three) == len(two)


def test_in_english_the_notice_links_the_organisations_in_its_sentence(
    client, staged, noms, district_a, admins, committee_a, committee_a2
):
    confirm_stage(stage(staged, 1), committee_a, [noms["n1"].pk], by=admins["DQ01"])
    client.force_login(admins["DQ"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(pool_url(staged, 2, district_a)).content.decode()

    assert Links(page).found == [("东区教育党委 (stage 1)", pool_url(staged, 1, committee_a2))]
    assert "have not confirmed their choice at this stage yet: 东区教育党委" in strip_tags(page)


def test_the_results_page_links_each_organisation_still_deciding_to_its_pool(
    client, staged, noms, city_admin, committee_a, committee_a2, committee_b
):
    client.force_login(city_admin)

    page = client.get(reverse("evaluations:results", args=[staged.pk])).content.decode()

    assert Links(page, "stages-waiting").found == [
        ("东区机关党委（第1级）", pool_url(staged, 1, committee_a)),
        ("东区教育党委（第1级）", pool_url(staged, 1, committee_a2)),
        ("西区机关党委（第1级）", pool_url(staged, 1, committee_b)),
        ("各级推荐情况", reverse("evaluations:stages", args=[staged.pk])),
    ]
    assert "下级全部确定后才能继续；逾期未确定的，由上级组织代为确定。" in strip_tags(page)


def test_the_notice_names_without_a_link_a_pool_its_reader_may_not_open(
    staged, noms, admins, committee_a
):
    """Whoever opens the results page administers the campaign's organisation, above every
    pool; the notice is the pool pages' too, and links a pool only for whoever may open it (the
    pool page's rule): 东区机关党委's admin is shown its siblings' names alone."""
    waiting = waiting_below(staged, None, None, admins["DQ01"])

    notice = render_to_string("evaluations/_waiting_pools.html", {"waiting": waiting})

    assert Links(f'<div class="stages-waiting">{notice}</div>', "stages-waiting").found == [
        ("东区机关党委（第1级）", pool_url(staged, 1, committee_a)),
    ]
    assert "、东区教育党委（第1级）、西区机关党委（第1级）。" in notice
