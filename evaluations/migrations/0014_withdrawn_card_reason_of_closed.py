"""The cards taken back before a withdrawal said why were all recorded as taken back by the
organisation department, also those that went because their nomination's course ended (vetoed,
ineligible, not chosen, withdrawn). Such a card went in the transaction of the nomination's
closing move: a row whose nomination has a move into a closed state recorded at the row's time
(within a minute after it) gets that state's reason, as ``choices.withdrawal_reason`` gives it
now; any other row stays as it is. The codes are copied here, as a migration must not import
the app's code."""

from datetime import timedelta

from django.db import migrations

#: Closed state → reason (``evaluations.choices.withdrawal_reason``).
REASONS = {
    "vetoed": "vetoed",
    "ineligible": "ineligible",
    "not_selected": "not_selected",
    "withdrawn": "withdrawn",
}
SAME_MOVE = timedelta(minutes=1)


def tell_why_closed(apps, schema_editor):
    WithdrawnCard = apps.get_model("evaluations", "WithdrawnCard")
    Transition = apps.get_model("selection", "Transition")
    rows = WithdrawnCard.objects.filter(reason="taken_back").values_list(
        "pk", "nomination_id", "withdrawn_at"
    )
    for pk, nomination_id, withdrawn_at in rows.iterator():
        move = (
            Transition.objects.filter(
                nomination_id=nomination_id,
                target__in=REASONS,
                at__gte=withdrawn_at,
                at__lte=withdrawn_at + SAME_MOVE,
            )
            .order_by("at", "pk")
            .first()
        )
        if move is not None:
            WithdrawnCard.objects.filter(pk=pk).update(reason=REASONS[move.target])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0013_withdrawn_card_reason"),
        ("selection", "0021_choice_reason_out_of_histories"),
    ]

    operations = [migrations.RunPython(tell_why_closed, migrations.RunPython.noop)]
