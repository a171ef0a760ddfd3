from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .tokens import LIFETIMES


class TokenForm(forms.Form):
    label = forms.CharField(
        label=_("用途说明"), max_length=100, help_text=_("如：干部信息系统同步")
    )
    days = forms.TypedChoiceField(
        label=_("有效期"),
        coerce=int,
        choices=[(days, format_lazy(_("{days} 天"), days=days)) for days in LIFETIMES],
        initial=90,
    )
    can_write = forms.BooleanField(label=_("允许写入（名册导入，仅管理员）"), required=False)
