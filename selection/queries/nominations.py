"""Reads of nominations: a nomination's page, the dashboards' lists, the public notice's."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from members import scope
from members.choices import Ethnicity, Gender, Role
from members.models import Member
from members.queries import clean_search

from .. import eligibility, rules
from ..choices import State
from ..models import (
    Campaign,
    IntegrityOpinion,
    Nomination,
    Objection,
    PublicNotice,
    StageEntry,
    Transition,
)
from ..quota import Quota, full_members, nearest_override, places_used, quotas
from .common import with_related


def nomination_for(user, pk: int) -> Nomination:
    """A nomination the user may see (else 404), with what its detail page shows."""
    return get_object_or_404(
        rules.visible_nominations(user)
        .select_related("member", "branch", "campaign__owner", "integrity_opinion__by")
        .prefetch_related(
            "attachments",
            "member__assessments",
            "member__discipline_records",
            Prefetch("transitions", queryset=Transition.objects.select_related("by")),
        ),
        pk=pk,
    )


class BranchNomination(NamedTuple):
    """A nomination as the secretary's dashboard lists it under its branch."""

    pk: int
    branch_id: int
    name: str
    state: str
    updated_at: datetime.datetime


@dataclass
class BranchDashboard:
    quota: Quota
    nominations: list[BranchNomination]


def secretary_dashboard(user, campaign: Campaign) -> list[BranchDashboard]:
    """Per branch of the secretary within the campaign: quota used/left and its nominations.
    Two queries: the branches with their full members and the campaign's nearest quota
    override, then their nominations in the campaign."""
    in_campaign = (
        Nomination.objects.filter(campaign=campaign)
        .annotate(name=F("member__name"))
        .only("pk", "branch_id", "state", "updated_at")
        .order_by("member__name", "pk")
    )
    branches = [
        b
        for b in scope.branches_within(scope.paths(user, Role.SECRETARY))
        .annotate(full_members=full_members(), **nearest_override(campaign.pk))
        .order_by("path")
        if campaign.owner.contains(b)
    ]
    listed: dict[int, list[BranchNomination]] = {b.pk: [] for b in branches}
    if branches:
        for n in in_campaign.filter(branch__in=branches):
            listed[n.branch_id].append(
                BranchNomination(n.pk, n.branch_id, n.name, n.state, n.updated_at)
            )
    table = quotas(
        campaign,
        branches,
        used=places_used(row for rows in listed.values() for row in rows),
        full={b.pk: b.full_members for b in branches},
        nearest={
            b.pk: (b.override_kind, b.override_value) if b.override_kind else None for b in branches
        },
    )
    return [BranchDashboard(table[b.pk], listed[b.pk]) for b in branches]


def _scoped(user, campaign: Campaign) -> QuerySet[Nomination]:
    return Nomination.objects.filter(
        rules.nominations_where(*rules.nomination_scope(user)), campaign_id=campaign.pk
    )


def scoped_nominations(user, campaign: Campaign, *, state: str = "") -> QuerySet[Nomination]:
    """Nominations of a campaign the user may see (admins' and integrity officers' lists), to
    be read a page at a time; the caller gives the paginator their number (``state_counts``)."""
    found = _scoped(user, campaign)
    if state:
        found = found.filter(state=state)
    return with_related(found)


def state_counts(user, campaign: Campaign) -> dict[str, int]:
    return dict(_scoped(user, campaign).order_by().values_list("state").annotate(n=Count("pk")))


def integrity_nominations(user, campaign: Campaign) -> QuerySet[Nomination]:
    """Submitted or eligible nominations in the integrity officer's scope
    (``rules.integrity_may_see``), and (逐级推荐) those waiting in the pool of a stage that asks
    for the opinion again; those needing an opinion (``recheck``: again, at this stage) first."""
    asked_again = StageEntry.objects.filter(
        rules.AT_RECHECK_ENTRY, nomination=OuterRef("pk")
    ).exclude(
        Exists(
            IntegrityOpinion.objects.filter(
                nomination=OuterRef("nomination"), stage=OuterRef("stage")
            )
        )
    )
    return (
        with_related(
            Nomination.objects.filter(
                Q(state__in=[State.SUBMITTED, State.RETURNED, State.ELIGIBLE])
                | Q(pk__in=Nomination.objects.filter(rules.AT_RECHECK).values("pk")),
                campaign=campaign,
            ).filter(rules.integrity_q(scope.paths(user, Role.INTEGRITY)))
        )
        .annotate(recheck=Exists(asked_again))
        .order_by(
            F("recheck").desc(),
            F("integrity_opinion").asc(nulls_first=True),
            "branch__path",
            "member__name",
        )
    )


def eligibility_for(nomination: Nomination) -> list[eligibility.RuleResult]:
    return eligibility.evaluate(
        nomination.campaign,
        nomination.member,
        opinion=getattr(nomination, "integrity_opinion", None),
        previous_exemplars=eligibility.previous_exemplar_ids(nomination.campaign),
    )


def existing_nomination(user, campaign: Campaign, member_pk: int) -> Nomination | None:
    """The user's visible nomination of the member in the campaign, if there is one."""
    return (
        rules.visible_nominations(user)
        .select_related("campaign", "branch")
        .filter(campaign=campaign, member_id=member_pk)
        .first()
    )


def member_candidates(user, campaign: Campaign, search: str = "") -> QuerySet[Member]:
    """Members of the secretary's branches (inside the campaign) not yet nominated in it."""
    members = scope.members(user, Role.SECRETARY).filter(
        organization__path__startswith=campaign.owner.path
    )
    search = clean_search(search)
    if search:
        members = members.filter(Q(name__contains=search) | Q(member_no__startswith=search))
    return (
        members.exclude(nominations__campaign=campaign)
        .select_related("organization")
        .order_by("organization__path", "name")
    )


#: States of the nominations a public notice lists.
PUBLIC_STATES = (State.IN_NOTICE, State.APPROVED, State.PUBLISHED)


def notice_entries(public_notice: PublicNotice) -> QuerySet[Nomination]:
    """The notice's list with only the public fields (DESIGN.md §6)."""
    return (
        Nomination.objects.filter(campaign=public_notice.campaign, state__in=PUBLIC_STATES)
        .select_related("branch")
        .only(
            "pk",
            "state",
            "deeds_summary",
            "branch__name",
            "member__name",
            "member__gender",
            "member__ethnicity",
            "member__birth_date",
            "member__joined_on",
            "member__post",
        )
        .select_related("member")
        .order_by("branch__path", "member__name")
    )


#: What a notice's public page says of its objections: how many, and how they ended.
OBJECTION_OUTCOMES = {
    "total": Count("objections"),
    "upheld": Count("objections", filter=Q(objections__status=Objection.Status.UPHELD)),
    "dismissed": Count("objections", filter=Q(objections__status=Objection.Status.DISMISSED)),
    "open": Count("objections", filter=Q(objections__status=Objection.Status.OPEN)),
}


def public_notice(campaign_pk: int) -> tuple[PublicNotice, dict[str, int]]:
    """A campaign's notice with what its public pages show of it and its campaign, and its
    objections counted by outcome (``OBJECTION_OUTCOMES``) in the same query; 404 when the
    campaign has none."""
    found = get_object_or_404(
        PublicNotice.objects.select_related("campaign")
        .only("starts_on", "ends_on", "working_days", "contact", "campaign__title")
        .annotate(**OBJECTION_OUTCOMES),
        campaign_id=campaign_pk,
    )
    return found, {name: getattr(found, name) for name in OBJECTION_OUTCOMES}


def notice_rows(public_notice: PublicNotice, search: str = "") -> QuerySet[Nomination]:
    """The nominations a notice lists, by organisation and name, to be read a page at a time
    through ``notice_labels``; only those whose name or organisation's name holds ``search``,
    where given."""
    rows = Nomination.objects.filter(campaign_id=public_notice.campaign_id, state__in=PUBLIC_STATES)
    search = clean_search(search)
    if search:
        rows = rows.filter(Q(member__name__contains=search) | Q(branch__name__contains=search))
    return rows.order_by("branch__path", "member__name", "pk")


def notice_labels(nominations: QuerySet[Nomination]) -> list[dict]:
    """``nominations`` as plain rows of the notice's public fields (DESIGN.md §6): the years of
    birth and joining, never the dates; gender and ethnicity named in the current language,
    each name looked up once for the list (``get_FOO_display`` would look every label up again
    for each row)."""
    rows = list(
        nominations.values(
            "pk",
            "deeds_summary",
            name=F("member__name"),
            gender=F("member__gender"),
            ethnicity=F("member__ethnicity"),
            birth_year=ExtractYear("member__birth_date"),
            joined_year=ExtractYear("member__joined_on"),
            organization=F("branch__name"),
            post=F("member__post"),
        )
    )
    for field, choices in (("gender", Gender.choices), ("ethnicity", Ethnicity.choices)):
        labels = dict(choices)
        named = {code: str(labels.get(code, code)) for code in {row[field] for row in rows}}
        for row in rows:
            row[field] = named[row[field]]
    return rows
