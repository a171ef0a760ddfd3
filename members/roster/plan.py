"""A roster's rows read into values, and what a check makes of them: the problems found (row,
column, value, what is wrong) and the plan of what an import would create and update.

Nothing here writes. ``checks`` fills a plan; ``apply`` carries out a plan with no problems."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist

from .. import scope
from ..choices import Role
from ..models import Member, Organization
from . import problems
from .columns import COLUMNS, Cells, Column, Kind, date, labels, text

CHUNK = 5000


@dataclass
class Problem:
    """What is wrong with one cell: its ``code`` and ``params`` (``problems.MESSAGES``), put
    into words again when shown; ``message`` is those words in the language of the check."""

    row: int
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict)
    message: str = ""

    def __post_init__(self):
        if not self.message:
            self.message = problems.message(self.code, self.params)


#: How many updates a preview lists field by field (the counts cover them all).
UPDATES_SHOWN = 200


@dataclass
class Plan:
    kind: str
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    #: Every change the plan makes, as it was and as it will be (see :meth:`change`).
    changes: Any = field(default_factory=hashlib.sha256, repr=False, compare=False)
    #: The first updates as the preview lists them (see :meth:`show_update`).
    shown: list[dict] = field(default_factory=list, repr=False, compare=False)

    def problem(self, row: int, column: Column | str, value, code: str, /, **params) -> None:
        """Note the problem ``code`` (``problems.MESSAGES``, with its ``params``) of a cell."""
        header = column.header if isinstance(column, Column) else column
        self.problems.append(Problem(row, header, text(value), code, params))

    def change(self, *parts) -> None:
        """Note one create or update with the stored values it replaces: two checks of a file
        with the same :attr:`digest` would write the same changes over the same data."""
        self.changes.update(repr(parts).encode())

    def show_update(self, row: int, key: str, name: str, fields: list[tuple]):
        """Keep one update of the row ``row`` (the member number or organisation code ``key``,
        its name) for the preview: each field changed as ``(column, stored, new)`` in words,
        personal data masked. A new value None is a change not shown (personal data masked
        alike): said by the code ``masked_alike``, in ``coded``, put into words for each
        reader (``problems.shown_change``). The first ``UPDATES_SHOWN`` only."""
        if len(self.shown) >= UPDATES_SHOWN:
            return
        coded = {column: "masked_alike" for column, _stored, new in fields if new is None}
        fields = [
            (column, stored, problems.message(coded[column]) if column in coded else new)
            for column, stored, new in fields
        ]
        update = {"row": row, "key": key, "name": name, "fields": fields}
        if coded:
            update["coded"] = coded
        self.shown.append(update)

    @property
    def digest(self) -> str:
        """What an import of the plan would do, in short: the preview shows a plan, and a
        confirmation applies it only if the check at import time finds the same."""
        counts = (self.total, len(self.creates), len(self.updates), self.unchanged)
        return hashlib.sha256(repr(counts).encode() + self.changes.digest()).hexdigest()

    @property
    def ok(self) -> bool:
        return not self.problems

    def sort_problems(self, columns: list[Column]) -> None:
        """The problems in the sheet's order: by row, then by column (a check that needs the
        whole file, such as a duplicate number, finds its problems before the rows' own)."""
        order = {column.header: index for index, column in enumerate(columns)}
        self.problems.sort(key=lambda p: (p.row, order.get(p.column, len(order))))

    def problem_dicts(self, limit: int | None = None) -> list[dict]:
        chosen = self.problems if limit is None else self.problems[:limit]
        return [asdict(p) for p in chosen]


class Scope:
    """Where the importing admin may write: their admin subtrees (everywhere for the first load
    from the command line)."""

    def __init__(self, user=None, *, everywhere: bool = False):
        self.everywhere = everywhere
        self.prefixes = [] if everywhere else scope.paths(user, Role.ADMIN)

    def covers(self, path: str) -> bool:
        return self.everywhere or any(path.startswith(prefix) for prefix in self.prefixes)


def chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def beating(rows: list, beat: Callable[[], None] | None):
    """``rows`` one by one, calling ``beat`` (the run's heartbeat, if any) before each chunk."""
    for chunk in chunks(rows):
        if beat is not None:
            beat()
        yield from chunk


def parse_cell(column: Column, raw, most: int | None = None) -> tuple:
    """``(value, None)``, or ``(None, (code, params))`` of what is wrong (``problems``): one
    cell of ``column``, text of at most ``most`` characters."""
    if column.kind == "date":
        try:
            value = date(raw)
        except ValueError:
            return None, ("date_format", {})
    elif column.kind == "choice":
        value = text(raw)
        known = labels(column.choices)
        if value and value not in known:
            options = [k for k in known if k not in column.choices.values]
            return None, ("not_a_choice", {"options": options})
        value = known.get(value, "")
    else:
        value = text(raw)
        if most is not None and len(value) > most:
            return None, ("too_long", {"most": most, "count": len(value)})
    if column.required and value in ("", None):
        return None, ("required", {})
    return value, None


class RowParser:
    """A roster's rows parsed into values, the problems going to the plan. A cell of a column
    whose values recur (a date, a choice, a branch's code) is parsed once per distinct value,
    not once per row: 100,000 rows are 1.4 million cells, and most of them repeat."""

    def __init__(self, plan: Plan, kind: str):
        self.plan, self.columns = plan, COLUMNS[kind]
        # The rows are ``cells_for(kind)``: their cells are in the columns' order.
        self.parsed = [{} if column.repeats else None for column in self.columns]
        self.limits = [_length_held(kind, column) for column in self.columns]

    def values(self, number: int, cells: Cells, skip: tuple = ()) -> dict:
        """The row's values by field: an unusable cell's problem goes to the plan and its value
        is None, so that the row's other checks still run (every problem of a row is told at
        once). Fields in ``skip`` are None, untold."""
        values = {}
        for column, raw, parsed, most in zip(
            self.columns, cells, self.parsed, self.limits, strict=True
        ):
            if skip and column.field in skip:
                values[column.field] = None
                continue
            if parsed is None:
                value, message = parse_cell(column, raw, most)
            else:  # 1, 1.0 and True are equal keys: the type is part of a non-text key
                key = raw if type(raw) is str else (type(raw), raw)
                found = parsed.get(key)
                if found is None:
                    found = parsed[key] = parse_cell(column, raw, most)
                value, message = found
            values[column.field] = value
            if message is not None:
                code, params = message
                self.plan.problem(number, column, raw, code, **params)
        return values


def _length_held(kind: str, column: Column) -> int | None:
    """The characters the field a text column is written to holds: a longer cell is a problem
    told at the check, not the database's refusal at the import. None for the columns that
    name another row (an organisation's code) and are checked as such."""
    if column.kind != "text":
        return None
    model = Member if kind == Kind.MEMBERS else Organization
    try:
        return getattr(model._meta.get_field(column.field), "max_length", None)
    except FieldDoesNotExist:
        return None


def duplicates(plan: Plan, rows: list[tuple[int, Cells]], column: Column) -> set[int]:
    seen: dict[str, int] = {}
    repeated = set()
    for number, cells in rows:
        key = text(cells.get(column.field))
        if not key:
            continue
        if key in seen:
            plan.problem(number, column, key, "duplicate", row=seen[key])
            repeated.add(number)
        else:
            seen[key] = number
    return repeated
