"""The OpenAPI 3 document is valid, and the docs page works on an intranet: Swagger UI from
the portal's own static files, under the site's CSP as it is."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_is_a_valid_openapi_3_document(client):
    response = client.get("/api/v1/schema/")

    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/public/profiles/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_schema_writes_chinese_as_itself_like_every_other_answer(client):
    """A developer reading /api/v1/schema/ sees the API's title in Chinese, not \\u escapes,
    and a JSON tool still reads the document."""
    response = client.get("/api/v1/schema/")

    body = response.content.decode("utf-8")
    assert response["Content-Type"] == "application/json"
    assert "四好党员选树 API" in body
    assert "\\u" not in body
    assert json.loads(body)["info"]["title"] == "四好党员选树 API"


def test_the_docs_page_loads_swagger_ui_from_the_portal_not_a_cdn(client):
    response = client.get(reverse("api:openapi-view"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert finders.find("ninja/swagger-ui-bundle.js") is not None
    assert finders.find("ninja/swagger-ui-init.js") is not None


def test_the_docs_page_keeps_the_sites_csp(client):
    docs = client.get(reverse("api:openapi-view"))
    home = client.get(reverse("home"))

    assert docs["Content-Security-Policy"] == home["Content-Security-Policy"]
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert "unsafe-eval" not in docs["Content-Security-Policy"]


def test_the_schema_is_built_once_and_then_served_as_kept(client, monkeypatch):
    """Anyone may ask for it, as often as they like: the second answer is the first, kept,
    not the document built again from every route."""
    from api.main import api

    built = []
    build = api.get_openapi_schema
    monkeypatch.setattr(api, "get_openapi_schema", lambda **kw: built.append(1) or build(**kw))

    first = client.get("/api/v1/schema/")
    second = client.get("/api/v1/schema/")

    assert len(built) == 1
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Type"] == "application/json"
