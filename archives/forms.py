from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ArchiveForm(forms.Form):
    """Archiving cannot be undone: the admin confirms by typing the campaign's year."""

    confirm = forms.IntegerField(
        label=_("确认年度"),
        min_value=1900,
        max_value=2999,
        help_text=_("归档后本活动只能查看、不能修改。请输入活动年度以确认。"),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean_confirm(self) -> int:
        value = self.cleaned_data["confirm"]
        if value != self.campaign.year:
            raise forms.ValidationError(_("输入的年度与活动年度不符，未归档。"))
        return value
