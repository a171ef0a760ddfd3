"""A session that ended under a form, an htmx request or an address made for forms
(config.middleware.SignedOutMiddleware, NotAllowedPageMiddleware)."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from config.middleware import SessionLimitsMiddleware

pytestmark = pytest.mark.django_db

EXPIRED = "登录已过期，请重新登录后再提交（刚才填写的内容未能保存）。"
HTMX_EXPIRED = "登录已过期，请重新登录（已填内容未保存）。"


def _next_of(response) -> str:
    return parse_qs(urlsplit(response["Location"]).query).get("next", [""])[0]


def test_a_form_sent_after_the_session_ended_signs_in_back_to_the_form_s_page(client):
    page = "/nominations/48/"
    response = client.post(
        "/nominations/48/return/",
        {"reason": "材料不全"},
        headers={"referer": f"http://testserver{page}?tab=files"},
    )

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("login")
    assert _next_of(response) == f"{page}?tab=files"
    sign_in = client.get(response["Location"]).content.decode()
    assert EXPIRED in sign_in
    assert f'name="next" value="{page}?tab=files"' in sign_in


def test_the_same_when_the_idle_limit_ended_the_session(client, admin):
    client.force_login(admin)
    session = client.session
    session[SessionLimitsMiddleware.SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.post(
        "/campaigns/7/phase/", {}, headers={"referer": "http://testserver/campaigns/7/"}
    )

    assert _next_of(response) == "/campaigns/7/"
    assert EXPIRED in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "referer",
    [
        "",
        "https://evil.example/nominations/48/",
        "http://testserver//evil.example/x",
        "javascript:alert(1)",
        "http://[x",  # no address at all (a bracket never closed)
    ],
)
def test_without_a_page_of_this_site_to_return_to_sign_in_leads_home(client, referer):
    headers = {"referer": referer} if referer else {}
    response = client.post("/nominations/48/return/", {}, headers=headers)

    assert response["Location"] == reverse("login")
    assert EXPIRED in client.get(response["Location"]).content.decode()


def test_a_page_opened_while_signed_out_keeps_django_s_redirect(client):
    response = client.get("/nominations/48/", headers={"referer": "http://testserver/"})

    assert _next_of(response) == "/nominations/48/"
    assert EXPIRED not in client.get(response["Location"]).content.decode()


def test_the_language_switch_on_the_sign_in_page_is_not_an_ended_session(client):
    back = reverse("login") + "?next=/nominations/48/"
    response = client.post(reverse("set_language"), {"language": "en", "next": back})

    assert response["Location"] == back


def test_an_htmx_request_signed_out_gets_401_and_a_sign_in_link_back(client):
    url = reverse("evaluations:autosave", args=[37])
    response = client.post(
        url,
        {"veto_reason": ""},
        headers={"hx-request": "true", "hx-current-url": "http://testserver/review/37/"},
    )

    body = response.content.decode()
    assert response.status_code == 401
    assert response["HX-Reselect"] == ".signed-out"
    assert HTMX_EXPIRED in body
    assert f'href="{reverse("login")}?next=%2Freview%2F37%2F"' in body
    assert "<form" not in body and "<html" not in body
    assert "Content-Security-Policy" in response.headers


def test_an_htmx_poll_after_the_idle_limit_gets_401_too(client, admin):
    client.force_login(admin)
    session = client.session
    session[SessionLimitsMiddleware.SEEN] = int(time.time()) - 31 * 60
    session.save()

    response = client.get(reverse("members:list"), headers={"hx-request": "true"})

    assert response.status_code == 401
    assert f'href="{reverse("login")}"' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "row"),
    [
        (reverse("reports:row", args=[5]), "job-5"),
        (reverse("members:roster_preview", args=[3]), "roster-status"),
    ],
)
def test_a_polling_row_signed_out_gets_its_line_in_the_page_s_area_not_in_its_place(
    client, url, row
):
    headers = {"hx-request": "true", "hx-trigger": row, "hx-target": row}

    response = client.get(url, headers=headers)

    assert response.status_code == 401
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#signed-out", "innerHTML")
    assert response["HX-Reselect"] == ".signed-out"
    assert HTMX_EXPIRED in response.content.decode()


def test_an_htmx_answer_meant_for_another_element_keeps_the_line_in_place(client):
    headers = {"hx-request": "true", "hx-trigger": "score-form", "hx-target": "autosave-status"}

    response = client.post(reverse("evaluations:autosave", args=[37]), {}, headers=headers)

    assert response.status_code == 401
    assert "HX-Retarget" not in response and "HX-Reswap" not in response


def test_the_page_has_the_area_a_polling_row_s_line_goes_to(client, admin):
    client.force_login(admin)

    page = client.get(reverse("reports:list")).content.decode()

    assert '<div id="signed-out" class="signed-out-area"></div>' in page


def test_a_post_only_address_opened_directly_answers_a_page_with_a_way_back(client, admin):
    client.force_login(admin)

    response = client.get(
        "/nominations/48/return/", headers={"referer": "http://testserver/nominations/48/"}
    )

    page = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "只接收页面上表单的提交" in page
    assert '<a href="/nominations/48/">' in page
    assert 'id="main"' in page  # the portal's layout
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    "referer",
    [
        "",
        "https://evil.example/",
        "http://testserver/accounts/login/?next=/campaigns/7/phase/",
        "http://[x",
    ],
)
def test_without_a_safe_page_to_go_back_to_the_405_page_links_home(client, admin, referer):
    client.force_login(admin)
    headers = {"referer": referer} if referer else {}

    response = client.get("/campaigns/7/phase/", headers=headers)

    assert response.status_code == 405
    assert f'<a href="{reverse("home")}">返回首页</a>' in response.content.decode()


def test_an_htmx_request_signed_out_from_no_address_at_all_still_gets_its_401(client):
    response = client.get(
        "/reports/1/row/", headers={"HX-Request": "true", "HX-Current-URL": "http://[x"}
    )

    assert response.status_code == 401
