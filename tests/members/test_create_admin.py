"""An operator's first step on a new installation: ``manage.py create_admin`` makes the root
organisation and an account that can run it; later it makes more admins of existing ones."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from members.choices import OrgKind, Role
from members.models import Organization, RoleAssignment, User

pytestmark = pytest.mark.django_db

STRONG = "Lanqiao-2026-sihao"


def test_a_new_installation_gets_its_root_and_an_admin_who_can_work(client, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", STRONG)

    call_command(
        "create_admin",
        "zuzhibu",
        "--org",
        "JC",
        "--org-name",
        "江城市委",
        "--org-kind",
        OrgKind.CITY,
        "--full-name",
        "组织部管理员",
    )

    root = Organization.objects.get()
    assert (root.code, root.path, root.kind) == ("JC", "/JC/", OrgKind.CITY)
    admin = User.objects.get(username="zuzhibu")
    assert admin.check_password(STRONG)
    client.force_login(admin)
    assert client.get(reverse("selection:campaign_list")).status_code == 200
    assert client.get(reverse("members:roster")).status_code == 200


def test_an_existing_account_becomes_admin_of_an_existing_organisation(district_a, secretary):
    before = secretary.password

    call_command("create_admin", secretary.username, "--org", district_a.code)

    secretary.refresh_from_db()
    assert secretary.password == before
    assert RoleAssignment.objects.filter(
        user=secretary, role=Role.ADMIN, organization=district_a
    ).exists()


def test_a_second_root_is_refused(city, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", STRONG)

    with pytest.raises(CommandError, match="already has organisations"):
        call_command(
            "create_admin", "other", "--org", "XX", "--org-name", "别处", "--org-kind", OrgKind.CITY
        )

    assert not User.objects.filter(username="other").exists()


def test_an_unknown_code_without_a_name_and_a_weak_password_are_refused(city, monkeypatch):
    with pytest.raises(CommandError, match="no organisation 'NOPE'"):
        call_command("create_admin", "someone", "--org", "NOPE")
    monkeypatch.setenv("ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError):
        call_command("create_admin", "someone", "--org", city.code)
    monkeypatch.delenv("ADMIN_PASSWORD")
    with pytest.raises(CommandError, match="ADMIN_PASSWORD"):
        call_command("create_admin", "someone", "--org", city.code)

    assert not User.objects.filter(username="someone").exists()
