"""Every URL of the portal against every persona: the status each must get.

The URLconf is walked, so a URL added without a row here fails
``test_every_url_has_an_expectation``.
Personas: anonymous; the roles of district A (东区) and an out-of-scope user of the same role
(district B / the other branch); a signed-in user with no role. Objects belong to branch A1.
Django's own admin site is checked as one entry (``admin:index``): staff only.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from api import tokens as api_tokens
from evaluations import services as review
from members.choices import OrgKind, Role
from members.models import RosterImport
from reminders.models import ReminderLog
from reports import services as reports
from selection import gallery, notice, services, workdays, workflow
from selection.models import Attachment, Stage
from tests.access import (
    DRAFT_MATRIX,
    MATRIX,
    PERSONAS,
    STAGE_ENTRY,
    STAGE_NODE,
    L,
    names,
    token_header,
)
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    archived_campaign,
    card,
    pdf_upload,
    scores,
    user_with_role,
)


def test_every_url_has_an_expectation():
    covered = {name for name, _method in MATRIX}

    assert sorted(set(names()) - covered) == []


@pytest.fixture
def world(
    db,
    admin,
    other_admin,
    city_admin,
    secretary,
    other_secretary,
    reviewer,
    integrity_officer,
    auditor,
    outsider,
    district_a,
    district_b,
    branch_a1,
    city,
):
    people = {
        "anonymous": None,
        "admin": admin,
        "other_admin": other_admin,
        "city_admin": city_admin,
        "secretary": secretary,
        "other_secretary": other_secretary,
        "reviewer": reviewer,
        "other_reviewer": user_with_role(Role.REVIEWER, district_b, username="rev_b"),
        "integrity_officer": integrity_officer,
        "other_integrity": user_with_role(Role.INTEGRITY, district_b, username="int_b"),
        "auditor": auditor,
        "outsider": outsider,
    }
    campaign = CampaignFactory(owner=city)
    member = MemberFactory(organization=branch_a1)
    nomination = NominationFactory(campaign=campaign, member=member, created_by=secretary)
    attachment = services.add_attachment(nomination, pdf_upload(), by=secretary)
    workflow.submit(nomination, by=secretary)
    draft = NominationFactory(campaign=campaign, member__organization=branch_a1)
    override = services.set_quota_override(
        campaign, branch_a1, kind="fixed", value=3, by=city_admin
    )
    # A campaign in review: the district reviewer has a card for a nomination of branch A1.
    reviewing = CampaignFactory(owner=city, phase="reviewing")
    first = Stage.objects.create(campaign=reviewing, position=1, level=OrgKind.DISTRICT)  # 逐级推荐
    Stage.objects.create(campaign=reviewing, position=2, level=OrgKind.CITY)
    in_review = NominationFactory(
        campaign=reviewing, member__organization=branch_a1, state="eligible"
    )
    evidence = Attachment(
        nomination=in_review,
        original_name="证明.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=secretary,
    )
    evidence.file.save("evidence.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    # The campaign's committee scores the final stage; the reviewer also sits on it.
    committee_seat = review.add_reviewer(reviewing, reviewer, cap=None, by=city_admin)
    review.ensure_criteria(reviewing)
    # 东区区委's own committee scores the first stage: its assignment gives the reviewer the card,
    # and its judge has submitted one.
    at_first = {"stage": first, "node": district_a}
    review.add_reviewer(reviewing, reviewer, cap=None, by=city_admin, **at_first)
    review.assign_stage(first, district_a, by=city_admin)
    scorecard = in_review.scorecards.get(reviewer=reviewer, stage=None)
    judge = user_with_role(Role.REVIEWER, district_a, username="judge_a")
    node_seat = review.add_reviewer(
        reviewing, judge, cap=None, by=city_admin, stage=first, node=district_a
    )
    card(in_review, judge, scores(20, 20, 20, 20))
    code = review.issue_codes(nomination, 1, by=secretary)[0]
    # A campaign in its public notice, with an objection, and a published exemplar.
    noticed = CampaignFactory(owner=city, phase="reviewing")
    in_notice = NominationFactory(
        campaign=noticed, member__organization=branch_a1, state="shortlisted"
    )
    public_notice = notice.open_notice(
        noticed, starts_on=datetime.date.today(), working_days=5, contact="组织部", by=city_admin
    )
    objection = notice.file_objection(
        public_notice, in_notice, name="王群众", contact="139", text="反映情况" * 6
    )
    approved = NominationFactory(campaign=noticed, member__organization=branch_a1, state="approved")
    gallery.record_consent(approved, wording="同意公开。", by=city_admin)
    profile = gallery.publish(gallery.create_profile(approved, by=city_admin), by=city_admin)
    holiday = workdays.add_calendar_day(
        date=datetime.date(2026, 10, 1), kind="holiday", note="国庆节", by=city_admin
    )
    archived = archived_campaign(city, city_admin)
    roster_import = RosterImport.objects.create(
        kind="members", uploaded_by=admin, original_name="名册.xlsx", state="invalid"
    )
    report = reports.request_report(by=secretary, kind="summary", campaign=campaign)
    reports.run_job(report.pk)
    secretary_token, _raw = api_tokens.create_token(by=secretary, label="同步", days=30)
    reminder = ReminderLog.objects.create(
        campaign=reviewing,
        kind="scoring",
        deadline=timezone.now(),
        point=24,
        recipient=reviewer,
        items=1,
        show_until=timezone.now(),
    )
    on_nomination = [
        "selection:nomination_detail",
        "selection:nomination_edit",
        "selection:nomination_submit",
        "selection:nomination_return",
        "selection:nomination_eligible",
        "selection:nomination_ineligible",
        "selection:nomination_integrity",
        "selection:nomination_photo",
        "selection:nomination_photo_preview",
        "selection:attachment_add",
    ]
    args = {
        **{name: [nomination.pk] for name in on_nomination},
        "selection:nomination_delete": [draft.pk],
        "members:detail": [member.pk],
        "members:link_user": [member.pk],
        "selection:campaign_edit": [campaign.pk],
        "selection:campaign_phase": [campaign.pk],
        "selection:quota_add": [campaign.pk],
        "selection:quota_remove": [campaign.pk, override.pk],
        "selection:attachment_download": [nomination.pk, attachment.pk],
        "selection:attachment_delete": [nomination.pk, attachment.pk],
        "evaluations:score": [in_review.pk],
        "evaluations:autosave": [in_review.pk],
        "evaluations:conflict": [in_review.pk],
        "evaluations:photo": [in_review.pk],
        "evaluations:photo_preview": [in_review.pk],
        "evaluations:attachment": [in_review.pk, evidence.pk],
        "evaluations:committee": [reviewing.pk],
        "evaluations:save_criteria": [reviewing.pk],
        "evaluations:add_reviewer": [reviewing.pk],
        "evaluations:remove_reviewer": [reviewing.pk, committee_seat.pk],
        "evaluations:auto_assign": [reviewing.pk],
        "evaluations:assign": [reviewing.pk, in_review.pk],
        "evaluations:unassign": [reviewing.pk, scorecard.pk],
        "evaluations:reopen": [reviewing.pk, scorecard.pk],
        "evaluations:results": [reviewing.pk],
        "evaluations:shortlist": [reviewing.pk],
        "evaluations:cards": [reviewing.pk, in_review.pk],
        "evaluations:stages": [reviewing.pk],
        "evaluations:stages_configure": [campaign.pk],
        **dict.fromkeys(STAGE_NODE, (reviewing.pk, 1, district_a.pk)),
        **dict.fromkeys(STAGE_ENTRY, (reviewing.pk, 1, district_a.pk, in_review.pk)),
        "evaluations:node_committee_remove": (reviewing.pk, 1, district_a.pk, node_seat.pk),
        "evaluations:survey": [nomination.pk],
        "evaluations:survey_sheet": [nomination.pk],
        "evaluations:survey_public": [code.code],
        "selection:notice_manage": [noticed.pk],
        "selection:notice_open": [noticed.pk],
        "selection:objection_resolve": [noticed.pk, objection.pk],
        "selection:notice_approve": [noticed.pk],
        "selection:campaign_conclude": [noticed.pk],
        "selection:consent": [noticed.pk, approved.pk],
        "selection:profile_create": [noticed.pk, approved.pk],
        "selection:profile_edit": [profile.pk],
        "selection:profile_photo": [profile.pk],
        "selection:profile_photo_preview": [profile.pk],
        "selection:profile_publish": [profile.pk],
        "selection:profile_unpublish": [profile.pk],
        "selection:revoke": [noticed.pk, approved.pk],
        **{
            name: [archived.pk]
            for name in ("archives:campaign", "archives:confirm", "archives:bundle")
        },
        "public:notice_detail": [noticed.pk],
        "public:notice_print": [noticed.pk],
        "public:objection": [noticed.pk],
        "public:gallery_detail": [profile.slug],
        "public:gallery_image": [profile.slug, "thumb"],
        "selection:calendar_remove": [holiday.pk],
        **{name: [report.pk] for name in ("reports:row", "reports:download", "reports:retry")},
        "members:roster_template": ["members"],
        "members:roster_export": ["members"],
        "members:roster_preview": [roster_import.pk],
        "members:roster_confirm": [roster_import.pk],
        "members:roster_discard": [roster_import.pk],
        "api_token_revoke": [secretary_token.pk],
        "reminders:dismiss": [reminder.pk],
        "api:public_profile": [profile.slug],
        "api:public_notice": [noticed.pk],
        "api:campaign": [campaign.pk],
        "api:campaign_results": [reviewing.pk],
        "api:nomination": [nomination.pk],
        "api:nomination_survey": [nomination.pk],
        "api:report": [report.pk],
        "api:report_file": [report.pk],
        "api:roster_import": [roster_import.pk],
        "api:roster_confirm": [roster_import.pk],
    }
    return people, args


@pytest.fixture
def preparing(world, city, branch_a1, city_admin):
    """The city's next campaign, still in preparation (筹备), a quota already set: the URL
    arguments of its pages."""
    draft = CampaignFactory(owner=city, phase="draft")
    quota = services.set_quota_override(draft, branch_a1, kind="fixed", value=1, by=city_admin)
    return {
        **{name: [draft.pk] for name, _method in DRAFT_MATRIX},
        "selection:quota_remove": [draft.pk, quota.pk],
    }


@pytest.mark.parametrize(("name", "method"), list(MATRIX), ids=[f"{n}:{m}" for n, m in MATRIX])
def test_each_persona_gets_exactly_its_status(client, world, name, method):
    people, args = world
    url = reverse(name, args=args.get(name, []))

    assert statuses(client, people, name, method, url) == dict(
        zip(PERSONAS, MATRIX[(name, method)], strict=True)
    )


@pytest.mark.parametrize(
    ("name", "method"), list(DRAFT_MATRIX), ids=[f"{n}:{m}" for n, m in DRAFT_MATRIX]
)
def test_a_campaign_in_preparation_is_there_for_its_admins_only(
    client, world, preparing, name, method
):
    people, _args = world
    url = reverse(name, args=preparing[name])

    assert statuses(client, people, name, method, url) == dict(
        zip(PERSONAS, DRAFT_MATRIX[(name, method)], strict=True)
    )


def statuses(client, people, name: str, method: str, url: str) -> dict:
    """The status each persona gets for ``url`` (L: sent to sign in)."""
    got = []
    for persona in PERSONAS:
        client.logout()
        headers = {}
        if people[persona] is not None and name.startswith("api:"):
            headers = token_header(people[persona])
        elif people[persona] is not None:
            client.force_login(people[persona])
        response = (
            client.get(url, **headers) if method == "GET" else client.post(url, {}, **headers)
        )
        status = response.status_code
        if response.streaming:  # read downloads to the end, as a server would (closes the file)
            b"".join(response.streaming_content)
        if status == 302 and response["Location"].startswith(reverse("login")):
            status = L
        got.append(status)
    return dict(zip(PERSONAS, got, strict=True))


#: A report of one stage's pools (逐级推荐): the first stage (区委 level) over 东区区委. Its
#: admin and the city's get a job; the sibling district and the branches are refused by the
#: form (the organisation is not theirs to choose); roles without reports get a 403.
STAGE_REPORT = {
    "anonymous": L,
    "admin": "job",
    "other_admin": "refused",
    "city_admin": "job",
    "secretary": "refused",
    "other_secretary": "refused",
    "reviewer": 403,
    "other_reviewer": 403,
    "integrity_officer": 403,
    "other_integrity": 403,
    "auditor": 403,
    "outsider": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_stage_report_is_asked_only_over_the_user_s_own_nodes(client, world, district_a, persona):
    from reports.models import ReportJob

    people, args = world
    reviewing = args["evaluations:stages"][0]
    if people[persona] is not None:
        client.force_login(people[persona])
    posted = {
        "kind": "summary",
        "campaign": reviewing,
        "stage": f"{reviewing}:1",
        "organization": district_a.pk,
    }
    response = client.post(reverse("reports:new"), posted)

    status = response.status_code
    if status == 302 and response["Location"].startswith(reverse("login")):
        got = L
    elif status in (302, 400):  # asked, or the form shown again with its error (nothing asked)
        asked = ReportJob.objects.filter(requested_by=people[persona], stage__position=1)
        got = "job" if asked.exists() else "refused"
    else:
        got = status
    assert got == STAGE_REPORT[persona]
