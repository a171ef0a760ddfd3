"""Reads of one nomination: what each of its views reads of it. Its page everything the page
shows, its form what the form shows, a move, a file or its 民主测评 one scoped look-up."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from .. import eligibility, rules, stages
from ..models import Nomination, Stage, StageEntry, Transition


def _seen(user) -> QuerySet[Nomination]:
    """The nominations the user may see, with what every view of one reads: its member, branch
    (the user's roles over it) and campaign (its phase)."""
    return rules.visible_nominations(user).select_related("member", "branch", "campaign")


def nomination_for(user, pk: int) -> Nomination:
    """A nomination the user may see (else 404), with its member, branch and campaign: all a
    move, a file added or removed and its 民主测评 read of it. Its pages read more
    (``nomination_page``, ``nomination_form``)."""
    return get_object_or_404(_seen(user), pk=pk)


def _with_rules(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """``nominations`` with what the eligibility rules read besides the member's records
    (``eligibility_for``): the integrity opinion, and whether the member was commended last
    year (``previous_exemplar``), in the nomination's own query."""
    return nominations.select_related("integrity_opinion").annotate(
        previous_exemplar=eligibility.was_previous_exemplar()
    )


def _records() -> tuple:
    """What a nomination's pages show of its records: its files, the member's records the
    eligibility rules read, and its moves with who made them (the history, the return
    reason)."""
    return (
        "attachments",
        "member__assessments",
        "member__discipline_records",
        Prefetch("transitions", queryset=Transition.objects.select_related("by")),
    )


def nomination_form(user, pk: int) -> Nomination:
    """A nomination the user may see (else 404), for its edit page: ``_with_rules``, and the
    member's organisation the page names. What the form shows of its records is read when the
    form is shown (``show_on_form``), not for a save that goes on elsewhere."""
    return get_object_or_404(_with_rules(_seen(user)).select_related("member__organization"), pk=pk)


def show_on_form(nomination: Nomination) -> Nomination:
    """``nomination`` (from ``nomination_form``) with its records read (``_records``): one
    query each."""
    prefetch_related_objects([nomination], *_records())
    return nomination


def nomination_page(user, pk: int) -> Nomination:
    """A nomination the user may see (else 404), with what its detail page shows; ``staged``
    tells whether its campaign runs more than one stage (逐级推荐), ``previous_exemplar``
    whether its member was commended last year (``eligibility_for``), and
    ``awaits_stage_screening`` whether it waits in a pool that screens eligibility again
    (``rules.stage_screening_entry``): asked in the nomination's own query, not one each, as
    is its 民主测评 (``survey``, absent when none was started). In a campaign run level by
    level, its way through the stages (``stage_history``) is read once for the page's history
    and for where its survey runs (``stages.history``), one query more."""
    nomination = get_object_or_404(
        _with_rules(_seen(user))
        .select_related("campaign__owner", "created_by", "integrity_opinion__by", "survey")
        .annotate(
            staged=Exists(Stage.objects.filter(campaign=OuterRef("campaign"), position__gt=1)),
            awaits_stage_screening=Exists(
                StageEntry.objects.filter(
                    rules.at_recheck_entry("recheck_eligibility"), nomination=OuterRef("pk")
                )
            ),
        )
        .prefetch_related(*_records()),
        pk=pk,
    )
    if nomination.staged:
        history = Prefetch(
            "stage_entries", queryset=stages.history_entries(), to_attr="stage_history"
        )
        prefetch_related_objects([nomination], history)
    return nomination


def eligibility_for(nomination: Nomination) -> list[eligibility.RuleResult]:
    """The rules evaluated for the nomination; one read by ``nomination_page`` or
    ``nomination_form`` knows already whether its member was commended last year
    (``previous_exemplar``), others ask."""
    known = getattr(nomination, "previous_exemplar", None)
    if known is None:
        previous = eligibility.previous_exemplar_ids(nomination.campaign)
    else:
        previous = {nomination.member_id} if known else set()
    return eligibility.evaluate(
        nomination.campaign,
        nomination.member,
        opinion=getattr(nomination, "integrity_opinion", None),
        previous_exemplars=previous,
    )
