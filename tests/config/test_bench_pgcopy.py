"""bench.pgcopy, the province's COPY loader: the rows it writes read back as the model's own
rows, with the primary keys it hands out (PostgreSQL only; bulk_create elsewhere)."""

import datetime
from decimal import Decimal

import pytest

from bench import pgcopy
from evaluations.models import Scorecard
from members.models import Member
from tests.factories import MemberFactory, NominationFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_copied_members_read_back_with_their_keys_nulls_empty_strings_and_dates():
    branch = OrganizationFactory()
    made = [
        Member(
            member_no=f"CP{i:04d}",
            name=f"党员,“引号”{i}",
            gender="M",
            birth_date=datetime.date(1980, 1, 2),
            education="bachelor",
            joined_on=datetime.date(2001, 7, 1),
            organization=branch,
        )
        for i in range(3)
    ]

    assert pgcopy.copy_in(Member, made) == 3

    found = Member.objects.filter(member_no__startswith="CP").order_by("pk")
    assert [m.pk for m in found] == [m.pk for m in made]
    first = found[0]
    assert first.name == "党员,“引号”0"
    assert first.full_member_on is None
    assert first.post == ""
    assert first.birth_date == datetime.date(1980, 1, 2)


@pytest.mark.postgres
def test_copied_cards_get_their_timestamps_filled_as_bulk_create_fills_them():
    nomination = NominationFactory()
    card = Scorecard(nomination=nomination, reviewer=UserFactory(), state="submitted")
    card.record_points(
        {code: Decimal("20.5") for code in ("political", "performance")}
        | {"public": Decimal(20), "integrity": Decimal(20)}
    )

    pgcopy.copy_in(Scorecard, [card])

    stored = Scorecard.objects.get(pk=card.pk)
    assert stored.assigned_at is not None
    assert stored.updated_at is not None
    assert stored.total_half == 162
    assert stored.veto is False


def test_the_inserter_writes_the_rows_on_either_database():
    member = MemberFactory.build(organization=OrganizationFactory())

    inserter = pgcopy.inserter()
    inserter(Member, [member])

    assert Member.objects.filter(member_no=member.member_no).exists()
