"""What the apps tell the audit pages about the events they record: ``audit`` is used by every
app and uses none (STYLE.md, "Apps own domains"), so each app registers, from its own
``audit.py`` that its ``AppConfig.ready()`` imports, what only it knows: the labels of its verb
group, the choices naming the codes its events record, the models whose fields they record,
and how to read back what their ids name. As an app registers its models with the admin site.

:mod:`audit.verbs`, :mod:`audit.labels` and :mod:`audit.changes` read only :data:`trail`.
Each thing is registered once: a second registration of the same verb, group or key raises,
so no label has two places."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models


class AlreadyRegistered(Exception):
    """Raised when a second app (or the same one twice) registers what one already has."""


def _add(into: dict, key, value, what: str) -> None:
    if key in into and into[key] is not value:
        raise AlreadyRegistered(f"{what} {key!r} is already registered")
    into[key] = value


def _mask_all(contact: str) -> str:
    # Until the app that knows how masks registers: nothing of a contact shows.
    return "*" * len(contact or "")


class Trail:
    """The registry the apps fill once, while Django starts (``ready()``); read-only after."""

    def __init__(self) -> None:
        #: Verb group (the part before the dot) -> its name, for the filter's headings.
        self.groups: dict[str, Any] = {}
        #: Verb -> its label, named as an event.
        self.verbs: dict[str, Any] = {}
        #: Key -> {verb group or "*": choices naming the codes it holds in that group's events}.
        self.values: dict[str, dict[str, Any]] = {}
        #: Key -> choices naming the codes that key a mapping it holds (a card's scores).
        self.inner_keys: dict[str, Any] = {}
        #: Key -> a function from ids (as text) to the codes they name, for mappings older rows
        #: keyed by id.
        self.inner_ids: dict[str, Callable[[set[str]], dict[str, str]]] = {}
        #: Verb group -> {key: label}, where a key means something else in that group's events.
        self.keys_by_group: dict[str, dict[str, Any]] = {}
        #: Verb group -> the model whose fields its events record by name.
        self.fields_of: dict[str, type[models.Model]] = {}
        #: ``app_label.model`` -> choices naming the code its objects' stored name begins with.
        self.named_by_code: dict[str, Any] = {}
        #: The model of organisations, and a function from paths and ids to their names.
        self.organization_model: type[models.Model] | None = None
        self.organization_names: Callable[[set[str], set[int]], dict[str | int, str]] = (
            lambda paths, ids: {}
        )
        #: How a contact someone gave shows in the trail.
        self.mask_contact: Callable[[str], str] = _mask_all

    def group(self, prefix: str, name, verbs: dict[str, Any]) -> None:
        """The verb group ``prefix`` (its name) and its verbs' labels, each ``prefix.…``."""
        _add(self.groups, prefix, name, "verb group")
        for verb, label in verbs.items():
            if verb.split(".", 1)[0] != prefix:
                raise ValueError(f"verb {verb!r} is not of the group {prefix!r}")
            _add(self.verbs, verb, label, "verb")

    def codes(self, key: str, choices, *, group: str = "*") -> None:
        """The codes ``key`` holds in events of ``group`` ("*": any group) named by ``choices``."""
        _add(self.values.setdefault(key, {}), group, choices, f"codes of {key!r} in group")

    def inner_codes(
        self,
        key: str,
        choices,
        *,
        by_id: Callable[[set[str]], dict[str, str]] | None = None,
    ) -> None:
        """A mapping under ``key`` is keyed by codes ``choices`` names (in older rows by ids,
        which ``by_id`` reads back to their codes)."""
        _add(self.inner_keys, key, choices, "inner codes of key")
        if by_id is not None:
            _add(self.inner_ids, key, by_id, "ids of key")

    def key_in_group(self, group: str, key: str, label) -> None:
        """``key`` means ``label`` in events of ``group``, whatever it means elsewhere."""
        _add(self.keys_by_group.setdefault(group, {}), key, label, f"key of group {group!r}")

    def fields(self, group: str, model: type[models.Model]) -> None:
        """Events of ``group`` record fields of ``model`` by name."""
        _add(self.fields_of, group, model, "fields of group")

    def named_by(self, model: type[models.Model], choices) -> None:
        """``model``'s objects are stored by name as "<label of a code> #<id>"."""
        _add(self.named_by_code, model._meta.label_lower, choices, "names of")

    def organizations(
        self,
        model: type[models.Model],
        names: Callable[[set[str], set[int]], dict[str | int, str]],
    ) -> None:
        """Organisations are ``model``'s; ``names(paths, ids)`` gives each one's name by its path
        and by its id, in one query."""
        if self.organization_model is not None:
            raise AlreadyRegistered("organisations are already registered")
        self.organization_model, self.organization_names = model, names

    def contacts(self, mask: Callable[[str], str]) -> None:
        """How a contact someone gave is masked in the trail."""
        if self.mask_contact is not _mask_all:
            raise AlreadyRegistered("the masking of contacts is already registered")
        self.mask_contact = mask

    def ids_of(self, key: str, ids: Iterable[str]) -> dict[str, str]:
        """The codes the ids (as text) keying a mapping under ``key`` name."""
        ids = set(ids)
        return self.inner_ids[key](ids) if ids and key in self.inner_ids else {}


#: The one registry: the apps fill it, the audit pages read it.
trail = Trail()
