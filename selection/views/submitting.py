"""What the secretary is told when 保存并提交 (or an upload posted with the form) saved the
nomination but did not go all the way: a message that says what was saved, never a red one
(a red message means nothing was saved)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import eligibility, queries, workflow
from ..choices import State


def saved_but(nomination, refusal: str) -> str:
    """A refusal after the nomination's form was saved: says it was (草稿已保存；…)."""
    if nomination.state == State.DRAFT:
        return _("草稿已保存；%s") % refusal
    return _("已保存；%s") % refusal


def unasked_failures(request, nomination) -> str:
    """Why a nomination saved by 保存并提交 waits, unsubmitted: its member fails eligibility
    rules and the form did not ask whether to submit all the same. The form asks that only of
    a complete nomination (templates/selection/_submit_question.html, posting
    ``eligibility_asked``), so that one lacking fields is told so first; one completed and
    submitted in one go is asked here, after its save. "" when there is nothing to ask."""
    if request.POST.get("eligibility_asked"):
        return ""
    # As saved: the service saved a locked copy of the row (a photo chosen is stored on it).
    nomination.refresh_from_db()
    if workflow.missing_for_submit(nomination):
        return ""
    failures = eligibility.failed(queries.eligibility_for(nomination))
    if not failures:
        return ""
    question = ngettext(
        "尚未提交：有 %(n)d 项资格条件未通过（%(rules)s）。如仍要提交，请核对后再点“保存并提交”。",
        "尚未提交：有 %(n)d 项资格条件未通过（%(rules)s）。如仍要提交，请核对后再点“保存并提交”。",
        len(failures),
    )
    return saved_but(
        nomination, question % {"n": len(failures), "rules": eligibility.named_rules(failures)}
    )
