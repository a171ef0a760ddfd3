"""What the admin and the integrity officer are told about the integrity opinion says what
happened: an opinion still awaited is said to be awaited, and an opinion given is named with
the word the form offered."""

import datetime

import pytest
from django.urls import reverse

from selection import workflow
from selection.choices import IntegrityVerdict, State
from tests.factories import AssessmentFactory, MemberFactory, NominationFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_declaring_eligible_before_the_integrity_opinion_says_the_opinion_is_awaited(
    client, admin, submitted
):
    client.force_login(admin)

    response = client.post(
        reverse("selection:nomination_eligible", args=[submitted.pk]), follow=True
    )

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert _messages(response) == ["不能通过资格审查：纪检监察尚未出具廉洁意见，请在出具后再审查。"]


def test_while_the_opinion_is_awaited_the_refusal_names_the_rules_that_failed_too(
    client, admin, campaign, branch_a1, secretary
):
    """The admin can deal with them now (return it, or write the exception) rather than learn
    of them only once the opinion is given."""
    member = MemberFactory(organization=branch_a1, joined_on=datetime.date(2026, 3, 1))
    AssessmentFactory(member=member)
    nomination = NominationFactory(campaign=campaign, member=member)
    workflow.submit(nomination, by=secretary)
    client.force_login(admin)

    response = client.post(
        reverse("selection:nomination_eligible", args=[nomination.pk]),
        {"override_reason": "抗洪抢险中表现突出。"},
        follow=True,
    )

    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED
    [message] = _messages(response)
    assert message.startswith("不能通过资格审查：纪检监察尚未出具廉洁意见，请在出具后再审查。")
    assert "此外，以下规则未通过：党龄不少于 1 年（" in message
    assert "廉洁意见为同意" not in message


def test_the_screening_queue_shows_the_awaited_opinion_as_awaited(client, admin, submitted):
    client.force_login(admin)

    page = client.get(reverse("selection:screening_queue")).content.decode()

    assert "待出具：</span>尚待纪检监察意见</li>" in page
    assert "纪检监察廉洁意见为同意（尚待纪检监察意见）" not in page


def test_the_integrity_confirmation_uses_the_word_the_form_offered(
    client, integrity_officer, submitted
):
    client.force_login(integrity_officer)

    response = client.post(
        reverse("selection:nomination_integrity", args=[submitted.pk]),
        {"verdict": IntegrityVerdict.PASS},
        follow=True,
    )

    assert IntegrityVerdict.PASS.label == "同意"
    assert _messages(response) == ["廉洁意见已记录：赵六，同意。"]
