"""An audit event's before/after as the auditor reads it: each value in words, with the labels
of :mod:`audit.labels` (its keys, its coded values); a contact masked, an organisation by its
name, a moment in local time, a decimal as it was typed. A value not understood shows as it is
stored, so an old row always reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.wording import as_typed

from .labels import INNER_KEYS, KEYS, KEYS_BY_GROUP, codes, field_of, label
from .registry import trail

#: Keys recorded as a moment (``isoformat``, in UTC): shown in local time, to the minute, as
#: every other time of the audit log.
MOMENTS = {"deadline", "created_at", "archived_at", "expires_at"}

#: Keys holding someone's contact: shown and exported masked (rows recorded before the trail
#: kept them masked hold it in full, and an audit row is never rewritten).
CONTACTS = {"answer_sent_to"}

#: Keys holding organisation paths (a report's scope): shown by the organisation's name, as is
#: a field naming an organisation (a campaign's owner, recorded by its id).
ORGANIZATION_PATHS = {"scope"}

YES_NO = {True: _("是"), False: _("否")}
#: A value recorded empty (an empty reason, a cleared date), told apart from a side that does
#: not record the key at all.
EMPTY = pgettext_lazy("audit change", "（空）")


def _moment(verb: str, key: str) -> bool:
    if key in MOMENTS:
        return True
    return key not in KEYS and isinstance(field_of(verb, key), models.DateTimeField)


def _decimal(verb: str, key: str) -> bool:
    """A decimal, read as typed: a field's, or a number of points under a criterion's code (a
    review's maximums saved, ``review.criteria_saved``) or in a card's scores (``INNER_KEYS``,
    by code or, in older rows, by the criterion's id)."""
    if key in INNER_KEYS or (verb.startswith("review.") and key in KEYS_BY_GROUP.get("review", {})):
        return True
    return key not in KEYS and isinstance(field_of(verb, key), models.DecimalField)


def shown(verb: str, key: str, value, *, known: Known | None = None) -> str | None:
    """``value`` (of ``key`` in an event of ``verb``) as text: a known code by its label, a
    yes/no in words, a list or a mapping as comma-separated text, an empty one (or an empty
    text) as "（空）", a contact masked, an organisation by its name, a decimal field's value as
    typed (:func:`as_typed`); ``None`` stays ``None``.
    ``known``: what the events' ids and paths name (:func:`known_of`), looked up here when not
    given."""
    if value is None:
        return None
    if _empty(value):
        return str(EMPTY)
    if isinstance(value, bool):
        return str(YES_NO[value])
    if key in CONTACTS and isinstance(value, str):
        return masked(value, key)
    if known is None:
        known = known_of([(verb, None, {key: value})])
    if (isinstance(value, str) and key in ORGANIZATION_PATHS) or _organization_id(verb, key, value):
        return known.organizations.get(value, str(value))
    if key == "fields" and isinstance(value, list):  # the names of the fields a change wrote
        return ", ".join(label(str(name), verb) for name in value)
    if isinstance(value, list | tuple):
        return ", ".join(
            "—" if item is None else shown(verb, key, item, known=known) for item in value
        )
    if isinstance(value, dict):
        names = _inner_names(key, value, known.codes)
        if names:  # in the order of their choices: PostgreSQL's jsonb keeps keys in its own
            order = [str(name) for _code, name in INNER_KEYS[key]]
            value = dict(
                sorted(
                    value.items(),
                    key=lambda item: (
                        order.index(names[str(item[0])]) if str(item[0]) in names else len(order)
                    ),
                )
            )
        return ", ".join(
            f"{names.get(str(inner)) or label(str(inner), verb)}: "
            f"{'—' if item is None else _inner(verb, key, str(inner), item, known)}"
            for inner, item in value.items()
        )
    if isinstance(value, str) and _moment(verb, key):
        moment = parse_datetime(value)
        if moment is not None and timezone.is_aware(moment):
            return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
    if isinstance(value, str) and _decimal(verb, key):
        return as_typed(value)
    named = codes(verb, key)
    return str(named.get(value, value)) if isinstance(value, str) else str(value)


def _inner(verb: str, key: str, inner: str, item, known: Known) -> str:
    """A value inside ``key``'s mapping: a card's score as typed whatever keys it."""
    if isinstance(item, str) and _decimal(verb, key):
        return as_typed(item)
    return shown(verb, inner, item, known=known)


def _inner_names(key: str, value: dict, by_id: dict[str, dict[str, str]]) -> dict[str, str]:
    """The labels of the codes keying ``value`` when ``key`` holds such a mapping
    (``INNER_KEYS``); an id, as in an older card's scores, by the code it names (``by_id``)."""
    choices = dict(INNER_KEYS.get(key, ()))
    if not choices:
        return {}
    ids = by_id.get(key, {})
    code_of = {str(inner): ids.get(str(inner), str(inner)) for inner in value}
    return {inner: str(choices[code]) for inner, code in code_of.items() if code in choices}


class Known(NamedTuple):
    """What the ids and paths of a set of events name, read once for the whole set (a page of
    the trail, a chunk of its export), not once a row: the code of each criterion older cards'
    scores name by id (by the key holding the mapping, then the id as text); each
    organisation's name by its path and its id."""

    codes: dict[str, dict[str, str]]
    organizations: dict[str | int, str]


def known_of(events: Iterable[tuple[str, Any, Any]], paths: Iterable[str] = ()) -> Known:
    """What the before/after of these ``(verb, before, after)`` name, and the organisations of
    ``paths`` (the events' own): one query for the criteria, one for the organisations, each
    only when something names one (each app's lookup, :data:`audit.registry.trail`)."""
    ids: dict[str, set[str]] = {}
    org_paths, org_ids = set(paths) - {""}, set()
    for verb, *sides in events:
        for side in sides:
            for key, inner in _inner_ids("", side):
                ids.setdefault(key, set()).add(inner)
            _organizations(verb, "", side, org_paths, org_ids)
    codes_by_id = {key: trail.ids_of(key, found) for key, found in ids.items()}
    organizations = trail.organization_names(org_paths, org_ids) if org_paths or org_ids else {}
    return Known(codes_by_id, organizations)


def _organization_id(verb: str, key: str, value) -> bool:
    # A field naming an organisation, recorded by its id (``audit.services.jsonable``).
    if not isinstance(value, int) or isinstance(value, bool) or key in KEYS:
        return False
    field = field_of(verb, key)
    return field is not None and field.related_model is trail.organization_model


def _organizations(verb: str, key: str, value, paths: set, ids: set) -> None:
    # Wherever :func:`shown` reads an organisation, nested or in a list.
    if isinstance(value, dict):
        for inner, item in value.items():
            _organizations(verb, str(inner), item, paths, ids)
    elif isinstance(value, list | tuple):
        for item in value:
            _organizations(verb, key, item, paths, ids)
    elif isinstance(value, str) and key in ORGANIZATION_PATHS:
        paths.add(value)
    elif _organization_id(verb, key, value):
        ids.add(value)


def _inner_ids(key: str, value) -> Iterable[tuple[str, str]]:
    # Wherever :func:`shown` reads a mapping under an INNER_KEYS key, nested or in a list.
    if isinstance(value, dict):
        if key in INNER_KEYS:
            yield from ((key, str(inner)) for inner in value if str(inner).isdigit())
        for inner, item in value.items():
            yield from _inner_ids(str(inner), item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _inner_ids(key, item)


def masked(side, key: str = ""):
    """A before or after side (or the value of ``key`` in one) as the auditor reads and exports
    it: each contact (``CONTACTS``) masked, whenever it was recorded; anything else as stored."""
    if isinstance(side, dict):
        return {inner: masked(item, str(inner)) for inner, item in side.items()}
    if isinstance(side, list):
        return [masked(item, key) for item in side]
    if key in CONTACTS and isinstance(side, str):
        return trail.mask_contact(side)
    return side


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def rows(
    verb: str, before, after, *, known: Known | None = None
) -> list[tuple[str, str | None, str | None]]:
    """The change key by key, as the auditor reads it: ``(label, before, after)``, ``None``
    where a side does not record the key, "（空）" where it records an empty value, a contact
    masked. A key empty or absent on both sides is left out. A side that is not a mapping shows
    under the key "—". ``known``: as :func:`shown` takes it."""
    if known is None:
        known = known_of([(verb, before, after)])

    def as_mapping(side):
        if side is None:
            return {}
        return side if isinstance(side, dict) else {"—": side}

    def side(values: dict, key: str) -> str | None:
        if key not in values:
            return None
        if values[key] is None:
            return str(EMPTY)
        return shown(verb, key, values[key], known=known)

    old, new = as_mapping(before), as_mapping(after)
    keys = list(old) + [key for key in new if key not in old]
    return [
        (label(key, verb), side(old, key), side(new, key))
        for key in keys
        if not (_empty(old.get(key)) and _empty(new.get(key)))
    ]


def of_page(events) -> list[tuple]:
    """Each of a page's events with its change in words (:func:`rows`): what their ids and
    paths name (:func:`known_of`) looked up once for the whole page."""
    events = list(events)
    known = known_of((event.verb, event.before, event.after) for event in events)
    return [(event, rows(event.verb, event.before, event.after, known=known)) for event in events]
