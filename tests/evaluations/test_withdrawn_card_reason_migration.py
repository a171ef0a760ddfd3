"""Rows of the previous release: every card taken back was recorded without why, so read as
taken back by the organisation department. The data migration gives the rows written as a
nomination's course ended that end's reason; a card an admin took back stays as it was, even
when its nomination ended later."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.choices import WithdrawalReason
from evaluations.models import WithdrawnCard
from selection import workflow
from selection.choices import IntegrityVerdict

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("evaluations.migrations.0014_withdrawn_card_reason_of_closed")


def migrate() -> None:
    MIGRATION.tell_why_closed(apps, None)


def veto(nomination, officer) -> None:
    workflow.give_integrity_opinion(
        nomination, by=officer, verdict=IntegrityVerdict.VETO, reason="新发现违纪线索"
    )


def test_an_old_row_of_a_veto_tells_the_veto(client, reviewer, reviewer_card, integrity_officer):
    veto(reviewer_card.nomination, integrity_officer)
    WithdrawnCard.objects.update(reason=WithdrawalReason.TAKEN_BACK)  # as written before

    migrate()
    migrate()  # run again: nothing more

    assert WithdrawnCard.objects.get().reason == WithdrawalReason.VETOED
    client.force_login(reviewer)
    page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))
    assert "该推荐已被一票否决，评分表已收回。" in page.content.decode()


def test_a_card_an_admin_took_back_before_the_veto_stays_taken_back(
    reviewer_card, city_admin, integrity_officer
):
    services.unassign(reviewer_card, by=city_admin)
    WithdrawnCard.objects.update(withdrawn_at=timezone.now() - timedelta(days=1))
    veto(reviewer_card.nomination, integrity_officer)

    migrate()

    assert WithdrawnCard.objects.get().reason == WithdrawalReason.TAKEN_BACK
