"""The rules every choice over a ranked pool answers, a node's at a stage (逐级推荐) and the
campaign's shortlist alike: when the choice may be empty, and when it needs a written reason.

The ranking proposes, the committee decides (选树不是以票取人), so a choice may do what the
ranking alone would not — leave out someone ranked within the places, decide for a node that
missed its deadline, or end the candidacy of someone no reviewer has scored — but never without
saying why. The reason is one for the whole choice, whichever of those grounds it answers, and
it is the choice's, not any one nomination's: it may name anyone in the pool. So it is kept with
the choice (its audit row; at a stage, the node's entries, which its pool page and whoever sees
that pool read) and never written into a nomination's own history, which its branch's secretary
reads and is e-mailed: there a nomination the choice leaves out reads a plain 未入选, or a fixed
text about itself only (``history_reason``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.wording import listing, sentences
from selection import fixed_reasons
from selection.choices import LEFT_TO_CHOOSE

from ..errors import EvaluationError, ReasonRequired


def history_reason(scored: bool) -> str:
    """The reason a choice writes into the history of a nomination it leaves out: none when the
    ranking weighed it (a plain 未入选), ``fixed_reasons.UNSCORED`` when no card of the stage
    was submitted for it. Never the chooser's reason, which is the whole choice's."""
    return "" if scored else fixed_reasons.UNSCORED


def nothing_left(states) -> bool:
    """A pool with nothing left to choose (``states``, its nominations' states: every one
    vetoed, found ineligible or otherwise out, or none there at all)."""
    return not any(state in LEFT_TO_CHOOSE for state in states)


def require_nothing_left(states, reason: str) -> None:
    """The one rule of an empty choice, at any stage, the final one too (its shortlist): only
    for a pool with nothing left to choose (``nothing_left``), and with a written reason."""
    if not nothing_left(states):
        raise EvaluationError(_("请至少选择一名推荐人选。"))
    if not reason:
        # Worded for a stage's pool and for a one-stage campaign's final list alike.
        raise EvaluationError(_("没有可推荐的人选，确定空名单时请写明理由。"))


def departure(departs: bool) -> str:
    """The ground of a choice other than the top of the ranking ("" when it is not one)."""
    return _("所选名单与排名顺序不一致，请写明理由。") if departs else ""


def decided_above(late: bool) -> str:
    """The ground of a node's choice made by an admin above it after the stage's deadline."""
    return _("本级推荐已截止，上级组织代为确定时请写明理由。") if late else ""


def unscored(names: list[str]) -> str:
    """The ground of a node's choice that ends, unscored, the candidacy of the nominations
    named: still in the running, with no card submitted at this stage, so the ranking leaves
    them out and the choice records them 未推荐 without anyone having scored them."""
    if not names:
        return ""
    return ngettext(
        "以下 %(count)d 名人选尚无已提交的评分表，确定名单后将未经评分记为未推荐：%(names)s。"
        "请待评分后再确定，或写明理由。",
        "以下 %(count)d 名人选尚无已提交的评分表，确定名单后将未经评分记为未推荐：%(names)s。"
        "请待评分后再确定，或写明理由。",
        len(names),
    ) % {"count": len(names), "names": listing(names)}


def require_reason(reason: str, **grounds: str) -> None:
    """The one rule of a choice's written reason: a choice on any of ``grounds`` (by name, the
    text of ``departure``, ``decided_above``, ``unscored``; "" for one that does not hold) is
    refused without a reason (ReasonRequired, naming the grounds held), every ground that holds
    said at once, so the chooser sees all that the reason answers for before writing it."""
    held = {name: text for name, text in grounds.items() if text}
    if held and not reason:
        raise ReasonRequired(sentences(held.values()), grounds=held)
