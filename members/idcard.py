"""Mainland resident ID numbers (GB 11643): checksum and validation."""

from __future__ import annotations

import datetime
import operator
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
#: ASCII digits only (``\d`` takes any script's digits, ``int`` reads them too).
_PATTERN = re.compile(r"^[0-9]{17}[0-9X]$")


def check_digit(first17: str) -> str:
    if len(first17) != len(_WEIGHTS):
        raise ValueError(first17)
    return _CHECK[sum(map(operator.mul, map(int, first17), _WEIGHTS)) % 11]


def make_id_number(
    region: str, birth_date: datetime.date, sequence: int, gender: str | None = None
) -> str:
    """A well-formed 18-digit number (for demo data and tests). With ``gender`` ("M" or "F"),
    the sequence's last digit is made odd for a man, even for a woman, as the standard has it."""
    sequence %= 1000
    if gender is not None and sequence % 2 != (gender == "M"):
        sequence ^= 1
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def gender_of(value: str) -> str:
    """The gender a valid 18-digit number encodes: "M" (17th digit odd) or "F"."""
    return "M" if int(value[16]) % 2 else "F"


def is_valid_id_number(value: str) -> bool:
    value = (value or "").upper()
    if not _PATTERN.match(value):
        return False
    try:  # the birth date, YYYYMMDD (strptime was half the time of this check, 100,000 a roster)
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return check_digit(value[:17]) == value[17]
