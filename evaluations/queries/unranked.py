"""The nominations still in review (or screened eligible and never reviewed) that the campaign's
shortlist leaves undecided.

Confirming the shortlist (``services.shortlist.confirm_shortlist``) decides the ranked
nominations only; one with no submitted card at the final stage, or vetoed by a reviewer's card,
has no rank and stays in review. When the 公示 opens, every nomination still in review ends as
未入选 (``services.shortlist.end_unranked``); the results page and the notice page name them
before (``warning``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.wording import listing
from selection.models import Campaign, Nomination, StageEntry

from ..choices import REVIEWABLE, CardState
from ..models import Scorecard
from .rank import final_cards_q, final_stage

#: Names a warning lists at most; past them it counts ("等 N 名").
SHOWN = 10


@dataclass(frozen=True)
class InReview:
    """A nomination of the campaign still in review, as the final ranking sees it."""

    nomination_id: int
    name: str
    #: It has a submitted card the campaign's ranking counts (at the final stage, in its pool).
    scored: bool
    #: One of those cards vetoes it (一票否决): it is not ranked.
    vetoed: bool

    @property
    def ranked(self) -> bool:
        """The ranking gives it a rank: then only a shortlist confirmed before its card came
        in left it undecided."""
        return self.scored and not self.vetoed


def final_pool_q(campaign: Campaign) -> Q:
    """The nominations of the campaign's final pool: its final stage's entries, or every one of
    a one-stage campaign. A filter on nominations, no query of its own."""
    final = final_stage(campaign)
    return ~Exists(final) | Exists(
        StageEntry.objects.filter(nomination_id=OuterRef("pk"), stage_id=Subquery(final))
    )


def in_review(campaign: Campaign) -> list[InReview]:
    """Every nomination of the campaign still in review (in name order), with what the final
    ranking makes of it. One query."""
    counted = Scorecard.objects.filter(
        final_cards_q(campaign), nomination_id=OuterRef("pk"), state=CardState.SUBMITTED
    )
    in_pool = final_pool_q(campaign)
    rows = (
        Nomination.objects.filter(campaign_id=campaign.pk, state__in=REVIEWABLE)
        .annotate(
            scored=ExpressionWrapper(in_pool & Exists(counted), output_field=BooleanField()),
            vetoed=Exists(counted.filter(veto=True)),
        )
        .order_by("member__name", "pk")
        .values_list("pk", "member__name", "scored", "vetoed")
    )
    return [InReview(pk, name, bool(scored), bool(vetoed)) for pk, name, scored, vetoed in rows]


def unranked(campaign: Campaign) -> list[InReview]:
    """The nominations in review the ranking gives no rank: the shortlist cannot choose them,
    and the 公示 will record them 未入选."""
    return [row for row in in_review(campaign) if not row.ranked]


@dataclass(frozen=True)
class OpenCards:
    """A reviewer still holding cards of the campaign's ranking open: their name (never
    personal data) and how many."""

    reviewer: str
    count: int


def open_cards(campaign: Campaign) -> list[OpenCards]:
    """The cards the campaign's ranking would read (``final_cards_q``) still not submitted, of
    nominations in review, per reviewer in name order: confirming the shortlist closes them
    (``rules.card_closed``), so these are who the admin chases first. Read live, one query
    whatever the committee's size (saving a draft does not renew the cached results), off the
    index of open cards (``card_open_idx``), not the campaign's submitted ones."""
    rows = (
        Scorecard.objects.filter(
            final_cards_q(campaign),
            nomination__campaign_id=campaign.pk,
            nomination__state__in=REVIEWABLE,
        )
        .exclude(state=CardState.SUBMITTED)
        .values("reviewer_id", "reviewer__full_name", "reviewer__username")
        .annotate(count=Count("pk"))
    )
    found = [
        OpenCards(row["reviewer__full_name"] or row["reviewer__username"], row["count"])
        for row in rows
    ]
    return sorted(found, key=lambda row: row.reviewer)


def warning(rows: list[InReview], open_count: int = 0) -> str:
    """What the admin is told before the 公示 opens about ``rows`` ("" when there are none):
    how many will be recorded 未入选 there, naming the first ``SHOWN``; and, before the
    shortlist is confirmed, how many cards ``open_count`` (``open_cards``) it would close."""
    still_open = (
        ngettext(
            "还有 %(count)d 份评分表未提交（待评分或草稿）；名单确定后，这些评分表不能再提交，"
            "不计入排名。",
            "还有 %(count)d 份评分表未提交（待评分或草稿）；名单确定后，这些评分表不能再提交，"
            "不计入排名。",
            open_count,
        )
        % {"count": open_count}
        if open_count
        else ""
    )
    if not rows:
        return still_open
    names = listing(row.name for row in rows[:SHOWN])
    if len(rows) > SHOWN:
        names = _("%(names)s等 %(count)d 名") % {"names": names, "count": len(rows)}
    return ngettext(
        "%(count)d 名推荐未参与排名（没有已提交的评分，或被评审委员一票否决），"
        "发布公示时将记为未入选：%(names)s。",
        "%(count)d 名推荐未参与排名（没有已提交的评分，或被评审委员一票否决），"
        "发布公示时将记为未入选：%(names)s。",
        len(rows),
    ) % {"count": len(rows), "names": names} + (" " + still_open if still_open else "")
