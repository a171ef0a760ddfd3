"""factory_boy factories. Organisations go through the service that keeps their paths."""

import datetime

import factory
from django.conf import settings

from members.choices import Education, Gender, MemberStatus, OrgKind
from members.idcard import make_id_number
from members.models import AssessmentRecord, DisciplineRecord, Member, Organization, User
from members.services import assign_role, save_organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"第{n}党支部")
    kind = OrgKind.BRANCH
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return save_organization(model_class(*args, **kwargs))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    member_no = factory.Sequence(lambda n: f"M{n:07d}")
    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Gender.MALE
    birth_date = datetime.date(1985, 6, 15)
    education = Education.BACHELOR
    joined_on = datetime.date(2010, 7, 1)
    full_member_on = datetime.date(2011, 7, 1)
    status = MemberStatus.FULL
    organization = factory.SubFactory(OrganizationFactory)
    post = "工程师"
    work_unit = "江城市某单位"
    phone = "13812345678"
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number("420100", o.birth_date, 2 * n, o.gender)
    )


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRecord

    member = factory.SubFactory(MemberFactory)
    year = 2025
    grade = "competent"


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisciplineRecord

    member = factory.SubFactory(MemberFactory)
    kind = "warning"
    decided_on = datetime.date(2025, 3, 1)
    until = datetime.date(2026, 3, 1)


def probationary_newcomer(organization: Organization, **fields) -> Member:
    """A 预备党员 who joined two months ago, assessed 优秀: fails 正式党员 and 党龄 (two rules)."""
    member = MemberFactory(
        organization=organization,
        status=MemberStatus.PROBATIONARY,
        joined_on=datetime.date.today() - datetime.timedelta(days=60),
        full_member_on=None,
        **fields,
    )
    AssessmentFactory(member=member, year=2025, grade="excellent")
    return member


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(settings.DEMO_PASSWORD)


def user_with_role(role: str, organization: Organization, **kwargs) -> User:
    user = UserFactory(**kwargs)
    assign_role(user, role, organization)
    return user


# --- selection ----------------------------------------------------------------------------------


def png_upload(name: str = "photo.png", size=(60, 80)):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name: str = "evidence.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "selection.Campaign"

    title = factory.Sequence(lambda n: f"2026年度四好党员选树{n}")
    year = 2026
    owner = factory.SubFactory(OrganizationFactory, kind=OrgKind.CITY)
    phase = "nominating"
    quota_kind = "fixed"
    quota_value = 2
    reference_date = datetime.date(2026, 11, 1)


COMPLETE_CONTENT = {
    "deeds_summary": "理想信念坚定，岗位业绩突出。",
    "deeds": "长期扎根基层，带头完成重点任务。",
    "evidence_political": "按时参加组织生活。",
    "evidence_performance": "牵头完成重点项目。",
    "evidence_public": "群众满意度高。",
    "evidence_integrity": "严守廉洁纪律。",
    "branch_opinion": "同意推荐。",
    "branch_meeting_date": datetime.date(2026, 10, 20),
}


def campaign_form(campaign, **changes) -> dict:
    """What the campaign form posts for ``campaign`` (its settings a form fills in), with
    ``changes``."""
    return {
        "title": campaign.title,
        "year": campaign.year,
        "owner": campaign.owner_id,
        "quota_kind": "fixed",
        "quota_value": "2",
        "exemplar_count": 10,
        "reference_date": campaign.reference_date.isoformat(),
        "min_party_years": 1,
        "discipline_lookback_years": 2,
        "min_assessment_grade": "competent",
        "min_reviewers": 5,
        "public_weight": "0.5",
        "min_satisfaction": "0.8",
        "min_responses": 10,
        "spread_threshold": "8",
        **changes,
    }


class NominationFactory(factory.django.DjangoModelFactory):
    """A complete draft (photo included) by the branch's secretary."""

    class Meta:
        model = "selection.Nomination"

    campaign = factory.SubFactory(CampaignFactory)
    member = factory.SubFactory(MemberFactory)
    branch = factory.LazyAttribute(lambda o: o.member.organization)
    created_by = factory.SubFactory(UserFactory)
    photo = factory.django.ImageField(filename="p.png", format="PNG", width=30, height=40)
    deeds_summary = COMPLETE_CONTENT["deeds_summary"]
    deeds = COMPLETE_CONTENT["deeds"]
    evidence_political = COMPLETE_CONTENT["evidence_political"]
    evidence_performance = COMPLETE_CONTENT["evidence_performance"]
    evidence_public = COMPLETE_CONTENT["evidence_public"]
    evidence_integrity = COMPLETE_CONTENT["evidence_integrity"]
    branch_opinion = COMPLETE_CONTENT["branch_opinion"]
    branch_meeting_date = COMPLETE_CONTENT["branch_meeting_date"]


# --- evaluations ----------------------------------------------------------------------------------


def card(
    nomination,
    reviewer,
    points: dict,
    *,
    veto=False,
    submitted=True,
    comment="依据充分",
    stage=None,
):
    """A reviewer's card with the given points per criterion code (arranged directly); at a
    later ``stage`` of a campaign run level by level."""
    from decimal import Decimal

    from django.utils import timezone

    from evaluations.models import Score, Scorecard
    from evaluations.services import ensure_criteria

    criteria = {c.code: c for c in ensure_criteria(nomination.campaign)}
    scorecard = Scorecard.objects.create(
        nomination=nomination,
        reviewer=reviewer,
        stage=stage,
        state="submitted" if submitted else "draft",
        submitted_at=timezone.now() if submitted else None,
        veto=veto,
        veto_reason="有违纪线索" if veto else "",
    )
    Score.objects.bulk_create(
        Score(scorecard=scorecard, criterion=criteria[code], points=value, comment=comment)
        for code, value in points.items()
    )
    if submitted and len(points) == len(criteria):  # what submit_card records on the card
        scorecard.record_points({code: Decimal(str(v)) for code, v in points.items()})
        scorecard.save()
    nomination.campaign.generation(nomination.campaign_id).bump()  # as submit_card does
    return scorecard


def scores(political, performance, public, integrity) -> dict:
    return {
        "political": political,
        "performance": performance,
        "public": public,
        "integrity": integrity,
    }


def survey_answers(nomination, *, issued: int, satisfied: int, responses: int, by):
    """Issue codes and record answers: ``satisfied`` of them 好, the rest 一般."""
    from evaluations import services

    codes = services.issue_codes(nomination, issued, by=by)
    for i, code in enumerate(codes[:responses]):
        overall = "good" if i < satisfied else "fair"
        services.respond(
            code.code,
            {
                "political": "good",
                "performance": "good",
                "public": "good",
                "integrity": "good",
                "overall": overall,
            },
        )
    return codes


# --- archives -------------------------------------------------------------------------------------


def archived_campaign(owner, by, **kwargs):
    """A concluded campaign archived by ``by``, with a finished archive whose bundle is a small
    stored zip (arranged directly: the build itself is tested in tests/archives)."""
    import io
    import zipfile

    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from archives.models import CampaignArchive
    from selection import archiving

    campaign = archiving.mark_archived(
        CampaignFactory(owner=owner, phase="concluded", **kwargs), by=by
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("manifest.json", "{}")
    name = storages["archives"].save(f"{campaign.pk}/1/archive.zip", ContentFile(buffer.getvalue()))
    CampaignArchive.objects.create(
        campaign=campaign, created_by=by, state="done", edition=1, bundle=name
    )
    return campaign


# --- 逐级推荐 ----------------------------------------------------------------------------------


def staged_campaign(owner, specs, *, by, **fields):
    """A campaign run level by level, in its reviewing phase: ``specs`` are (level, places)
    pairs, lowest level first. One reviewer and no survey are enough to rank."""
    from selection import stages

    fields = {"phase": "screening", "min_reviewers": 1, "min_responses": 0, **fields}
    campaign = CampaignFactory(owner=owner, **fields)
    stages.set_stages(
        campaign,
        [stages.StageSpec(level, quota_value=places) for level, places in specs],
        by=by,
    )
    campaign.phase = "reviewing"
    campaign.save(update_fields=["phase"])
    return campaign


def in_review(campaign, total, *, by, **fields):
    """A nomination gone into review (so into its first-stage pool) with one first-stage card
    of ``total`` points, spread evenly over the four criteria."""
    from selection import workflow

    nomination = NominationFactory(campaign=campaign, state="eligible", **fields)
    workflow.start_review(nomination, by=by)
    card(nomination, UserFactory(), scores(*[total / 4] * 4))
    return nomination


#: What a photo stored before uploads were re-encoded may hold: a JPEG cut short (its header
#: intact) and bytes that are no image at all.
def truncated_jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()[:600]


NOT_AN_IMAGE = b"<html>this is not a photo</html>"


def store_broken(instance, content: bytes, field: str = "photo") -> None:
    """Put ``content`` on the storage as ``instance``'s image, past the upload (which would
    re-encode it or refuse it), as a file stored by an older release or damaged since."""
    from django.core.files.base import ContentFile

    field_file = getattr(instance, field)
    name = field_file.storage.save(f"broken/{instance.pk}-{field}.jpg", ContentFile(content))
    field_file.name = name
    instance.save(update_fields=[field])
