"""The client's address behind the reverse proxy: read from X-Forwarded-For as far as
TRUSTED_PROXY_COUNT proxies vouch for it, and the same for the audit, the rate limits and
django-axes."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "demo12345"


def _request(forwarded=None, remote="127.0.0.1"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "seen"),
    [
        (0, None, "203.0.113.9", "203.0.113.9"),  # no proxy: the peer is the client
        (0, "198.51.100.7", "203.0.113.9", "203.0.113.9"),  # a header sent by the client
        (1, "198.51.100.7", "127.0.0.1", "198.51.100.7"),  # nginx appended the client
        (1, "6.6.6.6, 198.51.100.7", "127.0.0.1", "198.51.100.7"),  # a made-up first entry
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "127.0.0.1", "198.51.100.7"),  # two proxies
        (1, None, "127.0.0.1", "127.0.0.1"),  # the proxy sent no header: the peer
        (1, "not-an-address", "127.0.0.1", "127.0.0.1"),
    ],
)
def test_the_client_address_counts_only_trusted_proxies(settings, proxies, forwarded, remote, seen):
    from config.clients import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = _request(forwarded, remote)

    assert client_ip(request) == seen
    assert get_client_ip_address(request) == seen  # django-axes asks the same function


def test_behind_the_proxy_the_audit_records_the_citizens_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="zhang")

    client.post(
        reverse("login"),
        {"username": "zhang", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        REMOTE_ADDR="127.0.0.1",
    )

    assert AuditEvent.objects.get(verb="auth.login").ip == "198.51.100.7"


def test_without_a_proxy_a_forged_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="zhang")

    client.post(
        reverse("login"),
        {"username": "zhang", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        REMOTE_ADDR="203.0.113.9",
    )

    assert AuditEvent.objects.get(verb="auth.login").ip == "203.0.113.9"
