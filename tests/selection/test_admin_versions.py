"""A record changed on Django's admin site moves its version as the portal's own forms do: a
form open elsewhere on it is refused (``selection.concurrency``) instead of silently putting
back what the admin changed."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from members.models import User
from selection.models import Campaign, Nomination
from tests.factories import CampaignFactory
from tests.tabs import Tab

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """What the browser posts for the page's form, as shown."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if attrs.get("type") == "checkbox" else ""
            self.data[name] = attrs.get("value") or default
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] = (self.data[self._textarea] + data).lstrip("\n")


def _as_shown(page) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page.content.decode())
    return parser.data


@pytest.fixture
def admin_site():
    root = User.objects.create_superuser("root", "root@example.com", "a-long-passphrase-1")
    browser = Client()
    browser.force_login(root)
    return browser


def test_a_campaign_changed_on_the_admin_site_refuses_the_form_opened_before(
    client, city_admin, city, admin_site
):
    campaign = CampaignFactory(owner=city, title="2027年度四好党员选树", min_reviewers=5)
    client.force_login(city_admin)
    tab = Tab(client, reverse("selection:campaign_edit", args=[campaign.pk]))  # left open
    change = reverse("admin:selection_campaign_change", args=[campaign.pk])

    changed = admin_site.post(change, {**_as_shown(admin_site.get(change)), "min_reviewers": "7"})
    refused = tab.post(title="旧窗口改的标题")

    assert changed.status_code == 302, changed.context["adminform"].form.errors
    assert refused.status_code == 409
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.title, stored.min_reviewers) == ("2027年度四好党员选树", 7)
    assert stored.version == campaign.version + 1


def test_a_nomination_cannot_be_changed_on_the_admin_site(admin_site, draft):
    """Nominations change only through the workflow, whose forms carry the version."""
    change = reverse("admin:selection_nomination_change", args=[draft.pk])

    response = admin_site.post(change, {"deeds": "管理后台改的事迹。"})

    assert response.status_code == 403
    stored = Nomination.objects.get(pk=draft.pk)
    assert (stored.deeds, stored.version) == (draft.deeds, draft.version)
