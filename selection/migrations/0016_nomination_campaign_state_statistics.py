from django.db import migrations

from config.vendor_sql import run_per_vendor


class Migration(migrations.Migration):
    """A campaign's nominations share few states (a campaign in screening has most of them
    submitted), but PostgreSQL estimates ``campaign_id = … AND state = …`` as if the two were
    independent: a screening queue of 500 was planned as 37 rows, sorted after joining all of
    them instead of read in ``nom_queue_idx``'s order 50 at a time. Extended statistics on
    the pair let the planner see how they go together (taken at the next ANALYZE)."""

    dependencies = [
        ("selection", "0015_alter_transition_action"),
    ]

    operations = [
        run_per_vendor(
            {
                "postgresql": [
                    "CREATE STATISTICS selection_nomination_campaign_state (dependencies, mcv)"
                    " ON campaign_id, state FROM selection_nomination"
                ]
            },
            {"postgresql": ["DROP STATISTICS selection_nomination_campaign_state"]},
        )
    ]
