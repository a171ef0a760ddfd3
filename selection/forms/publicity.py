"""Forms of the public notice (公示), objections, consent and exemplar profiles."""

from __future__ import annotations

import re
import unicodedata

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.fields import DateField, DateInput

from .. import uploads, workdays
from ..models import CalendarDay, ExemplarProfile, Nomination
from ..revocations import MAX_NOTICE_DAYS
from .campaigns import organization_tree_choices
from .common import REASON_MAX_LENGTH, choice_errors, text_errors

#: A telephone number as people write it: digits, perhaps a leading +, dashes and spaces.
PHONE = re.compile(r"\+?[0-9][0-9 -]*", re.ASCII)
PHONE_DIGITS = (7, 20)


def check_contact(value: str) -> str:
    """A telephone number (7 to 20 digits; +, - and spaces allowed) or an e-mail address,
    full-width characters typed by an input method made plain; else a ValidationError."""
    value = unicodedata.normalize("NFKC", value).strip()
    digits = sum(ch.isdigit() for ch in value)
    if PHONE.fullmatch(value) and PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return value
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(
            _("请填写电话号码（7 至 20 位数字）或电子邮箱地址。"), code="contact"
        ) from None
    return value


#: An objection's text holds this many characters besides punctuation and spaces (its length,
#: 20 at least, counts them too).
MIN_WORDS = 10


class ObjectionForm(forms.Form):
    """实名 objection: name and contact (a telephone number or an e-mail address) required,
    20–2000 characters of text."""

    nomination = forms.ModelChoiceField(
        label=_("被反映人"),
        queryset=Nomination.objects.none(),
        error_messages=choice_errors(_("请选择被反映人。"), _("所选被反映人不在本次公示名单中。")),
    )
    name = forms.CharField(
        label=_("您的姓名"),
        max_length=50,
        error_messages=text_errors(_("您的姓名"), _("请填写您的姓名（实名反映）。")),
    )
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=100,
        help_text=_("电话号码或电子邮箱地址，便于核实反馈；留电子邮箱的，处理结果将通过邮件答复。"),
        error_messages=text_errors(_("联系方式")),
    )
    text = forms.CharField(
        label=_("反映内容"),
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("20 至 2000 字，请反映具体事实。"),
        error_messages={
            **text_errors(_("反映内容")),
            "min_length": _("反映内容至少 %(limit_value)d 字（现有 %(show_value)d 字）。"),
        },
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
            _("%(name)s（%(branch)s）")
            % {
                "name": n.member.name,
                "branch": n.branch.name,
            }
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_contact(self) -> str:
        return check_contact(self.cleaned_data["contact"])

    def clean_text(self) -> str:
        """At least ``MIN_WORDS`` characters that are not punctuation or spaces: twenty full
        stops are no account of facts to look into."""
        text = self.cleaned_data["text"]
        words = sum(character.isalnum() for character in text)
        if words < MIN_WORDS:
            raise forms.ValidationError(
                ngettext(
                    "请写明具体事实：反映内容除标点和空格外至少 %(limit)d 字。",
                    "请写明具体事实：反映内容除标点和空格外至少 %(limit)d 字。",
                    MIN_WORDS,
                )
                % {"limit": MIN_WORDS}
            )
        return text


class NoticeForm(forms.Form):
    starts_on = DateField(
        label=_("公示开始日期"),
        widget=DateInput(),
        error_messages={
            "required": _("请填写公示开始日期。"),
            "invalid": _("公示开始日期不是有效的日期。"),
        },
    )
    working_days = forms.IntegerField(
        label=_("公示工作日数"),
        min_value=5,
        max_value=30,
        initial=5,
        error_messages={
            "required": _("请填写公示工作日数。"),
            "invalid": _("公示工作日数须为整数。"),
            "min_value": _("公示工作日数不少于 %(limit_value)s 个工作日。"),
            "max_value": _("公示工作日数不超过 %(limit_value)s 个工作日。"),
        },
    )
    contact = forms.CharField(
        label=_("受理联系方式"),
        max_length=200,
        error_messages=text_errors(_("受理联系方式")),
    )

    def clean_starts_on(self):
        """Not before today: a notice backdated would end before anyone could object. (The
        service takes any date: the demo data and the tests build past years' notices.)"""
        starts_on = self.cleaned_data["starts_on"]
        today = timezone.localdate()
        if starts_on < today:
            raise ValidationError(
                _("公示开始日期不能早于今天（%(today)s）：公示期须让群众有时间反映情况。"),
                params={"today": today.isoformat()},
                code="past",
            )
        return starts_on

    def clean(self):
        """The period's working days can be counted: every year it reaches has its holiday
        arrangement in the calendar (``workdays.unknown_years``). Said at the start date."""
        cleaned = super().clean()
        starts_on, working_days = cleaned.get("starts_on"), cleaned.get("working_days")
        if starts_on is None or working_days is None:
            return cleaned
        unknown = workdays.unknown_years(starts_on, workdays.end_after(starts_on, working_days))
        if unknown:
            self.add_error(
                "starts_on",
                ValidationError(
                    _(
                        "%(year)s 年的节假日与调休安排尚未录入，无法计算工作日："
                        "请先在“节假日与调休”中录入。"
                    ),
                    params={"year": unknown[0]},
                    code="calendar_unknown",
                ),
            )
        return cleaned


def _text(label, *, max_length: int, rows: int = 0) -> forms.CharField:
    """A required text of the objection's resolution, its messages naming it."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages=text_errors(label),
    )


class ResolveForm(forms.Form):
    """处理 an objection. No decision is preset: the admin chooses one."""

    decision = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("", _("请选择…")), ("dismissed", _("不予采纳")), ("upheld", _("查实，撤销推荐"))],
        error_messages=choice_errors(_("请选择处理结果。")),
    )
    investigator = _text(_("调查核实人"), max_length=100)
    finding = _text(_("调查核实情况"), max_length=2000, rows=2)
    reason = _text(_("处理意见"), max_length=2000, rows=2)
    answer = _text(_("答复反映人"), max_length=2000, rows=2)


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
        # Django's own wording names no field ("确保该变量包含不超过 300 字符").
        error_messages = {
            "title": text_errors(_("标题")),
            "summary": text_errors(_("简介")),
            "story": text_errors(_("事迹全文")),
            "tags": text_errors(_("领域标签")),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        # The tree, as on the campaign's page (the queryset alone decides what is valid).
        self.fields["organization"].widget.choices = organization_tree_choices(organizations)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # Cleaned here, so a refused image is the field's error and the rest stays as typed.
        return uploads.clean_photo(photo) if photo else None


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "note"]
        widgets = {"date": DateInput()}
        field_classes = {"date": DateField}


class RevokeForm(forms.Form):
    """撤销荣誉: the reason (kept for the record, never shown publicly), the decision's document
    reference, and how many days the public notice page shows it. One per finalist on the
    page: ``auto_id`` tells their fields apart."""

    reason = forms.CharField(
        label=_("撤销理由"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=text_errors(_("撤销理由")),
    )
    document = forms.CharField(
        label=_("撤销决定文号"), max_length=100, error_messages=text_errors(_("撤销决定文号"))
    )
    notice_days = forms.IntegerField(
        label=_("公告天数"),
        min_value=0,
        max_value=MAX_NOTICE_DAYS,
        help_text=_(
            "撤销荣誉公告在公示列表页上显示的天数；填 0 则不发布撤销荣誉公告。"
            "已发布的公示名单不变：此人仍在其中，标注“已撤销荣誉”。"
        ),
        error_messages={
            "required": _("请填写公告天数（0 则不发布撤销荣誉公告）。"),
            "invalid": _("公告天数须为整数。"),
            "min_value": _("公告天数不能少于 %(limit_value)s 天。"),
            "max_value": _("公告天数不超过 %(limit_value)s 天。"),
        },
    )
