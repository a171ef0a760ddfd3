"""Forms of a nomination: the secretary's form, attachments and the screening decisions."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.fields import DateField, DateInput
from config.wording import listing
from members import personal_data
from members.models import Member

from .. import uploads
from ..choices import IntegrityVerdict
from ..models import SUMMARY_MAX_LENGTH, Nomination
from ..services import CONTENT_FIELDS
from .common import REASON_MAX_LENGTH, TEXT_MAX_LENGTH, IdListField, choice_errors, text_errors


def file_dropped(form: forms.Form, name: str, *, errors) -> bool:
    """A file was chosen for ``form``'s field ``name`` but the page comes back with ``errors``:
    nothing was saved, and no browser keeps a chosen file in the form it shows again. False
    when the file itself was refused: its own error says so at the field."""
    return bool(form.is_bound and errors and form.files.get(name)) and name not in form.errors


def earliest_branch_meeting(campaign) -> datetime.date:
    """The earliest plausible date of the branch meeting that recommends a member for
    ``campaign``: 1 January of its year (2026 年度: 2026-01-01), or of the year it opened for
    nominations if earlier. Before that it is a slip (1900-01-01) or another year's meeting."""
    year = campaign.year
    if campaign.opens_at is not None:
        year = min(year, timezone.localtime(campaign.opens_at).year)
    return datetime.date(year, 1, 1)


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
        fields = list(CONTENT_FIELDS)  # what the service writes; the photo is its own field
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

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The campaign the nomination is for: a new one's is not on the instance yet.
        self.campaign = campaign or (self.instance.campaign if self.instance.campaign_id else None)
        for name in self.LONG_TEXTS:
            self.fields[name].max_length = TEXT_MAX_LENGTH
            self.fields[name].widget.attrs.setdefault("maxlength", TEXT_MAX_LENGTH)
        # The summary's limit is checked by clean_deeds_summary, counted as the browser counts
        # and in the words of the other texts; Django's check (from the model's max_length)
        # would speak first, in its own words.
        summary = self.fields["deeds_summary"]
        summary.validators = [
            check for check in summary.validators if not isinstance(check, MaxLengthValidator)
        ]
        self.fields["photo"].widget.attrs.update(uploads.browser_checks(photo=True))
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

    @property
    def photo_dropped(self) -> bool:
        """A photo was chosen but the form came back with errors elsewhere: nothing was saved,
        and no browser keeps a chosen file in the form it shows again."""
        return file_dropped(self, "photo", errors=self.errors)

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
                self.add_error(name, self._too_long(name, TEXT_MAX_LENGTH, len(value)))
        return cleaned

    def _too_long(self, name: str, limit: int, length: int) -> str:
        return _("%(field)s不超过 %(max)d 字（现为 %(n)d 字）。") % {
            "field": self.fields[name].label,
            "max": limit,
            "n": length,
        }

    def clean_deeds_summary(self):
        summary = self.cleaned_data["deeds_summary"].strip().replace("\r\n", "\n")
        if len(summary) > SUMMARY_MAX_LENGTH:
            raise ValidationError(self._too_long("deeds_summary", SUMMARY_MAX_LENGTH, len(summary)))
        # The summary goes on the public notice as typed (DESIGN.md: personal data never on a
        # public page): refused here, where the secretary can still change it. A new
        # nomination's member is not the form's yet: only numbers shaped like a phone or an ID.
        member = self.instance.member if self.instance.member_id else Member()
        if found := personal_data.found_in(summary, member):
            raise ValidationError(
                gettext("主要事迹摘要将在公示中公开，请删去其中的个人信息：%(found)s。")
                % {"found": listing(f"{item.kind} {item.masked}" for item in found)}
            )
        return summary

    def clean_branch_meeting_date(self):
        """The branch's meeting recommended the member: it has been held, not in the future,
        and for this campaign, not before it (``earliest_branch_meeting``)."""
        held = self.cleaned_data.get("branch_meeting_date")
        if held and held > timezone.localdate():
            raise ValidationError(
                _("支部会议日期（%(date)s）晚于今天，请填写已召开会议的日期。") % {"date": held}
            )
        earliest = earliest_branch_meeting(self.campaign) if self.campaign else None
        if held and earliest and held < earliest:
            raise ValidationError(
                _(
                    "支部会议日期（%(date)s）早于本次评选（%(year)s 年度），"
                    "请填写推荐本人的支部会议的日期（不早于 %(earliest)s）。"
                )
                % {"date": held, "year": self.campaign.year, "earliest": earliest}
            )
        return held

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # Cleaned here, so a refused image is the field's error and the rest stays as typed.
        return uploads.clean_photo(photo) if photo else None


class AttachmentForm(forms.Form):
    """A file for the nomination; on the edit page it is posted with the nomination's form
    (``along``), whose errors leave it unsaved."""

    file = forms.FileField(
        label=_("附件"),
        help_text=_("PDF、JPG、PNG 或 DOCX，每个不超过 10 MB，最多 10 个。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"},
        ),
        # Pressed "upload" without a file, most often after the browser took out one of
        # another type (static/js/upload-check.js): say what to choose, not "required".
        error_messages={"required": _("请选择一个 PDF、JPG、PNG 或 DOCX 文件。")},
    )

    def __init__(self, *args, along: forms.Form | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.along = along
        self.fields["file"].widget.attrs.update(uploads.browser_checks(photo=False))

    @property
    def dropped(self) -> bool:
        """A file was chosen but the nomination's form came back with errors."""
        return self.along is not None and file_dropped(self, "file", errors=self.along.errors)

    def clean_file(self):
        _kind, upload = uploads.clean_attachment(self.cleaned_data["file"])
        return upload


def not_kept(form: NominationForm, upload: AttachmentForm | None = None) -> list[str]:
    """The files chosen on the nomination's form (and the attachment posted with it) that were
    not kept, for the message at the top: said at their fields too, but a secretary who reads
    the message alone submits next without the photo."""
    sentences = []
    if form.photo_dropped:
        sentences.append(gettext("所选照片未保存，请修正后重新选择。"))
    if upload is not None and upload.dropped:
        sentences.append(gettext("所选附件未上传，请修正后重新选择。"))
    return sentences


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=text_errors(_("理由")),
    )


class EligibleForm(forms.Form):
    override_reason = forms.CharField(
        label=_("例外说明"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=_("仅当有资格规则未通过而确需例外时填写，将记入审计日志。"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=text_errors(_("例外说明")),
    )


class BulkEligibleForm(forms.Form):
    """The screening queue's ticked nominations, declared eligible together (rules all passed;
    an override needs its written reason on the nomination's own page)."""

    nominations = IdListField(max_items=100)


class IntegrityOpinionForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("廉洁意见"),
        choices=IntegrityVerdict.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors(_("请选择廉洁意见（同意或一票否决）。")),
    )
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("理由不超过 %(limit_value)d 字。")},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("verdict") == IntegrityVerdict.VETO
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("一票否决须写明理由。"))
        return cleaned
