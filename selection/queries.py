"""Reads of the selection app, scoped to the user and with their related rows loaded up front,
so each page costs the same number of queries whatever the number of nominations."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404

from config.aggregates import JSONRows
from config.paging import PageColumn, over_page
from config.statements import PREFIXES, Rows, Statement
from members import scope
from members.choices import Role
from members.models import Member, Organization
from members.queries import clean_search

from . import eligibility, rules
from .choices import Phase, State
from .models import (
    Attachment,
    Campaign,
    ExemplarProfile,
    IntegrityOpinion,
    Nomination,
    PublicNotice,
    Transition,
)
from .quota import Quota, full_members, nearest_override, places_used, quotas

#: What a list row shows (name, branch, state, opinion, last change). The rest stays in the
#: database: the long texts, which no list shows (a tenth of a secretary's dashboard was reading
#: them), and the member's personal data, which no list may show. Reading only these made a page
#: of 50 rows 2–3 ms faster at city scale (fewer columns to send, fewer fields to set on each
#: object; measured on the screening queue, which now reads tuples of its own).
LIST_FIELDS = (
    "campaign_id",
    "member_id",
    "branch_id",
    "state",
    "updated_at",
    "member__name",
    "member__organization_id",
    "branch__name",
    "branch__path",
    "integrity_opinion__verdict",
    "integrity_opinion__reason",
)


def _with_related(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """A list's rows: the member, branch and integrity opinion joined, with ``LIST_FIELDS``."""
    return (
        nominations.select_related("member", "branch", "integrity_opinion")
        .only(*LIST_FIELDS)
        .order_by("branch__path", "member__name", "pk")
    )


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


class AttachmentLink(NamedTuple):
    """What a link to an evidence file shows: its id and its name as uploaded."""

    pk: int
    original_name: str


def attachment_rows(nomination: str) -> Subquery:
    """The attachments of the nomination in column ``nomination`` as one JSON array of
    ``[id, name, uploaded at]`` (NULL without any), for a query that reads the nomination
    anyway; :func:`attachment_links` turns it into links in upload order."""
    return Subquery(
        Attachment.objects.filter(nomination_id=OuterRef(nomination))
        .order_by()
        .values("nomination_id")
        .annotate(rows=JSONRows("pk", "original_name", "uploaded_at"))
        .values("rows")
    )


def attachment_links(rows: list | None) -> list[AttachmentLink]:
    """``attachment_rows`` as links, in the order they were uploaded (an aggregate keeps no
    order of its own; the times compare as the database wrote them, all alike)."""
    ordered = sorted(rows or (), key=lambda row: (row[2], row[0]))
    return [AttachmentLink(pk, name) for pk, name, _uploaded in ordered]


_CAMPAIGN = Statement(lambda pk: Campaign.objects.select_related("owner").filter(pk=pk), int)


def campaign_by_id(pk: int) -> Campaign:
    """The campaign with its owner, or 404, whoever asks: for callers that check the user's
    right to it themselves."""
    found = _CAMPAIGN.objects(pk)
    if not found:
        raise Http404("No such campaign.")
    return found[0]


def campaign_for(user, pk: int) -> Campaign:
    return get_object_or_404(rules.visible_campaigns(user).select_related("owner"), pk=pk)


def _campaigns(
    above: list[str],
    administered: list[str],
    integrity_above: list[str] = (),
    integrity: list[str] = (),
) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(
            rules.campaigns_where(above, administered, integrity_above, integrity)
        )
        .select_related("owner")
        .order_by("-year", "-pk")
    )


_CAMPAIGNS = Statement(_campaigns, [str], PREFIXES, [str], PREFIXES)


def _kept_campaigns(statement: Statement, user) -> list[Campaign]:
    return list(statement.objects(*rules.campaign_scope(user)))


def campaigns(user) -> list[Campaign]:
    """The campaigns the user may see, newest first (the pickers of every list page)."""
    return _kept_campaigns(_CAMPAIGNS, user)


_QUEUE_CAMPAIGNS = Statement(
    lambda *args: _campaigns(*args).filter(phase__in=[Phase.NOMINATING, Phase.SCREENING]),
    [str],
    PREFIXES,
    [str],
    PREFIXES,
)


def queue_campaigns(user) -> list[Campaign]:
    """Of ``campaigns``, those taking or screening nominations (the screening and integrity
    queues' pickers)."""
    return _kept_campaigns(_QUEUE_CAMPAIGNS, user)


def campaigns_with_counts(user) -> QuerySet[Campaign]:
    """The same, with the number of nominations of each: counted per campaign from the index
    (joining every nomination row to group them was 5–15 ms at 5,000 nominations)."""
    counted = (
        Nomination.objects.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return _campaigns(*rules.campaign_scope(user)).annotate(
        nomination_count=Coalesce(Subquery(counted), 0)
    )


def nominating_campaigns(user, branch: Organization | None = None) -> list[Campaign]:
    """Campaigns open for nominations that cover one of the secretary's branches."""
    branch_paths = [b.path for b in ([branch] if branch else scope.branches(user, Role.SECRETARY))]
    above = {path for branch_path in branch_paths for path in scope.ancestor_paths(branch_path)}
    return list(
        Campaign.objects.filter(phase=Phase.NOMINATING, owner__path__in=above)
        .select_related("owner")
        .order_by("-year", "pk")
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


def _branch_nominations(campaign) -> Subquery:
    """Each branch's nominations in ``campaign`` as one JSON array of ``[id, member's name,
    state, last change]`` (NULL without any), read with the branch."""
    rows = (
        Nomination.objects.filter(campaign_id=campaign, branch_id=OuterRef("pk"))
        .order_by()
        .values("branch_id")
        .annotate(rows=JSONRows("pk", "member__name", "state", "updated_at"))
        .values("rows")
    )
    return Subquery(rows, output_field=JSONField())


def _moment(text: str) -> datetime.datetime:
    """A time as a JSON array holds it: ISO with its offset (PostgreSQL), or UTC without one
    (SQLite, as Django stores it there)."""
    moment = datetime.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _branch_listed(branch_id: int, rows: list | None) -> list[BranchNomination]:
    """``_branch_nominations`` as rows, by the member's name (then the order they were made):
    the order the database's own sort gives under the portal's collation (``C.UTF-8``, code
    points; SQLite's binary), as an aggregate keeps none."""
    listed = [
        BranchNomination(pk, branch_id, name, state, _moment(updated_at))
        for pk, name, state, updated_at in rows or ()
    ]
    listed.sort(key=lambda row: (row.name, row.pk))
    return listed


#: The secretary's branches with what their quotas need (their full members, the campaign's
#: nearest override) and their nominations in the campaign, in one query: the nominations in
#: a query of their own, as model instances with their member, branch and opinion, were a
#: second round trip and forty objects for a dozen rows (0.61 → 0.43 ms for the statements
#: alone on the benchmark's city).
_BRANCHES = Statement(
    lambda prefixes, campaign: (
        scope.branches_within(prefixes)
        .annotate(
            full_members=full_members(),
            **nearest_override(campaign),
            nomination_rows=_branch_nominations(campaign),
        )
        .order_by("path")
    ),
    PREFIXES,
    int,
)


def secretary_dashboard(user, campaign: Campaign) -> list[BranchDashboard]:
    """Per branch of the secretary within the campaign: quota used/left and its nominations."""
    branches = [
        b
        for b in _BRANCHES.objects(scope.paths(user, Role.SECRETARY), campaign.pk)
        if campaign.owner.contains(b)
    ]
    listed = {b.pk: _branch_listed(b.pk, b.nomination_rows) for b in branches}
    # The places used are counted from the nominations listed; the branches came with their
    # full members and the campaign's nearest quota override.
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


def _scoped(campaign: int, managed: list[str], integrity: list[str]) -> QuerySet[Nomination]:
    return Nomination.objects.filter(
        rules.nominations_where(managed, integrity), campaign_id=campaign
    )


_SCOPED = Statement(lambda *args: _with_related(_scoped(*args)), int, PREFIXES, PREFIXES)
_SCOPED_IN_STATE = Statement(
    lambda state, *args: _with_related(_scoped(*args).filter(state=state)),
    str,
    int,
    PREFIXES,
    PREFIXES,
)
_STATE_COUNTS = Statement(
    lambda *args: _scoped(*args).values_list("state").annotate(n=Count("pk")),
    int,
    PREFIXES,
    PREFIXES,
)


def scoped_nominations(user, campaign: Campaign, *, state: str = "") -> Rows:
    """Nominations of a campaign the user may see (admins' and integrity officers' lists),
    read a page at a time; the caller gives the paginator their number (``state_counts``)."""
    scoped = (campaign.pk, *rules.nomination_scope(user))
    if state:
        return _SCOPED_IN_STATE.page_source(state, *scoped)
    return _SCOPED.page_source(*scoped)


def state_counts(user, campaign: Campaign) -> dict[str, int]:
    return dict(_STATE_COUNTS.rows(campaign.pk, *rules.nomination_scope(user)))


class ScreeningRow(NamedTuple):
    """A row of the screening queue as its page's statement reads it: what the row shows and
    what the eligibility rules read. Tuples: building the nomination, member, branch and
    opinion instances of a page of 50 was 2–3 ms at city scale, more than the query."""

    pk: int
    member_id: int
    name: str
    member_status: str
    joined_on: datetime.date
    branch: str
    verdict: str | None
    reason: str | None
    #: Whether the member was commended in the owner's campaign of last year; None where the
    #: campaign does not exclude them (the rule is not evaluated).
    previous_exemplar: bool | None
    #: The member's records (``eligibility.member_records``): the latest assessment, the
    #: discipline records.
    assessment_year: int | None
    assessment_grade: str | None
    discipline: list | None


@dataclass
class QueueRow:
    pk: int
    name: str
    branch: str
    rules: list[eligibility.RuleResult]
    url: str


def screening_queue(
    campaign: Campaign, rows: list[ScreeningRow], url: Callable[[int], str]
) -> list[QueueRow]:
    """The eligibility rules evaluated for a page of ``screening_page`` (which read all they
    need)."""
    campaign_rules = eligibility.Rules(
        campaign, {row.member_id for row in rows if row.previous_exemplar}
    )
    outcomes = campaign_rules.outcomes
    return [
        QueueRow(
            row.pk,
            row.name,
            row.branch,
            outcomes(
                row.member_id,
                row.member_status,
                row.joined_on,
                row.assessment_year,
                row.assessment_grade,
                eligibility.discipline_from_rows(row.discipline),
                row.verdict,
                row.reason,
            ),
            url(row.pk),
        )
        for row in rows
    ]


def _awaiting_screening(prefixes: list[str]) -> QuerySet[Nomination]:
    """Submitted nominations under an admin's ``prefixes`` (``scope.paths``): what the queue
    lists and what its bulk approval may touch, defined once. (For an admin who holds a
    campaign's whole tree the queue reads the campaign's submitted nominations instead: the
    same rows, see ``_screens_whole``.)"""
    return Nomination.objects.filter(state=State.SUBMITTED).filter(
        scope.prefixes_q(prefixes, "branch__path")
    )


def _screening(
    campaign: int, prefixes: list[str] | None, previous_exemplar, limit: int, offset: int
) -> QuerySet:
    """A page of the queue's rows as ``ScreeningRow`` fields and, last, the number of all of
    them; oldest submission first. The page is cut first, from the nominations' index
    (``nom_queue_idx``), and only its rows are joined to their member and have their branch's
    name, their integrity opinion and their records looked up (``config.paging``): written as
    one query, PostgreSQL looked up every row it skipped on the way to a later page (page 10:
    3.6 ms against 0.6 ms on the benchmark's city), and read each of the member's fields by a
    lookup of its own on the first.

    ``prefixes`` are the admin's organisations (``scope.paths``), or None for an admin who
    holds the campaign's whole tree (``_screens_whole``): every nomination of the campaign is
    theirs, the page is read from the index alone and counted apart, and the branches' paths
    are not read. Hashing all 561 organisations of the city to test their paths was a third
    of the statement (0.86 → 0.61 ms). The opinion and the branch's name are looked up per row
    rather than joined: joined, the plan for a page without the organisations' paths hashed
    all 6,333 opinions (1.0 ms)."""
    if prefixes is None:
        awaiting = Nomination.objects.filter(state=State.SUBMITTED, campaign_id=campaign)
        page = awaiting.order_by("submitted_at", "pk").values(
            "id", "member_id", "branch_id", "submitted_at"
        )
        total = Subquery(awaiting.values("campaign_id").annotate(n=Count("*")).values("n"))
    else:
        page = (
            _awaiting_screening(prefixes)
            .filter(campaign_id=campaign)
            .annotate(total=Window(Count("*")))
            .order_by("submitted_at", "pk")
            .values("id", "member_id", "branch_id", "submitted_at", "total")
        )
        total = PageColumn("total", IntegerField())
    opinion = IntegrityOpinion.objects.filter(nomination_id=OuterRef("pk"))
    rows = (
        Nomination.objects.annotate(
            name=F("member__name"),
            status=F("member__status"),
            joined_on=F("member__joined_on"),
            # unordered: the organisations' default order (by path) sorted each row's one name
            branch_name=Subquery(
                Organization.objects.filter(pk=OuterRef("branch_id")).order_by().values("name")
            ),
            # verdict and reason as one text, looked up once (``_screening_row`` splits it)
            opinion=Subquery(
                opinion.annotate(
                    pair=Concat("verdict", Value(":"), "reason", output_field=TextField())
                ).values("pair")
            ),
            previous_exemplar=previous_exemplar,
            **eligibility.member_records("member_id"),
            total=total,
        )
        .order_by("submitted_at", "pk")
        .values_list(
            "pk",
            "member_id",
            "name",
            "status",
            "joined_on",
            "branch_name",
            "opinion",
            "previous_exemplar",
            "latest_assessment",
            "discipline_rows",
            "total",
        )
    )
    return over_page(rows, page, limit, offset)


def _previous_exemplar(owner: int, year: int) -> Exists:
    return Exists(eligibility.commended(owner, year).filter(member_id=OuterRef("member_id")))


_NOT_MARKED = Value(None, BooleanField())
#: The queue's page for an admin of part of the campaign's tree (``prefixes``) or of all of it,
#: each with or without last year's exemplars marked (``Campaign.exclude_previous_exemplars``).
_SCREENING = Statement(
    lambda campaign, prefixes, limit, offset: _screening(
        campaign, prefixes, _NOT_MARKED, limit, offset
    ),
    int,
    PREFIXES,
    paged=True,
)
_SCREENING_MARKED = Statement(
    lambda campaign, prefixes, owner, year, limit, offset: _screening(
        campaign, prefixes, _previous_exemplar(owner, year), limit, offset
    ),
    int,
    PREFIXES,
    int,
    int,
    paged=True,
)
_SCREENING_WHOLE = Statement(
    lambda campaign, limit, offset: _screening(campaign, None, _NOT_MARKED, limit, offset),
    int,
    paged=True,
)
_SCREENING_WHOLE_MARKED = Statement(
    lambda campaign, owner, year, limit, offset: _screening(
        campaign, None, _previous_exemplar(owner, year), limit, offset
    ),
    int,
    int,
    int,
    paged=True,
)


def _screens_whole(prefixes: list[str], campaign: Campaign) -> bool:
    """True when the admin's organisations (``prefixes``) hold every nomination of the campaign:
    one of them holds the campaign's owner, and every nomination's branch still lies inside
    the owner. A nomination is made only from a branch inside it
    (``services.create_nomination``), but an organisation may be moved out of it since
    (``members.services.save_organization``): then the campaign's nominations are not all the
    admin's, and the queue reads their paths."""
    owner = campaign.owner.path
    if not any(owner.startswith(prefix) for prefix in prefixes):
        return False
    return (
        not Nomination.objects.filter(campaign_id=campaign.pk)
        .exclude(branch__path__startswith=owner)
        .exists()
    )


def screening_page(user, campaign: Campaign, number, per_page: int) -> Page:
    """Page ``number`` of the nominations awaiting the admin's screening, oldest first,
    as ``ScreeningRow``: the rows and their number in one query. Where the campaign excludes
    last year's exemplars, each row says whether its member was one (worked out for the page's
    rows only)."""
    prefixes = scope.paths(user, Role.ADMIN)
    whole = _screens_whole(prefixes, campaign)
    args = (campaign.pk,) if whole else (campaign.pk, prefixes)
    if campaign.exclude_previous_exemplars:
        statement = _SCREENING_WHOLE_MARKED if whole else _SCREENING_MARKED
        args = (*args, campaign.owner_id, campaign.year - 1)
    else:
        statement = _SCREENING_WHOLE if whole else _SCREENING
    page = statement.counted_page(*args, number=number, per_page=per_page)
    page.object_list = [_screening_row(*row) for row in page.object_list]
    return page


def _screening_row(
    pk, member_id, name, status, joined_on, branch, opinion, previous, assessment, discipline
) -> ScreeningRow:
    """A row of ``_screening``'s statement, its pairs split: the opinion as verdict and reason
    (one lookup of the opinion instead of two; the verdict is a code without a colon), the
    latest assessment as year and grade."""
    if opinion is None:
        verdict = reason = None
    else:
        verdict, _colon, reason = opinion.partition(":")
    year, grade = eligibility.latest_assessment(assessment)
    return ScreeningRow(
        pk,
        member_id,
        name,
        status,
        joined_on,
        branch,
        verdict,
        reason,
        previous,
        year,
        grade,
        discipline,
    )


def screenable(user, ids: list[int]) -> QuerySet[Nomination]:
    """Of these nominations, those still awaiting the user's screening."""
    return (
        _awaiting_screening(scope.paths(user, Role.ADMIN))
        .filter(pk__in=ids)
        .select_related("member", "branch", "campaign")
        .order_by("branch__path", "member__name")
    )


def integrity_nominations(user, campaign: Campaign) -> QuerySet[Nomination]:
    """Submitted or eligible nominations in the integrity officer's scope
    (``rules.integrity_may_see``), those without an opinion first."""
    return _with_related(
        Nomination.objects.filter(
            campaign=campaign,
            state__in=[State.SUBMITTED, State.RETURNED, State.ELIGIBLE],
        ).filter(rules.integrity_q(scope.paths(user, Role.INTEGRITY)))
    ).order_by(F("integrity_opinion").asc(nulls_first=True), "branch__path", "member__name")


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


# --- The public gallery -------------------------------------------------------------------------


def published_profiles() -> QuerySet[ExemplarProfile]:
    """The profiles the public may see."""
    return ExemplarProfile.objects.filter(published_at__isnull=False)


_PUBLISHED_PROFILE = Statement(
    lambda slug: published_profiles().select_related("organization").filter(slug=slug), str
)


def published_profile(slug: str) -> ExemplarProfile:
    """A published profile with its organisation, or 404 (its SQL written once, as the
    gallery's)."""
    found = _PUBLISHED_PROFILE.objects(slug)
    if not found:
        raise Http404("No such profile.")
    return found[0]


#: A gallery card's values, in the order ``gallery_cards`` reads them.
GALLERY_CARD = (
    "slug",
    "title",
    "summary",
    "year",
    "thumbnail",
    "thumbnail_large",
    "published_at",
    "area",
)


def _gallery_cards(
    year: int | None = None, area: int | None = None, tag: str = "", search: str = ""
) -> QuerySet:
    """Published profiles, newest first, as ``GALLERY_CARD`` tuples; in the year, under the
    organisation ``area`` (its subtree), tagged or holding the words, where given."""
    profiles = published_profiles()
    if year is not None:
        profiles = profiles.filter(year=year)
    if area is not None:
        path = Organization.objects.filter(pk=area).values("path")
        profiles = profiles.filter(organization__path__startswith=Subquery(path))
    if tag:
        profiles = profiles.filter(tags__contains=tag)
    if search:
        profiles = profiles.filter(Q(title__contains=search) | Q(summary__contains=search))
    return (
        profiles.order_by("-published_at", "-pk")
        .annotate(area=F("organization__name"))
        .values_list(*GALLERY_CARD)
    )


#: The gallery without a tag or words to look for, by the filters given (year, area): its
#: SQL written once (writing it was 0.3–0.45 ms of an uncached page of 3.6 ms, as long as
#: running it). Looking for a tag or words (``__contains``) builds the queryset each time.
_GALLERY = {
    (False, False): Statement(_gallery_cards),
    (True, False): Statement(lambda year: _gallery_cards(year=year), int),
    (False, True): Statement(lambda area: _gallery_cards(area=area), int),
    (True, True): Statement(lambda year, area: _gallery_cards(year=year, area=area), int, int),
}


def gallery_cards(
    year: int | None = None, area: int | None = None, tag: str = "", search: str = ""
) -> Rows | QuerySet:
    """The public gallery's cards (``GALLERY_CARD`` tuples), to be read a slice at a time."""
    if tag or search:
        return _gallery_cards(year, area, tag, search)
    given = [value for value in (year, area) if value is not None]
    return _GALLERY[(year is not None, area is not None)].page_source(*given)
