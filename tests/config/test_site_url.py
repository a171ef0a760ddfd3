"""``SITE_URL``, the portal's address for the links in e-mails: kept without its trailing
slash, unset means no links, and a value that is no web address refuses to start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_site_url


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://xuanshu.example.gov.cn/", "https://xuanshu.example.gov.cn"),
        ("http://10.0.0.5:8000", "http://10.0.0.5:8000"),
        (" https://portal.example.org/sihao/ ", "https://portal.example.org/sihao"),
        ("", ""),
    ],
)
def test_the_site_url_is_kept_without_its_trailing_slash(monkeypatch, value, kept):
    monkeypatch.setenv("SITE_URL", value)

    assert env_site_url("SITE_URL") == kept


def test_an_unset_site_url_gives_no_links(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)

    assert env_site_url("SITE_URL") == ""


@pytest.mark.parametrize(
    "value",
    ["xuanshu.example.gov.cn", "ftp://example.org", "https://", "https://a.org/?x=1", "https://[x"],
)
def test_a_site_url_that_is_no_web_address_is_refused(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)

    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_site_url("SITE_URL")
