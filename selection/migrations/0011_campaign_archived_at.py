from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0010_honour_revocation"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="archived_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="归档时间"
            ),
        ),
    ]
