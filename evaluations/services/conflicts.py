"""Writes of the conflicts of interest a reviewer declares on a card."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from selection import rules as selection_rules

from .. import rules
from ..choices import CardState
from ..errors import EvaluationError
from ..models import Conflict, Scorecard


@transaction.atomic
def declare_conflict(card: Scorecard, *, by, reason: str, request=None) -> Conflict:
    """The reviewer declares a conflict of interest: the card goes, the conflict stays."""
    card = (
        Scorecard.objects.select_for_update().select_related("nomination__branch").get(pk=card.pk)
    )
    if not rules.can_score(by, card):
        raise EvaluationError(_("这不是您的评分表。"), status=403)
    selection_rules.require_writable(card.nomination.campaign)
    if card.state == CardState.SUBMITTED:
        raise EvaluationError(_("评分表已提交，如需回避请联系管理员。"))
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("请填写回避理由。"))
    conflict = Conflict.objects.create(nomination=card.nomination, reviewer=by, reason=reason)
    record(
        "review.conflict_declared",
        actor=by,
        target=card.nomination,
        org_path=card.nomination.branch.path,
        after={"reason": reason},
        request=request,
    )
    card.delete()
    return conflict
