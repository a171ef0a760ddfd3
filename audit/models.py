"""The audit trail: an append-only record of every change that matters.

Rows are written only through :func:`audit.services.record`. The model refuses updates and deletes
(and on PostgreSQL a trigger refuses them too), so no code path, the admin included, can rewrite
history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as text too, so the trail reads the same if the account is renamed.
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    verb = models.CharField(_("动作"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    # Path of the organisation the event belongs to, so auditors see their subtree only.
    org_path = models.CharField(_("组织路径"), max_length=255, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("model", "审计事件")
        verbose_name_plural = pgettext_lazy("models", "审计事件")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "created_at"], name="audit_actor_idx"),
            models.Index(
                fields=["org_path"], name="audit_org_path_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        # The key is the database's, so a row that has one has been written: never again.
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")

    @property
    def verb_label(self) -> str:
        from .verbs import label

        return label(self.verb)

    @property
    def target_kind(self) -> str:
        """What the target is, in the UI language (推荐, 报表任务…): the verbose name of the
        model ``target_type`` names; the code itself for a model no longer there."""
        from .verbs import kind_label

        return kind_label(self.target_type)

    @property
    def target_name(self) -> str:
        """The object's name as stored, a report's kind in the UI language
        (:func:`audit.verbs.target_name`)."""
        from .verbs import target_name

        return target_name(self.target_type, self.target_repr)

    def changes(self) -> list[tuple[str, str | None, str | None]]:
        """The change key by key, in words: ``(label, before, after)`` (see
        :func:`audit.changes.rows`)."""
        from .changes import rows

        return rows(self.verb, self.before, self.after)
