"""A signed-out visitor's objection: the contact they give (a phone number or an e-mail address)
is personal data. The admin handling the 公示 sees it masked unless they ask for it in full
(audited); no public page or report shows it; the objection's audit row keeps the visitor's
address, as every public action's does."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.selection.test_notice import _objection

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
MAIL = "wang.qunzhong@example.org"


def _manage_page(city_admin, campaign_pk, **params) -> str:
    admin = Client()
    admin.force_login(city_admin)
    response = admin.get(reverse("selection:notice_manage", args=[campaign_pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_sees_a_signed_out_objectors_phone_masked(
    client, running, shortlisted, city_admin
):
    filed = _objection(client, running.campaign_id, shortlisted[0].pk, contact=PHONE)
    assert filed.status_code == 200

    body = _manage_page(city_admin, running.campaign_id)

    assert PHONE not in body
    assert "139****5678" in body
    assert "?reveal=1" in body


def test_an_e_mail_address_is_masked_too(client, running, shortlisted, city_admin):
    filed = _objection(client, running.campaign_id, shortlisted[0].pk, contact=MAIL)
    assert filed.status_code == 200

    body = _manage_page(city_admin, running.campaign_id)

    assert MAIL not in body
    assert "w***@example.org" in body


def test_the_admin_asks_for_the_full_contact_and_that_is_audited(
    client, running, shortlisted, city_admin
):
    _objection(client, running.campaign_id, shortlisted[0].pk, contact=PHONE)

    body = _manage_page(city_admin, running.campaign_id, reveal="1")

    assert PHONE in body
    viewed = AuditEvent.objects.get(verb="notice.objection_contacts_viewed")
    assert viewed.actor == city_admin
    assert viewed.target_id == str(running.campaign_id)


def test_an_admin_who_does_not_manage_the_campaign_cannot_reveal_it(
    client, running, shortlisted, admin
):
    """A district admin sees the city's campaign listed, not its notice page."""
    _objection(client, running.campaign_id, shortlisted[0].pk, contact=PHONE)
    other = Client()
    other.force_login(admin)

    response = other.get(
        reverse("selection:notice_manage", args=[running.campaign_id]), {"reveal": "1"}
    )

    assert response.status_code in (403, 404)
    assert PHONE not in response.content.decode()
    assert not AuditEvent.objects.filter(verb="notice.objection_contacts_viewed").exists()


def test_the_objections_audit_row_keeps_the_visitors_address(running, shortlisted):
    visitor = Client(REMOTE_ADDR="203.0.113.7")

    assert _objection(visitor, running.campaign_id, shortlisted[0].pk).status_code == 200

    filed = AuditEvent.objects.get(verb="notice.objection_filed")
    assert filed.ip == "203.0.113.7"
    assert filed.actor is None


@pytest.mark.parametrize("contact", [PHONE, MAIL])
def test_no_public_page_shows_the_objectors_contact(client, running, shortlisted, contact):
    _objection(client, running.campaign_id, shortlisted[0].pk, contact=contact)
    pages = [
        reverse("public:notice_detail", args=[running.campaign_id]),
        reverse("public:notice_print", args=[running.campaign_id]),
        reverse("public:objection", args=[running.campaign_id]),
        reverse("api:public_notice", args=[running.campaign_id]),
        reverse("api:public_notices"),
    ]

    for page in pages:
        response = Client().get(page)
        assert response.status_code == 200, page
        assert contact not in response.content.decode(), page
