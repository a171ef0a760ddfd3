"""The screening queue says beside its bulk action why some rows have no tick box (waiting for
the integrity opinion, or a rule failed), and offers neither the select-all box nor the
button when no row on the page can be ticked."""

import pytest
from django.urls import reverse

from selection import workflow
from tests.factories import AssessmentFactory, MemberFactory, NominationFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("selection:screening_queue")
SELECT_ALL = 'data-check-all="nominations" aria-label="勾选本页全部条件通过的推荐"'
BUTTON = '<button type="submit" class="btn btn-success"'


def nominate(campaign, branch, secretary, name, *, grade="excellent"):
    member = MemberFactory(organization=branch, name=name)
    AssessmentFactory(member=member, year=2025, grade=grade)
    nomination = NominationFactory(campaign=campaign, member=member, created_by=secretary)
    workflow.submit(nomination, by=secretary)
    return nomination


def test_with_only_a_nomination_waiting_for_its_opinion_nothing_can_be_ticked(
    client, admin, submitted
):
    client.force_login(admin)

    body = client.get(QUEUE).content.decode()

    assert f'name="nominations" value="{submitted.pk}"' not in body
    assert f"{SELECT_ALL} disabled>" in body
    assert f'{BUTTON} disabled aria-describedby="screening-not-tickable">' in body
    assert "本页 1 条推荐尚待纪检监察出具廉洁意见，出具后才能勾选。" in body
    assert "有未通过的条件" not in body


def test_beside_tickable_rows_the_others_are_counted_with_why(
    client, admin, campaign, branch_a1, secretary, integrity_officer, submitted
):
    campaign.quota_value = 5
    campaign.save()
    ready = nominate(campaign, branch_a1, secretary, "党员甲")
    failing = nominate(campaign, branch_a1, secretary, "党员乙", grade="incompetent")
    for nomination in (ready, failing):
        workflow.give_integrity_opinion(nomination, by=integrity_officer, verdict="pass")
    client.force_login(admin)

    body = client.get(QUEUE).content.decode()

    assert f'name="nominations" value="{ready.pk}"' in body
    assert f"{SELECT_ALL}>" in body
    assert f'{BUTTON} aria-describedby="screening-not-tickable">' in body
    assert "本页 1 条推荐尚待纪检监察出具廉洁意见，出具后才能勾选。" in body
    assert "本页 1 条推荐有未通过的条件，不能勾选，请打开逐条审查。" in body


def test_a_page_of_tickable_rows_says_nothing_more(client, admin, passed_integrity):
    client.force_login(admin)

    body = client.get(QUEUE).content.decode()

    assert f"{BUTTON}>所勾选的推荐资格审查通过</button>" in body
    assert "screening-not-tickable" not in body


def test_the_screen_button_keeps_to_one_line(client, admin, submitted):
    client.force_login(admin)

    body = client.get(QUEUE).content.decode()

    assert '<a class="btn btn-sm btn-outline-primary text-nowrap" href="' in body


def test_the_reason_reads_in_english(client, admin, submitted):
    client.cookies["django_language"] = "en"
    client.force_login(admin)

    body = client.get(QUEUE).content.decode()

    assert (
        "1 nomination on this page awaits the integrity opinion; it can be ticked once the "
        "opinion is given."
    ) in body
