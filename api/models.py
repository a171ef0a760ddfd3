"""Personal API tokens: each acts for its user, with the user's roles and scope.

Only a digest of the token is stored (SHA-256 of a 256-bit random secret: no salt or slow hash
is needed for a secret nobody chose); the token itself is shown once, when it is created.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    label = models.CharField(_("用途说明"), max_length=100)
    #: The token's first characters, to tell tokens apart in lists (not enough to use one).
    prefix = models.CharField(_("令牌前缀"), max_length=16)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    can_write = models.BooleanField(
        _("允许写入"), default=False, help_text=_("默认只读；写入接口仅对管理员开放。")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "API 令牌")
        verbose_name_plural = pgettext_lazy("models", "API 令牌")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="api_token_user_idx")]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
