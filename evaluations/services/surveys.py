"""Writes of the public survey (民主测评): issuing codes and recording answers."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from selection import rules as selection_rules
from selection.models import Campaign, Nomination

from .. import rules
from ..choices import (
    SATISFIED,
)
from ..errors import EvaluationError
from ..models import (
    Survey,
    SurveyCode,
    SurveyResponse,
)

MAX_CODES_PER_ISSUE = 500


@transaction.atomic
def issue_codes(nomination: Nomination, count: int, *, by, request=None) -> list[SurveyCode]:
    """Issue ``count`` one-time codes (128 random bits each) for a nomination's survey."""
    if not rules.can_run_survey(by, nomination):
        raise EvaluationError(_("您不能为这份推荐发放测评码。"), status=403)
    selection_rules.require_writable(nomination.campaign)
    closed = rules.survey_closed(nomination)
    if closed:
        raise EvaluationError(closed)
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise EvaluationError(
            _("每次可发放 1 至 %(max)d 个测评码。") % {"max": MAX_CODES_PER_ISSUE}
        )
    survey, _created = Survey.objects.get_or_create(
        nomination=nomination, defaults={"created_by": by}
    )
    codes = SurveyCode.objects.bulk_create(
        [SurveyCode(survey=survey, code=secrets.token_urlsafe(16)) for _i in range(count)]
    )
    Survey.objects.filter(pk=survey.pk).update(issued_count=F("issued_count") + count)
    Campaign.generation(nomination.campaign_id).bump()
    record(
        "survey.codes_issued",
        actor=by,
        target=nomination,
        org_path=nomination.branch.path,
        after={"count": count},
        request=request,
    )
    return codes


def respond(code: str, answers: dict[str, str]) -> None:
    """Record one anonymous response; the code is consumed in the same transaction, under a row
    lock, so it cannot be used twice even by concurrent requests."""
    with transaction.atomic():
        found = (
            SurveyCode.objects.select_for_update(of=("self",))
            .select_related("survey__nomination__campaign")
            .filter(code=code)
            .first()
        )
        if found is None:
            raise EvaluationError(_("测评码无效。"), status=404)
        if found.used_at is not None:
            raise EvaluationError(_("该测评码已使用，每个测评码只能提交一次。"))
        selection_rules.require_writable(found.survey.nomination.campaign)
        how, closed = rules.survey_closed_to_respondent(found.survey.nomination)
        if how:
            raise EvaluationError(closed)
        found.used_at = timezone.now()
        found.save(update_fields=["used_at"])
        SurveyResponse.objects.create(survey=found.survey, **answers)
        Survey.objects.filter(pk=found.survey_id).update(
            response_count=F("response_count") + 1,
            satisfied_count=F("satisfied_count") + (1 if answers["overall"] in SATISFIED else 0),
        )
        Campaign.generation(found.survey.nomination.campaign_id).bump()


# --- The committee's shortlist ------------------------------------------------------------------
