"""Personal API tokens: create (shown once), revoke, and look up a presented token."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from members import scope

from . import rules
from .models import ApiToken

#: Every token starts with this, so a leaked one is easy to recognise (and to scan for).
TOKEN_PREFIX = "sihao_"
#: Lifetimes offered, in days: every token expires.
LIFETIMES = (30, 90, 180, 365)
#: Active tokens a user may hold at once.
MAX_ACTIVE = 10
#: ``last_used_at`` is written at most this often (a write per request would be wasteful).
TOUCH_EVERY = datetime.timedelta(minutes=5)


class TokenError(ValueError):
    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _org_path(user) -> str:
    found = scope.assignments(user)
    return found[0][1] if found else ""


def create_token(
    *, by, label: str, days: int, can_write: bool = False, request=None
) -> tuple[ApiToken, str]:
    """A new token for ``by``; returns the row and the token itself (shown once, never
    stored). Side effects: the row, an audit event."""
    label = (label or "").strip()
    if not label:
        raise TokenError(_("请填写令牌的用途说明。"))
    if days not in LIFETIMES:
        raise TokenError(_("请选择有效期。"))
    if can_write and not rules.may_write(by):
        raise TokenError(_("只有组织部门管理员可以创建可写入的令牌。"), status=403)
    now = timezone.now()
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(
            user=by, revoked_at__isnull=True, expires_at__gt=now
        )
        if len(active) >= MAX_ACTIVE:
            raise TokenError(
                _("有效令牌已达 %(count)d 个，请先撤销不用的令牌。") % {"count": MAX_ACTIVE}
            )
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=by,
            label=label[:100],
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            digest=digest(raw),
            can_write=can_write,
            expires_at=now + datetime.timedelta(days=days),
        )
        record(
            "api.token_created",
            actor=by,
            target=token,
            org_path=_org_path(by),
            after={
                "label": token.label,
                "prefix": token.prefix,
                "expires_at": token.expires_at.isoformat(),
                "can_write": can_write,
            },
            request=request,
        )
    return token, raw


def revoke_token(token: ApiToken, *, by, request=None) -> ApiToken:
    """Revoke a token (its user, or an admin over them). Idempotent. Side effects: the row,
    an audit event."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if not rules.can_manage_token(by, locked):
            raise TokenError(_("没有这个令牌。"), status=404)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record(
            "api.token_revoked",
            actor=by,
            target=locked,
            org_path=_org_path(locked.user),
            after={"label": locked.label, "prefix": locked.prefix, "user": locked.user.username},
            request=request,
        )
    return locked


def authenticate(raw: str) -> ApiToken | None:
    """The active token ``raw`` with its user, or None (unknown, revoked, expired, or the user
    deactivated)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
