"""The reviewer's pages: the queue and the scoring page (with htmx autosave)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.wording import as_typed
from members import scope
from members.choices import Role
from selection import files
from selection.concurrency import StaleEdit, posted_version
from selection.errors import SelectionError
from selection.models import Attachment
from selection.views.common import refuse, url_for, version_context

from .. import queries, rules, services
from ..choices import CardState, withdrawal_told
from ..errors import CardWithdrawn, ConflictDeclared
from ..forms import ConflictForm, ScorecardForm

PAGE_SIZE = 50


def _require_reviewer(user) -> None:
    if not scope.has_role(user, Role.REVIEWER):
        raise PermissionDenied


@login_required
def queue(request):
    _require_reviewer(request.user)
    state = request.GET.get("state", "")
    state = state if state in (*CardState.values, queries.CLOSED) else ""
    # One campaign at a time, those in review first: another year's cards neither mix with
    # this year's rows nor count in its progress.
    campaigns = queries.reviewer_campaigns(request.user)
    campaign = queries.chosen_campaign(campaigns, request.GET.get("campaign"))
    # A campaign whose cards were all taken back is no longer among them: said so, and why.
    gone = queries.withdrawn_campaigns(request.user, campaigns, request.GET.get("campaign"))
    page = queries.reviewer_queue(
        request.user, campaign, state=state, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    page.object_list = queries.queue_rows(page, url_for("evaluations:score"))
    progress = campaign.counts if campaign else queries.empty_counts()
    states = [*CardState.choices, (queries.CLOSED, _("已关闭"))]
    return render(
        request,
        "evaluations/queue.html",
        {
            "page": page,
            "state": state,
            # 已关闭 only when a card is: drafts and cards to score no longer to be filled in.
            "states": [
                (code, label, progress[code])
                for code, label in states
                if code != queries.CLOSED or progress[code]
            ],
            "campaigns": campaigns,
            "campaign": campaign,
            "withdrawn_campaigns": gone,
            "progress": progress,
        },
    )


def _initial(card, criteria) -> dict:
    """The form's values: the card's veto and, per criterion, its points and comment
    (``card.scores_by_criterion``, ``queries.card_to_score``)."""
    initial = {"veto": card.veto, "veto_reason": card.veto_reason}
    scores = card.scores_by_criterion
    for criterion in criteria:
        points, comment = scores.get(criterion.pk, (None, ""))
        initial[f"points_{criterion.pk}"] = as_typed(points) if points is not None else ""
        initial[f"comment_{criterion.pk}"] = comment
    return initial


def _save_draft(request, card, form: ScorecardForm):
    """Save what is right of the form, valid or not (``ScorecardForm.draft``)."""
    form.is_valid()
    scores, veto, veto_reason = form.draft()
    return services.save_card(
        card,
        by=request.user,
        scores=scores,
        veto=veto,
        veto_reason=veto_reason,
        version=posted_version(request.POST),
        request=request,
    )


@login_required
def score(request, nomination_pk: int):
    _require_reviewer(request.user)
    try:
        card = queries.card_to_score(request.user, nomination_pk)
    except ConflictDeclared as refused:
        return declared(request, refused.conflict)
    except CardWithdrawn as gone:
        return withdrawn(request, gone.withdrawal)
    criteria = queries.criteria_of(card.nomination.campaign_id)
    # A card of a nomination no longer in review is shown as it was left, not to be filled in.
    closed = rules.card_closed(card)
    locked = card.state == CardState.SUBMITTED or bool(closed)
    initial = _initial(card, criteria)
    submitting = request.POST.get("action") in ("submit", "submit_next")
    form = ScorecardForm(
        request.POST or None, criteria=criteria, initial=initial, submitting=submitting
    )
    status, stale, saved = 200, None, None
    if request.method == "POST" and closed:
        # Nothing is saved; the page says why and keeps what was typed in view (disabled).
        messages.error(request, _("本页的改动没有保存，仍显示在下方，请自行留存。"))
        status = 409
    elif request.method == "POST":
        if locked:
            messages.error(request, _("评分表已提交，不能再修改。"))
            return redirect("evaluations:score", nomination_pk)
        try:
            # What is right is kept even when a box is wrong; the page shows the wrong ones.
            saved = _save_draft(request, card, form)
            if form.is_valid():
                if submitting:
                    services.submit_card(card, by=request.user, request=request)
                    return _after_submit(request, card)
                messages.success(request, _("草稿已保存。"))
                return redirect("evaluations:score", nomination_pk)
            messages.error(
                request,
                ngettext(
                    "有 %(count)d 处需要更正，请看各项下方的提示；其余内容已保存为草稿。",
                    "有 %(count)d 处需要更正，请看各项下方的提示；其余内容已保存为草稿。",
                    len(form.problems()),
                )
                % {"count": len(form.problems())},
            )
        except StaleEdit as error:  # another tab saved since: nothing saved, the form as typed
            stale = error
        except SelectionError as error:
            if error.status == 403:
                raise PermissionDenied from error
            messages.error(request, error.message)
        status = 409 if stale else 400
    if not locked:
        form.focus_first()
    return render(
        request,
        "evaluations/score.html",
        {
            # What was right is saved even when the page comes back: it carries the version of
            # that save, or its own next save would be refused as made from another window.
            **version_context(
                request, saved or card, request.path, stale, form=None if saved else form
            ),
            "card": card,
            "nomination": card.nomination,
            "attachments": card.attachments,
            "form": form,
            "locked": locked,
            "closed": closed,
            "standing": queries.standing(card),
            "left": queries.left_to_score(request.user, nomination_pk, card.nomination.campaign_id),
            "conflict_form": ConflictForm(),
        },
        status=status,
    )


def _after_submit(request, card):
    """Back to the queue of the card's campaign (not the one the queue opens on, which may be
    another with cards waiting); with 提交并评下一份, on to the next card not submitted, down
    the queue's list from this one (``queries.next_to_score``: a reviewer with 200 cards goes
    from one to the next without the list): its campaign's first, then another campaign's,
    said so; that queue once none is left."""
    queue = f"{reverse('evaluations:queue')}?campaign={card.nomination.campaign_id}"
    if request.POST.get("action") == "submit_next":
        following = queries.next_to_score(
            request.user, card.nomination_id, card.nomination.campaign_id
        )
        if following is None:
            messages.success(request, _("评分表已提交。您没有待完成的评分表了。"))
            return redirect(queue)
        if following.elsewhere:
            messages.success(
                request,
                _("评分表已提交。本活动的评分表已全部提交，下面是另一评选活动的评分表。"),
            )
        else:
            messages.success(request, _("评分表已提交。下面是下一份评分表。"))
        return redirect("evaluations:score", following.nomination_id)
    messages.success(request, _("评分表已提交。"))
    return redirect(queue)


@login_required
@require_POST
def autosave(request, nomination_pk: int):
    """htmx: save the draft as typed; answers with a status line and the card's new version
    (out of band, into the page's form). A wrong box is left as saved and named (422), the right
    ones are saved all the same; 422 with the reason when nothing can be saved, a card changed
    in another window since the page was loaded included (a 422, not a 409: the pages of every
    release show a 422's line). The page keeps everything the reviewer typed."""
    _require_reviewer(request.user)
    try:
        card = queries.card_for(request.user, nomination_pk)
    except CardWithdrawn as gone:
        why = withdrawal_told(gone.withdrawal.reason)
        message = _("%(why)s本页的改动没有保存。") % {"why": why}
        return render(
            request, "evaluations/_autosave_status.html", {"message": message}, status=422
        )
    form = ScorecardForm(request.POST, criteria=queries.criteria_of(card.nomination.campaign))
    try:
        # The save app.js sends as the page is left (a reload, another page) comes here too.
        saved = _save_draft(request, card, form)
    except StaleEdit as stale:
        # Nothing saved, and the page keeps its old version: every later autosave of this
        # page is refused too, until it is reloaded (or its form saved knowingly).
        context = {
            "ok": False,
            "stale": stale,
            "current_url": reverse("evaluations:score", args=[nomination_pk]),
        }
    except SelectionError as error:
        if error.status == 403:
            raise PermissionDenied from error
        context = {"ok": False, "message": error.message}
    else:
        context = {
            "ok": form.is_valid(),
            "saved_at": timezone.localtime(),
            "message": " ".join(form.problems()),  # each a sentence with its full stop
            "version": saved.version,  # the page's next autosave is made from this one
        }
    status = 200 if context["ok"] else 422
    return render(request, "evaluations/_autosave_status.html", context, status=status)


def declared(request, conflict):
    """The scoring page of a nomination the reviewer declared a conflict with: a refusal (403,
    the conflict rule forbids them the nomination, which still exists for the committee) that
    says why and leads back to the queue, showing nothing of the nomination."""
    return render(request, "evaluations/conflict_declared.html", {"conflict": conflict}, status=403)


def withdrawn(request, withdrawal):
    """The scoring page of a card taken back: it says so and why (410) and,
    when the reviewer was saving or submitting, shows what they typed, which was not saved, so
    that nothing typed is lost from view; on a reload, what this tab kept of it (app.js).
    Nothing of the nomination: it is no longer theirs."""
    typed = []
    for criterion in queries.criteria_of(withdrawal.nomination.campaign_id):
        points = request.POST.get(f"points_{criterion.pk}", "").strip()
        comment = request.POST.get(f"comment_{criterion.pk}", "").strip()
        typed.append((criterion.pk, criterion.label, points, comment))
    veto, veto_reason = bool(request.POST.get("veto")), request.POST.get("veto_reason", "").strip()
    anything = veto or veto_reason or any(points or comment for *_, points, comment in typed)
    context = {
        "withdrawal": withdrawal,
        "why": withdrawal_told(withdrawal.reason),
        "typed": typed,
        # A reload (GET) carries nothing typed: the rows are left empty and hidden for app.js
        # to fill with what this tab's save-on-leave kept of the card (its autosave address).
        "kept_from": ""
        if request.method == "POST"
        else reverse("evaluations:autosave", args=[withdrawal.nomination_id]),
        "anything": anything,
        "veto": veto,
        "veto_reason": veto_reason,
    }
    return render(request, "evaluations/card_withdrawn.html", context, status=410)


@login_required
@require_POST
def declare_conflict(request, nomination_pk: int):
    _require_reviewer(request.user)
    try:
        card = queries.card_for(request.user, nomination_pk)
    except ConflictDeclared:  # declared already (a second tab): the page says so
        return redirect("evaluations:score", nomination_pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写回避理由。"))
        return redirect("evaluations:score", nomination_pk)
    try:
        services.declare_conflict(card, by=request.user, reason=form.cleaned_data["reason"])
    except SelectionError as error:
        return refuse(request, error, reverse("evaluations:score", args=[nomination_pk]))
    messages.success(request, _("已申报回避，这份推荐不再由您评审。"))
    return redirect("evaluations:queue")


@login_required
def attachment(request, nomination_pk: int, attachment_pk: int):
    """An assigned reviewer reads the nomination's evidence."""
    _require_reviewer(request.user)
    card = queries.card_for(request.user, nomination_pk)
    return files.attachment_response(
        get_object_or_404(Attachment, pk=attachment_pk, nomination=card.nomination)
    )


@login_required
def photo(request, nomination_pk: int):
    _require_reviewer(request.user)
    return files.photo_response(
        request, queries.card_for(request.user, nomination_pk).nomination.photo
    )


@login_required
def photo_preview(request, nomination_pk: int):
    """The photo's small preview on the card (a reviewer goes through many: not the full photo
    each time), to the card's reviewer only; the full photo behind the card's link."""
    _require_reviewer(request.user)
    nomination = queries.card_for(request.user, nomination_pk).nomination
    return files.photo_preview_response(request, nomination.photo, of=nomination)
