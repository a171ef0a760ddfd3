"""The trail at the top of every page of a campaign (``components/breadcrumb.html``): 首页 /
评选活动 / the campaign / … / the page. However deep an admin is in a campaign (its results, its
公示, a stage's pool), one click leads back to the campaign's own page, where its phase is
changed."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Campaign


@dataclass(frozen=True)
class Crumb:
    label: str
    #: Empty for a step that is not a link: the page itself, or the campaign's page for an
    #: admin who may not open it (``rules.can_manage_campaign``).
    url: str = ""


def campaign_trail(campaign: Campaign, *steps: Crumb, manageable: bool = True) -> list[Crumb]:
    """The trail down to ``steps`` (the last one the page itself) in ``campaign``; its title
    links to the campaign's page when the user may open it (``manageable``, as the pages
    reached through ``common.managed_campaign`` know already). No query."""
    page = reverse("selection:campaign_edit", args=[campaign.pk]) if manageable else ""
    return [
        Crumb(_("首页"), reverse("home")),
        Crumb(_("评选活动"), reverse("selection:campaign_list")),
        Crumb(campaign.title, page),
        *steps,
    ]


def page_trail(campaign: Campaign, label: str, *, manageable: bool = True) -> dict:
    """The context of a page of ``campaign`` named ``label``, one step below the campaign."""
    return {"breadcrumb": campaign_trail(campaign, Crumb(label), manageable=manageable)}
