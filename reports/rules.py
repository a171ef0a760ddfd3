"""Who may ask for which report over which organisation, and who may download a job's file.

Built on :mod:`members.scope` and :mod:`selection.rules`. A job is its requester's: anyone else
gets a 404, and so does the requester once the report is no longer within their rights (a role
taken away, a scope narrowed): the check runs on every download.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from members import scope
from members.models import Organization
from selection import rules as selection_rules
from selection.models import Campaign, Nomination

from .choices import SPECS, Kind
from .errors import ReportError
from .models import ReportJob


def kinds_for(user) -> list[str]:
    """The reports the user may ask for at all (their roles allow it somewhere)."""
    held = scope.roles(user)
    return [kind for kind, spec in SPECS.items() if held.intersection(spec.roles)]


def can_request(user, kind: str, organization: Organization) -> bool:
    return can_request_paths(user, kind, [organization.path])


def can_request_paths(user, kind: str, paths) -> bool:
    """The user may ask for ``kind`` over every one of these organisation paths."""
    spec = SPECS.get(kind)
    return spec is not None and all(scope.within(user, path, *spec.roles) for path in paths)


def require_request(
    user,
    kind: str,
    campaign: Campaign,
    organization: Organization,
    nomination: Nomination | None = None,
    *,
    paths: list[str] = (),
) -> None:
    """Refuse (403) a report outside the user's rights; 400 for a request that makes no sense.
    ``paths``: the organisations of a job over several (the user's whole scope)."""
    if not can_request(user, kind, organization) or not can_request_paths(user, kind, paths):
        raise ReportError(_("您无权生成该范围的这份报表。"), status=403)
    if not selection_rules.visible_campaigns(user).filter(pk=campaign.pk).exists():
        raise ReportError(_("您无权生成该范围的这份报表。"), status=403)
    if nomination is not None:
        if kind != Kind.FORMS:
            raise ReportError(_("只有推荐审批表可以按单个人选生成。"))
        if nomination.campaign_id != campaign.pk or not organization.contains(nomination.branch):
            raise ReportError(_("该人选不在所选的活动或组织范围内。"))


def organizations_for(user) -> QuerySet[Organization]:
    """Organisations the user may pick as a report's scope."""
    roles = {role for kind in kinds_for(user) for role in SPECS[kind].roles}
    return scope.organizations(user, *roles) if roles else Organization.objects.none()


def organization_choices(user) -> QuerySet[Organization]:
    """The organisations offered in the report form's select: the top of each of the user's
    scopes and their direct children, a few dozen even for a city's administrator. A report for
    an organisation further down stays allowed (``organizations_for``), asked from its page."""
    roles = {role for kind in kinds_for(user) for role in SPECS[kind].roles}
    tops = scope.paths(user, *roles) if roles else []
    return Organization.objects.filter(Q(path__in=tops) | Q(parent__path__in=tops))


def own_jobs(user) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(requested_by=user)


def can_download(user, job: ReportJob) -> bool:
    return job.requested_by_id == user.pk and can_request_paths(user, job.kind, job.paths)
