"""The member list pages by member number ("previous / next"), whatever the scope's size."""

import pytest
from django.urls import reverse

from config import keyset
from members import scope
from members.views import PAGE_SIZE
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def numbers(response) -> list[str]:
    return [member.member_no for member in response.context["page"]]


def test_the_member_list_pages_forward_and_back_by_member_number(client, admin, branch_a1):
    made = sorted(
        member.member_no
        for member in MemberFactory.create_batch(PAGE_SIZE + 3, organization=branch_a1)
    )
    client.force_login(admin)

    first = client.get(reverse("members:list"))
    second = client.get(reverse("members:list"), {"after": first.context["page"].after})
    back = client.get(reverse("members:list"), {"before": second.context["page"].before})

    assert numbers(first) == made[:PAGE_SIZE]
    assert numbers(second) == made[PAGE_SIZE:]
    assert (second.context["page"].after, numbers(back)) == (None, made[:PAGE_SIZE])
    assert back.context["page"].before is None
    assert f"after={made[PAGE_SIZE - 1]}" in first.content.decode()
    assert f"共 {PAGE_SIZE + 3} 名党员" in first.content.decode()


def test_the_member_list_counts_only_up_to_the_cap(client, admin, branch_a1, monkeypatch):
    MemberFactory.create_batch(4, organization=branch_a1)
    monkeypatch.setattr(keyset, "COUNT_CAP", 3)
    client.force_login(admin)

    response = client.get(reverse("members:list"))

    assert "3 名以上党员" in response.content.decode()


def test_capped_count_stops_at_the_cap(admin, branch_a1):
    MemberFactory.create_batch(4, organization=branch_a1)

    assert keyset.capped_count(scope.members(admin), 3) == 3
    assert keyset.capped_count(scope.members(admin), 10) == 4


def test_a_page_after_the_last_member_is_empty_not_an_error(client, admin, member_a1):
    client.force_login(admin)

    response = client.get(reverse("members:list"), {"after": "~~~", "before": "\x00"})

    assert response.status_code == 200
    assert numbers(response) == []
