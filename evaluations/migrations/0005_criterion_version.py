from django.db import migrations

from config.vendor_sql import version_triggers


class Migration(migrations.Migration):
    """members.versions: the criteria are read as part of the "campaigns" rows."""

    dependencies = [
        ("members", "0007_data_version"),
        ("evaluations", "0004_reviewer_queue_index"),
    ]

    operations = [version_triggers("evaluations_criterion", "campaigns")]
