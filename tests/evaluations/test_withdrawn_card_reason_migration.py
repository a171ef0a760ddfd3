"""Rows of the previous release: every card taken back was recorded without why, so read as
taken back by the organisation department. The data migration, run with the models as they
were at it, gives the rows written by a nomination's closing move (counted in its audit event)
that end's reason; a card an admin took back stays as it was, even seconds before the close."""

import functools
import importlib
from datetime import timedelta

import pytest
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from evaluations import services
from evaluations.choices import WithdrawalReason
from evaluations.models import WithdrawnCard
from members.choices import Role
from selection import workflow
from selection.choices import IntegrityVerdict
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

NAME = "0014_withdrawn_card_reason_of_closed"
MIGRATION = importlib.import_module(f"evaluations.migrations.{NAME}")


@functools.cache
def historical_apps():
    """The models as the migration sees them (``RunPython`` passes these)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return loader.project_state(("evaluations", NAME), at_end=True).apps


def migrate() -> None:
    MIGRATION.tell_why_closed(historical_apps(), None)


def veto(nomination, officer) -> None:
    workflow.give_integrity_opinion(
        nomination, by=officer, verdict=IntegrityVerdict.VETO, reason="新发现违纪线索"
    )


def reasons() -> list[str]:
    return list(WithdrawnCard.objects.order_by("pk").values_list("reason", flat=True))


def test_the_old_row_written_by_a_veto_tells_the_veto(
    client, reviewer, reviewer_card, integrity_officer
):
    veto(reviewer_card.nomination, integrity_officer)
    WithdrawnCard.objects.update(reason=WithdrawalReason.TAKEN_BACK)  # as written before

    migrate()
    migrate()  # run again: nothing more

    assert reasons() == [WithdrawalReason.VETOED]
    client.force_login(reviewer)
    page = client.get(reverse("evaluations:score", args=[reviewer_card.nomination_id]))
    assert "该推荐已被一票否决，评分表已收回。" in page.content.decode()


@pytest.mark.parametrize("before", [timedelta(days=1), timedelta(seconds=30), timedelta(0)])
def test_a_card_an_admin_took_back_before_the_close_stays_taken_back(
    reviewer_card, review_campaign, city_admin, integrity_officer, district_a, before
):
    """The admin's row written ``before`` the veto (0: just before, in the same second), the
    veto then withdrawing another reviewer's card: that one row is the veto's."""
    services.unassign(reviewer_card, by=city_admin)
    WithdrawnCard.objects.update(withdrawn_at=WithdrawnCard.objects.get().withdrawn_at - before)
    other = user_with_role(Role.REVIEWER, district_a, username="rev_a2")
    services.add_reviewer(review_campaign, other, cap=None, by=city_admin)
    services.assign(reviewer_card.nomination, other, by=city_admin)
    veto(reviewer_card.nomination, integrity_officer)
    WithdrawnCard.objects.update(reason=WithdrawalReason.TAKEN_BACK)  # as written before

    migrate()
    migrate()  # run again: nothing more

    assert reasons() == [WithdrawalReason.TAKEN_BACK, WithdrawalReason.VETOED]


def test_a_close_that_withdrew_no_card_leaves_the_admin_s_row(
    reviewer_card, city_admin, integrity_officer
):
    services.unassign(reviewer_card, by=city_admin)
    veto(reviewer_card.nomination, integrity_officer)

    migrate()

    assert reasons() == [WithdrawalReason.TAKEN_BACK]
