"""E-mails of the selection app: one function per e-mail, subject/text/html from templates."""

from __future__ import annotations

from django.urls import reverse

from config.mail import Address, link
from config.mail import send as _send
from members.models import Organization
from members.queries import admins_to_mail, secretaries_to_mail

from .models import Objection, Stage, Transition
from .stages import next_stage


def state_changed(transition_id: int) -> None:
    """Tell the nominating branch's secretaries that their nomination moved."""
    transition = Transition.objects.select_related(
        "nomination__member", "nomination__campaign", "nomination__branch", "by"
    ).get(pk=transition_id)
    nomination = transition.nomination
    _send(
        "nomination_state_changed",
        {
            "transition": transition,
            "nomination": nomination,
            "link": link(reverse("selection:nomination_detail", args=[nomination.pk])),
        },
        secretaries_to_mail(nomination.branch),
    )


def objection_answered(objection_id: int) -> None:
    """The answer to an objection, to the e-mail address its author gave as their contact, in
    the language they filed it in."""
    objection = Objection.objects.select_related("notice__campaign", "nomination__member").get(
        pk=objection_id
    )
    if objection.answer_sent_to:
        notice = reverse("public:notice_detail", args=[objection.notice.campaign_id])
        context = {"objection": objection, "link": link(notice)}
        objector = Address(objection.answer_sent_to, objection.language)
        _send("objection_answered", context, [objector])


def stage_choice_withdrawn(
    stage_id: int, node_id: int, parent_ids: list[int], names: list[str], reason: str
) -> None:
    """逐级推荐: a node withdrew the choice it had sent up; the admins of the node above (whose
    pool the nominations ``names`` have left) are told, with the node's reason."""
    stage = Stage.objects.select_related("campaign").get(pk=stage_id)
    context = {
        "stage": stage,
        "campaign": stage.campaign,
        "node": Organization.objects.get(pk=node_id),
        "names": "、".join(names),
        "reason": reason,
    }
    # The names left the parents' pools, at the stage after the node's.
    above = next_stage(stage)
    for parent in Organization.objects.filter(pk__in=parent_ids).order_by("path"):
        pool = (
            reverse("evaluations:stage_pool", args=[stage.campaign_id, above.position, parent.pk])
            if above is not None
            else reverse("evaluations:stages", args=[stage.campaign_id])
        )
        mail = context | {"parent": parent, "link": link(pool)}
        _send("stage_choice_withdrawn", mail, admins_to_mail(parent))
