from django.urls import path, re_path

from . import main, views

urlpatterns = [
    # Ahead of ninja's own root (a 404 in the portal's HTML): where the schema and docs are.
    path("v1/", views.api_root),
    # Ahead of ninja's own schema view (same path, so "api:openapi-json" still names it): the
    # schema in the API's plain UTF-8 JSON, as every other answer.
    path("v1/schema/", views.schema),
    path("v1/", main.urls()),
    # Anything else under /api/v1/ is a JSON 404, not the portal's HTML page.
    re_path(r"^v1/", views.not_found),
    path("tokens/", views.token_list, name="api_tokens"),
    path("tokens/new/", views.token_new, name="api_token_new"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]
