"""Forms of a campaign: its settings, its phase and its quota overrides."""

from __future__ import annotations

from itertools import pairwise

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.fields import DateField, DateInput, DateTimeField, DateTimeInput
from config.wording import as_typed
from members.choices import OrgKind
from members.models import Organization

from ..choices import PHASE_ORDER, Phase, QuotaKind
from ..models import Campaign
from .common import REASON_MAX_LENGTH

#: A fraction typed as a percentage (80 for 0.80) or out of range: one message that says what
#: to type, instead of Django's about the digits before the point.
FRACTION_ERROR = _("请填写 0 至 1 之间的小数，如 0.80。")
FRACTION_ERRORS = {
    code: FRACTION_ERROR
    for code in (
        "invalid",
        "min_value",
        "max_value",
        "max_digits",
        "max_whole_digits",
        "max_decimal_places",
    )
}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "title",
            "year",
            "owner",
            "opens_at",
            "nominating_deadline",
            "screening_deadline",
            "reviewing_deadline",
            "reminders_enabled",
            "quota_kind",
            "quota_value",
            "exemplar_count",
            "reference_date",
            "require_full_member",
            "min_party_years",
            "discipline_lookback_years",
            "min_assessment_grade",
            "exclude_previous_exemplars",
            "min_reviewers",
            "public_weight",
            "min_satisfaction",
            "min_responses",
            "spread_threshold",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "nominating_deadline": DateTimeInput(),
            "screening_deadline": DateTimeInput(),
            "reviewing_deadline": DateTimeInput(),
            "reference_date": DateInput(),
        }
        error_messages = {
            "public_weight": FRACTION_ERRORS,
            "min_satisfaction": FRACTION_ERRORS,
        }
        field_classes = {
            "opens_at": DateTimeField,
            "nominating_deadline": DateTimeField,
            "screening_deadline": DateTimeField,
            "reviewing_deadline": DateTimeField,
            "reference_date": DateField,
        }

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners.order_by("path")
        self.fields["owner"].label_from_instance = _indented_below_the_first()
        self.fields["year"].min_value = 2000
        quota = self.initial.get("quota_value")
        if quota is not None:
            # As typed: a fixed quota of 2 and a share of 12.5 %, not "2.00" and "12.50".
            self.initial["quota_value"] = as_typed(quota)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("基本信息"), "title", "year", "owner", "exemplar_count"),
            Fieldset(
                _("阶段时间"),
                "opens_at",
                "nominating_deadline",
                "screening_deadline",
                "reviewing_deadline",
                "reminders_enabled",
            ),
            Fieldset(_("推荐名额"), "quota_kind", "quota_value"),
            Fieldset(
                _("资格条件"),
                "reference_date",
                "require_full_member",
                "min_party_years",
                "discipline_lookback_years",
                "min_assessment_grade",
                "exclude_previous_exemplars",
            ),
            Fieldset(
                _("评审设置"),
                "min_reviewers",
                "public_weight",
                "min_satisfaction",
                "min_responses",
                "spread_threshold",
            ),
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise ValidationError(_("请输入有效的年度。"))
        return year

    def clean(self):
        cleaned = super().clean()
        order = ["opens_at", "nominating_deadline", "screening_deadline", "reviewing_deadline"]
        dates = [(name, cleaned.get(name)) for name in order if cleaned.get(name)]
        for (first, a), (second, b) in pairwise(dates):
            if b <= a:
                self.add_error(
                    second,
                    _("应晚于“%(other)s”。") % {"other": self.fields[first].label},
                )
        if cleaned.get("quota_kind") == QuotaKind.RATIO and (cleaned.get("quota_value") or 0) > 100:
            self.add_error("quota_value", _("比例不能超过 100%。"))
        return cleaned


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("阶段"),
        choices=Phase.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    reason = forms.CharField(
        label=_("回退理由"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, offered=None, **kwargs):
        """``offered``: the phases the select lists (``phases.phase_options``); a posted form
        takes any phase, and the service says why a move is refused."""
        super().__init__(*args, **kwargs)
        if offered is not None:
            self.fields["phase"].choices = [(p, Phase(p).label) for p in offered]

    def clean_phase(self):
        phase = self.cleaned_data["phase"]
        if phase not in PHASE_ORDER:
            raise ValidationError(_("未知的阶段。"))
        return phase


def organization_tree_choices(organizations):
    """Select options grouped by the tree: one ``<optgroup>`` per 党(工)委 holding it and its
    subtree, names indented by their depth below it; organisations above every 党委 (the
    city, a district) come first in a group of their own."""
    organizations = list(organizations.order_by("path"))
    committees = [org for org in organizations if org.kind == OrgKind.COMMITTEE]
    top: list[tuple[int, str]] = []
    groups: dict[int, list[tuple[int, str]]] = {c.pk: [] for c in committees}
    for org in organizations:
        head = next((c for c in committees if org.path.startswith(c.path)), None)
        if head is None:
            top.append((org.pk, org.name))
        else:
            groups[head.pk].append((org.pk, "\u3000" * (org.depth - head.depth) + org.name))
    choices: list = [("", "---------")]
    if top:
        choices.append((_("上级党组织"), top))
    choices += [(c.name, groups[c.pk]) for c in committees]
    return choices


class QuotaOverrideForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("党组织"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("名额方式"), choices=QuotaKind.choices)
    value = forms.DecimalField(label=_("名额"), min_value=0, max_digits=6, decimal_places=2)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        # Grouped by the tree for the eye; the queryset alone decides what is valid.
        self.fields["organization"].widget.choices = organization_tree_choices(organizations)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == QuotaKind.RATIO and (cleaned.get("value") or 0) > 100:
            self.add_error("value", _("比例不能超过 100%。"))
        return cleaned


def _indented_below_the_first():
    """A label of an organisation indented by its depth below the first one labelled: the
    choices come in tree order (by path), so the first is the top of the user's subtree, and the
    tree reads as on the quota's list."""
    top = []

    def label(organization) -> str:
        if not top:
            top.append(organization.depth)
        return "\u3000" * max(organization.depth - top[0], 0) + organization.name

    return label
