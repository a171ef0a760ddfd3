"""Reads of the audit trail by the apps whose decisions it keeps."""

from __future__ import annotations

from django.db import models

from .models import AuditEvent


def latest_after(verbs: list[str], target: models.Model) -> dict | None:
    """What the newest event of ``verbs`` on ``target`` recorded (its ``after``), None when
    there is none: a decision whose words are kept only in its audit row (one query)."""
    return (
        AuditEvent.objects.filter(
            verb__in=verbs, target_type=target._meta.label_lower, target_id=str(target.pk)
        )
        .order_by("-created_at", "-id")
        .values_list("after", flat=True)
        .first()
    )
