"""A queryset read over one page of rows instead of its whole table: ``over_page``.

A list page sorts all its rows, keeps 50, and shows each with what it joins (the member, the
branch, an opinion) and what it looks up (the records). Written as one queryset, PostgreSQL
works out the joined and looked-up columns of every row it passes on the way to the page:
page 10 of the screening queue (``OFFSET 450``) looked up 500 members' records to show 50,
3.6 ms against 0.7 ms for page 1 (the statement alone, on the benchmark's city). What it
should run is a derived table — the page of 50 first, then the joins on those 50 only:

    SELECT … FROM (SELECT id, member_id, … ORDER BY … LIMIT 50 OFFSET %s) selection_nomination
    JOIN members_member … ORDER BY …

The ORM cannot write a derived table, but its compiler takes each entry of a query's FROM
clause from ``Query.alias_map`` and compiles it (``SQLCompiler.get_from_clause``). Here the
entry of the queryset's own table is replaced by the page's SQL under the table's name, so the
queryset's columns, joins and subqueries read the page as they would read the table; the page
must select every column of the table they read. The SQL is the same on SQLite and
PostgreSQL. The page's size is written into the SQL, its offset is a parameter:
``Statement(..., paged=True)`` (``config/statements.py``) builds a statement per page size. With
the size a parameter as well, PostgreSQL's one plan for the prepared statement guessed a tenth
of the reviewer's 1,250 cards and hashed all 6,500 nominations to join them (0.53 ms against
0.23 ms).
"""

from __future__ import annotations

from django.db.models import Expression, Field, QuerySet
from django.db.models.sql.datastructures import BaseTable


class _PageTable(BaseTable):
    """The FROM entry of a queryset's own table, read as a page of ``page``'s rows."""

    def __init__(self, table: BaseTable, page: QuerySet, limit, offset) -> None:
        super().__init__(table.table_name, table.table_alias)
        self.page, self.limit, self.offset = page, limit, offset

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        sql, params = self.page.query.get_compiler(connection=connection).as_sql()
        name = connection.ops.quote_name(self.table_alias)
        return f"({sql} LIMIT {int(self.limit)} OFFSET %s) {name}", [*params, self.offset]


def over_page(queryset: QuerySet, page: QuerySet, limit: int, offset) -> QuerySet:
    """``queryset`` read over ``limit`` rows of ``page`` from ``offset`` instead of its whole
    table (``limit`` an integer, ``offset`` a value or a statement's placeholder). ``page`` is
    an ordered queryset of the same model whose ``values()`` name every column ``queryset``
    reads of the table (its columns are the page's column names). Apply it last: a queryset
    cloned from the result keeps the page."""
    if page.model is not queryset.model or not page.query.order_by:
        raise ValueError("a page is an ordered queryset of the same model")
    found = queryset.all()
    query = found.query
    alias = query.get_initial_alias()
    query.alias_map[alias] = _PageTable(query.alias_map[alias], page, limit, offset)
    return found


class PageColumn(Expression):
    """A column of the page that is not a field of its model (``Window(Count("*"))`` over all
    the rows, before the page was cut: the page's total)."""

    def __init__(self, name: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name(self.name)}", []
