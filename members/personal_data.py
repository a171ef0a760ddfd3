"""Personal data (phone, ID number, birth date) found in free text meant for the public, such as
an exemplar's story: the member's own, in whatever way it was typed, and anything shaped like a
mainland mobile number or ID number. What is found is given masked (``masking``), to be named in
a message without repeating it."""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from typing import NamedTuple

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .masking import mask_birth_date, mask_id_number, mask_phone
from .models import Member

#: A mainland mobile number, maybe after +86 and with spaces or hyphens (138 1234 5678).
MOBILE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d(?:[ -]?\d){8})(?!\d)")
#: An ID number: 17 digits and a digit or X, maybe split as region, birth date, the rest.
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx])(?![\dA-Za-z])")
#: What people put between the digits of a number they type: spaces, hyphens, brackets.
SEPARATORS = r"[\s\-()（）]*"


class Found(NamedTuple):
    #: What it is, e.g. 本人联系电话 or 手机号码.
    kind: str
    masked: str


def plain_text(text: str) -> str:
    """The text a reader sees: no tags, entities decoded, full-width digits and letters made
    plain (１３８ is 138), as a number is searched in it."""
    return unicodedata.normalize("NFKC", html.unescape(strip_tags(text or "")))


def _digits(value: str) -> str:
    return re.sub(r"[^\dXx]", "", value or "").upper()


def _number_pattern(number: str) -> re.Pattern:
    """``number`` (digits, maybe an X) however its digits were spaced, not as part of a longer
    number."""
    spaced = SEPARATORS.join(re.escape(digit) for digit in number)
    return re.compile(rf"(?<![\dXx]){spaced}(?![\dXx])", re.IGNORECASE)


def _birth_date_pattern(day: datetime.date) -> re.Pattern:
    """1990-03-07, 1990年3月7日, 1990.3.7, 1990/03/07 or 19900307, not inside a longer number
    (an ID number, reported as such)."""
    y, m, d = day.year, day.month, day.day
    separated = rf"{y}\s*(?:年|[-./])\s*0?{m}\s*(?:月|[-./])\s*0?{d}(?:日|号)?"
    return re.compile(rf"(?<!\d)(?:{separated}|{y}{m:02d}{d:02d})(?!\d)")


def found_in(text: str, member: Member) -> list[Found]:
    """The personal data in ``text`` (HTML or plain): the member's own phone, ID number and
    full birth date, then any other ID or mobile number, each once, masked."""
    rest = plain_text(text)
    own: list[Found] = []
    others: list[Found] = []
    seen = set()
    # ID numbers first, each then taken out of the text: the birth date inside one, or eleven
    # of its digits that look like a mobile number, are no finding of their own.
    id_number = _digits(member.id_number)
    if len(id_number) >= 15:
        rest, count = _number_pattern(id_number).subn(" ", rest)
        if count:
            own.append(Found(_("本人身份证号"), mask_id_number(id_number)))
            seen.add(id_number)
    for match in ID_NUMBER.finditer(rest):
        if (number := _digits(match.group(1))) not in seen:
            seen.add(number)
            others.append(Found(_("身份证号"), mask_id_number(number)))
    rest = ID_NUMBER.sub(" ", rest)
    phone = _digits(member.phone)
    if len(phone) >= 7 and _number_pattern(phone).search(rest):
        own.insert(0, Found(_("本人联系电话"), mask_phone(phone)))
        seen.add(phone)
    if member.birth_date and _birth_date_pattern(member.birth_date).search(rest):
        own.append(Found(_("本人出生日期"), mask_birth_date(member.birth_date)))
    for match in MOBILE.finditer(rest):
        if (number := _digits(match.group(1))) not in seen:
            seen.add(number)
            others.append(Found(_("手机号码"), mask_phone(number)))
    return own + others
