"""The templates' example rows: valid in every value (an admin copying them makes no mistake), and
coded as examples, so a template uploaded unchanged writes nothing over real data."""

import pytest
from django.urls import reverse

from members.models import Member, Organization, RosterImport
from members.roster import template
from members.roster.apply import apply_plan
from members.roster.checks import check_members, check_organizations
from members.roster.columns import Kind
from members.roster.plan import Scope
from members.roster.reader import read_rows
from tests.members.test_roster import download, snapshot, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def _check(kind, check):
    path = template(kind)
    try:
        return check(read_rows(path, kind), Scope(everywhere=True))
    finally:
        path.unlink()


def test_the_example_rows_of_both_templates_pass_every_check():
    organizations = _check(Kind.ORGANIZATIONS, check_organizations)
    assert (organizations.problem_dicts(), len(organizations.creates)) == ([], 2)
    apply_plan(organizations, progress=lambda done, total: None)

    members = _check(Kind.MEMBERS, check_members)

    assert (members.problem_dicts(), len(members.creates)) == ([], 1)


def test_a_template_uploaded_unchanged_writes_nothing(client, admin, roster_a):
    before = snapshot(), sorted(Organization.objects.values_list("code", "name", "path"))
    client.force_login(admin)
    for kind in (Kind.ORGANIZATIONS, Kind.MEMBERS):
        content = download(client, reverse("members:roster_template", args=[kind]))
        upload(client, admin, content, kind=kind)

    problems = {
        (item.kind, p["row"], p["column"], p["message"])
        for item in RosterImport.objects.all()
        for p in item.problems
    }
    assert problems == {
        (Kind.ORGANIZATIONS, 2, "上级组织编码", "新的位置不在您的管理范围内。"),
        (Kind.ORGANIZATIONS, 3, "上级组织编码", "新的位置不在您的管理范围内。"),
        (Kind.MEMBERS, 2, "所在党组织编码", "党组织编码不存在。"),
    }
    assert before == (snapshot(), sorted(Organization.objects.values_list("code", "name", "path")))
    assert not Member.objects.filter(member_no__startswith="EXAMPLE").exists()
