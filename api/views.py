"""/api/tokens/: a user's personal API tokens (create, shown once; revoke), and for admins the
tokens of the users in their subtree. Plus the JSON 404 of unknown /api/v1/ paths, the root
and the OpenAPI schema in the API's own JSON."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import rendering, rules, tokens
from .errors import not_found as json_not_found
from .forms import TokenForm
from .main import api

SUBTREE_SHOWN = 200
#: Where a new token waits, in its user's session, for the page that shows it once.
NEW_TOKEN = "api_new_token"
#: How long the OpenAPI document is kept; a new release never reads it (``caches["pages"]``).
SCHEMA_SECONDS = 24 * 3600


def _page(request, form: TokenForm, *, new_token: str = "", status: int = 200):
    user = request.user
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": rules.own_tokens(user),
            "subtree_tokens": rules.subtree_tokens(user)
            .select_related("user", "revoked_by")
            .filter(revoked_at__isnull=True)[:SUBTREE_SHOWN],
            "may_write": rules.may_write(user),
        },
        status=status,
    )


@never_cache
@login_required
@require_GET
def token_list(request):
    # Shown on the first page after it was made, then gone: taken out of the session here.
    return _page(request, TokenForm(), new_token=request.session.pop(NEW_TOKEN, ""))


@never_cache
@login_required
@require_POST
def token_new(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _token, raw = tokens.create_token(by=request.user, request=request, **form.cleaned_data)
    except tokens.TokenError as error:
        if error.status == 403:
            raise PermissionDenied(error.message) from error
        form.add_error(None, error.message)
        return _page(request, form, status=400)
    # POST/redirect/GET, so that reloading the page cannot make a second token. Its row keeps
    # only a digest; the token waits in its user's (server-side) session until the next page
    # shows it and takes it out.
    request.session[NEW_TOKEN] = raw
    return redirect("api_tokens")


@login_required
@require_POST
def token_revoke(request, pk: int):
    user = request.user
    token = get_object_or_404(rules.own_tokens(user) | rules.subtree_tokens(user), pk=pk)
    tokens.revoke_token(token, by=request.user, request=request)
    messages.success(request, _("令牌“%(label)s”已撤销。") % {"label": token.label})
    return redirect("api_tokens")


@require_GET
def api_root(request):
    return rendering.response(
        {"schema": reverse("api:openapi-json"), "docs": reverse("api:openapi-view")}
    )


@require_GET
def schema(request):
    """The OpenAPI document, written as the API writes JSON (``rendering``): Chinese as
    itself, not ``\\uXXXX``. It is the code's, the same for every request a release answers,
    and ninja builds it anew from every route on each call: so it is built once and kept
    under the release (``caches["pages"]``, config/release.py), per language in case a title
    is ever translated. It stays public, as the docs page that reads it."""
    body = caches["pages"].get_or_set(
        f"api:schema:{get_language()}",
        lambda: rendering.dumps(api.get_openapi_schema(path_params={})),
        SCHEMA_SECONDS,
    )
    return HttpResponse(body, content_type="application/json")


@csrf_exempt  # a POST to an unknown path is a 404 too, not the CSRF page
def not_found(request):
    return json_not_found()
