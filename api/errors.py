"""The API's errors: JSON ``{"code", "message"}`` with a stable code (for programs) and a
message in the request's language (for people), whatever went wrong."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
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
            {"field": _field(error.get("loc", ())), "problem": str(error.get("msg", ""))[:200]}
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
