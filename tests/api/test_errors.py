"""Errors are JSON with a stable code and a message in the asked language; rate limits per
address and per token, failing closed when the cache cannot count."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from api import limits
from audit.models import AuditEvent
from config import ratelimit

pytestmark = pytest.mark.django_db


def test_errors_are_json_with_a_code_and_a_chinese_message_by_default(client):
    response = client.get("/api/v1/public/profiles/no-such-profile/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "message": "没有找到，或您无权查看。"}
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.parametrize(
    ("query", "headers"),
    [({"lang": "en"}, {}), ({}, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"})],
    ids=["lang", "accept-language"],
)
def test_errors_follow_the_asked_language(client, query, headers):
    response = client.get("/api/v1/me/", query, **headers)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.json()["message"].startswith("A valid access token is missing")
    assert response["Content-Language"] == "en"


def test_bad_parameters_are_a_422_naming_the_field(client):
    response = client.get("/api/v1/public/profiles/", {"page": "x", "lang": "en"})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert response.json()["errors"][0]["field"] == "query.page"


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no/such/thing/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_address_over_its_limit_gets_429(client, settings):
    settings.API_RATE_PER_ADDRESS = 2

    statuses = [client.get("/api/v1/public/notices/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/public/notices/")
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_token_over_its_limit_gets_429_while_others_go_on(
    client, settings, secretary, other_secretary, bearer
):
    settings.API_RATE_PER_TOKEN = 2
    mine, theirs = bearer(secretary), bearer(other_secretary)

    statuses = [client.get("/api/v1/me/", **mine).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/me/", **theirs).status_code == 200
    # Calls refused by the limit are not written to the audit trail (that is what it spares).
    assert AuditEvent.objects.filter(verb="api.call", actor=secretary).count() == 2


def test_the_limits_fail_closed_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }

    response = client.get("/api/v1/public/notices/")

    assert response.status_code == 503
    assert response.json()["code"] == "rate_limit_unavailable"


@pytest.fixture
def mid_minute(monkeypatch):
    """The rate limits' clock stopped in the middle of a window (no count starts afresh while
    a test runs)."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


def test_an_address_s_calls_count_together_whichever_process_serves_them(
    client, settings, mid_minute
):
    settings.API_RATE_PER_ADDRESS = 3
    other_host = Client()  # another web process: nothing shared with this one but the cache

    statuses = [
        client.get("/api/v1/public/notices/").status_code,
        other_host.get("/api/v1/public/notices/").status_code,
        client.get("/api/v1/public/notices/").status_code,
        other_host.get("/api/v1/public/notices/").status_code,
    ]

    assert statuses == [200, 200, 200, 429]
    window = ratelimit.window_of(limits.WINDOW)[0]
    assert cache.get(f"rate:api-ip:127.0.0.1:{window}") == 4


def test_calls_counted_by_another_host_are_seen_at_once(client, settings, mid_minute):
    settings.API_RATE_PER_ADDRESS = 5
    window = ratelimit.window_of(limits.WINDOW)[0]
    cache.set(f"rate:api-ip:127.0.0.1:{window}", 5, 120)  # another host's five calls

    assert client.get("/api/v1/public/notices/").status_code == 429


def test_a_program_reads_every_answer_as_plain_utf8_like_the_public_ones(client, secretary, bearer):
    headers = bearer(secretary)

    me = client.get("/api/v1/me/", **headers)
    error = client.get("/api/v1/public/profiles/no-such-profile/")

    assert "书记甲".encode() in me.content
    assert "支部书记".encode() in me.content
    assert "没有找到".encode() in error.content
    assert b"\\u" not in me.content + error.content
    assert me.json()["full_name"] == "书记甲"


@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh-hans", "此地址不接受这种请求方法。"), ("en", "This address does not take this method.")],
)
def test_a_method_a_url_does_not_take_is_a_json_405(client, lang, message):
    response = client.get("/api/v1/roster/imports/", {"lang": lang})

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "method_not_allowed", "message": message}
    assert response["Allow"] == "POST"
    assert response["Content-Language"] == lang


def test_a_422_says_each_problem_in_the_asked_language(client):
    asked = {"page": "x", "page_size": "999", "q": "长" * 101}

    chinese = client.get("/api/v1/public/profiles/", asked).json()
    english = client.get("/api/v1/public/profiles/", {**asked, "lang": "en"}).json()

    assert chinese["message"] == "请求参数有误。"
    assert chinese["errors"] == [
        {"field": "query.q", "problem": "最多 100 个字符。"},
        {"field": "query.page", "problem": "应为整数。"},
        {"field": "query.page_size", "problem": "不能大于 50。"},
    ]
    assert english["message"] == "The request's parameters are invalid."
    assert english["errors"] == [
        {"field": "query.q", "problem": "At most 100 characters."},
        {"field": "query.page", "problem": "Must be a whole number."},
        {"field": "query.page_size", "problem": "Must not be more than 50."},
    ]
