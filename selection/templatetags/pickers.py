"""``{% campaign_picker campaigns campaign %}``: a form choosing among ``campaigns``
(components/campaign_picker.html), for two campaigns or more."""

from __future__ import annotations

from django import template

from ..forms import CampaignPickerForm

register = template.Library()


@register.inclusion_tag("components/campaign_picker.html")
def campaign_picker(campaigns, chosen) -> dict:
    """The picker's form, ``chosen`` selected; none for one campaign or none."""
    return {"form": CampaignPickerForm(campaigns, chosen) if len(campaigns) > 1 else None}
