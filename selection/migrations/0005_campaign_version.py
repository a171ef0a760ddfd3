from django.db import migrations

from config.vendor_sql import run_per_vendor

# members.versions: on every statement writing the campaigns, the "campaigns" version gets a
# number it never had (members.0007 made the function and does the same for the organisations).
POSTGRESQL = [
    """CREATE TRIGGER selection_campaign_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON selection_campaign
    FOR EACH STATEMENT EXECUTE FUNCTION members_dataversion_bump('campaigns')""",
]
POSTGRESQL_REVERSE = ["DROP TRIGGER selection_campaign_version ON selection_campaign"]
SQLITE = [
    f"""CREATE TRIGGER selection_campaign_version_{event.lower()}
    AFTER {event} ON selection_campaign BEGIN
        INSERT OR REPLACE INTO members_dataversion (name, number) VALUES ('campaigns', random());
    END"""
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_REVERSE = [
    f"DROP TRIGGER selection_campaign_version_{event}" for event in ("insert", "update", "delete")
]


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0007_data_version"),
        ("selection", "0004_nomination_queue_index"),
    ]

    operations = [
        run_per_vendor(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
    ]
