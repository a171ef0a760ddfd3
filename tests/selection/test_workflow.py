"""The nomination's course: draft → submitted → returned → submitted → eligible, and the exits."""

import datetime

import pytest
from django.core import mail

from audit.models import AuditEvent
from selection import services, workflow
from selection.choices import Phase, State
from selection.errors import SelectionError
from selection.models import Nomination, Transition
from tests.factories import (
    AssessmentFactory,
    DisciplineFactory,
    MemberFactory,
    NominationFactory,
)

pytestmark = pytest.mark.django_db


def _history(nomination):
    return list(nomination.transitions.values_list("source", "target"))


def test_the_whole_path_from_draft_to_eligible(
    draft, secretary, admin, integrity_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, by=secretary)
        workflow.return_for_revision(draft, by=admin, reason="请补充业绩数据。")
        services.update_nomination(draft, by=secretary, data={"deeds": "补充后的详细事迹。"})
        workflow.submit(draft, by=secretary)
        workflow.give_integrity_opinion(draft, by=integrity_officer, verdict="pass")
        workflow.declare_eligible(draft, by=admin)

    assert draft.state == State.ELIGIBLE
    assert _history(draft) == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "eligible"),
    ]
    assert draft.transitions.get(target="returned").reason == "请补充业绩数据。"
    verbs = list(AuditEvent.objects.filter(target_id=str(draft.pk)).values_list("verb", flat=True))
    assert verbs.count("nomination.submit") == 2
    assert "nomination.integrity_opinion" in verbs
    assert "nomination.declare_eligible" in verbs
    # The secretary hears of every move.
    assert len(mail.outbox) == 4
    assert mail.outbox[1].to == [secretary.email]
    assert "退回修改" in mail.outbox[1].subject


def test_admin_declares_ineligible_with_a_reason(submitted, admin):
    workflow.declare_ineligible(submitted, by=admin, reason="年度考核结果不符。")

    assert submitted.state == State.INELIGIBLE
    assert submitted.transitions.last().reason == "年度考核结果不符。"


def test_integrity_veto_excludes_the_nomination_and_keeps_its_reason(submitted, integrity_officer):
    workflow.give_integrity_opinion(
        submitted, by=integrity_officer, verdict="veto", reason="未如实报告个人事项。"
    )

    assert submitted.state == State.VETOED
    assert submitted.integrity_opinion.reason == "未如实报告个人事项。"
    assert submitted.transitions.last().reason == "未如实报告个人事项。"


def test_veto_after_eligibility_still_excludes(passed_integrity, admin, integrity_officer):
    workflow.declare_eligible(passed_integrity, by=admin)

    workflow.give_integrity_opinion(
        passed_integrity, by=integrity_officer, verdict="veto", reason="收到新的问题线索并查实。"
    )

    assert passed_integrity.state == State.VETOED


# --- Forbidden moves ------------------------------------------------------------------------------


def test_wrong_role_is_refused(submitted, secretary, reviewer):
    with pytest.raises(SelectionError) as error:
        workflow.declare_eligible(submitted, by=secretary)
    assert error.value.status == 403
    with pytest.raises(SelectionError):
        workflow.return_for_revision(submitted, by=reviewer, reason="x")


def test_admin_of_another_district_cannot_screen(submitted, other_admin):
    with pytest.raises(SelectionError) as error:
        workflow.return_for_revision(submitted, by=other_admin, reason="x")

    assert error.value.status == 403


def test_nothing_is_submitted_outside_the_nominating_phase(draft, secretary, campaign):
    campaign.phase = Phase.SCREENING
    campaign.save()

    with pytest.raises(SelectionError, match="资格审查"):
        workflow.submit(draft, by=secretary)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_wrong_state_is_refused_with_the_current_state(submitted, secretary):
    with pytest.raises(SelectionError, match="已提交"):
        workflow.submit(submitted, by=secretary)

    assert Transition.objects.filter(nomination=submitted).count() == 1


def test_a_reason_is_required_to_return(submitted, admin):
    with pytest.raises(SelectionError, match="理由"):
        workflow.return_for_revision(submitted, by=admin, reason="   ")


def test_veto_needs_a_reason(submitted, integrity_officer):
    with pytest.raises(SelectionError, match="理由"):
        workflow.give_integrity_opinion(submitted, by=integrity_officer, verdict="veto", reason="")


def test_an_incomplete_nomination_cannot_be_submitted(campaign, good_member, secretary):
    nomination = services.create_nomination(
        campaign=campaign, member=good_member, by=secretary, data={"deeds_summary": "摘要"}
    )

    with pytest.raises(SelectionError, match="尚缺") as error:
        workflow.submit(nomination, by=secretary)

    assert "详细事迹" in error.value.message
    assert "照片" in error.value.message


def test_a_branch_cannot_exceed_its_quota(campaign, branch_a1, secretary):
    for _ in range(2):
        workflow.submit(
            NominationFactory(campaign=campaign, member__organization=branch_a1), by=secretary
        )
    third = NominationFactory(campaign=campaign, member__organization=branch_a1)

    with pytest.raises(SelectionError, match="名额已用完（2/2）"):
        workflow.submit(third, by=secretary)


def test_a_ratio_quota_rounds_up(campaign, branch_a1, secretary):
    campaign.quota_kind, campaign.quota_value = "ratio", 5
    campaign.save()
    MemberFactory.create_batch(20, organization=branch_a1)  # 21 full members with the next one
    first, second = (
        NominationFactory(campaign=campaign, member__organization=branch_a1) for _ in range(2)
    )

    workflow.submit(first, by=secretary)  # 5 % of 22 full members = 1.1 → 2 places
    workflow.submit(second, by=secretary)
    with pytest.raises(SelectionError, match="名额已用完"):
        workflow.submit(
            NominationFactory(campaign=campaign, member__organization=branch_a1), by=secretary
        )


def test_a_per_organisation_override_replaces_the_default(
    campaign, committee_a, branch_a1, city_admin, secretary
):
    services.set_quota_override(campaign, committee_a, kind="fixed", value=1, by=city_admin)
    workflow.submit(
        NominationFactory(campaign=campaign, member__organization=branch_a1), by=secretary
    )

    with pytest.raises(SelectionError, match="名额已用完（1/1）"):
        workflow.submit(
            NominationFactory(campaign=campaign, member__organization=branch_a1), by=secretary
        )


def test_a_member_is_nominated_once_per_campaign_across_branches(
    campaign, good_member, secretary, branch_a2
):
    services.create_nomination(campaign=campaign, member=good_member, by=secretary, data={})

    with pytest.raises(SelectionError, match="只能被推荐一次"):
        services.create_nomination(campaign=campaign, member=good_member, by=secretary, data={})
    assert Nomination.objects.filter(member=good_member).count() == 1


def test_a_secretary_cannot_nominate_outside_their_branches(campaign, member_a2, secretary):
    with pytest.raises(SelectionError, match="本支部") as error:
        services.create_nomination(campaign=campaign, member=member_a2, by=secretary, data={})

    assert error.value.status == 403


def test_no_new_nomination_outside_the_nominating_phase(campaign, good_member, secretary):
    campaign.phase = Phase.DRAFT
    campaign.save()

    with pytest.raises(SelectionError, match="推荐阶段"):
        services.create_nomination(campaign=campaign, member=good_member, by=secretary, data={})


def test_a_submitted_nomination_cannot_be_edited(submitted, secretary):
    with pytest.raises(SelectionError, match="不能再修改"):
        services.update_nomination(submitted, by=secretary, data={"deeds": "改写"})


# --- Eligibility ----------------------------------------------------------------------------------


def test_eligibility_waits_for_the_integrity_opinion(submitted, admin):
    with pytest.raises(SelectionError, match="纪检监察尚未出具廉洁意见"):
        workflow.declare_eligible(submitted, by=admin)


def test_a_failed_rule_needs_a_written_override(
    campaign, branch_a1, secretary, admin, integrity_officer
):
    member = MemberFactory(organization=branch_a1, joined_on=datetime.date(2026, 3, 1))
    AssessmentFactory(member=member)
    nomination = NominationFactory(campaign=campaign, member=member)
    workflow.submit(nomination, by=secretary)
    workflow.give_integrity_opinion(nomination, by=integrity_officer, verdict="pass")

    with pytest.raises(SelectionError, match="党龄不少于 1 年"):
        workflow.declare_eligible(nomination, by=admin)
    workflow.declare_eligible(
        nomination, by=admin, override_reason="抗洪抢险中表现突出，经委员会研究破格推荐。"
    )

    assert nomination.state == State.ELIGIBLE
    assert nomination.eligibility_override_reason.startswith("抗洪抢险")
    event = AuditEvent.objects.get(verb="nomination.eligibility_overridden")
    assert event.after["rules"] == ["party_years"]


@pytest.mark.parametrize(
    ("setup", "rule"),
    [
        (lambda m: setattr(m, "status", "probationary") or m.save(), "full_member"),
        (lambda m: DisciplineFactory(member=m, decided_on=datetime.date(2025, 5, 1)), "discipline"),
        (
            lambda m: DisciplineFactory(
                member=m, decided_on=datetime.date(2020, 1, 1), until=datetime.date(2027, 1, 1)
            ),
            "discipline",
        ),
        (lambda m: AssessmentFactory(member=m, year=2026, grade="basic"), "assessment"),
    ],
    ids=["probationary", "recent-discipline", "discipline-in-force", "low-assessment"],
)
def test_each_rule_fails_for_its_reason(campaign, good_member, setup, rule):
    from selection import eligibility

    setup(good_member)
    member = (
        type(good_member)
        .objects.prefetch_related("assessments", "discipline_records")
        .get(pk=good_member.pk)
    )

    results = eligibility.evaluate(campaign, member, opinion=None, previous_exemplars=set())

    assert {r.code for r in results if not r.passed} == {rule, "integrity"}


def test_old_discipline_out_of_force_does_not_block(campaign, good_member):
    from selection import eligibility

    DisciplineFactory(
        member=good_member, decided_on=datetime.date(2019, 1, 1), until=datetime.date(2020, 1, 1)
    )

    results = eligibility.evaluate(campaign, good_member, opinion=None, previous_exemplars=set())

    assert [r.code for r in results if not r.passed] == ["integrity"]


def test_last_years_exemplar_is_not_eligible_again(campaign, good_member, secretary):
    from selection import eligibility

    results = eligibility.evaluate(
        campaign, good_member, opinion=None, previous_exemplars={good_member.pk}
    )

    assert "previous_exemplar" in {r.code for r in results if not r.passed}


# --- Phases ---------------------------------------------------------------------------------------


def test_deadlines_move_the_phase_once(campaign):
    from django.utils import timezone

    now = timezone.now()
    campaign.nominating_deadline = now - datetime.timedelta(minutes=1)
    campaign.screening_deadline = now + datetime.timedelta(days=5)
    campaign.save()

    assert services.advance_due_campaigns(now) == [campaign.pk]
    assert services.advance_due_campaigns(now) == []
    campaign.refresh_from_db()
    assert campaign.phase == Phase.SCREENING
    assert AuditEvent.objects.filter(verb="campaign.phase_changed", actor=None).count() == 1


def test_the_beat_task_advances_due_campaigns(campaign):
    from django.utils import timezone

    from selection.tasks import task_advance_phases

    campaign.nominating_deadline = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save()

    task_advance_phases.apply()

    campaign.refresh_from_db()
    assert campaign.phase == Phase.SCREENING


def test_admin_moves_the_phase_one_step(campaign, city_admin):
    services.set_phase(campaign, Phase.SCREENING, by=city_admin)

    with pytest.raises(SelectionError, match="逐步"):
        services.set_phase(campaign, Phase.CONCLUDED, by=city_admin)


def test_a_district_admin_cannot_move_a_city_campaign(campaign, admin):
    with pytest.raises(SelectionError) as error:
        services.set_phase(campaign, Phase.SCREENING, by=admin)

    assert error.value.status == 403


def test_an_incomplete_nomination_is_refused_naming_what_it_lacks_as_the_language_lists(
    draft, secretary
):
    from django.utils import translation

    Nomination.objects.filter(pk=draft.pk).update(deeds="", deeds_summary="")
    draft.refresh_from_db()
    refused = {}
    for language in ("zh-hans", "en"):
        with translation.override(language), pytest.raises(SelectionError) as caught:
            workflow.submit(draft, by=secretary)
        refused[language] = str(caught.value.message)

    assert refused["zh-hans"].endswith("尚缺：主要事迹摘要、详细事迹。")
    assert refused["en"].endswith(": Summary of deeds, Full deeds.")
