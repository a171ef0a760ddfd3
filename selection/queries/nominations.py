"""Reads of nominations: the dashboards' lists, the public notice's (a nomination's own views:
``single``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from members import scope
from members.choices import Ethnicity, Gender, Role
from members.models import Member, Organization
from members.queries import clean_search

from .. import opinions, rules
from ..choices import State
from ..models import (
    Campaign,
    IntegrityOpinion,
    Nomination,
    Objection,
    PublicNotice,
)
from ..quota import Quota, full_members, nearest_override, places_used, quotas
from .common import with_related


class BranchNomination(NamedTuple):
    """A nomination as the secretary's dashboard lists it under its branch."""

    pk: int
    branch_id: int
    name: str
    #: Told beside the name: two members of a branch may share a name.
    member_no: str
    state: str
    updated_at: datetime.datetime
    #: Its screening was left over (``rules.screening_left_over``): the admin concludes it.
    left_over: bool
    #: A draft nominating closed on (``rules.draft_too_late``).
    too_late: bool


@dataclass
class BranchDashboard:
    quota: Quota
    nominations: list[BranchNomination]

    @property
    def nominated(self) -> int:
        """The nominations the branch made: every one submitted, whatever became of it since
        (not selected, withdrawn, found ineligible...), a draft never submitted aside. Once
        nominating is over, what the page counts in place of the places used and left."""
        return sum(1 for n in self.nominations if n.state != State.DRAFT)


def secretary_dashboard(user, campaign: Campaign) -> list[BranchDashboard]:
    """Per branch of the secretary within the campaign: quota used/left and its nominations.
    Two queries: the branches with their full members and the campaign's nearest quota
    override, then their nominations in the campaign (each told whether its screening was
    left over, in the same query)."""
    in_campaign = (
        Nomination.objects.filter(campaign=campaign)
        .annotate(
            name=F("member__name"),
            member_no=F("member__member_no"),
            left_over=rules.SCREENING_LEFT_OVER,
        )
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
                BranchNomination(
                    n.pk,
                    n.branch_id,
                    n.name,
                    n.member_no,
                    n.state,
                    n.updated_at,
                    n.left_over,
                    rules.draft_too_late(n, campaign),
                )
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


def _with_opinion(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Each told, in the same query, whether its integrity opinion is awaited
    (``opinion_pending``, ``opinions.opinion_pending``) and whether a stage asks for it again
    (``recheck``, ``opinions.recheck_asked``): what the 廉洁意见 cell says, in the queue and the
    list alike (selection/_opinion_cell.html)."""
    return nominations.annotate(
        recheck=opinions.recheck_asked(), opinion_pending=opinions.opinion_pending()
    )


def scoped_nominations(user, campaign: Campaign, *, state: str = "") -> QuerySet[Nomination]:
    """Nominations of a campaign the user may see (admins' and integrity officers' lists), to
    be read a page at a time; the caller gives the paginator their number (``state_counts``)."""
    found = _scoped(user, campaign)
    if state:
        found = found.filter(state=state)
    return _with_opinion(with_related(found))


def state_counts(user, campaign: Campaign) -> dict[str, int]:
    return dict(_scoped(user, campaign).order_by().values_list("state").annotate(n=Count("pk")))


def integrity_nominations(user, campaign: Campaign) -> QuerySet[Nomination]:
    """The nominations in the integrity officer's scope (``rules.integrity_may_see``) whose
    opinion is awaited (``opinions.opinion_pending``; 逐级推荐: asked for again at a stage), those
    asked again first, then by branch and name. Once answered a nomination leaves the queue
    for the opinions given (``integrity_opinions_given``, its page to revise it), and the rows
    left keep their order: the form under the pointer is never another nominee's answered
    one."""
    return _with_opinion(
        with_related(
            Nomination.objects.filter(opinions.opinion_pending(), campaign=campaign).filter(
                rules.integrity_q(scope.paths(user, Role.INTEGRITY))
            )
        )
    ).order_by(F("recheck").desc(), "branch__path", "member__name", "pk")


def integrity_opinions_given(user, campaign: Campaign) -> QuerySet[IntegrityOpinion]:
    """The opinions given on the campaign's nominations the integrity officer may see
    (``rules.integrity_q``), vetoed ones included, the latest first: the read-only record of
    what was decided, once a nomination has left the queue."""
    seen = Nomination.objects.filter(campaign=campaign).filter(
        rules.integrity_q(scope.paths(user, Role.INTEGRITY))
    )
    return (
        IntegrityOpinion.objects.filter(nomination__in=seen.values("pk"))
        .select_related("nomination__member", "nomination__branch", "by")
        .order_by("-at", "-pk")
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


#: States of the nominations standing on a public notice (neither withdrawn nor revoked).
PUBLIC_STATES = (State.IN_NOTICE, State.APPROVED, State.PUBLISHED)


#: States of the nominations a notice listed while it ran, whatever happened since: those it
#: still lists, those withdrawn during it (an objection upheld) and those whose honour was
#: revoked later (撤销荣誉).
NOTICED_STATES = (*PUBLIC_STATES, State.WITHDRAWN, State.REVOKED)


#: States a notice marks beside a name it listed: withdrawn during it (an objection upheld),
#: revoked since (撤销荣誉).
MARKED_STATES = (State.WITHDRAWN, State.REVOKED)


def notice_mark(state: str) -> str:
    """What a notice says beside an entry withdrawn or revoked since (the state's name, never
    its reason), "" beside the others: the public notice pages, the API's notice and the
    printed 公示名单 and 公示结果 alike."""
    return str(State(state).label) if state in MARKED_STATES else ""


def notice_entries(public_notice: PublicNotice) -> QuerySet[Nomination]:
    """The nominations standing on the notice (not withdrawn, not revoked), with only the
    public fields (DESIGN.md §6)."""
    return _entries(public_notice, PUBLIC_STATES)


def noticed_entries(public_notice: PublicNotice) -> QuerySet[Nomination]:
    """Everyone the notice listed, with the same public fields and their state (the printed
    公示名单 and 公示结果, which the yearly archive keeps: a record of the notice as it ran,
    the withdrawn and the revoked marked, not left out)."""
    return _entries(public_notice, NOTICED_STATES)


def _entries(public_notice: PublicNotice, states) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(campaign=public_notice.campaign, state__in=states)
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


#: How a notice's objections are counted: all of them and those decided either way (the
#: others are open).
OBJECTION_COUNTS = {
    "total": Count("objections"),
    "upheld": Count("objections", filter=Q(objections__status=Objection.Status.UPHELD)),
    "dismissed": Count("objections", filter=Q(objections__status=Objection.Status.DISMISSED)),
}


def public_notice(
    campaign_pk: int, search: str | None = None
) -> tuple[PublicNotice, dict[str, int]]:
    """A campaign's notice with what its public pages show of it and its campaign, and what
    they say of its objections (how many, and how they ended), counted in the same query; 404
    when the campaign has none. With ``search`` ("" for none) the notice's ``listed`` is the
    number of names ``notice_rows`` finds for it, counted in that query too (a page of names
    is told it rather than counting them in a query of its own)."""
    notices = (
        PublicNotice.objects.select_related("campaign")
        .only("starts_on", "ends_on", "working_days", "contact", "campaign__title")
        .annotate(**OBJECTION_COUNTS)
    )
    if search is not None:
        counted = (
            _listed(OuterRef("campaign_id"), search)
            .order_by()
            .values("campaign_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        notices = notices.annotate(listed=Coalesce(Subquery(counted), 0))
    found = get_object_or_404(notices, campaign_id=campaign_pk)
    outcomes = {name: getattr(found, name) for name in OBJECTION_COUNTS}
    outcomes["open"] = found.total - found.upheld - found.dismissed
    return found, outcomes


def _listed(campaign, search: str) -> QuerySet[Nomination]:
    """The nominations the notice of ``campaign`` (an id, or a reference to the outer query's)
    lists: everyone it named while it ran (``NOTICED_STATES``, as the printed notice), one
    withdrawn during it or revoked since marked (``notice_mark``), not left out: the names were
    public, and a name gone from the list would leave the objections upheld unexplained. Only
    those whose name or organisation's name holds ``search``, where given."""
    rows = Nomination.objects.filter(campaign_id=campaign, state__in=NOTICED_STATES)
    search = clean_search(search)
    if search:
        rows = rows.filter(Q(member__name__contains=search) | Q(branch__name__contains=search))
    return rows


def notice_rows(public_notice: PublicNotice, search: str = "") -> QuerySet[Nomination]:
    """The nominations a notice lists (``_listed``), by organisation and name, to be read a
    page at a time through ``notice_labels``."""
    # The organisation's path read by a subquery, not through the join that brings its name:
    # ordered by the joined column, PostgreSQL walks the whole tree's path index to fill a
    # page and compares every organisation it passes with every name of the notice.
    branch_path = Organization.objects.filter(pk=OuterRef("branch_id")).order_by().values("path")
    return (
        _listed(public_notice.campaign_id, search)
        .alias(branch_path=Subquery(branch_path))
        .order_by("branch_path", "member__name", "pk")
    )


#: What ``notice_labels`` reads of a nomination on a notice, in this order.
NOTICE_FIELDS = (
    "pk",
    "deeds_summary",
    "member__name",
    "member__gender",
    "member__ethnicity",
    "member__birth_date",
    "member__joined_on",
    "branch__name",
    "member__post",
    "state",
)


def notice_labels(nominations: QuerySet[Nomination]) -> list[dict]:
    """``nominations`` as plain rows of the notice's public fields (DESIGN.md §6): the years of
    birth and joining as text, never the dates (and a year is no quantity for the template to
    put through the language's number formatting); gender and ethnicity named in the current
    language, each name looked up once for the list (``get_FOO_display`` would look every
    label up again for each row)."""
    found = list(nominations.values_list(*NOTICE_FIELDS))
    genders = _named(Gender.choices, {row[3] for row in found})
    ethnicities = _named(Ethnicity.choices, {row[4] for row in found})
    return [
        {
            "pk": pk,
            "deeds_summary": deeds_summary,
            "name": name,
            "gender": genders[gender],
            "ethnicity": ethnicities[ethnicity],
            "birth_year": str(born.year),
            "joined_year": str(joined.year),
            "organization": organization,
            "post": post,
            "mark": notice_mark(state),
            "revoked": state == State.REVOKED,
        }
        for pk, deeds_summary, name, gender, ethnicity, born, joined, organization, post, state in (
            found
        )
    ]


def _named(choices, codes: set[str]) -> dict[str, str]:
    """The labels of ``codes`` in the current language (a code no choice has as itself)."""
    labels = dict(choices)
    return {code: str(labels.get(code, code)) for code in codes}
