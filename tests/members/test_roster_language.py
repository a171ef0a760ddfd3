"""A roster checked in a worker speaks the admin's language: the problems of a file uploaded from
the English pages are listed in English. The preview that waits for the check shows the problems
as soon as the check has listed them, without a reload."""

import pytest
from django.urls import reverse
from django.utils import translation

from members import tasks
from members.models import RosterImport
from tests.members.test_roster import row, upload, xlsx

pytestmark = pytest.mark.django_db


def test_the_check_writes_its_problems_in_the_language_of_the_upload(
    client, admin, roster_a, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.task_check_roster, "delay", lambda **kw: queued.append(kw))
    client.cookies["django_language"] = "en"

    upload(client, admin, xlsx([row("N0000009", org="NOPE")]))
    with translation.override("zh-hans"):  # a worker's own language is not the admin's
        tasks.task_check_roster(**queued[0])

    item = RosterImport.objects.get()
    assert queued[0]["language"] == "en"
    assert [p["message"] for p in item.problems] == ["No organisation has this code."]


@pytest.mark.usefixtures("eager_tasks")
def test_the_polled_status_brings_the_problems_with_it(client, admin, roster_a):
    upload(client, admin, xlsx([row("N0000009", org="NOPE")]))
    item = RosterImport.objects.get()

    fragment = client.get(
        reverse("members:roster_preview", args=[item.pk]), headers={"HX-Request": "true"}
    ).content.decode()

    assert item.state == "invalid"
    assert 'id="roster-status"' in fragment and "党组织编码不存在。" in fragment
