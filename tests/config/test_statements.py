"""A Statement gives what its queryset gives, with each call's values (config/statements.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Value, Window

from config.statements import PREFIXES, Statement
from members.choices import MemberStatus
from members.models import Member
from selection.models import Campaign
from tests.factories import MemberFactory


def _members(organization: int, status: str):
    return (
        Member.objects.filter(organization_id=organization, status=status)
        .filter(joined_on__year__gte=2000)
        .order_by("name")
        .values_list("name", "joined_on", "organization__name")
    )


MEMBERS = Statement(_members, int, str)


@pytest.fixture
def members(branch_a1, branch_a2):
    found = [
        MemberFactory(organization=branch_a1, name="丙", joined_on=datetime.date(2012, 1, 2)),
        MemberFactory(organization=branch_a1, name="甲", joined_on=datetime.date(2011, 5, 6)),
        MemberFactory(organization=branch_a1, name="乙", status=MemberStatus.PROBATIONARY),
        MemberFactory(organization=branch_a1, name="丁", joined_on=datetime.date(1999, 1, 1)),
        MemberFactory(organization=branch_a2, name="戊"),
    ]
    return found


def test_rows_are_the_querysets_values_for_each_calls_arguments(members, branch_a1, branch_a2):
    for organization in (branch_a1, branch_a2):
        for status in (MemberStatus.FULL, MemberStatus.PROBATIONARY):
            assert MEMBERS.rows(organization.pk, status) == list(_members(organization.pk, status))

    assert [name for name, *_ in MEMBERS.rows(branch_a1.pk, MemberStatus.FULL)] == ["丙", "甲"]
    assert MEMBERS.rows(branch_a1.pk, MemberStatus.FULL)[0][1] == datetime.date(2012, 1, 2)


def test_a_page_of_rows_is_read_with_a_limit_and_an_offset(
    members, branch_a1, django_assert_num_queries
):
    source = MEMBERS.page_source(branch_a1.pk, MemberStatus.FULL)
    paginator = Paginator(source, 1)
    paginator.count = 2

    with django_assert_num_queries(1):
        second = list(paginator.page(2).object_list)

    assert second == list(_members(branch_a1.pk, MemberStatus.FULL)[1:2])
    assert MEMBERS.rows(branch_a1.pk, MemberStatus.FULL, limit=5, offset=2) == []


COUNTED = Statement(
    lambda organization: (
        Member.objects.filter(organization_id=organization)
        .annotate(total=Window(Count("*")))
        .order_by("name")
        .values_list("name", "total")
    ),
    int,
)


@pytest.mark.parametrize(
    ("asked", "number", "queries"),
    [
        ("2", 2, 1),
        (None, 1, 1),
        ("x", 1, 1),
        ("-1", 1, 1),
        ("9", 2, 3),
        ("99999999999999999999999", 2, 3),
    ],
)
def test_a_counted_page_reads_its_rows_and_their_number_in_one_query(
    members, branch_a1, django_assert_num_queries, asked, number, queries
):
    """Four members of branch_a1, three a page: not a number is the first page, past the end
    the last (two more queries), as ``Paginator.get_page`` gives them."""
    with django_assert_num_queries(queries):
        page = COUNTED.counted_page(branch_a1.pk, number=asked, per_page=3)

    assert (page.number, page.paginator.count, page.paginator.num_pages) == (number, 4, 2)
    names = [
        name
        for name, _total in Member.objects.filter(organization=branch_a1)
        .order_by("name")
        .values_list("name", "pk")
    ]
    assert [name for (name,) in page.object_list] == names[(number - 1) * 3 : number * 3]


def test_a_counted_page_of_nothing_is_an_empty_first_page(db, branch_a1):
    page = COUNTED.counted_page(branch_a1.pk, number="3", per_page=2)

    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])
    assert page.summary is None


@pytest.mark.parametrize(("asked", "number"), [("1", 1), ("2", 2), ("9", 2)])
def test_a_counted_page_may_read_its_number_from_a_summary_column(
    members, branch_a1, asked, number
):
    """The last column may say more than the number (``count`` reads it): the page keeps it."""
    read = []
    page = COUNTED.counted_page(
        branch_a1.pk, number=asked, per_page=3, count=lambda total: read.append(total) or total
    )

    assert (page.number, page.paginator.count, page.summary) == (number, 4, 4)
    assert read and set(read) == {4}


def _with_branch(organization: int):
    return (
        Member.objects.filter(organization_id=organization)
        .select_related("organization__parent")
        .annotate(twice=F("id") * 2)
        .order_by("name")
    )


def test_objects_are_the_querysets_instances_with_related_objects_and_annotations(
    members, branch_a1, committee_a, django_assert_num_queries
):
    expected = list(_with_branch(branch_a1.pk))

    with django_assert_num_queries(1):
        found = Statement(_with_branch, int).objects(branch_a1.pk)
        assert [m.organization.parent.name for m in found] == [committee_a.name] * 4

    assert found == expected
    assert [m.__dict__.keys() - {"_state"} for m in found] == [
        m.__dict__.keys() - {"_state"} for m in expected
    ]
    assert [(m.name, m.birth_date, m.twice) for m in found] == [
        (m.name, m.birth_date, m.twice) for m in expected
    ]
    assert not found[0]._state.adding and found[0]._state.db == "default"


def test_values_are_converted_as_the_orm_converts_them(reviewer_card_points):
    from evaluations.models import Score

    def points(card: int):
        return Score.objects.filter(scorecard_id=card).order_by("id").values_list("points")

    found = Statement(points, int).rows(reviewer_card_points)

    assert found == list(points(reviewer_card_points))
    assert all(isinstance(value, Decimal) for (value,) in found)


@pytest.fixture
def reviewer_card_points(reviewer, branch_a1):
    from tests.factories import CampaignFactory, NominationFactory, card, scores

    campaign = CampaignFactory(phase="reviewing")
    nomination = NominationFactory(campaign=campaign, member__organization=branch_a1)
    return card(nomination, reviewer, scores(18.5, 30, 20, 19)).pk


def test_an_argument_a_lookup_rewrites_is_refused_rather_than_ignored(db):
    statement = Statement(lambda name: Member.objects.filter(name__contains=name), str)

    with pytest.raises(ImproperlyConfigured, match="do not reach the SQL as given"):
        statement.objects("甲")


def _in_organizations(organizations: list[int]):
    return Member.objects.filter(organization_id__in=organizations).order_by("name")


def test_a_list_argument_is_built_once_per_length_and_an_empty_one_asks_nothing(
    members, branch_a1, branch_a2, committee_a, django_assert_num_queries
):
    statement = Statement(_in_organizations, [int])

    for organizations in ([branch_a1.pk], [branch_a2.pk, branch_a1.pk], [committee_a.pk]):
        assert statement.objects(organizations) == list(_in_organizations(organizations))
    assert [m.name for m in statement.objects((branch_a2.pk,))] == ["戊"]
    with django_assert_num_queries(0):
        assert statement.objects([]) == []
        assert Statement(_in_branches_of, [int], int).rows([], branch_a1.pk) == []


def _in_branches_of(organizations: list[int], status: int):
    return Member.objects.filter(organization_id__in=organizations, pk__gte=status).values_list(
        "pk"
    )


def test_small_integer_arguments_reach_the_sql(reviewer, branch_a1):
    """Django drops a comparison with a value a small-integer column cannot hold: the
    placeholders stay within every integer field's range."""
    from tests.factories import CampaignFactory

    CampaignFactory(year=2024, title="旧")
    CampaignFactory(year=2025, title="新")
    statement = Statement(lambda year: Campaign.objects.filter(year=year).values_list("title"), int)

    assert statement.rows(2025) == [("新",)]
    assert statement.rows(40_000) == list(Campaign.objects.filter(year=40_000).values_list("title"))


def _starting(prefixes: list[str]):
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(name__startswith=prefix)
    return Member.objects.filter(condition).order_by("name").values_list("name")


def test_prefixes_are_escaped_and_matched_as_startswith_matches_them(branch_a1):
    for name in ("a_b", "axb", "a%c", "a%", "b\\c", "bc"):
        MemberFactory(organization=branch_a1, name=name)
    statement = Statement(_starting, PREFIXES)

    for prefixes in ([], ["a_"], ["a%"], ["b\\"], ["a", "b"], ["x"]):
        assert statement.rows(prefixes) == list(_starting(prefixes)), prefixes
    assert statement.rows(["a_"]) == [("a_b",)]
    assert statement.rows(["a%"]) == [("a%",), ("a%c",)]


def test_what_a_statement_cannot_give_is_refused(db, branch_a1):
    prefetching = Statement(
        lambda pk: Member.objects.filter(pk=pk).prefetch_related("assessments"), int
    )
    sliced = Statement(lambda pk: Member.objects.filter(pk=pk)[:1], int)
    counted = Statement(
        lambda pk: (
            Member.objects.filter(organization_id=pk).values("status").annotate(n=Count("*"))
        ),
        int,
    )

    for statement in (prefetching, sliced, counted):
        with pytest.raises(ImproperlyConfigured):
            statement.rows(branch_a1.pk)
    with pytest.raises(ImproperlyConfigured, match="use objects"):
        Statement(_with_branch, int).rows(branch_a1.pk)
    with pytest.raises(ImproperlyConfigured, match="use rows"):
        MEMBERS.objects(branch_a1.pk, "full")
    with pytest.raises(TypeError):
        MEMBERS.rows(branch_a1.pk)
    for kind in (float, [PREFIXES], [int, str]):
        with pytest.raises(ImproperlyConfigured):
            Statement(_members, int, kind)


def test_an_integer_no_column_holds_matches_nothing_rather_than_failing(members, branch_a1):
    """``/review/<huge id>/`` is a 404, as with the ORM: not an overflow in the driver."""
    huge = 2**70

    assert MEMBERS.rows(huge, MemberStatus.FULL) == []
    assert Statement(_in_organizations, [int]).objects([huge, branch_a1.pk]) == list(
        _in_organizations([branch_a1.pk])
    )


def test_a_huge_id_in_a_reviewers_url_is_a_404(client, reviewer):
    client.force_login(reviewer)

    assert client.get(f"/review/{2**70}/").status_code == 404


@pytest.mark.postgres
def test_statements_are_prepared_once_per_connection_and_again_on_a_new_one(
    members, branch_a1, django_assert_num_queries
):
    from django.db import connections

    connection = connections["default"]
    statement = Statement(_members, int, str)
    with django_assert_num_queries(1) as captured:  # PREPARE is set-up, not a query
        first = statement.rows(branch_a1.pk, MemberStatus.FULL)
    second = statement.rows(branch_a1.pk, MemberStatus.PROBATIONARY)
    connection.__dict__.pop("_portal_prepared")  # as a new connection starts
    with connection.connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    third = statement.rows(branch_a1.pk, MemberStatus.FULL)

    assert captured.captured_queries[0]["sql"].startswith("EXECUTE portal_statement_")
    assert first == third == list(_members(branch_a1.pk, MemberStatus.FULL))
    assert second == [("乙", datetime.date(2010, 7, 1), branch_a1.name)]
    # a smallint column compared with a value it cannot hold: no row, no error
    assert (
        Statement(lambda year: Campaign.objects.filter(year=year).values_list("pk"), int).rows(
            40_000
        )
        == []
    )


@pytest.mark.postgres
def test_a_statement_postgresql_cannot_prepare_runs_unprepared_and_the_transaction_goes_on(
    members, branch_a1, caplog
):
    from django.db import transaction

    untyped = Statement(
        lambda pk: (
            Member.objects.filter(organization_id=pk)
            .extra(where=["%s IS NOT NULL"], params=["x"])  # of a type PostgreSQL cannot tell
            .annotate(tag=Value("标记"))
            .order_by("name")
            .values_list("name", "tag")
        ),
        int,
    )

    with caplog.at_level("WARNING", logger="config.statements"), transaction.atomic():
        found = untyped.rows(branch_a1.pk)
        again = untyped.rows(branch_a1.pk)
        after = MEMBERS.rows(branch_a1.pk, MemberStatus.FULL)

    assert found == again == [(name, "标记") for name in ("丁", "丙", "乙", "甲")]
    assert after == list(_members(branch_a1.pk, MemberStatus.FULL))
    assert "cannot be prepared" in caplog.text
