"""The campaign picker, built in Python: a secretary or admin sees every campaign of their
organisations, and the template looked up each one's number, title and translated phase
(12 campaigns were a third of the secretary dashboard's template); the form around the
options, an included template, cost the screening queue 0.46 M of its 15.1 M instructions a
request. Escaped with the standard library's ``html.escape``, as the list rows are."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..choices import Phase

register = template.Library()


@register.simple_tag
def campaign_picker(campaigns, chosen) -> str:
    """A form choosing among ``campaigns`` (it submits itself when the choice changes, with a
    button without JavaScript); nothing for one campaign or none."""
    if len(campaigns) < 2:
        return ""
    # gettext outside the f-string: makemessages does not read into them
    label, switch = escape(_("评选活动")), escape(_("切换"))
    # every part is escaped (campaign_options and the translated words)
    return mark_safe(
        '<form method="get" class="campaign-picker mb-3 d-flex flex-wrap gap-2 align-items-center">'
        f'<label for="campaign-select" class="form-label mb-0">{label}</label>'
        '<select id="campaign-select" name="campaign" class="form-select w-auto mw-100" '
        f"data-autosubmit>{campaign_options(campaigns, chosen)}</select>"
        '<noscript><button class="btn btn-sm btn-outline-secondary" type="submit">'
        f"{switch}</button></noscript></form>"
    )


def campaign_options(campaigns, chosen) -> str:
    """An ``<option>`` per campaign, its title and phase, the ``chosen`` one selected."""
    chosen_pk = getattr(chosen, "pk", None)
    labels, phases = dict(Phase.choices), {}
    options = []
    for campaign in campaigns:
        phase = phases.get(campaign.phase)
        if phase is None:  # as get_phase_display: the stored value where it is not a phase
            label = labels.get(campaign.phase, campaign.phase)
            phase = phases[campaign.phase] = escape(str(label))
        selected = " selected" if campaign.pk == chosen_pk else ""
        options.append(
            f'<option value="{campaign.pk}"{selected}>{escape(campaign.title)}（{phase}）</option>'
        )
    # every part was escaped above
    return mark_safe("".join(options))
