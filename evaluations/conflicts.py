"""Each reviewer's automatic conflicts of interest in a campaign, for the committee page: the
reviewer's own nomination and those of the reviewer's branch (rules.has_conflict), which are
known only for a user linked to a member record."""

from __future__ import annotations

from django.db.models import Q

from selection.models import Nomination


def by_reviewer(campaign, reviewers) -> dict[int, list[Nomination] | None]:
    """user id → the campaign's nominations that user may not review; ``None`` for a user not
    linked to a member (their conflicts cannot be known)."""
    members = {r.user_id: r.user.member for r in reviewers}
    linked = [m for m in members.values() if m is not None]
    found: dict[int, list[Nomination] | None] = {
        user_id: ([] if member is not None else None) for user_id, member in members.items()
    }
    if not linked:
        return found
    nominations = (
        Nomination.objects.filter(campaign=campaign)
        .filter(
            Q(member_id__in=[m.pk for m in linked])
            | Q(branch_id__in={m.organization_id for m in linked})
        )
        .select_related("member")
        .order_by("member__name")
    )
    for nomination in nominations:
        for user_id, member in members.items():
            if member is not None and (
                member.pk == nomination.member_id or member.organization_id == nomination.branch_id
            ):
                found[user_id].append(nomination)
    return found
