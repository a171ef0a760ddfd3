"""The message that a report is being made names its file without quotation marks around it:
the file name holds the campaign's title, which has “” of its own (“四好”), and nested quotes
read as broken."""

import pytest
from django.urls import reverse

from reports.models import ReportJob

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_the_started_message_names_the_file_without_nesting_quotes(client, city_admin, year):
    campaign, _nominations = year
    campaign.title = "2026年度全市“四好”党员选树"
    campaign.save(update_fields=["title"])
    client.force_login(city_admin)

    response = client.post(
        reverse("reports:new"), {"kind": "summary", "campaign": campaign.pk}, follow=True
    )

    job = ReportJob.objects.get()
    assert "“四好”" in job.filename
    assert [str(m) for m in response.context["messages"]] == [f"已开始生成文件：{job.filename}"]
