"""Every existing campaign gets its one stage: the owner's level, choosing the campaign's
exemplar count, with the reviewing deadline. A one-stage campaign behaves as before."""

from django.db import migrations


def one_stage_each(apps, schema_editor):
    Campaign = apps.get_model("selection", "Campaign")
    Stage = apps.get_model("selection", "Stage")
    have = set(Stage.objects.values_list("campaign_id", flat=True))
    Stage.objects.bulk_create(
        Stage(
            campaign_id=campaign.pk,
            position=1,
            level=campaign.owner.kind,
            quota_kind="fixed",
            quota_value=campaign.exemplar_count,
            deadline=campaign.reviewing_deadline,
        )
        for campaign in Campaign.objects.select_related("owner").exclude(pk__in=have)
    )


class Migration(migrations.Migration):
    dependencies = [("selection", "0012_campaign_stages")]

    operations = [migrations.RunPython(one_stage_each, migrations.RunPython.noop)]
