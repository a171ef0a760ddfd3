"""Optimistic concurrency for the forms that edit a record in place: the nomination's edit form,
the campaign's edit form and the reviewer's scorecard (with its autosave).

A form carries, hidden, the version of the record it was loaded from (``FIELD``). The service
that saves locks the row and, in the same transaction, refuses a save made from another version
than the row's (``StaleEdit``: nothing written), or moves the row to the next version. A second
browser tab opened before the first one saved thus cannot silently put back what the first one
changed: its user is told, keeps what they typed, and may compare and save again.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.converters import is_number

from .errors import SelectionError

#: The name of the hidden field, in every form and in the autosave's answer.
FIELD = "version"

#: What a form posted with a version that is not one (typed by hand): never a row's version,
#: so the save is refused as made from an old page.
NOT_A_VERSION = 0


def version_field() -> models.PositiveIntegerField:
    """The version counter of a record edited through a form. ``db_default`` lets rows that an
    older release inserts during a rolling upgrade (it does not know the column) start at 1."""
    return models.PositiveIntegerField(
        gettext_lazy("版本"), default=1, db_default=1, editable=False
    )


class StaleEdit(SelectionError):
    """A save refused because the record changed since the form was loaded. ``version`` is the
    record's version now (the form shown again carries it, so that saving again is a choice
    made knowingly); ``changed_at`` when it last changed (None when the row does not say)."""

    def __init__(self, version: int, changed_at: datetime.datetime | None):
        super().__init__(
            _("内容已在另一个窗口或由他人修改，本次没有保存，请打开当前版本核对后再保存。"),
            status=409,
        )
        self.version = version
        self.changed_at = changed_at


def differing(form, record) -> list[str]:
    """The labels of the fields whose value in ``form`` (validated, as refused) differs from the
    record as it is now (read again): what saving the page again would change, so that its user
    sees what the other save wrote before putting theirs in its place. Files and fields that
    are not the record's own are left out."""
    cleaned = getattr(form, "cleaned_data", None)
    if not cleaned:
        return []
    current = type(record).objects.filter(pk=record.pk).first()
    if current is None:
        return []
    own = {
        field.name
        for field in type(record)._meta.get_fields()
        if field.concrete and not field.many_to_many and not isinstance(field, models.FileField)
    }
    return [
        str(form.fields[name].label)
        for name, value in cleaned.items()
        if name in own and getattr(current, name) != value
    ]


def posted_version(data) -> int | None:
    """The version a posted form was loaded from. None when the form has no such field: a page
    served before versions existed (open across an upgrade) or a client that does not take
    part; its save goes ahead unchecked, as it always did, rather than refusing every tab left
    open across a release (and, with the old pages' scripts, losing an autosave silently)."""
    raw = data.get(FIELD)
    if raw is None:
        return None
    raw = raw.strip()
    if not is_number(raw) or len(raw) > 9:
        return NOT_A_VERSION
    return int(raw)


def check_version(locked, seen: int | None) -> int:
    """The rule, for a save about to write ``locked`` (its row locked by the caller, in the
    saving transaction): refuse (``StaleEdit``) when the form was loaded from another version;
    otherwise move ``locked`` to the next version, returned, which the caller saves with the
    row (``FIELD`` among its ``update_fields``). ``seen`` None: not checked (``posted_version``),
    the version moves all the same so that the forms open elsewhere learn of the change."""
    if seen is not None and seen != locked.version:
        raise StaleEdit(locked.version, getattr(locked, "updated_at", None))
    locked.version += 1
    return locked.version
