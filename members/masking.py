"""Masking of personal data (phone, ID number, birth date) for display and export."""

from __future__ import annotations

import datetime

from audit.services import record

MASK = "*"


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; short values keep only their last two characters."""
    if not phone:
        return ""
    if len(phone) >= 7:
        return phone[:3] + MASK * (len(phone) - 7) + phone[-4:]
    return MASK * max(len(phone) - 2, 0) + phone[-2:]


def mask_id_number(id_number: str) -> str:
    """``110101199003071234`` → ``110***********1234`` (region prefix and last four kept)."""
    if not id_number:
        return ""
    if len(id_number) <= 7:
        return MASK * len(id_number)
    return id_number[:3] + MASK * (len(id_number) - 7) + id_number[-4:]


def mask_birth_date(birth_date: datetime.date | None) -> str:
    """Only the year of birth is shown unmasked: ``1990-**-**``."""
    if birth_date is None:
        return ""
    return f"{birth_date.year}-**-**"


def mask_contact(contact: str) -> str:
    """A contact someone gave (a telephone number or an e-mail address): an e-mail address
    keeps the first character of its name and its domain, ``w***@example.org``; anything else
    is masked as a phone number."""
    name, at, domain = (contact or "").rpartition("@")
    if at and name:
        return f"{name[0]}{MASK * 3}@{domain}"
    return mask_phone(contact)


def is_masked(value: str) -> bool:
    return MASK in (value or "")


def revealed(request, *, may: bool, verb: str, target, org_path: str, after=None) -> bool:
    """Whether a page shows personal data in full: the user ``may`` (an admin over it) and
    asked for it (``?reveal=1``); each time it does, it is audited as ``verb``."""
    if not (may and request.method == "GET" and request.GET.get("reveal") == "1"):
        return False
    record(verb, actor=request.user, target=target, org_path=org_path, after=after, request=request)
    return True
