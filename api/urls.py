from django.urls import path, re_path

from . import views
from .main import api

urlpatterns = [
    path("v1/", api.urls),
    # Anything else under /api/v1/ is a JSON 404, not the portal's HTML page.
    re_path(r"^v1/", views.not_found),
    path("tokens/", views.token_list, name="api_tokens"),
    path("tokens/new/", views.token_new, name="api_token_new"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]
