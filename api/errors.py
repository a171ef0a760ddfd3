"""The API's errors: JSON ``{"code", "message"}`` with a stable code (for programs) and a
message in the request's language (for people), whatever went wrong."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from . import rendering

log = logging.getLogger(__name__)


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[dict] | None = None


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str, **extra) -> JsonResponse:
    return rendering.response({"code": code, "message": str(message), **extra}, status=status)


def not_found() -> JsonResponse:
    return error_response(404, "not_found", _("没有找到，或您无权查看。"))


def unauthorized() -> JsonResponse:
    response = error_response(
        401, "unauthorized", _("缺少有效的访问令牌（令牌可能已过期或已撤销）。")
    )
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def forbidden(message: str = "") -> JsonResponse:
    return error_response(403, "forbidden", message or _("您无权执行此操作。"))


def _field(location) -> str:
    return ".".join(str(part) for part in location)


#: What is wrong with a parameter, per kind of Pydantic's errors, in the request's language;
#: Pydantic's own text is English whatever the language asked.
PROBLEMS = {
    "missing": gettext_lazy("缺少此项。"),
    "int_parsing": gettext_lazy("应为整数。"),
    "int_type": gettext_lazy("应为整数。"),
    "int_from_float": gettext_lazy("应为整数。"),
    "bool_parsing": gettext_lazy("应为 true 或 false。"),
    "bool_type": gettext_lazy("应为 true 或 false。"),
    "string_type": gettext_lazy("应为文本。"),
    "date_parsing": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "date_from_datetime_parsing": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "date_type": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "enum": gettext_lazy("不是可选的值之一。"),
    "literal_error": gettext_lazy("不是可选的值之一。"),
    "greater_than_equal": gettext_lazy("不能小于 %(ge)s。"),
    "greater_than": gettext_lazy("应大于 %(gt)s。"),
    "less_than_equal": gettext_lazy("不能大于 %(le)s。"),
    "less_than": gettext_lazy("应小于 %(lt)s。"),
    "string_too_long": ngettext_lazy(
        "最多 %(max_length)s 个字符。", "最多 %(max_length)s 个字符。", "max_length"
    ),
    "string_too_short": ngettext_lazy(
        "至少 %(min_length)s 个字符。", "至少 %(min_length)s 个字符。", "min_length"
    ),
    "json_invalid": gettext_lazy("请求内容不是有效的 JSON。"),
}


def problem(error: dict) -> str:
    """One of Pydantic's errors said in the request's language: its kind's sentence, with the
    limit it names; a kind not listed is just invalid."""
    wanted = PROBLEMS.get(error.get("type", ""))
    if wanted is None:
        return _("取值无效。")
    try:
        # On the lazy text itself: a counted one takes its number from the context.
        return str(wanted % error.get("ctx", {}))
    except (KeyError, TypeError, ValueError):
        return _("取值无效。")


def not_allowed(allowed: str) -> JsonResponse:
    response = error_response(405, "method_not_allowed", _("此地址不接受这种请求方法。"))
    response["Allow"] = allowed
    return response


def install(api) -> None:
    """Register the handlers on a NinjaAPI."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message)

    @api.exception_handler(AuthenticationError)
    def authentication(request, exc):
        return unauthorized()

    @api.exception_handler(ValidationError)
    def validation(request, exc: ValidationError):
        problems = [
            {"field": _field(error.get("loc", ())), "problem": problem(error)}
            for error in exc.errors[:20]
        ]
        return error_response(422, "invalid_request", _("请求参数有误。"), errors=problems)

    @api.exception_handler(MultiPartParserError)
    def unreadable_body(request, exc):
        return error_response(400, "bad_request", _("请求内容无法解析。"))

    @api.exception_handler(Http404)
    def missing(request, exc):
        return not_found()

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        return forbidden()

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        codes = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found"}
        return error_response(
            exc.status_code, codes.get(exc.status_code, "error"), _("请求无法处理。")
        )

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        log.exception("API error on %s", request.path)
        return error_response(500, "server_error", _("服务器内部错误，请稍后再试。"))
