"""Demo data of the selection app: a campaign taking nominations and one in screening, with
nominations in every state so far. Built through the real services, so histories, audit rows and
e-mails are what users would produce. Idempotent: a campaign that exists is left alone."""

from __future__ import annotations

import datetime
import io
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from members.demo import DEMO_SECRETARY_BRANCHES, ROOT_CODE
from members.models import Member, Organization, User

from . import eligibility, services, workdays, workflow
from .choices import IntegrityVerdict, Phase, QuotaKind
from .models import Campaign

NOMINATING_TITLE = "2026年度全市“四好”党员选树"
SCREENING_TITLE = "2026年度市直机关“四好”党员选树"


#: Soft backgrounds of the demo's portraits, taken in turn so that the gallery's cards differ.
BACKGROUNDS = [(222, 229, 238), (236, 226, 220), (224, 234, 226), (232, 228, 238)]
_portraits = itertools.count()


def this_minute() -> datetime.datetime:
    """Now, to the minute, as the campaign form saves a deadline: saving a demo campaign
    unchanged records no change of its deadlines in the audit trail."""
    return timezone.now().replace(second=0, microsecond=0)


def demo_photo(name: str = "photo.png") -> SimpleUploadedFile:
    """A placeholder portrait (a silhouette on a soft background), as a trial user expects a
    photo to look rather than a block of colour."""
    background = BACKGROUNDS[next(_portraits) % len(BACKGROUNDS)]
    image = Image.new("RGB", (300, 400), background)
    draw = ImageDraw.Draw(image)
    figure = (150, 160, 180)
    draw.ellipse((95, 90, 205, 210), fill=figure)  # the head
    draw.rounded_rectangle((45, 230, 255, 460), radius=90, fill=figure)  # the shoulders
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def complete_content(member: Member) -> dict:
    return {
        "deeds_summary": (
            f"{member.name}同志理想信念坚定，立足岗位攻坚克难，密切联系群众，清正廉洁。"
        ),
        "deeds": f"{member.name}同志长期扎根基层一线，带头完成重点任务，多次获得单位表彰。",
        "evidence_political": "认真学习党的创新理论，按时参加组织生活，带头开展主题党日活动。",
        "evidence_performance": "牵头完成年度重点项目，所在团队考核位列前茅。",
        "evidence_public": "群众满意度高，主动帮扶困难职工，民主评议优秀。",
        "evidence_integrity": "严守廉洁纪律，无违规违纪记录，主动报告个人有关事项。",
        "branch_opinion": "经支部大会讨论，同意推荐。",
        "branch_meeting_date": datetime.date(2026, 10, 20),
    }


def _campaign(title: str, owner: Organization, admin: User, **dates) -> Campaign:
    campaign = Campaign(
        title=title,
        year=2026,
        owner=owner,
        quota_kind=QuotaKind.FIXED,
        quota_value=Decimal(3),
        exemplar_count=5,
        reference_date=datetime.date(2026, 11, 1),
        **dates,
    )
    services.save_campaign(campaign, by=admin)
    services.set_phase(campaign, Phase.NOMINATING, by=admin)
    return campaign


def _eligible_members(campaign: Campaign, branch: Organization, count: int) -> list[Member]:
    members = (
        Member.objects.filter(organization=branch)
        .exclude(nominations__campaign=campaign)
        .prefetch_related("assessments", "discipline_records")
        .order_by("member_no")
    )
    # Last year's exemplars of the owner are not nominated again (a campaign of 2026 of the
    # committee whose 2025 campaign is concluded).
    previous = eligibility.previous_exemplar_ids(campaign)
    chosen = []
    for member in members:
        results = eligibility.evaluate(campaign, member, opinion=None, previous_exemplars=previous)
        if all(r.passed for r in results if r.code != "integrity"):
            chosen.append(member)
        if len(chosen) == count:
            break
    return chosen


def _nominate(campaign, member, secretary, *, complete=True, submit=False):
    data = complete_content(member) if complete else {"deeds_summary": f"{member.name}同志（草稿）"}
    nomination = services.create_nomination(
        campaign=campaign,
        member=member,
        by=secretary,
        data=data,
        photo=demo_photo() if complete else None,
    )
    if submit:
        workflow.submit(nomination, by=secretary)
    return nomination


@transaction.atomic
def seed() -> None:
    workdays.load_official_calendar()
    if Campaign.objects.filter(title__in=[NOMINATING_TITLE, SCREENING_TITLE]).exists():
        return
    admin = User.objects.get(username="admin")
    secretary = User.objects.get(username="secretary")
    integrity = User.objects.get(username="integrity")
    root = Organization.objects.get(code=ROOT_CODE)
    branch_1, branch_2 = (Organization.objects.get(code=code) for code in DEMO_SECRETARY_BRANCHES)
    now = this_minute()

    # A city-wide campaign taking nominations: a draft, a submitted one, a returned one.
    open_campaign = _campaign(
        NOMINATING_TITLE,
        root,
        admin,
        opens_at=now - datetime.timedelta(days=7),
        nominating_deadline=now + datetime.timedelta(days=21),
        screening_deadline=now + datetime.timedelta(days=35),
        reviewing_deadline=now + datetime.timedelta(days=50),
    )
    draft, submitted, returned = _eligible_members(open_campaign, branch_1, 3)
    _nominate(open_campaign, draft, secretary, complete=False)
    _nominate(open_campaign, submitted, secretary, submit=True)
    back = _nominate(open_campaign, returned, secretary, submit=True)
    workflow.return_for_revision(back, by=admin, reason="请补充岗位业绩的具体数据和获奖证明。")

    # A campaign of the 市直机关工委 now in screening: every screening outcome.
    committee = Organization.objects.get(code="JC01")
    screening = _campaign(
        SCREENING_TITLE,
        committee,
        admin,
        opens_at=now - datetime.timedelta(days=30),
        nominating_deadline=now + datetime.timedelta(days=1),
        screening_deadline=now + datetime.timedelta(days=14),
        reviewing_deadline=now + datetime.timedelta(days=30),
    )
    members = _eligible_members(screening, branch_2, 3) + _eligible_members(screening, branch_1, 3)
    nominations = [_nominate(screening, m, secretary, submit=True) for m in members[:5]]
    _nominate(screening, members[5], secretary, complete=False)
    services.set_phase(screening, Phase.SCREENING, by=admin)
    eligible, ineligible, vetoed, returned_2, waiting = nominations
    workflow.give_integrity_opinion(eligible, by=integrity, verdict=IntegrityVerdict.PASS)
    workflow.declare_eligible(eligible, by=admin)
    workflow.give_integrity_opinion(ineligible, by=integrity, verdict=IntegrityVerdict.PASS)
    workflow.declare_ineligible(ineligible, by=admin, reason="推荐材料与年度考核结果不一致。")
    workflow.give_integrity_opinion(
        vetoed,
        by=integrity,
        verdict=IntegrityVerdict.VETO,
        reason="存在未按规定报告个人有关事项的问题。",
    )
    workflow.return_for_revision(returned_2, by=admin, reason="支部意见缺少表决情况，请补充。")
    workflow.give_integrity_opinion(waiting, by=integrity, verdict=IntegrityVerdict.PASS)
