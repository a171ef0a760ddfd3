"""The cards taken back before a withdrawal said why were all recorded as taken back by the
organisation department, also those that went because their nomination's course ended (vetoed,
ineligible, not chosen, withdrawn). Such cards went in the transaction of the nomination's
closing move (``selection.workflow``), whose audit event says how many (``after``:
``state``, ``cards_withdrawn``) and is written just after them: the last that many rows of the
nomination written before the event, within ``SAME_MOVE`` of it, get that state's reason, as
``choices.withdrawal_reason`` gives it now. Any other row stays as it is: a card an admin took
back, even seconds before the nomination closed, was not one the close counted. The codes are
copied here, as a migration must not import the app's code."""

from collections import defaultdict
from datetime import timedelta

from django.db import migrations

#: Closed state → reason (``evaluations.choices.withdrawal_reason``).
REASONS = {
    "vetoed": "vetoed",
    "ineligible": "ineligible",
    "not_selected": "not_selected",
    "withdrawn": "withdrawn",
}
TAKEN_BACK = "taken_back"
#: A guard only (the count decides): the close's rows and its event share one transaction.
SAME_MOVE = timedelta(seconds=5)


def tell_why_closed(apps, schema_editor):
    WithdrawnCard = apps.get_model("evaluations", "WithdrawnCard")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    taken_back = WithdrawnCard.objects.filter(reason=TAKEN_BACK).values("nomination_id")
    # Every row of those nominations, whatever its reason, so that a second run picks the same.
    rows = list(
        WithdrawnCard.objects.filter(nomination_id__in=taken_back)
        .order_by("-withdrawn_at", "-pk")
        .values_list("pk", "nomination_id", "withdrawn_at", "reason")
    )
    if not rows:
        return
    latest_first = defaultdict(list)
    for row in rows:
        latest_first[row[1]].append(row)
    closes = list(
        AuditEvent.objects.filter(
            target_type="selection.nomination",
            verb__startswith="nomination.",
            after__has_key="cards_withdrawn",
        ).values_list("target_id", "created_at", "after")
    )
    told = {}
    for target_id, at, after in closes:
        reason = REASONS.get(after.get("state"))
        if reason is None or not target_id.isdigit():
            continue
        written = [
            row for row in latest_first.get(int(target_id), []) if at - SAME_MOVE <= row[2] <= at
        ]
        for pk, _nomination, _at, was in written[: after["cards_withdrawn"]]:
            if was == TAKEN_BACK:
                told[pk] = reason
    WithdrawnCard.objects.bulk_update(
        [WithdrawnCard(pk=pk, reason=reason) for pk, reason in told.items()],
        ["reason"],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_retention_in_trigger"),
        ("evaluations", "0013_withdrawn_card_reason"),
        ("selection", "0021_choice_reason_out_of_histories"),
    ]

    operations = [migrations.RunPython(tell_why_closed, migrations.RunPython.noop)]
