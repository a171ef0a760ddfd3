"""Personal API tokens: made on the user's own page and shown once, stored hashed, expiring,
revocable by the user and by the admins over them; a token acts with its user's scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from audit.models import AuditEvent
from tests.factories import CampaignFactory, NominationFactory

pytestmark = pytest.mark.django_db


def test_a_user_creates_a_token_on_their_page_and_sees_it_once(client, secretary):
    client.force_login(secretary)

    response = client.post(reverse("api_token_new"), {"label": "干部系统", "days": 90})
    shown = client.get(response["Location"])
    again = client.get(reverse("api_tokens"))

    assert response.status_code == 302
    assert response["Location"] == reverse("api_tokens")
    raw = shown.context["new_token"]
    assert raw.startswith("sihao_")
    stored = ApiToken.objects.get(user=secretary)
    assert stored.digest == tokens.digest(raw)
    assert raw not in {stored.prefix, stored.label, stored.digest}
    assert stored.can_write is False
    assert stored.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    assert raw not in again.content.decode()
    assert f"<code>{stored.prefix}…</code>" in again.content.decode()
    assert AuditEvent.objects.filter(verb="api.token_created", actor=secretary).count() == 1


def test_reloading_the_page_after_creating_a_token_makes_no_second_one(client, secretary):
    client.force_login(secretary)

    created = client.post(reverse("api_token_new"), {"label": "干部系统", "days": 90}, follow=True)
    reloaded = client.get(reverse("api_tokens"))  # what the browser's reload asks for now

    assert created.redirect_chain == [(reverse("api_tokens"), 302)]
    assert ApiToken.objects.filter(user=secretary).count() == 1
    assert created.context["new_token"] != ""
    assert reloaded.context["new_token"] == ""
    assert created.context["new_token"] not in str(dict(client.session))  # shown, then gone


def test_the_new_tokens_header_line_can_be_copied_as_it_is(client, secretary):
    client.force_login(secretary)

    page = client.post(reverse("api_token_new"), {"label": "干部系统", "days": 90}, follow=True)
    raw = page.context["new_token"]
    html = page.content.decode()

    assert f'id="new-token-header">Authorization: Bearer {raw}</code>' in html
    assert "Bearer sihao_" + raw[6:12] + "…" not in html
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_only_an_admin_may_make_a_write_token(client, secretary):
    client.force_login(secretary)

    response = client.post(
        reverse("api_token_new"), {"label": "导入", "days": 30, "can_write": "on"}
    )

    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_revoked_token_gets_401(client, secretary, bearer):
    headers = bearer(secretary)
    assert client.get("/api/v1/me/", **headers).status_code == 200
    token = ApiToken.objects.get(user=secretary)
    client.force_login(secretary)

    client.post(reverse("api_token_revoke", args=[token.pk]))
    client.logout()
    response = client.get("/api/v1/me/", **headers)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_gets_401(client, secretary, bearer):
    headers = bearer(secretary)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get("/api/v1/campaigns/", **headers)

    assert response.status_code == 401


def test_a_made_up_token_and_no_token_get_401(client):
    assert client.get("/api/v1/me/").status_code == 401
    made_up = {"HTTP_AUTHORIZATION": "Bearer sihao_" + "x" * 43}
    assert client.get("/api/v1/me/", **made_up).status_code == 401


def test_an_admin_sees_and_revokes_the_tokens_of_their_subtree(
    client, admin, other_admin, secretary, bearer
):
    bearer(secretary)
    token = ApiToken.objects.get(user=secretary)
    client.force_login(other_admin)  # 西区: not over 东区's secretary
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    client.force_login(admin)

    page = client.get(reverse("api_tokens"))
    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert token in page.context["subtree_tokens"]
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin
    assert AuditEvent.objects.filter(verb="api.token_revoked", actor=admin).count() == 1


def test_another_secretary_cannot_revoke_my_token(client, secretary, other_secretary, bearer):
    bearer(secretary)
    token = ApiToken.objects.get(user=secretary)
    client.force_login(other_secretary)

    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_secretarys_token_sees_only_their_branches(
    client, city, secretary, member_a1, member_a2, bearer
):
    campaign = CampaignFactory(owner=city)
    mine = NominationFactory(campaign=campaign, member=member_a1)
    theirs = NominationFactory(campaign=campaign, member=member_a2)
    headers = bearer(secretary)

    listed = client.get("/api/v1/nominations/", **headers).json()
    own = client.get(f"/api/v1/nominations/{mine.pk}/", **headers)
    other = client.get(f"/api/v1/nominations/{theirs.pk}/", **headers)

    assert [n["id"] for n in listed["items"]] == [mine.pk]
    assert own.status_code == 200
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"


def test_nominations_through_the_api_have_personal_data_masked(
    client, city, admin, member_a1, bearer
):
    nomination = NominationFactory(campaign=CampaignFactory(owner=city), member=member_a1)

    found = client.get(f"/api/v1/nominations/{nomination.pk}/", **bearer(admin)).json()

    assert found["member"]["phone"] == "138****5678"
    assert found["member"]["birth_date"] == "1985-**-**"
    assert member_a1.id_number not in str(found)
    assert found["member"]["id_number"].startswith(member_a1.id_number[:3] + "*")


def test_every_call_with_a_token_is_audited(client, secretary, bearer):
    headers = bearer(secretary)

    client.get("/api/v1/campaigns/", **headers)
    client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer sihao_wrong")

    call = AuditEvent.objects.get(verb="api.call")
    assert call.actor == secretary
    assert call.after == {"method": "GET", "path": "/api/v1/campaigns/", "status": 200}
    assert AuditEvent.objects.filter(verb="api.refused", actor=None).count() == 1


def test_a_read_only_token_cannot_upload_a_roster(client, admin, bearer):
    response = client.post("/api/v1/roster/imports/", {}, **bearer(admin))

    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"


def test_a_write_token_of_a_secretary_is_refused(client, secretary):
    token, raw = tokens.create_token(by=secretary, label="x", days=30)
    ApiToken.objects.filter(pk=token.pk).update(can_write=True)  # made before a role change

    response = client.post("/api/v1/roster/imports/", {}, HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_revoking_a_token_asks_first_naming_it(client, secretary, bearer):
    """Revoking cannot be undone: the button asks first, as the portal's other such steps do
    (static/js/app.js reads data-confirm), the token named as its user labelled it."""
    bearer(secretary)
    ApiToken.objects.update(label='夜间同步 "CI"')
    client.force_login(secretary)

    body = client.get(reverse("api_tokens")).content.decode()

    token = ApiToken.objects.get(user=secretary)
    action = reverse("api_token_revoke", args=[token.pk])
    question = "确定撤销令牌“夜间同步 &quot;CI&quot;”吗？"
    assert f'<form method="post" action="{action}" data-confirm="{question}' in body


def test_in_english_the_button_says_revoke_and_asks_the_whole_question(client, secretary, bearer):
    bearer(secretary)
    client.force_login(secretary)
    client.cookies["django_language"] = "en"

    body = client.get(reverse("api_tokens")).content.decode()

    assert ">Revoke</button>" in body and "Withdrawn" not in body
    # The question sits in a double-quoted attribute: whole, up to its last word.
    assert 'Programs using it will no longer reach the API. This cannot be undone."' in body
