"""A signed-in request's user and roles come from Django's own session and backend, read afresh
on every request: a revoked role is gone at the next one."""

import pytest
from django.urls import reverse

from members import scope
from members.choices import Role
from members.services import assign_role, revoke_role

pytestmark = pytest.mark.django_db


def test_the_user_of_a_request_has_every_role_and_its_organisation(
    client, secretary, branch_a1, branch_b1
):
    assign_role(secretary, Role.REVIEWER, branch_b1)
    client.force_login(secretary)

    user = client.get(reverse("home")).wsgi_request.user

    assert user == secretary
    assert sorted(scope.assignments(user)) == sorted(
        [(Role.SECRETARY, branch_a1.path), (Role.REVIEWER, branch_b1.path)]
    )


def test_the_roles_are_read_once_per_request(secretary, django_assert_num_queries):
    user = type(secretary).objects.get(pk=secretary.pk)

    with django_assert_num_queries(1):
        scope.roles(user)
        scope.paths(user, Role.SECRETARY)


def test_a_deactivated_user_has_no_roles(outsider, secretary):
    secretary.is_active = False

    assert scope.roles(secretary) == set()


def test_a_revoked_role_is_gone_at_the_next_request(client, admin, district_a):
    client.force_login(admin)
    assert client.get(reverse("selection:screening_queue")).status_code == 200

    revoke_role(admin, Role.ADMIN, district_a)

    assert client.get(reverse("selection:screening_queue")).status_code == 403
