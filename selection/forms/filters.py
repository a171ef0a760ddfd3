"""Forms that only choose what a page shows (GET): the campaign picker of the staff lists and
the public gallery's filter. They render the choices with Django's own widgets; the views read
and normalise the query string themselves (``views.common.pick_campaign``,
``views.public._gallery_filters``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from ..choices import Phase


class CampaignPickerForm(forms.Form):
    """Choose among ``campaigns`` (each by its title and phase), ``chosen`` selected. The select
    submits itself when the choice changes (``data-autosubmit``, static/js)."""

    campaign = forms.ChoiceField(
        label=pgettext_lazy("form field: one campaign", "评选活动"),
        required=False,
        widget=forms.Select(
            attrs={
                "id": "campaign-select",
                "class": "form-select w-auto mw-100",
                "data-autosubmit": True,
            }
        ),
    )

    def __init__(self, campaigns, chosen, **kwargs):
        super().__init__(initial={"campaign": getattr(chosen, "pk", None)}, **kwargs)
        self.fields["campaign"].choices = [(c.pk, _label(c)) for c in campaigns]


def _label(campaign) -> str:
    """A campaign as the picker names it: its title and phase, and the number of opinions
    awaited in it where it was counted (``queries.integrity_campaigns``) and is not zero."""
    # as get_phase_display: the stored value where it is not a phase
    phase = dict(Phase.choices).get(campaign.phase, campaign.phase)
    pending = getattr(campaign, "opinions_pending", 0)
    if not pending:
        return _("%(title)s（%(phase)s）") % {"title": campaign.title, "phase": phase}
    return ngettext(
        "%(title)s（%(phase)s，%(count)d 份意见待出具）",
        "%(title)s（%(phase)s，%(count)d 份意见待出具）",
        pending,
    ) % {"title": campaign.title, "phase": phase, "count": pending}


def _search_field(label, max_length: int, **attrs) -> forms.CharField:
    """An optional text field of the gallery's filter; its placeholder is ``label`` unless
    ``attrs`` say otherwise."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": label, **attrs}),
    )


class GalleryFilterForm(forms.Form):
    """The public gallery's filter: a search, a year, a field of work, an area (``areas``:
    ``(id, name)`` as text)."""

    q = _search_field(_("搜索"), 50, placeholder=_("姓名或事迹"))
    year = _search_field(_("年度"), 4, inputmode="numeric")
    tag = _search_field(_("领域"), 20)
    org = forms.ChoiceField(
        label=_("所在组织"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, areas, **kwargs):
        super().__init__(auto_id="g-%s", **kwargs)
        self.fields["org"].choices = [("", _("全部组织")), *areas]


class NoticeSearchForm(forms.Form):
    """A notice's search, for a reader looking for a name among a few hundred: a name or an
    organisation."""

    q = _search_field(_("搜索"), 50, placeholder=_("姓名或所在党组织"))

    def __init__(self, **kwargs):
        super().__init__(auto_id="n-%s", **kwargs)
