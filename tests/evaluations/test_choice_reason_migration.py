"""Rows of the previous release: it copied the committee's reason for a choice (which may name
any nominee) into every moved nomination's history. The data migration rewrites them to what the
current code writes (``evaluations.services.choosing``), the fixed texts and other campaigns'
rows untouched, the reasons kept in the audit rows."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from audit.models import AuditEvent
from evaluations.services import confirm_stage, withdraw_stage
from selection.choices import Action, State
from selection.fixed_reasons import UNRANKED as UNRANKED_REASONS
from selection.fixed_reasons import UNSCORED as UNSCORED_REASON
from selection.fixed_reasons import WITHDRAWN as WITHDRAWN_REASON
from selection.models import Stage, Transition
from tests.evaluations.test_choice_reason import REASON, three_ranked  # noqa: F401
from tests.evaluations.test_review_views import _shortlist
from tests.evaluations.test_stage_unscored import pool  # noqa: F401
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("selection.migrations.0021_choice_reason_out_of_histories")


def migrate() -> None:
    MIGRATION.take_choice_reasons_out(apps, None)


def reasons(nomination) -> list[tuple[str, str]]:
    return list(nomination.transitions.values_list("action", "reason"))


@pytest.fixture
def old_rows(client, review_campaign, three_ranked, city_admin):  # noqa: F811
    """A and C shortlisted over B, with REASON (naming 丁玉梅), their moves as the previous
    release stored them: ``workflow.shortlist`` / ``not_select(..., reason=reason)``."""
    a, _, c = three_ranked
    client.force_login(city_admin)
    _shortlist(client, review_campaign, [a, c], reason=REASON)
    moves = Transition.objects.filter(nomination__in=three_ranked)
    moves.exclude(action=Action.START_REVIEW).update(reason=REASON)
    return three_ranked


def test_the_old_rows_of_a_shortlist_lose_the_committee_s_reason_and_the_page_its_name(
    client, old_rows, other_secretary
):
    a, b, _ = old_rows
    client.force_login(other_secretary)
    url = reverse("selection:nomination_detail", args=[b.pk])
    assert "丁玉梅" in client.get(url).content.decode()

    migrate()

    assert "丁玉梅" not in client.get(url).content.decode()
    assert Transition.objects.filter(reason=REASON).count() == 0
    assert reasons(b)[-1] == ("not_select", "")
    assert reasons(a)[-1] == ("shortlist", "")
    assert AuditEvent.objects.get(verb="review.shortlist_confirmed").after["reason"] == REASON


def test_fixed_texts_and_another_campaign_s_rows_are_left_as_they_are(old_rows):
    b = old_rows[1]
    Transition.objects.filter(nomination=b, action=Action.NOT_SELECT).update(
        reason=UNRANKED_REASONS["no_card"]
    )
    elsewhere = NominationFactory(state=State.NOT_SELECTED)
    Transition.objects.create(
        nomination=elsewhere,
        action=Action.NOT_SELECT,
        source=State.SCORED,
        target=State.NOT_SELECTED,
        reason=REASON,
    )

    migrate()

    assert reasons(b)[-1] == ("not_select", UNRANKED_REASONS["no_card"])
    assert reasons(elsewhere) == [("not_select", REASON)]


def test_a_stage_s_old_rows_read_as_the_new_code_writes_them_and_a_withdrawal_s_too(
    staged,
    committee_a,
    committee_admin,
    pool,  # noqa: F811
):
    first = Stage.objects.get(campaign=staged, position=1)
    why = "陶桂芝、袁丹丹尚未评分，王强表现更突出"
    confirm_stage(first, committee_a, [pool["scored"][0].pk], by=committee_admin, reason=why)
    left_out = [pool["scored"][1], *pool["unscored"]]
    Transition.objects.filter(nomination__in=left_out, action=Action.NOT_SELECT).update(reason=why)
    withdraw_stage(first, committee_a, by=committee_admin, reason="王强材料有误")
    Transition.objects.filter(action=Action.RESUME_REVIEW).update(reason="王强材料有误")

    migrate()
    migrate()  # run again: nothing more

    assert reasons(pool["scored"][1])[-2:] == [
        ("not_select", ""),
        ("resume_review", WITHDRAWN_REASON),
    ]
    for nomination in pool["unscored"]:
        assert reasons(nomination)[-2:] == [
            ("not_select", UNSCORED_REASON),
            ("resume_review", WITHDRAWN_REASON),
        ]
    assert not Transition.objects.filter(reason__in=(why, "王强材料有误")).exists()
