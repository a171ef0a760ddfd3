"""Form fields of the portal's own."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (YYYY-MM-DD) whatever the language:
    the zh-hans input formats start with YYYY/MM/DD, which the picker rejects, and a form
    saved again would then lose the date."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, its value ISO (YYYY-MM-DDTHH:MM) for the same
    reason."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateField(forms.DateField):
    """Django's DateField within the years a portal's date can mean (1900–2199): a date at the
    ends of what Python can hold (0001-01-01, 9999-12-31) is refused with a message instead of
    overflowing later (a day added, a time zone applied: a 500)."""

    FIRST = datetime.date(1900, 1, 1)
    LAST = datetime.date(2199, 12, 31)

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not self.FIRST <= day <= self.LAST:
            raise forms.ValidationError(
                _("日期须在 %(first)s 至 %(last)s 之间。"),
                code="out_of_range",
                params={"first": self.FIRST.isoformat(), "last": self.LAST.isoformat()},
            )
        return day


class DateTimeField(forms.DateTimeField):
    """Django's DateTimeField within the same years as :class:`DateField`."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and not DateField.FIRST <= moment.date() <= DateField.LAST:
            raise forms.ValidationError(
                _("日期须在 %(first)s 至 %(last)s 之间。"),
                code="out_of_range",
                params={"first": DateField.FIRST.isoformat(), "last": DateField.LAST.isoformat()},
            )
        return moment
