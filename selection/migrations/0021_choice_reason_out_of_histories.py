"""The previous release copied a committee's reason for its choice into the history of every
nomination the choice moved (a free text that may name any nominee of the pool), which a
passed-over nominee's secretary reads. The current code writes what ``evaluations.services.
choosing`` says instead; this rewrites the rows written before to the same:

- a 拟推荐 / 未入选 move whose reason is the reason of a confirmed (or revised) shortlist or of a
  stage's confirmed choice of the same campaign: no reason, or ``UNSCORED_REASON`` for one the
  stage's choice left out with no card submitted (the audit row's ``unscored``);
- a 恢复评审 move whose reason is the reason of a withdrawn stage choice of the same campaign:
  ``WITHDRAWN_REASON``.

The fixed texts the code writes itself (``selection.fixed_reasons``: ``UNSCORED``, ``WITHDRAWN``
and the shortlist's ``UNRANKED``) are never touched. The reasons stay in the audit rows, which
no one may change. The texts are copied here as they were when this migration was written: a
migration must not import the app's code."""

from django.db import migrations

UNSCORED_REASON = "本级无已提交的评分表，本级确定名单时未经评分记为未入选"
WITHDRAWN_REASON = "本级已撤回确定的推荐名单，恢复评审"
FIXED = {
    UNSCORED_REASON,
    WITHDRAWN_REASON,
    "未参与排名（无已提交的评分），公示时记为未入选",
    "评审委员一票否决，未参与排名，公示时记为未入选",
    "确定拟推荐名单后才有提交的评分，未参与名单确定，公示时记为未入选",
}
CHOICES = ("review.shortlist_confirmed", "review.shortlist_revised", "review.stage_confirmed")
WITHDRAWN = "review.stage_withdrawn"


def choice_reasons(AuditEvent):
    """Per campaign id: the reasons of its choices, of its withdrawn stage choices, and the
    (reason, nomination id) pairs a stage's choice left out unscored."""
    chosen, withdrawn, unscored = {}, {}, {}
    rows = AuditEvent.objects.filter(
        target_type="selection.campaign", verb__in=(*CHOICES, WITHDRAWN)
    ).values_list("verb", "target_id", "after")
    for verb, target_id, after in rows.iterator():
        reason = (after or {}).get("reason") or ""
        if not reason or reason in FIXED or not target_id.isdigit():
            continue
        campaign = int(target_id)
        if verb == WITHDRAWN:
            withdrawn.setdefault(campaign, set()).add(reason)
            continue
        chosen.setdefault(campaign, set()).add(reason)
        if verb == "review.stage_confirmed":
            pairs = unscored.setdefault(campaign, set())
            pairs.update((reason, pk) for pk in after.get("unscored") or [])
    return chosen, withdrawn, unscored


def take_choice_reasons_out(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Transition = apps.get_model("selection", "Transition")
    chosen, withdrawn, unscored = choice_reasons(AuditEvent)
    for campaign, reasons in chosen.items():
        moves = Transition.objects.filter(
            nomination__campaign_id=campaign,
            action__in=("shortlist", "not_select"),
            reason__in=reasons,
        )
        for move in moves.only("pk", "action", "reason", "nomination_id"):
            left_unscored = (move.reason, move.nomination_id) in unscored.get(campaign, ())
            why = UNSCORED_REASON if move.action == "not_select" and left_unscored else ""
            Transition.objects.filter(pk=move.pk).update(reason=why)
    for campaign, reasons in withdrawn.items():
        Transition.objects.filter(
            nomination__campaign_id=campaign, action="resume_review", reason__in=reasons
        ).update(reason=WITHDRAWN_REASON)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_retention_in_trigger"),
        ("selection", "0020_objection_language"),
    ]

    # The reasons removed are kept in the audit rows: going back leaves the histories as they are.
    operations = [migrations.RunPython(take_choice_reasons_out, migrations.RunPython.noop)]
