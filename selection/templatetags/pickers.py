"""The campaign picker's options, built in Python: a secretary or admin sees every campaign of
their organisations, and the template looked up each one's number, title and translated phase
(12 campaigns were a third of the secretary dashboard's template). Escaped with the standard
library's ``html.escape``, as the list rows are."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import mark_safe

from ..choices import Phase

register = template.Library()


@register.filter
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
