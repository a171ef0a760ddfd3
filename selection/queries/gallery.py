"""Reads of the public gallery: the published profiles and their cards."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet, Subquery

from members.models import Organization

from ..choices import LEFT_TO_CHOOSE, Phase, StageDecision
from ..models import ExemplarProfile, PublicNotice, Revocation, Stage, StageEntry


def published_profiles() -> QuerySet[ExemplarProfile]:
    """The profiles the public may see."""
    return ExemplarProfile.objects.filter(published_at__isnull=False)


def published_profile(slug: str) -> ExemplarProfile | None:
    """A published profile with its organisation, or None."""
    return published_profiles().select_related("organization").filter(slug=slug).first()


def revoked_profile_exists(slug: str) -> bool:
    """Whether ``slug`` was a profile whose honour has been revoked (its page answers 410)."""
    return ExemplarProfile.objects.filter(slug=slug, nomination__revocation__isnull=False).exists()


def public_notices() -> QuerySet:
    """Every notice, newest first, as rows of what the list of notices shows."""
    return PublicNotice.objects.order_by("-starts_on", "-pk").values(
        "campaign_id", "starts_on", "ends_on", title=F("campaign__title")
    )


def public_revocations(today) -> list[dict]:
    """Revocations publicised on the notice pages today, as rows of what the announcement says:
    the decision's document reference, never its reason. Most days there are none, and one
    look at their own table says so: the query across the nomination, member, branch and
    campaign, which takes PostgreSQL longer to plan than to read, runs only when there are."""
    publicised = Revocation.objects.filter(public_until__gte=today)
    if not publicised.exists():
        return []
    return list(
        publicised.order_by("-revoked_at", "-pk").values(
            "document",
            "revoked_at",
            name=F("nomination__member__name"),
            organization=F("nomination__branch__name"),
            title=F("nomination__campaign__title"),
        )
    )


#: A publicised stage's 推荐名单 row, in the order ``stage_lists`` reads them: names and
#: organisations only, never personal data.
STAGE_LIST_ROW = (
    "stage__campaign_id",
    "stage__campaign__title",
    "stage__position",
    "stage__level",
    "node__name",
    "nomination__member__name",
    "nomination__branch__name",
)


def stage_lists() -> list[tuple]:
    """逐级推荐: the nominations chosen at a publicised stage below the final one, of campaigns
    still under review (the final stage's 公示 takes over), and still in the selection; as
    ``STAGE_LIST_ROW`` tuples, by campaign, stage and node. As with ``public_revocations``,
    the query across seven tables runs only when some stage of a campaign under review is
    publicised (most of the time none is)."""
    if not Stage.objects.filter(publicised=True, campaign__phase=Phase.REVIEWING).exists():
        return []
    return list(
        StageEntry.objects.filter(
            stage__publicised=True,
            stage__campaign__phase=Phase.REVIEWING,
            decision=StageDecision.ADVANCED,
            nomination__state__in=LEFT_TO_CHOOSE,
        )
        .order_by(
            "-stage__campaign_id", "stage__position", "node__name", "nomination__member__name"
        )
        .values_list(*STAGE_LIST_ROW)
    )


def campaign_revocations(campaign) -> QuerySet[Revocation]:
    """A campaign's revoked honours, oldest first (the 撤销名单 and the archive page)."""
    return (
        Revocation.objects.filter(nomination__campaign=campaign)
        .select_related("nomination__member", "nomination__branch", "revoked_by")
        .order_by("revoked_at", "pk")
    )


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


def gallery_cards(
    year: int | None = None, area: int | None = None, tag: str = "", search: str = ""
) -> QuerySet:
    """The public gallery's cards: published profiles, newest first, as ``GALLERY_CARD``
    tuples, to be read a slice at a time; in the year, under the organisation ``area`` (its
    subtree), tagged or holding the words, where given."""
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
