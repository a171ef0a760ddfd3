"""Forms of the selection app: they validate input; services decide."""

from __future__ import annotations

from itertools import pairwise

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.fields import DateField, DateTimeField
from members.choices import OrgKind
from members.models import Organization

from . import uploads
from .choices import PHASE_ORDER, IntegrityVerdict, Phase, QuotaKind
from .models import SUMMARY_MAX_LENGTH, CalendarDay, Campaign, ExemplarProfile, Nomination

REASON_MAX_LENGTH = 2000
#: The most a long text of a nomination (deeds, evidence, the branch's opinion) may hold.
TEXT_MAX_LENGTH = 20000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


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
        field_classes = {
            "opens_at": DateTimeField,
            "nominating_deadline": DateTimeField,
            "screening_deadline": DateTimeField,
            "reviewing_deadline": DateTimeField,
            "reference_date": DateField,
        }

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["year"].min_value = 2000
        quota = self.initial.get("quota_value")
        if quota is not None and quota == int(quota):
            self.initial["quota_value"] = int(quota)  # a fixed quota of 2, not "2.00"
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


class NominationForm(forms.ModelForm):
    """Every field may stay empty in a draft; submitting checks completeness."""

    photo = forms.FileField(
        label=_("照片"),
        required=False,
        help_text=_("JPG 或 PNG，不超过 5 MB；近期正面免冠照片。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    class Meta:
        model = Nomination
        fields = [
            "deeds_summary",
            "deeds",
            "evidence_political",
            "evidence_performance",
            "evidence_public",
            "evidence_integrity",
            "branch_opinion",
            "branch_meeting_date",
        ]
        widgets = {
            "deeds_summary": forms.Textarea(attrs={"rows": 4, "maxlength": SUMMARY_MAX_LENGTH}),
            "deeds": forms.Textarea(attrs={"rows": 10}),
            "evidence_political": forms.Textarea(attrs={"rows": 4}),
            "evidence_performance": forms.Textarea(attrs={"rows": 4}),
            "evidence_public": forms.Textarea(attrs={"rows": 4}),
            "evidence_integrity": forms.Textarea(attrs={"rows": 4}),
            "branch_opinion": forms.Textarea(attrs={"rows": 3}),
            "branch_meeting_date": DateInput(),
        }
        field_classes = {"branch_meeting_date": DateField}
        help_texts = {
            "deeds_summary": _("不超过 300 字，将用于公示。"),
        }

    #: The long texts and the limit the page shows for each (``maxlength``), checked here too.
    LONG_TEXTS = (
        "deeds",
        "evidence_political",
        "evidence_performance",
        "evidence_public",
        "evidence_integrity",
        "branch_opinion",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LONG_TEXTS:
            self.fields[name].max_length = TEXT_MAX_LENGTH
            self.fields[name].widget.attrs.setdefault("maxlength", TEXT_MAX_LENGTH)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("主要事迹"), "deeds_summary", "deeds"),
            Fieldset(
                _("“四好”事实依据"),
                "evidence_political",
                "evidence_performance",
                "evidence_public",
                "evidence_integrity",
            ),
            Fieldset(_("支部意见"), "branch_opinion", "branch_meeting_date"),
            Fieldset(_("照片"), "photo"),
        )

    def clean(self):
        """The long texts within the limit the page shows, counted as the browser counts
        (a line break is one character; browsers send it as two)."""
        cleaned = super().clean()
        for name in self.LONG_TEXTS:
            value = cleaned.get(name)
            if not value:
                continue
            value = cleaned[name] = value.replace("\r\n", "\n")
            if len(value) > TEXT_MAX_LENGTH:
                self.add_error(
                    name,
                    _("%(field)s不超过 %(max)d 字（现为 %(n)d 字）。")
                    % {
                        "field": self.fields[name].label,
                        "max": TEXT_MAX_LENGTH,
                        "n": len(value),
                    },
                )
        return cleaned

    def clean_deeds_summary(self):
        summary = self.cleaned_data["deeds_summary"].strip().replace("\r\n", "\n")
        if len(summary) > SUMMARY_MAX_LENGTH:
            raise ValidationError(
                _("摘要不超过 %(max)d 字（现为 %(n)d 字）。")
                % {"max": SUMMARY_MAX_LENGTH, "n": len(summary)}
            )
        return summary

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            uploads.validate_photo(photo)
        return photo or None


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("附件"),
        help_text=_("PDF、JPG、PNG 或 DOCX，每个不超过 10 MB，最多 10 个。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"},
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.validate_attachment(upload)
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EligibleForm(forms.Form):
    override_reason = forms.CharField(
        label=_("例外说明"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=_("仅当有资格规则未通过而确需例外时填写，将记入审计日志。"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


#: The largest value of a ``BigAutoField`` (a larger one would overflow the database's bigint).
LARGEST_ID = 2**63 - 1


class IdListField(forms.Field):
    """Record ids ticked in a list (``name=…`` repeated), each a positive integer that fits a
    64-bit primary key, at most ``max_items``; duplicates dropped, order kept."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("请至少勾选一条。"),
        "invalid": _("所选记录无效，请刷新页面后重试。"),
        "too_many": _("一次最多处理 %(max)d 条。"),
    }

    def __init__(self, *, max_items: int, **kwargs):
        self.max_items = max_items
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            ids = [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if any(pk <= 0 or pk > LARGEST_ID for pk in ids):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        ids = list(dict.fromkeys(ids))
        if len(ids) > self.max_items:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": self.max_items}
            )
        return ids


class BulkEligibleForm(forms.Form):
    """The screening queue's ticked nominations, declared eligible together (rules all passed;
    an override needs its written reason on the nomination's own page)."""

    nominations = IdListField(max_items=100)


class IntegrityOpinionForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("廉洁意见"), choices=IntegrityVerdict.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("verdict") == IntegrityVerdict.VETO
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("一票否决须写明理由。"))
        return cleaned


class ObjectionForm(forms.Form):
    """实名 objection: name and contact required, 20–2000 characters of text."""

    nomination = forms.ModelChoiceField(label=_("被反映人"), queryset=Nomination.objects.none())
    name = forms.CharField(label=_("您的姓名"), max_length=50)
    contact = forms.CharField(
        label=_("联系方式"), max_length=100, help_text=_("电话或地址，便于核实反馈。")
    )
    text = forms.CharField(
        label=_("反映内容"),
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("20 至 2000 字，请反映具体事实。"),
    )
    # A field people do not see (hidden by CSS); robots fill it in.
    website = forms.CharField(
        label=_("网站"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = nominations
        self.fields["nomination"].label_from_instance = lambda n: (
            f"{n.member.name}（{n.branch.name}）"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class NoticeForm(forms.Form):
    starts_on = DateField(label=_("公示开始日期"), widget=DateInput())
    working_days = forms.IntegerField(label=_("公示工作日数"), min_value=5, max_value=30, initial=5)
    contact = forms.CharField(label=_("受理联系方式"), max_length=200)


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("dismissed", _("不予采纳")), ("upheld", _("查实，撤销推荐"))],
    )
    reason = forms.CharField(
        label=_("处理意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    investigator = forms.CharField(label=_("调查核实人"), max_length=100)
    finding = forms.CharField(
        label=_("调查核实情况"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("答复反映人"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsentForm(forms.Form):
    wording = forms.CharField(
        label=_("告知与同意文本"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProfileForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    class Meta:
        model = ExemplarProfile
        fields = ["title", "summary", "story", "tags", "organization", "year"]
        widgets = {
            "story": forms.Textarea(attrs={"rows": 12}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            uploads.validate_photo(photo)
        return photo or None


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "note"]
        widgets = {"date": DateInput()}
        field_classes = {"date": DateField}
