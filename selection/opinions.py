"""When the integrity opinion (廉洁意见) is awaited: the one rule of what the integrity queue,
the nomination list and the queue's campaign picker call pending (待出具)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from .choices import State
from .models import IntegrityOpinion, StageEntry
from .rules import AT_RECHECK_ENTRY, ELIGIBILITY_REVIEW_PHASES

#: States in which the screening waits for a nomination's integrity opinion.
OPINION_STATES = (State.SUBMITTED, State.RETURNED, State.ELIGIBLE)


def recheck_asked() -> Exists:
    """(逐级推荐) The nomination waits in the pool of a stage that asks for the integrity
    opinion again, and it was not given at that stage yet: an annotation or a filter on
    nominations (本级须重新出具)."""
    return Exists(
        StageEntry.objects.filter(AT_RECHECK_ENTRY, nomination=OuterRef("pk")).exclude(
            Exists(
                IntegrityOpinion.objects.filter(
                    nomination=OuterRef("nomination"), stage=OuterRef("stage")
                )
            )
        )
    )


def opinion_pending() -> Q:
    """The integrity opinion is awaited, as a filter on nominations: submitted (returned, or
    found eligible) in a campaign under eligibility review with no opinion given yet; or
    (逐级推荐) asked for again at a stage and not given there (``recheck_asked``). What the
    officer may give (``workflow.give_integrity_opinion``) is the same; whose they are, their
    scope (``rules.integrity_q``), is for the caller to add."""
    return Q(
        state__in=OPINION_STATES,
        campaign__phase__in=ELIGIBILITY_REVIEW_PHASES,
        integrity_opinion__isnull=True,
    ) | Q(recheck_asked())
