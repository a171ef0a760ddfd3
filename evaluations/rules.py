"""Permission predicates of the review: who scores what, who manages the committee, who sees
survey results. Built on :mod:`members.scope` and :mod:`selection.rules`."""

from __future__ import annotations

from members import scope
from members.choices import Role
from selection import rules as selection_rules
from selection.models import Campaign, Nomination

from .choices import SURVEY_OPEN
from .models import Scorecard


def has_conflict(user, nomination: Nomination) -> bool:
    """Automatic conflicts: the reviewer's own nomination, or one from the reviewer's branch."""
    member = getattr(user, "member", None)
    if member is None:
        return False
    return member.pk == nomination.member_id or member.organization_id == nomination.branch_id


def can_score(user, card: Scorecard) -> bool:
    return card.reviewer_id == user.pk and scope.has_role(user, Role.REVIEWER)


def can_manage_review(user, campaign: Campaign) -> bool:
    return selection_rules.can_manage_campaign(user, campaign)


def may_be_reviewer(user, campaign: Campaign) -> bool:
    """A reviewer role over the campaign's organisation (at it, above it or below it)."""
    return any(
        role == Role.REVIEWER
        and (campaign.owner.path.startswith(path) or path.startswith(campaign.owner.path))
        for role, path in scope.assignments(user)
    )


#: Survey rights belong with the nomination's other rights.
can_run_survey = selection_rules.can_run_survey


def survey_open(nomination: Nomination) -> bool:
    """The nomination's 民主测评 takes answers: from its submission until the committee's
    decision (a concluded campaign holds only decided nominations)."""
    return nomination.state in SURVEY_OPEN
