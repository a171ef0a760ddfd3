"""Reads whose SQL the ORM writes once per database, then run with each call's values.

A list page asks the same few questions on every request, differing only in their values (the
reviewer, the campaign, the page). Writing a query's SQL from its queryset cost the ORM 0.5–2 ms
of Python a query on the benchmark's machine, as much as two to four whole trivial responses,
and the signed-in pages ask three to six. A :class:`Statement` builds its queryset once per
database vendor with placeholder values, keeps the SQL and the compiler, and on each call runs
that SQL with the call's values and turns the rows into what the queryset would have returned
(tuples for ``values_list``, model instances with their ``select_related`` objects and
annotations otherwise), through the compiler's own converters.

    _CARDS = Statement(
        lambda reviewer: Scorecard.objects.filter(reviewer_id=reviewer).values_list("state"),
        int,
    )
    _CARDS.rows(user.pk, limit=50, offset=0)

The queryset may hold constants as well (``state__in=...``): its parameters that are not a
placeholder are kept as they were. Every argument must reach the SQL as given — one that a
lookup rewrites (``__startswith`` adds ``%``) is refused when the statement is first run, so a
statement cannot silently ignore an argument. ``limit`` and ``offset`` are appended as
parameters (the ORM would write a page's numbers into the SQL). Prefetches are not supported.
Tests compare each statement's results with its queryset's (``tests/config/test_statements.py``
and the callers' own tests).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

#: The placeholder of the n-th argument: values no caller passes, told apart by position.
_PLACEHOLDER = {int: lambda n: -7_000_001 - n, str: lambda n: f"\x00statement-argument-{n}\x00"}


class _Compiled:
    """What one vendor's SQL needs on every call: the SQL, where each argument goes, and the
    compiler's description of the columns."""

    def __init__(self, queryset: QuerySet, placeholders: tuple) -> None:
        if queryset._prefetch_related_lookups:
            raise ImproperlyConfigured("a Statement cannot prefetch")
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ImproperlyConfigured("a Statement returns instances or values_list tuples")
        query = queryset.query
        if query.low_mark or query.high_mark is not None:
            raise ImproperlyConfigured("a Statement is sliced by its limit and offset")
        compiler = query.get_compiler(using=DEFAULT_DB_ALIAS)
        self.sql, params = compiler.as_sql()
        # each parameter: ``(True, n)`` for the n-th argument, ``(False, value)`` for a constant
        self.slots = [
            (True, placeholders.index(param))
            if type(param) in _PLACEHOLDER and param in placeholders
            else (False, param)
            for param in params
        ]
        used = {slot for is_argument, slot in self.slots if is_argument}
        if used != set(range(len(placeholders))):
            missing = sorted(set(range(len(placeholders))) - used)
            raise ImproperlyConfigured(
                f"argument(s) {missing} do not reach the SQL unchanged: {self.sql}"
            )
        self.compiler = compiler
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )
        self.instances = queryset._iterable_class is ModelIterable
        if self.instances:
            klass_info = compiler.klass_info
            fields = klass_info["select_fields"]
            self.model = klass_info["model"]
            self.model_columns = slice(fields[0], fields[-1] + 1)
            self.init_list = [
                column[0].target.attname for column in compiler.select[self.model_columns]
            ]
            self.annotations = list(compiler.annotation_col_map.items())
            self.populators = get_related_populators(klass_info, compiler.select, DEFAULT_DB_ALIAS)
        elif queryset._fields:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            wanted = [
                *queryset._fields,
                *(name for name in query.annotation_select if name not in queryset._fields),
            ]
            if wanted != names:
                raise ImproperlyConfigured("a Statement's values_list must keep the SQL's order")

    def params(self, args: Sequence) -> list:
        return [args[slot] if is_argument else slot for is_argument, slot in self.slots]


class Statement:
    """A read built by ``build(*placeholders)`` once per database vendor (see the module)."""

    def __init__(self, build: Callable[..., QuerySet], *kinds: type) -> None:
        unknown = [kind for kind in kinds if kind not in _PLACEHOLDER]
        if unknown:
            raise ImproperlyConfigured(f"a Statement's arguments are int or str, not {unknown}")
        self._build = build
        self._placeholders = tuple(_PLACEHOLDER[kind](n) for n, kind in enumerate(kinds))
        self._kinds = kinds
        self._compiled = functools.cache(self._compile)

    def _compile(self, vendor: str) -> _Compiled:
        return _Compiled(self._build(*self._placeholders), self._placeholders)

    def _fetch(self, args: Sequence, limit: int | None, offset: int) -> tuple[_Compiled, list]:
        if len(args) != len(self._kinds):
            raise TypeError(f"this statement takes {len(self._kinds)} argument(s)")
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled(connection.vendor)
        sql, params = compiled.sql, compiled.params(args)
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return compiled, rows

    def rows(self, *args: Any, limit: int | None = None, offset: int = 0) -> list[tuple]:
        """The rows as the queryset's ``values_list`` would give them (tuples)."""
        compiled, rows = self._fetch(args, limit, offset)
        if compiled.instances:
            raise ImproperlyConfigured("this statement returns instances: use objects()")
        return [tuple(row) for row in rows]

    def objects(self, *args: Any, limit: int | None = None, offset: int = 0) -> list:
        """Model instances as the queryset would give them, with their ``select_related``
        objects and annotations."""
        compiled, rows = self._fetch(args, limit, offset)
        if not compiled.instances:
            raise ImproperlyConfigured("this statement returns values: use rows()")
        model, columns = compiled.model, compiled.model_columns
        found = []
        for row in rows:
            instance = model.from_db(DEFAULT_DB_ALIAS, compiled.init_list, row[columns])
            for populator in compiled.populators:
                populator.populate(row, instance)
            for name, position in compiled.annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def page_source(self, *args: Any) -> Rows:
        """The rows as a sliceable list for Django's ``Paginator`` (give it the count)."""
        return Rows(self, args)


class Rows:
    """A statement's rows, read a slice at a time (one query per slice)."""

    def __init__(self, statement: Statement, args: tuple) -> None:
        self._statement, self._args = statement, args

    def __getitem__(self, part: slice) -> list[tuple]:
        if not isinstance(part, slice) or part.step is not None or part.stop is None:
            raise TypeError("Rows are read a page at a time")
        start = part.start or 0
        return self._statement.rows(*self._args, limit=part.stop - start, offset=start)
