"""Concurrent requests against PostgreSQL: a move is applied once, a last quota place taken once."""

import pytest

from selection import workflow
from selection.choices import State
from selection.errors import SelectionError
from selection.models import Transition
from tests.factories import NominationFactory
from tests.racing import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _refused(outcomes):
    return [o for o in outcomes if isinstance(o, SelectionError)]


def test_two_concurrent_submits_apply_once(draft, secretary):
    outcomes = race(
        lambda: workflow.submit(draft, by=secretary), lambda: workflow.submit(draft, by=secretary)
    )

    assert len(_refused(outcomes)) == 1
    assert Transition.objects.filter(nomination=draft).count() == 1
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_two_concurrent_screenings_apply_once(submitted, admin):
    outcomes = race(
        lambda: workflow.return_for_revision(submitted, by=admin, reason="请补充。"),
        lambda: workflow.declare_ineligible(submitted, by=admin, reason="不符合条件。"),
    )

    assert len(_refused(outcomes)) == 1
    assert Transition.objects.filter(nomination=submitted).count() == 2  # submit + one screening


def test_the_last_quota_place_is_taken_once(campaign, branch_a1, secretary):
    campaign.quota_value = 1
    campaign.save()
    first, second = (
        NominationFactory(campaign=campaign, member__organization=branch_a1) for _ in range(2)
    )

    outcomes = race(
        lambda: workflow.submit(first, by=secretary), lambda: workflow.submit(second, by=secretary)
    )

    [refusal] = [str(e.message) for e in _refused(outcomes)]
    assert refusal.startswith("东区一支部的推荐名额已用完（1/1），暂不能提交。")
    assert Transition.objects.filter(target=State.SUBMITTED).count() == 1


def test_two_tabs_saving_the_same_version_at_once_write_one_of_them(draft, secretary):
    """The version is read under the row lock: of two saves made from the same page version at
    the same moment, one is written whole and the other refused, never both."""
    from selection import services
    from selection.concurrency import StaleEdit
    from selection.models import Nomination

    def save(**typed):
        return lambda: services.update_nomination(
            draft, by=secretary, data=typed, version=draft.version
        )

    outcomes = race(save(deeds="甲窗口的事迹。"), save(evidence_political="乙窗口的依据。"))

    assert len([o for o in outcomes if isinstance(o, StaleEdit)]) == 1
    stored = Nomination.objects.get(pk=draft.pk)
    written = (stored.deeds == "甲窗口的事迹。", stored.evidence_political == "乙窗口的依据。")
    assert sorted(written) == [False, True]
    assert stored.version == draft.version + 1
