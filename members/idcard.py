"""Mainland resident ID numbers (GB 11643): checksum and validation."""

from __future__ import annotations

import datetime
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def make_id_number(region: str, birth_date: datetime.date, sequence: int) -> str:
    """A well-formed 18-digit number (for demo data and tests)."""
    first17 = f"{region}{birth_date:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_digit(first17)


def is_valid_id_number(value: str) -> bool:
    value = (value or "").upper()
    if not _PATTERN.match(value):
        return False
    try:
        datetime.datetime.strptime(value[6:14], "%Y%m%d")
    except ValueError:
        return False
    return check_digit(value[:17]) == value[17]
