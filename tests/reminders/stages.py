"""A city campaign run level by level (逐级推荐) for the stage reminders' tests: 党委, then 区委,
then 市委; the 党委 stage is due at ``deadline``, and each 党委 holds a nomination in review."""

from members.choices import OrgKind, Role
from selection.models import Stage
from tests.factories import in_review, staged_campaign, user_with_role


def staged_at(deadline, city, city_admin, branches):
    """The campaign, its first stage due at ``deadline``, with a nomination in each branch's
    pool there."""
    campaign = staged_campaign(
        city, [(OrgKind.COMMITTEE, 1), (OrgKind.DISTRICT, 1), (OrgKind.CITY, 1)], by=city_admin
    )
    Stage.objects.filter(campaign=campaign, position=1).update(deadline=deadline)
    for i, branch in enumerate(branches):
        in_review(campaign, 80 - i, by=city_admin, member__organization=branch)
    return campaign


def admin_of(organization, username):
    return user_with_role(Role.ADMIN, organization, username=username)
