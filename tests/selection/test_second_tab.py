"""Two browser tabs on the same record: a tab opened before another one saved cannot silently
put back what that save changed. Its save is refused, nothing of it is written, the page
comes back with everything typed and says why, with a link to the current version."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from selection.models import Campaign, Nomination
from tests.factories import CampaignFactory
from tests.tabs import Tab, version_in

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _edit(nomination):
    return reverse("selection:nomination_edit", args=[nomination.pk])


# --- The secretary's nomination --------------------------------------------------------------


def test_a_tab_opened_earlier_cannot_blank_the_deeds_another_tab_saved(client, secretary, draft):
    client.force_login(secretary)
    tab_b = Tab(client, _edit(draft))  # opened first, left open
    tab_a = Tab(client, _edit(draft))

    saved = tab_a.post(deeds="甲窗口写好的详细事迹。", action="save")
    refused = tab_b.post(evidence_political="乙窗口补充的政治素质依据。", action="save")

    assert _messages(saved) == ["草稿已保存。"]
    assert refused.status_code == 409
    assert "草稿已保存。" not in _messages(refused)
    page = refused.content.decode()
    assert "本次没有保存" in page
    assert "已在另一个窗口或由他人修改" in page
    assert "乙窗口补充的政治素质依据。" in page  # what was typed is still in the form
    detail = reverse("selection:nomination_detail", args=[draft.pk])
    assert f'<a href="{detail}" target="_blank" rel="noopener">' in page
    stored = Nomination.objects.get(pk=draft.pk)
    assert stored.deeds == "甲窗口写好的详细事迹。"  # the first tab's save is intact
    assert stored.evidence_political == draft.evidence_political  # nothing of the second
    assert AuditEvent.objects.filter(verb="nomination.updated").count() == 1


def test_after_comparing_the_second_tab_saves_again_from_the_page_that_refused_it(
    client, secretary, draft
):
    client.force_login(secretary)
    tab_b = Tab(client, _edit(draft))
    tab_a = Tab(client, _edit(draft))
    tab_a.post(deeds="甲窗口写好的详细事迹。", action="save")
    tab_b.post(evidence_political="乙窗口补充的政治素质依据。", action="save")

    # The secretary opened the current version, copied its deeds over, and saves again: the
    # refused page carries the current version.
    again = tab_b.post(deeds="甲窗口写好的详细事迹。", action="save")

    assert _messages(again) == ["草稿已保存。"]
    stored = Nomination.objects.get(pk=draft.pk)
    assert (stored.deeds, stored.evidence_political) == (
        "甲窗口写好的详细事迹。",
        "乙窗口补充的政治素质依据。",
    )


def test_one_tab_saving_twice_in_a_row_is_not_refused_by_its_own_save(client, secretary, draft):
    client.force_login(secretary)
    tab = Tab(client, _edit(draft))

    first = tab.post(deeds="第一次保存。", action="save")
    second = tab.post(evidence_public="第二次保存。", action="save")

    assert (_messages(first), _messages(second)) == (["草稿已保存。"], ["草稿已保存。"])
    stored = Nomination.objects.get(pk=draft.pk)
    assert (stored.deeds, stored.evidence_public) == ("第一次保存。", "第二次保存。")
    assert stored.version == draft.version + 2


def test_a_submit_from_the_older_tab_is_refused_and_the_draft_stays_a_draft(
    client, secretary, draft
):
    client.force_login(secretary)
    tab_b = Tab(client, _edit(draft))
    Tab(client, _edit(draft)).post(deeds="甲窗口写好的详细事迹。", action="save")

    refused = tab_b.post(action="submit")

    assert refused.status_code == 409
    stored = Nomination.objects.get(pk=draft.pk)
    assert (stored.state, stored.deeds) == ("draft", "甲窗口写好的详细事迹。")


@pytest.mark.parametrize("version", ["１２; DROP TABLE", "²", "-1", "9" * 40, ""])
def test_a_page_with_a_version_that_is_not_one_is_refused_without_an_error(
    client, secretary, draft, version
):
    client.force_login(secretary)
    tab = Tab(client, _edit(draft))

    refused = tab.post(version=version, deeds="改过的事迹。", action="save")

    assert refused.status_code == 409
    assert "改过的事迹。" in refused.content.decode()
    assert Nomination.objects.get(pk=draft.pk).deeds == draft.deeds


def test_a_page_opened_before_the_upgrade_without_a_version_still_saves(client, secretary, draft):
    """Every page this release serves carries its version; one without it was served by the
    release before (a tab left open across the upgrade): saved unchecked, as it was then."""
    client.force_login(secretary)
    tab = Tab(client, _edit(draft))
    del tab.data["version"]

    saved = tab.post(deeds="升级前打开的页面。", action="save")

    assert _messages(saved) == ["草稿已保存。"]
    assert Nomination.objects.get(pk=draft.pk).deeds == "升级前打开的页面。"


# --- The admin's campaign --------------------------------------------------------------------


@pytest.fixture
def editing(client, city_admin, city):
    client.force_login(city_admin)
    campaign = CampaignFactory(owner=city, title="2027年度四好党员选树", min_reviewers=5)
    return campaign, reverse("selection:campaign_edit", args=[campaign.pk])


def test_a_tab_opened_earlier_cannot_put_back_the_old_campaign_title(client, editing):
    campaign, url = editing
    tab_b = Tab(client, url)
    tab_a = Tab(client, url)

    saved = tab_a.post(title="2027年度“四好”党员选树活动")
    refused = tab_b.post(min_reviewers="7")

    assert _messages(saved) == ["已保存。"]
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "本次没有保存" in page
    assert f'<a href="{url}" target="_blank" rel="noopener">' in page
    assert refused.context["form"]["min_reviewers"].value() == "7"  # as typed
    assert '<h1 class="h4">2027年度“四好”党员选树活动</h1>' in page  # the page as saved
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.title, stored.min_reviewers) == ("2027年度“四好”党员选树活动", 5)
    assert version_in(page) == str(stored.version)  # saving again is a choice made knowingly


def test_one_tab_saving_the_campaign_twice_is_not_refused(client, editing):
    campaign, url = editing
    tab = Tab(client, url)

    first = tab.post(title="第一次保存的标题")
    second = tab.post(min_reviewers="7")

    assert (_messages(first), _messages(second)) == (["已保存。"], ["已保存。"])
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.title, stored.min_reviewers) == ("第一次保存的标题", 7)


def test_an_older_tab_refused_for_a_wrong_box_stays_out_of_date(client, editing):
    """A form shown again for a mistake keeps the version it was loaded from: correcting the
    mistake does not make it current."""
    campaign, url = editing
    tab_b = Tab(client, url)
    Tab(client, url).post(title="甲窗口改的标题")

    wrong = tab_b.post(min_reviewers="很多")
    corrected = tab_b.post(min_reviewers="7")

    assert wrong.status_code == 200  # the form's own errors, as before
    assert corrected.status_code == 409
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.title, stored.min_reviewers) == ("甲窗口改的标题", 5)


def test_a_page_posted_with_version_0_and_a_wrong_box_stays_out_of_date(client, editing):
    """0 is no row's version (what a version that is not one is read as): shown again for a
    mistake, the page keeps it, and correcting the mistake is still refused."""
    campaign, url = editing
    tab = Tab(client, url)

    wrong = tab.post(version="0", min_reviewers="很多")
    corrected = tab.post(min_reviewers="7")

    assert wrong.status_code == 200
    assert version_in(wrong.content.decode()) == "0"
    assert corrected.status_code == 409
    assert Campaign.objects.get(pk=campaign.pk).min_reviewers == 5


def test_the_audit_of_a_campaign_save_names_what_the_admin_changed_only(client, editing):
    _campaign, url = editing

    Tab(client, url).post(title="新标题")

    event = AuditEvent.objects.get(verb="campaign.saved")
    assert event.after == {"title": "新标题"}


def test_the_refused_tab_names_what_saving_it_again_would_change(client, secretary, draft):
    """Saving the refused page again puts it in place of the other save: it names the fields
    where the two differ (what the other tab wrote, and what this one typed), not the others."""
    client.force_login(secretary)
    tab_b = Tab(client, _edit(draft))
    tab_a = Tab(client, _edit(draft))
    tab_a.post(deeds="甲窗口写好的详细事迹。", action="save")

    refused = tab_b.post(evidence_political="乙窗口补充的政治素质依据。", action="save")

    page = refused.content.decode()
    named = page[page.index("stale-differing") : page.index("</p>", page.index("stale-differing"))]
    form = refused.context["form"]
    assert str(form.fields["deeds"].label) in named
    assert str(form.fields["evidence_political"].label) in named
    assert str(form.fields["deeds_summary"].label) not in named
