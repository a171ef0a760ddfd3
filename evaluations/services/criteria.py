"""Writes of a campaign's criteria: the default four, and their names, points and rubrics."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from config.wording import as_typed
from selection.models import Campaign

from ..choices import DEFAULT_RUBRICS, CardState, CriterionCode
from ..errors import EvaluationError
from ..models import Criterion, Scorecard
from .committee import require_manager


def ensure_criteria(campaign: Campaign) -> list[Criterion]:
    """The campaign's criteria, creating the default four (25 points each) the first time."""
    existing = list(campaign.criteria.all())
    if existing:
        return existing
    for position, code in enumerate(CriterionCode):
        Criterion.objects.get_or_create(
            campaign=campaign,
            code=code,
            defaults={
                "name": code.label,
                "max_points": Decimal(25),
                "rubric": str(DEFAULT_RUBRICS[code]),
                "position": position,
            },
        )
    return list(campaign.criteria.all())


@transaction.atomic
def save_criteria(campaign: Campaign, rows: dict[int, dict], *, by, request=None) -> None:
    """Edit names, points and rubrics. Points must add up to 100; they cannot change once a
    card has been submitted (scores would no longer be comparable)."""
    require_manager(by, campaign)
    criteria = {c.pk: c for c in Criterion.objects.select_for_update().filter(campaign=campaign)}
    total = sum(Decimal(rows[pk]["max_points"]) for pk in criteria)
    if total != 100:
        raise EvaluationError(
            _("各评分项满分之和须为 100（现为 %(total)s）。") % {"total": as_typed(total)}
        )
    submitted = Scorecard.objects.filter(
        nomination__campaign=campaign, state=CardState.SUBMITTED
    ).exists()
    before = {c.code: as_typed(c.max_points) for c in criteria.values()}
    for pk, criterion in criteria.items():
        row = rows[pk]
        if submitted and Decimal(row["max_points"]) != criterion.max_points:
            raise EvaluationError(_("已有评分表提交，不能再修改满分。"))
        criterion.name, criterion.rubric = row["name"], row["rubric"]
        criterion.max_points = Decimal(row["max_points"])
        criterion.save(update_fields=["name", "rubric", "max_points"])
    Campaign.generation(campaign.pk).bump()
    record(
        "review.criteria_saved",
        actor=by,
        target=campaign,
        org_path=campaign.owner.path,
        # before and after, as a quota's change reads "3 → 4"
        before=before,
        after={c.code: as_typed(c.max_points) for c in criteria.values()},
        request=request,
    )
