"""The API (/api/v1/): django-ninja, OpenAPI 3 schema at /api/v1/schema/, Swagger UI at
/api/v1/docs/ from the static files ninja ships (no CDN).

Every call goes through :func:`call`: the language of its messages (``?lang=`` or
Accept-Language), the rate limits (per address, and per token), and the audit of every call
made with a token."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI

from audit.services import record

from . import errors, jobs, limits, public, reads, rendering
from .auth import TokenAuth

LANGUAGES = {code for code, _name in settings.LANGUAGES}
ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh-hans-cn": "zh-hans", "en-us": "en"}


def language_of(request) -> str:
    asked = request.GET.get("lang", "").strip().lower()
    asked = ALIASES.get(asked, asked)
    if asked in LANGUAGES:
        return asked
    return translation.get_language_from_request(request)


def _audit(request, response) -> None:
    """Every call with a token, and every refused token (a pattern of 401s is how a leaked or
    guessed token shows); anonymous public calls are not recorded, as the public pages are
    not."""
    token = getattr(request, "api_token", None)
    presented = bool(limits.bearer(request))
    if token is None and not presented:
        return
    record(
        "api.call" if token is not None else "api.refused",
        actor=token.user if token is not None else None,
        target=token,
        after={
            "method": request.method,
            "path": request.path[:200],
            "status": response.status_code,
        },
        request=request,
    )


def in_language(request, answer):
    """``answer()`` made in the request's language, the response saying which."""
    language = language_of(request)
    with translation.override(language):
        response = answer()
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language",))
    return response


def call(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        def answer():
            refused = limits.check(request)
            if refused is not None:
                return refused  # not audited: the limit also spares the audit trail
            response = view(request, *args, **kwargs)
            _audit(request, response)
            return response

        return in_language(request, answer)

    return wrapped


def methods_in_json(view):
    """ninja refuses a method that no operation of the path takes before any operation (and
    so :func:`call`) runs, in plain text: the same 405 as the API's JSON error."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        return in_language(request, lambda: errors.not_allowed(response["Allow"]))

    return wrapped


class Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["info"]["description"] = DESCRIPTION
        return schema


DESCRIPTION = (
    "Open data of the gallery, the notices and the calendar (no token), and a token API for "
    "the organisation department's other systems: send `Authorization: Bearer <token>`; a "
    "token acts with its user's roles and scope, read-only unless made for writing. Errors "
    "are JSON `{code, message}`; messages follow `?lang=` or Accept-Language (zh-hans, en)."
)

api = Api(
    title="四好党员选树 API",
    version="1.0",
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
    renderer=rendering.Renderer(),
)
errors.install(api)
api.add_decorator(call, mode="view")
api.add_router("/public/", public.router)
api.add_router("/", reads.router, auth=TokenAuth())
api.add_router("/", jobs.router, auth=TokenAuth())
api.add_router("/", jobs.roster_router)


def urls():
    """The API's URL patterns (``api.urls``), each refusing an unknown method in JSON."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = methods_in_json(pattern.callback)
    return patterns, app_name, namespace
