from django.db import migrations

from config.vendor_sql import version_triggers


class Migration(migrations.Migration):
    """members.versions: the campaigns are read as part of the "campaigns" rows."""

    dependencies = [
        ("members", "0007_data_version"),
        ("selection", "0004_nomination_queue_index"),
    ]

    operations = [version_triggers("selection_campaign", "campaigns")]
