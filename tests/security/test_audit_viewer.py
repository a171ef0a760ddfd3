"""The audit viewer: admins and auditors see their subtree's trail; it can be filtered and
exported (the export itself is audited); nobody else sees it."""

import csv
import io
import json

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import record
from members.choices import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(member_a1, member_b1, admin):
    record(
        "member.personal_data_viewed",
        actor=admin,
        target=member_a1,
        org_path=member_a1.organization.path,
        after={"fields": ["phone"]},
    )
    record(
        "member.personal_data_viewed",
        actor=admin,
        target=member_b1,
        org_path=member_b1.organization.path,
    )


def _rows(response):
    return [e.pk for e in response.context["page"]]


def test_an_auditor_reads_the_trail_of_their_subtree_only(client, auditor, trail, member_a1):
    client.force_login(auditor)

    response = client.get(reverse("audit:list"))

    assert response.status_code == 200
    targets = {
        e.target_id for e in response.context["page"] if e.verb == "member.personal_data_viewed"
    }
    assert targets == {str(member_a1.pk)}


def test_filters_by_actor_verb_and_object(client, auditor, trail, member_a1, admin):
    client.force_login(auditor)

    by_verb = client.get(reverse("audit:list"), {"verb": "member.", "actor": admin.username})
    by_object = client.get(
        reverse("audit:list"), {"target": str(member_a1.pk), "verb": "member.personal_data_viewed"}
    )

    assert len(_rows(by_verb)) == 1
    assert len(_rows(by_object)) == 1


def test_the_export_is_csv_and_is_audited(client, auditor, trail):
    client.force_login(auditor)

    response = client.get(reverse("audit:export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")

    assert response["Content-Type"].startswith("text/csv")
    assert "member.personal_data_viewed" in body
    assert AuditEvent.objects.filter(verb="audit.exported", actor=auditor).count() == 1


@pytest.mark.parametrize("persona", ["secretary", "reviewer", "integrity_officer", "outsider"])
def test_other_roles_cannot_read_the_trail(client, request, persona, trail):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_an_auditor_has_no_other_rights(client, auditor, member_a1):
    client.force_login(auditor)

    assert client.get(reverse("members:list")).status_code == 403
    assert client.get(reverse("selection:dashboard")).status_code == 403


def test_sign_ins_are_visible_to_auditors_of_a_whole_tree(client, city, trail, admin):
    city_auditor = user_with_role(Role.AUDITOR, city, username="city_auditor")
    record("auth.login", actor=admin)
    client.force_login(city_auditor)

    verbs = {e.verb for e in client.get(reverse("audit:list")).context["page"]}

    assert "auth.login" in verbs


def _personal_data_viewed(admin, member, *, times: int) -> None:
    for _ in range(times):
        record(
            "member.personal_data_viewed",
            actor=admin,
            target=member,
            org_path=member.organization.path,
        )


def test_the_audit_list_shows_25_rows_a_page_and_the_pager_leads_to_the_rest(
    client, auditor, member_a1, admin
):
    """On a phone each row is a card: a page of 100 was about 10,000 px long."""
    _personal_data_viewed(admin, member_a1, times=30)
    client.force_login(auditor)

    first = client.get(reverse("audit:list"), {"verb": "member.personal_data_viewed"})
    second = client.get(reverse("audit:list"), {"verb": "member.personal_data_viewed", "page": 2})

    assert len(first.context["entries"]) == 25
    assert len(second.context["entries"]) == 5
    assert "?verb=member.personal_data_viewed&amp;page=2" in first.content.decode()
    assert "第 1 / 2 页" in first.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_audit_list_query_count_does_not_grow(
    client, auditor, member_a1, admin, count, django_assert_num_queries
):
    _personal_data_viewed(admin, member_a1, times=count)
    client.force_login(auditor)

    with django_assert_num_queries(4):
        assert client.get(reverse("audit:list")).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_audit_list_names_older_cards_criteria_in_one_query_whatever_their_number(
    client, auditor, member_a1, admin, city, count, django_assert_num_queries
):
    """A card's scores recorded by criterion id (older rows) are named by criterion: the
    criteria of the whole page are read at once, not once a row."""
    from evaluations.services import ensure_criteria
    from tests.factories import CampaignFactory

    for _ in range(count):
        criteria = {c.code: c for c in ensure_criteria(CampaignFactory(owner=city))}
        AuditEvent.objects.create(
            verb="review.card_submitted",
            actor=admin,
            target_type="selection.nomination",
            org_path=member_a1.organization.path,
            after={"scores": {str(criteria["political"].pk): "21.0"}},
        )
    client.force_login(auditor)

    with django_assert_num_queries(5):
        page = client.get(reverse("audit:list")).content.decode()

    assert page.count("政治素质好: 21<") == count


def test_events_without_an_organisation_go_to_the_tree_of_the_user_they_are_about(
    client, city, admin, auditor
):
    from members.choices import OrgKind
    from tests.factories import OrganizationFactory, UserFactory

    other_city = OrganizationFactory(code="HC", name="河城市委", kind=OrgKind.CITY)
    city_auditor = user_with_role(Role.AUDITOR, city, username="aud_city")
    other_auditor = user_with_role(Role.AUDITOR, other_city, username="aud_hc")
    other_admin = user_with_role(Role.ADMIN, other_city, username="adm_hc")
    ours = {
        record("auth.login", actor=admin).pk,
        record("auth.login_failed", after={"username": admin.username}).pk,
        record("otp.failed", actor=admin).pk,
    }
    theirs = {record("auth.login", actor=other_admin).pk}
    system = {
        record("auth.login_failed", after={"username": "no-such-user"}).pk,
        record("permission.denied").pk,
    }

    def seen(user):
        client.force_login(user)
        response = client.get(reverse("audit:list"))
        return set(_rows(response)) & (ours | theirs | system)

    assert seen(city_auditor) == ours
    assert seen(auditor) == ours  # the admin holds their role in this auditor's district
    assert seen(other_auditor) == theirs
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert seen(superuser) == ours | theirs | system


def test_the_export_neutralises_text_that_a_spreadsheet_would_run(client, auditor, member_a1):
    for text in ('=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"):
        record(
            "member.personal_data_viewed",
            target=member_a1,
            org_path=member_a1.organization.path,
            after={"note": text},
        )
        AuditEvent.objects.create(verb="member.noted", target_repr=text, org_path="/JC/DQ/")
    client.force_login(auditor)

    body = b"".join(client.get(reverse("audit:export")).streaming_content).decode("utf-8-sig")

    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+1+1" in cells and "'-2+3" in cells and "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_the_auditor_reads_actions_as_words_and_changes_as_before_and_after(
    client, auditor, member_a1, admin
):
    record(
        "report.downloaded",
        actor=admin,
        org_path=member_a1.organization.path,
        before={"state": "draft", "title": "A"},
        after={"state": "final", "title": "A"},
    )
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()

    assert "下载报表" in page
    assert ">report.downloaded<" not in page
    assert "{&#x27;state&#x27;" not in page and "{'state'" not in page
    assert "<dt>状态</dt>" in page  # a key the portal knows, in words
    assert "draft</span> → final" in page  # codes it does not know, as they are


def test_the_auditor_picks_an_action_from_a_list(client, auditor, trail):
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()
    by_group = client.get(reverse("audit:list"), {"verb": "member."})
    unknown = client.get(reverse("audit:list"), {"verb": "no.such"})

    assert '<select name="verb"' in page
    assert '<option value="report.downloaded">下载报表</option>' in page
    assert len(_rows(by_group)) == 1
    assert unknown.status_code == 400


def test_an_objectors_address_in_an_older_row_is_masked_on_the_page_and_in_the_export(
    client, auditor, admin, member_a1
):
    """Rows written before the trail masked the address an objection's answer went to hold it
    in full; the trail is never rewritten, so the page and the export mask it as they read it."""
    AuditEvent.objects.create(
        verb="notice.objection_resolved",
        actor=admin,
        org_path=member_a1.organization.path,
        after={"status": "dismissed", "answer_sent_to": "zhang.wei@example.org"},
    )
    client.force_login(auditor)

    page = client.get(reverse("audit:list")).content.decode()
    export = b"".join(client.get(reverse("audit:export")).streaming_content).decode("utf-8-sig")

    rows = csv.DictReader(io.StringIO(export))
    (row,) = [r for r in rows if r["verb_code"] == "notice.objection_resolved"]
    assert "z***@example.org" in page
    masked = {"status": "dismissed", "answer_sent_to": "z***@example.org"}
    assert json.loads(row["after_json"]) == masked
    assert "zhang.wei" not in page and "zhang.wei" not in export
