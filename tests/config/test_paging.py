"""A queryset read over one page of another (config/paging.py), through a paged Statement."""

import datetime

import pytest
from django.db.models import Count, F, IntegerField, Window

from config.paging import PageColumn, over_page
from config.statements import Statement
from members.models import Member
from tests.factories import MemberFactory


def _page(organization: int):
    return Member.objects.filter(organization_id=organization).order_by("name", "pk")


def _named(organization: int, limit: int, offset: int):
    """The members of an organisation by name, with their organisation's name (a join) and
    the number of all of them: the page is cut before the join."""
    page = (
        _page(organization)
        .annotate(total=Window(Count("*")))
        .values("id", "name", "joined_on", "organization_id", "total")
    )
    rows = (
        Member.objects.annotate(
            branch=F("organization__name"), total=PageColumn("total", IntegerField())
        )
        .order_by("name", "pk")
        .values_list("name", "joined_on", "branch", "total")
    )
    return over_page(rows, page, limit, offset)


NAMED = Statement(_named, int, paged=True)


@pytest.fixture
def seven(branch_a1, branch_a2):
    """Seven members of branch_a1 (two of the same name) and one of branch_a2."""
    names = ["庚", "甲", "丙", "乙", "甲", "戊", "丁"]
    found = [
        MemberFactory(organization=branch_a1, name=name, joined_on=datetime.date(2001 + i, 1, 2))
        for i, name in enumerate(names)
    ]
    MemberFactory(organization=branch_a2, name="甲")
    return found


def _expected(branch) -> list[tuple]:
    everyone = list(
        _page(branch.pk)
        .annotate(branch=F("organization__name"))
        .values_list("name", "joined_on", "branch")
    )
    return [(*row, len(everyone)) for row in everyone]


def test_each_page_is_the_querysets_slice_with_its_joins_and_the_total(seven, branch_a1):
    expected = _expected(branch_a1)

    pages = [NAMED.rows(branch_a1.pk, limit=3, offset=offset) for offset in (0, 3, 6, 9)]

    assert pages == [expected[0:3], expected[3:6], expected[6:7], []]
    assert expected[0][2] == branch_a1.name and expected[0][3] == 7


def test_a_counted_page_of_a_paged_statement_in_one_query(
    seven, branch_a1, django_assert_num_queries
):
    """What ``counted_page`` gives of any statement: the page and the number of all rows in one
    query; past the end, the last page."""
    expected = _expected(branch_a1)

    with django_assert_num_queries(1):
        second = NAMED.counted_page(branch_a1.pk, number="2", per_page=3)
    last = NAMED.counted_page(branch_a1.pk, number="99", per_page=3)

    assert (second.number, second.paginator.count, list(second.object_list)) == (
        2,
        7,
        [row[:-1] for row in expected[3:6]],
    )
    assert (last.number, list(last.object_list)) == (3, [expected[6][:-1]])


def test_the_page_size_is_written_into_the_sql_and_the_offset_is_a_parameter(
    seven, branch_a1, django_assert_num_queries
):
    """A statement is built for each page size (PostgreSQL plans a prepared statement once,
    and plans it well only knowing how many rows are wanted); any offset runs the same one."""
    statement = Statement(_named, int, paged=True)
    with django_assert_num_queries(3) as captured:
        statement.rows(branch_a1.pk, limit=3, offset=0)
        statement.rows(branch_a1.pk, limit=3, offset=3)
        statement.rows(branch_a1.pk, limit=2, offset=0)

    assert statement._compiled.cache_info().currsize == 2
    sql = [query["sql"] for query in captured.captured_queries]
    if not sql[0].startswith("EXECUTE"):  # SQLite: the SQL with its parameters
        assert "LIMIT 3 OFFSET 0)" in sql[0] and "LIMIT 3 OFFSET 3)" in sql[1]
        assert "LIMIT 2 OFFSET 0)" in sql[2]


def test_a_paged_statement_is_asked_for_a_page(seven, branch_a1):
    with pytest.raises(TypeError, match="page"):
        NAMED.rows(branch_a1.pk)


def test_a_page_is_an_ordered_queryset_of_the_same_model(db):
    from members.models import Organization

    rows = Member.objects.values_list("name")
    with pytest.raises(ValueError, match="ordered"):
        over_page(rows, Member.objects.values("id"), 3, 0)
    with pytest.raises(ValueError, match="same model"):
        over_page(rows, Organization.objects.order_by("pk").values("id"), 3, 0)
