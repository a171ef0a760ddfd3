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


def failures_to_ask(rules, missing) -> list:
    """The failed eligibility ``rules`` a saved nomination's submit buttons ask about before
    it goes on to screening all the same, taking one of the branch's places: the question
    (templates/selection/_submit_question.html) and the edit form's answer to it (its hidden
    ``eligibility_asked``) both read this one list, put in the page as ``asked_failures``.
    None while fields are ``missing``: a form lacking fields is told what it lacks first.
    A nomination not yet saved is asked nothing; submitted, it is asked after its save
    (``unasked_failures``)."""
    return [] if missing else eligibility.failed(rules)


def unasked_failures(request, nomination) -> str:
    """Why a nomination saved by 保存并提交 waits, unsubmitted: its member fails eligibility
    rules the form did not ask about (``failures_to_ask``), as when it was completed and
    submitted in one go: asked here, after its save. "" when there is nothing to ask."""
    if request.POST.get("eligibility_asked"):
        return ""
    # As saved: the service saved a locked copy of the row (a photo chosen is stored on it).
    nomination.refresh_from_db()
    failures = failures_to_ask(
        queries.eligibility_for(nomination), workflow.missing_for_submit(nomination)
    )
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
