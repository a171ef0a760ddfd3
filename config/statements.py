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

An argument is an ``int`` or a ``str``, a list of them (``[int]``, ``[str]``: ``__in``), or
``PREFIXES``, strings matched with ``__startswith`` (a user's organisation paths, see
``members.scope.prefixes_q``). A list's length is part of the statement's shape: each shape is
built once, and an empty list that rules every row out runs no query, as in the ORM. The
queryset may hold constants as well (``state__in=...``): its parameters that are not a
placeholder are kept as they were. Every argument must reach the SQL as given — one that
another lookup rewrites (``__contains`` adds ``%``) is refused when the statement is first run,
so a statement cannot silently ignore an argument. ``limit`` and ``offset`` are appended (the
offset as a parameter) or, for a ``paged`` statement, handed to its build, which cuts the page
before its joins (``config.paging``); ``counted_page`` reads a page and the number of all the
rows in one query. Prefetches are not supported.
On PostgreSQL a statement is also prepared on each connection the first time it runs there
(``DATABASE_PREPARED_STATEMENTS``, on by default; PREPARE is set-up, like the connection, and
not counted among a request's queries), and PostgreSQL plans it once instead of on every
request: the reviewer queue's page, five tables joined, took 2 ms to plan and 0.6 ms to run
on the benchmark's machine. Arguments are typed (``bigint``, ``text``), and an integer no
column can hold matches nothing, as in the ORM. A statement PostgreSQL refuses to prepare is
logged and run unprepared.

Tests compare each statement's results with its queryset's (``tests/config/test_statements.py``
and the callers' own tests).
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

logger = logging.getLogger(__name__)

#: The kind of an argument holding strings that the queryset matches with ``__startswith``
#: (organisation paths): each is escaped and given its ``%`` on every call, as Django does.
PREFIXES = "prefixes"

_KINDS = {int: (int, False), str: (str, False), PREFIXES: (str, True)}


#: Placeholders are numbered across a statement's arguments and their items, in two sets (0 and
#: 1): a parameter is an argument exactly when it differs between the two builds. Integers stay
#: within every integer field's range: Django drops a comparison with a value a small-integer
#: column cannot hold (``EmptyResultSet``), and the argument with it.
_SPAN = 16_383


def _placeholder(kind: type, which: int, index: int) -> int | str:
    """Placeholder ``index`` of set ``which``. Strings hold no character a LIKE pattern
    escapes."""
    if index >= _SPAN:
        raise ImproperlyConfigured(f"a Statement takes at most {_SPAN} values at a time")
    if kind is int:
        return 1 + which * _SPAN + index
    return f"\x00statement-{which}-{index}\x00"


class _Kind:
    """One argument: ``int`` or ``str``; a list of them, ``[int]`` or ``[str]``; or
    ``PREFIXES``, a list of strings matched with ``__startswith``."""

    def __init__(self, kind) -> None:
        listed = isinstance(kind, list) and len(kind) == 1
        if listed:
            kind = kind[0]
        if not isinstance(kind, type | str) or kind not in _KINDS or (listed and kind is PREFIXES):
            raise ImproperlyConfigured(
                f"a Statement's arguments are int, str, [int], [str] or PREFIXES, not {kind!r}"
            )
        self.type, self.prefix = _KINDS[kind]
        self.listed = listed or self.prefix


def _placeholders(kinds: list[_Kind], shape: tuple, which: int) -> tuple[list, dict]:
    """The arguments to build with, and where each placeholder's parameter comes from:
    ``("arg", n, None)`` the n-th argument, ``("item", n, i)`` its i-th element, ``("prefix",
    n, i)`` that element as a LIKE pattern."""
    arguments, sources, index = [], {}, 0
    for n, (kind, length) in enumerate(zip(kinds, shape, strict=True)):
        if not kind.listed:
            value = _placeholder(kind.type, which, index)
            arguments.append(value)
            sources[value] = ("arg", n, None)
            index += 1
            continue
        values = [_placeholder(kind.type, which, index + item) for item in range(length)]
        arguments.append(values)
        for item, value in enumerate(values):
            if kind.prefix:
                sources[f"{value}%"] = ("prefix", n, item)
            else:
                sources[value] = ("item", n, item)
        index += length
    return arguments, sources


def _source(sources: dict, param) -> tuple:
    """Where a parameter that changes with the placeholders comes from; ``("?", …)`` when it
    is none of them as given (a lookup rewrote it)."""
    try:
        return sources[param]
    except (KeyError, TypeError):
        return ("?", param, None)


class _Compiled:
    """What one vendor's SQL needs on every call for arguments of one shape (the length of
    each list): the SQL, where each argument goes, and the compiler's description of the
    columns."""

    def __init__(self, build: Callable[..., QuerySet], kinds: list[_Kind], shape: tuple) -> None:
        arguments, sources = _placeholders(kinds, shape, 0)
        queryset, compiler, self.sql, params = self._build(build, arguments)
        *_, sql, other_params = self._build(build, _placeholders(kinds, shape, 1)[0])
        if sql != self.sql or len(params) != len(other_params):
            raise ImproperlyConfigured(f"a Statement's SQL depends on its values: {self.sql}")
        # each parameter: where it comes from (see _placeholders), or ("constant", value, None)
        self.slots = [
            _source(sources, param) if param != other else ("constant", param, None)
            for param, other in zip(params, other_params, strict=True)
        ]
        missing = set(sources.values()) - set(self.slots)
        unknown = any(source == "?" for source, *_ in self.slots)
        if self.sql is not None and (missing or unknown):
            raise ImproperlyConfigured(
                f"arguments {sorted(missing)} do not reach the SQL as given: {self.sql}"
            )
        self.compiler = compiler
        self.instances = queryset._iterable_class is ModelIterable
        if self.sql is None:
            return
        self.number = next(_numbers)
        # the arguments' types are given (an int as bigint: PostgreSQL would take the column's,
        # and a value a smallint cannot hold would be an error where the ORM finds no row);
        # the queryset's constants are left for PostgreSQL to infer
        self.types = [
            _PG_TYPES.get(kinds[n].type, "unknown") if source != "constant" else "unknown"
            for source, n, _item in self.slots
        ]
        self.pages: dict[int | None, _Prepared] = {
            None: _Prepared(f"portal_statement_{self.number}", self.sql, self.types)
        }
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )
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
            query = queryset.query
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            wanted = [
                *queryset._fields,
                *(name for name in query.annotation_select if name not in queryset._fields),
            ]
            if wanted != names:
                raise ImproperlyConfigured("a Statement's values_list must keep the SQL's order")

    @staticmethod
    def _build(build: Callable[..., QuerySet], arguments: list) -> tuple:
        queryset = build(*arguments)
        if queryset._prefetch_related_lookups:
            raise ImproperlyConfigured("a Statement cannot prefetch")
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ImproperlyConfigured("a Statement returns instances or values_list tuples")
        query = queryset.query
        if query.low_mark or query.high_mark is not None:
            raise ImproperlyConfigured("a Statement is sliced by its limit and offset")
        compiler = query.get_compiler(using=DEFAULT_DB_ALIAS)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # an empty list ruled every row out: no query to run
            sql, params = None, ()
        return queryset, compiler, sql, params

    def prepared(self, limit: int | None) -> _Prepared:
        """The statement, or a page of its rows: ``limit`` is written into the SQL (a page's
        size is the caller's constant, and PostgreSQL keeps one plan for a prepared statement
        only when it knows how many rows are wanted), the offset is a parameter."""
        found = self.pages.get(limit)
        if found is None:
            found = self.pages[limit] = _Prepared(
                f"portal_statement_{self.number}_{int(limit)}",
                f"{self.sql} LIMIT {int(limit)} OFFSET %s",
                [*self.types, "bigint"],
            )
        return found

    def params(self, args: Sequence, connection) -> list:
        found = []
        for source, n, item in self.slots:
            if source == "arg":
                found.append(args[n])
            elif source == "item":
                found.append(args[n][item])
            elif source == "prefix":
                found.append(f"{connection.ops.prep_for_like_query(args[n][item])}%")
            else:
                found.append(n)
        return found


_numbers = itertools.count(1)
_PG_TYPES = {int: "bigint", str: "text"}
#: What a database's integer can hold: an int argument beyond it matches no row, as in the ORM
#: (which drops the comparison), rather than failing in the driver.
_INTEGERS = range(-(2**63), 2**63)
_PREPARED = "_portal_prepared"  # on a DatabaseWrapper: the names prepared on its connection


class _Prepared:
    """One statement's SQL as PostgreSQL prepares it (``$1``… for Django's ``%s``)."""

    def __init__(self, name: str, sql: str, types: list[str]) -> None:
        self.name, self.sql, self.failed = name, sql, False
        numbers = itertools.count(1)
        text = re.sub(r"%[%s]", lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)
        self.text = f"({', '.join(types)}) AS {text}" if types else f"AS {text}"

    def execute(self, cursor, connection, params: list) -> None:
        """Run the statement, prepared on this connection first if it was not."""
        if self.failed or not _prepares(connection):
            cursor.execute(self.sql, params)
            return
        prepared = connection.__dict__.setdefault(_PREPARED, set())
        if self.name not in prepared:
            if not self._prepare(connection):
                cursor.execute(self.sql, params)
                return
            prepared.add(self.name)
        if params:
            cursor.execute(f"EXECUTE {self.name} ({', '.join(['%s'] * len(params))})", params)
        else:
            cursor.execute(f"EXECUTE {self.name}")

    def _prepare(self, connection) -> bool:
        """PREPARE on the driver's own cursor: set-up once per connection, like the connection
        itself, not one of a request's queries (nor counted as one). Inside a transaction it
        runs in a savepoint, so that a statement PostgreSQL refuses to prepare (a parameter of
        a type it cannot tell) is run unprepared from then on, and the transaction goes on."""
        savepoint = connection.in_atomic_block
        with connection.connection.cursor() as cursor:
            try:
                if savepoint:
                    cursor.execute("SAVEPOINT portal_prepare")
                cursor.execute(f"PREPARE {self.name} {self.text}")
                if savepoint:
                    cursor.execute("RELEASE SAVEPOINT portal_prepare")
            except connection.Database.Error:
                logger.warning("statement %s cannot be prepared", self.name, exc_info=True)
                if savepoint:
                    cursor.execute("ROLLBACK TO SAVEPOINT portal_prepare")
                self.failed = True
                return False
        return True


def _prepares(connection) -> bool:
    return connection.vendor == "postgresql" and settings.DATABASE_PREPARED_STATEMENTS


def _forget_prepared(sender, connection, **kwargs) -> None:
    """A new connection has nothing prepared (a closed one took its statements with it)."""
    connection.__dict__.pop(_PREPARED, None)


connection_created.connect(_forget_prepared, dispatch_uid="config.statements.forget_prepared")


def _fitting(kind: _Kind, argument):
    """The argument as it is sent: a list as a list, without integers no column holds; None
    for an integer no column holds (it matches nothing)."""
    if kind.listed:
        if kind.type is int:
            return [value for value in argument if value in _INTEGERS]
        return list(argument)
    if kind.type is int and argument not in _INTEGERS:
        return None
    return argument


def _sized(build: Callable[..., QuerySet], page_size: int, *args) -> QuerySet:
    """A paged statement's build, its page size given: the offset is the last argument."""
    return build(*args[:-1], page_size, args[-1])


#: The highest page number ``Statement.counted_page`` asks for (its offset stays a bigint).
_LAST_PAGE = 2**31


class Statement:
    """A read built by ``build(*placeholders)`` once per database vendor and shape of its
    arguments (see the module)."""

    def __init__(self, build: Callable[..., QuerySet], *kinds, paged: bool = False) -> None:
        self._build = build
        self._kinds = [_Kind(kind) for kind in kinds]
        #: ``paged``: ``build`` takes two more arguments, a page's size and offset, and reads that
        #: page itself (``config.paging.over_page``): ``rows(limit=, offset=)`` and
        #: ``counted_page`` hand them to it instead of appending LIMIT and OFFSET to its SQL. The
        #: size is written into the SQL (a statement is built for each), the offset is an
        #: argument.
        self._paged = paged
        if paged:
            self._kinds += [_Kind(int)]
        self._compiled = functools.cache(self._compile)

    def _compile(self, vendor: str, shape: tuple, page_size: int | None) -> _Compiled:
        build = self._build
        if page_size is not None:
            build = functools.partial(_sized, self._build, page_size)
        return _Compiled(build, self._kinds, shape)

    def _fetch(
        self, args: Sequence, limit: int | None, offset: int
    ) -> tuple[_Compiled | None, list]:
        """The compiled statement and its rows (None and no rows when an argument matches
        nothing)."""
        page_size = None
        if self._paged:
            if limit is None:
                raise TypeError("a paged statement reads a page: give its limit")
            args, page_size, limit = (*args, offset), int(limit), None
        if len(args) != len(self._kinds):
            raise TypeError(f"this statement takes {len(self._kinds)} argument(s)")
        args = [_fitting(kind, arg) for kind, arg in zip(self._kinds, args, strict=True)]
        if any(arg is None for arg in args):
            return None, []
        shape = tuple(
            len(arg) if kind.listed else None for kind, arg in zip(self._kinds, args, strict=True)
        )
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled(connection.vendor, shape, page_size)
        if compiled.sql is None:
            return compiled, []
        params = compiled.params(args, connection)
        if limit is not None:
            params.append(offset)
        with connection.cursor() as cursor:
            compiled.prepared(limit).execute(cursor, connection, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return compiled, rows

    def rows(self, *args: Any, limit: int | None = None, offset: int = 0) -> list[tuple]:
        """The rows as the queryset's ``values_list`` would give them (tuples)."""
        compiled, rows = self._fetch(args, limit, offset)
        if compiled is not None and compiled.instances:
            raise ImproperlyConfigured("this statement returns instances: use objects()")
        return [tuple(row) for row in rows]

    def objects(self, *args: Any, limit: int | None = None, offset: int = 0) -> list:
        """Model instances as the queryset would give them, with their ``select_related``
        objects and annotations."""
        compiled, rows = self._fetch(args, limit, offset)
        if compiled is not None and not compiled.instances:
            raise ImproperlyConfigured("this statement returns values: use rows()")
        return self._instances(compiled, rows)

    def results(self, *args: Any, limit: int | None = None, offset: int = 0) -> list:
        """What the queryset gives: instances, or ``values_list`` tuples."""
        compiled, rows = self._fetch(args, limit, offset)
        if compiled is not None and compiled.instances:
            return self._instances(compiled, rows)
        return [tuple(row) for row in rows]

    @staticmethod
    def _instances(compiled: _Compiled, rows: list) -> list:
        found = []
        for row in rows:
            instance = compiled.model.from_db(
                DEFAULT_DB_ALIAS, compiled.init_list, row[compiled.model_columns]
            )
            for populator in compiled.populators:
                populator.populate(row, instance)
            for name, position in compiled.annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def counted_page(
        self, *args: Any, number, per_page: int, count: Callable[[Any], int] | None = None
    ) -> Page:
        """Page ``number`` of the rows, for a statement whose last column tells the number of
        all its rows (``Window(Count("*"))``, or a summary ``count`` reads it from): the page and
        the count in one query, where the paginator's own count is a second pass over the same
        rows. The page's rows lack that column; ``page.summary`` is its value (None: no rows).
        ``number`` is a request's ``?page=``: not a number, or below 1, is the first page
        (``Paginator.get_page`` reads below 1 as the last); past the end (the list shrank since
        the link was made) is the last, which two more queries find."""
        count = count or int
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        wanted = min(wanted, _LAST_PAGE)
        rows = self.rows(*args, limit=per_page, offset=(wanted - 1) * per_page)
        if not rows and wanted > 1:
            rows = self.rows(*args, limit=1, offset=0)
            total = count(rows[0][-1]) if rows else 0
            if total:
                wanted = -(-total // per_page)
                rows = self.rows(*args, limit=per_page, offset=(wanted - 1) * per_page)
        summary = rows[0][-1] if rows else None
        if not rows:
            wanted = 1
        paginator = Paginator((), per_page)
        paginator.count = count(summary) if rows else 0
        page = Page([row[:-1] for row in rows], wanted, paginator)
        page.summary = summary
        return page

    def page_source(self, *args: Any) -> Rows:
        """The rows as a sliceable list for Django's ``Paginator``, read a page at a time; the
        caller sets the paginator's ``count`` (it knows it, or has a statement for it)."""
        return Rows(self, args)


class Rows:
    """A statement's rows, read a slice at a time (one query per slice)."""

    def __init__(self, statement: Statement, args: tuple) -> None:
        self._statement, self._args = statement, args

    def __getitem__(self, part: slice) -> list:
        if not isinstance(part, slice) or part.step is not None or part.stop is None:
            raise TypeError("Rows are read a page at a time")
        start = part.start or 0
        return self._statement.results(*self._args, limit=part.stop - start, offset=start)
