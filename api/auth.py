"""Authentication of the token endpoints: ``Authorization: Bearer <token>``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from . import rules, tokens
from .errors import ApiError


class TokenAuth(HttpBearer):
    """Any active token: it acts with its user's roles and scope. None means 401."""

    def authenticate(self, request, token: str):
        found = tokens.authenticate(token)
        request.api_token = found  # for the audit of the call, whatever follows
        return found


class WriteTokenAuth(TokenAuth):
    """A token made for writing (``can_write``) whose user is an admin; 403 otherwise, decided
    before the request's body is read."""

    def authenticate(self, request, token: str):
        found = super().authenticate(request, token)
        if found is None:
            return None
        if not found.can_write:
            raise ApiError(403, "read_only_token", _("此令牌为只读令牌，不能执行写入操作。"))
        if not rules.may_write(found.user):
            raise ApiError(403, "forbidden", _("只有组织部门管理员可以执行写入操作。"))
        return found
