"""Who sees which organisations and members."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from members import scope
from members.choices import Role
from members.services import TreeError, assign_role, save_organization
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_admin_of_a_district_sees_its_subtree_and_nothing_beside_it(
    admin, district_a, committee_a, branch_a1, branch_a2, branch_b1, district_b
):
    codes = set(scope.organizations(admin).values_list("code", flat=True))

    assert codes == {"DQ", "DQ01", "DQ01-01", "DQ01-02"}


def test_admin_sees_members_of_the_subtree_only(admin, member_a1, member_a2, member_b1):
    assert set(scope.members(admin)) == {member_a1, member_a2}


def test_secretary_sees_only_the_branches_they_are_secretary_of(
    secretary, member_a1, member_a2, member_b1, branch_a1
):
    assert list(scope.branches(secretary)) == [branch_a1]
    assert list(scope.members(secretary)) == [member_a1]


def test_secretary_of_two_branches_sees_both(secretary, branch_b1, member_a1, member_b1):
    assign_role(secretary, Role.SECRETARY, branch_b1)

    assert set(scope.members(secretary)) == {member_a1, member_b1}


def test_user_without_role_sees_no_member_data(outsider, member_a1, member_b1):
    assert scope.organizations(outsider).count() == 0
    assert scope.members(outsider).count() == 0


@pytest.mark.parametrize("persona", ["reviewer", "integrity_officer", "auditor"])
def test_roles_without_member_rights_see_no_members(request, persona, member_a1):
    user = request.getfixturevalue(persona)

    assert scope.members(user).count() == 0


def test_inactive_user_has_no_scope(admin, member_a1):
    admin.is_active = False

    assert scope.members(admin).count() == 0


def test_nested_assignments_are_folded(admin, committee_a):
    assign_role(admin, Role.ADMIN, committee_a)

    assert scope.paths(admin, Role.ADMIN) == ["/JC/DQ/"]


def test_personal_data_only_for_admins_of_the_subtree(admin, secretary, other_admin, member_a1):
    assert scope.can_see_personal_data(admin, member_a1)
    assert not scope.can_see_personal_data(secretary, member_a1)
    assert not scope.can_see_personal_data(other_admin, member_a1)


def test_moving_an_organisation_moves_its_subtree(admin, committee_a, district_b, member_a1):
    committee_a.parent = district_b
    save_organization(committee_a)

    member_a1.organization.refresh_from_db()
    assert member_a1.organization.path == "/JC/XQ/DQ01/DQ01-01/"
    assert scope.members(admin).count() == 0


def test_an_organisation_cannot_move_below_itself(district_a, branch_a1):
    district_a.parent = branch_a1
    with pytest.raises(TreeError):
        save_organization(district_a)


# --- Views --------------------------------------------------------------------------------------


def test_member_list_shows_masked_phones(client, admin, member_a1):
    client.force_login(admin)

    response = client.get(reverse("members:list"))

    assert response.status_code == 200
    assert "张三" in response.content.decode()
    assert "13812345678" not in response.content.decode()
    assert "138****5678" in response.content.decode()


def test_member_list_is_forbidden_without_a_member_role(client, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("members:list")).status_code == 403


def test_member_list_asks_anonymous_users_to_log_in(client, db):
    response = client.get(reverse("members:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_member_detail_outside_scope_is_404(client, secretary, member_a2):
    client.force_login(secretary)

    assert client.get(reverse("members:detail", args=[member_a2.pk])).status_code == 404


def test_admin_reveals_personal_data_and_it_is_audited(client, admin, member_a1):
    client.force_login(admin)
    masked = client.get(reverse("members:detail", args=[member_a1.pk])).content.decode()
    revealed = client.get(reverse("members:detail", args=[member_a1.pk]) + "?reveal=1")

    assert member_a1.id_number not in masked
    assert member_a1.id_number in revealed.content.decode()
    assert list(
        AuditEvent.objects.filter(verb="member.personal_data_viewed").values_list(
            "verb", "target_id"
        )
    ) == [("member.personal_data_viewed", str(member_a1.pk))]


def test_secretary_cannot_reveal_personal_data(client, secretary, member_a1):
    client.force_login(secretary)

    response = client.get(reverse("members:detail", args=[member_a1.pk]) + "?reveal=1")

    assert member_a1.id_number not in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_member_list_query_count_does_not_grow(
    client, admin, branch_a1, count, django_assert_num_queries
):
    MemberFactory.create_batch(count, organization=branch_a1)
    client.force_login(admin)

    # user with role assignments (one query), count, page of members; the session is cached
    with django_assert_num_queries(4):
        response = client.get(reverse("members:list"))

    assert response.status_code == 200
