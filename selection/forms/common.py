"""Pieces the selection forms share: limits, date inputs and the ticked-ids field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

REASON_MAX_LENGTH = 2000
#: The most a long text of a nomination (deeds, evidence, the branch's opinion) may hold.
TEXT_MAX_LENGTH = 20000


def text_errors(label, required=None) -> dict:
    """The messages of a text left empty or too long, naming the field ``label`` in place of
    Django's wording ("确保该变量包含不超过 300 字符")."""
    return {
        "required": required or format_lazy(_("请填写“{}”。"), label),
        "max_length": format_lazy(
            _("“{}”不超过 %(limit_value)d 字（现有 %(show_value)d 字）。"), label
        ),
    }


def choice_errors(required, invalid=None) -> dict:
    """The messages of a choice left empty and of one not offered (the same when only one is
    given), in place of Django's wording, which names no field."""
    return {"required": required, "invalid_choice": invalid or required}


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
