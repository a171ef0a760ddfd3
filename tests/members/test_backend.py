"""A signed-in request loads its user with the user's roles in one query (members.backends)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from members import scope
from members.backends import PortalBackend
from members.choices import Role
from members.models import User
from members.services import assign_role, revoke_role

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_every_role_and_its_organisation(secretary, branch_a1, branch_b1):
    assign_role(secretary, Role.REVIEWER, branch_b1)

    user = PortalBackend().get_user(secretary.pk)

    assert user == secretary
    assert sorted(scope.assignments(user)) == sorted(
        [(Role.SECRETARY, branch_a1.path), (Role.REVIEWER, branch_b1.path)]
    )


def test_the_user_is_loaded_as_the_orm_loads_it(secretary):
    secretary.last_login = secretary.password_changed_at = timezone.now()
    secretary.save()
    expected = User.objects.get(pk=secretary.pk)

    user = PortalBackend().get_user(secretary.pk)

    fields = [field.attname for field in User._meta.concrete_fields]
    assert [getattr(user, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert timezone.is_aware(user.last_login) and timezone.is_aware(user.date_joined)


def test_a_user_without_roles_has_none(outsider, django_assert_num_queries):
    user = PortalBackend().get_user(outsider.pk)

    with django_assert_num_queries(0):
        assert scope.roles(user) == set()


def test_an_unknown_or_deactivated_user_is_nobody(outsider):
    outsider.is_active = False
    outsider.save()

    assert PortalBackend().get_user(outsider.pk) is None
    assert PortalBackend().get_user(outsider.pk + 1000) is None


def test_a_revoked_role_is_gone_at_the_next_request(client, admin, district_a):
    client.force_login(admin)
    assert client.get(reverse("selection:screening_queue")).status_code == 200

    revoke_role(admin, Role.ADMIN, district_a)

    assert client.get(reverse("selection:screening_queue")).status_code == 403
