"""Two web hosts and a worker, each with its own VAR_DIR, on one PostgreSQL, one Redis and one
object store: whatever one host (or the worker) keeps, the other serves; nothing depends on which
host a request lands on. And an object store that goes away makes an upload fail cleanly."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from members.models import Member, RosterImport
from reports.choices import JobState
from reports.models import ReportJob
from selection import gallery
from selection.choices import Phase, State
from selection.models import Nomination
from tests.factories import CampaignFactory, MemberFactory, NominationFactory
from tests.members.test_roster import row, xlsx

from .conftest import can_sign_in
from .processes import wait_until

pytestmark = [
    pytest.mark.services,
    pytest.mark.objectstore,
    pytest.mark.django_db(transaction=True),
]

#: How late a publish may show on another host: the public pages' generation lives in the shared
#: cache, so at once (config/cache.py); polled with a margin for the hosts' own pace.
GALLERY_DELAY = 4
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), colour).save(buffer, "PNG")
    return buffer.getvalue()


def files_under(var_dir: Path) -> list[Path]:
    """Files a host left in its VAR_DIR, other than its own logs and scratch."""
    return [p for p in var_dir.rglob("*") if p.is_file() and "staticfiles" not in p.parts]


def var_dir(host) -> Path:
    return Path(host.process.env["VAR_DIR"])


@pytest.fixture
def nominating(city, branch_a1, secretary):
    can_sign_in(secretary)
    campaign = CampaignFactory(owner=city, phase=Phase.NOMINATING)
    return campaign, MemberFactory(organization=branch_a1, name="赵六")


def nominate(browser, host, member, photo: bytes):
    return browser.post(
        host,
        "/nominations/new/",
        {"member": member.pk, "deeds_summary": "扎根基层，服务群众。"},
        files={"photo": ("照片.png", photo, "image/png")},
        allow_redirects=False,
    )


def test_a_photo_and_an_attachment_uploaded_through_host_a_are_served_by_host_b(
    deployment, browser, nominating, secretary
):
    _campaign, member = nominating
    photo = png()
    browser.sign_in(deployment.a, secretary.username)

    created = nominate(browser, deployment.a, member, photo)
    nomination = Nomination.objects.get(member=member)
    attached = browser.post(
        deployment.a,
        f"/nominations/{nomination.pk}/attachments/",
        files={"file": ("证明.pdf", PDF, "application/pdf")},
        allow_redirects=False,
    )

    assert (created.status_code, attached.status_code) == (302, 302)
    attachment = nomination.attachments.get()
    served_photo = browser.get(deployment.b, f"/nominations/{nomination.pk}/photo/")
    served_file = browser.get(
        deployment.b, f"/nominations/{nomination.pk}/attachments/{attachment.pk}/"
    )
    assert served_photo.status_code == 200
    served_image = Image.open(io.BytesIO(served_photo.content))  # stored without its metadata
    assert (served_image.format, served_image.size) == ("JPEG", (60, 80))
    assert (served_file.status_code, served_file.content) == (200, PDF)
    nomination.refresh_from_db()
    assert {f"default/{nomination.photo.name}", f"default/{attachment.file.name}"} <= (
        deployment.store.keys("default/")
    )
    assert files_under(var_dir(deployment.a) / "private") == []


def test_a_roster_previewed_on_host_a_is_confirmed_on_host_b(deployment, browser, admin, branch_a1):
    can_sign_in(admin)
    browser.sign_in(deployment.a, admin.username)

    uploaded = browser.post(
        deployment.a,
        "/members/roster/upload/",
        {"kind": "members"},
        files={"file": ("名册.xlsx", xlsx([row("T0000001", name="新党员甲")]))},
        allow_redirects=False,
    )
    item = RosterImport.objects.get()
    wait_until(
        lambda: RosterImport.objects.get(pk=item.pk).state != RosterImport.State.CHECKING,
        timeout=60,
        what="the worker's check of the roster",
    )
    item.refresh_from_db()
    assert item.state == RosterImport.State.CHECKED, (item.error, item.problems)
    preview = browser.get(deployment.a, f"/members/roster/{item.pk}/")
    confirmed = browser.post(
        deployment.b, f"/members/roster/{item.pk}/confirm/", allow_redirects=False
    )
    wait_until(
        lambda: RosterImport.objects.get(pk=item.pk).state == RosterImport.State.DONE,
        timeout=60,
        what="the worker's import of the roster",
    )

    assert (uploaded.status_code, preview.status_code, confirmed.status_code) == (302, 200, 302)
    assert Member.objects.get(member_no="T0000001").name == "新党员甲"
    item.refresh_from_db()
    # Staged in the object store, never on a host's disk; deleted once imported (it holds every
    # member's personal data).
    assert (item.file.name, deployment.store.keys("default/imports/")) == ("", set())
    assert files_under(var_dir(deployment.a) / "private") == []


def test_a_report_asked_for_on_host_b_and_written_by_the_worker_downloads_from_host_a(
    deployment, browser, city, city_admin, branch_a1
):
    can_sign_in(city_admin)
    campaign = CampaignFactory(owner=city)
    NominationFactory(campaign=campaign, member__organization=branch_a1)
    browser.sign_in(deployment.b, city_admin.username)

    asked = browser.post(
        deployment.b,
        "/reports/new/",
        {"kind": "summary", "campaign": campaign.pk},
        allow_redirects=False,
    )
    job = wait_until(
        lambda: ReportJob.objects.filter(state=JobState.DONE).first(),
        timeout=90,
        what="the worker's report",
    )
    download = browser.get(deployment.a, f"/reports/{job.pk}/download/")

    assert asked.status_code == 302
    assert download.status_code == 200
    assert download.content[:2] == b"PK"  # an xlsx
    assert f"reports/{job.file}" in deployment.store.keys("reports/")
    assert files_under(var_dir(deployment.worker) / "reports") == []


def test_a_lockout_earned_on_host_a_holds_on_host_b(deployment, browser, secretary, admin):
    can_sign_in(secretary)
    can_sign_in(admin)
    for _attempt in range(6):
        browser.sign_in(deployment.a, secretary.username, "wrong-password")

    locked = browser.sign_in(deployment.b, secretary.username)
    other = type(browser)().sign_in(deployment.b, admin.username)

    assert locked.status_code == 429
    assert "_auth_user_id" not in locked.text
    assert other.status_code == 200 and other.url.endswith("/")  # another account signs in


def test_a_profile_published_on_host_a_shows_in_host_bs_gallery_in_time(
    deployment, browser, city, branch_a1, city_admin
):
    can_sign_in(city_admin)
    campaign = CampaignFactory(owner=city, phase=Phase.NOTICE)
    nomination = NominationFactory(
        campaign=campaign, member__organization=branch_a1, state=State.APPROVED
    )
    profile = gallery.create_profile(nomination, by=city_admin)
    gallery.record_consent(nomination, wording="同意公开先进事迹。", by=city_admin)
    title = profile.title
    before = browser.get(deployment.b, "/gallery/")  # host B now holds the page in its caches
    browser.sign_in(deployment.a, city_admin.username)

    published = browser.post(
        deployment.a, f"/profiles/{profile.pk}/publish/", allow_redirects=False
    )
    shown = wait_until(
        lambda: title in browser.get(deployment.b, "/gallery/").text,
        timeout=GALLERY_DELAY,
        what="the profile in host B's gallery",
    )

    assert title not in before.text
    assert published.status_code == 302 and shown
    profile.refresh_from_db()
    thumbnail = browser.get(deployment.b, profile.image_url("thumb"))
    assert thumbnail.status_code == 200
    assert Image.open(io.BytesIO(thumbnail.content)).size == gallery.THUMBNAIL_SIZE


def test_an_upload_while_the_object_store_is_down_fails_cleanly_and_succeeds_once_it_is_back(
    deployment, browser, nominating, secretary
):
    _campaign, member = nominating
    browser.sign_in(deployment.a, secretary.username)

    deployment.store.stop()
    try:
        refused = nominate(browser, deployment.a, member, png())
        page = browser.get(deployment.a, refused.headers["Location"])
        left_behind = Nomination.objects.filter(member=member).count()
    finally:
        deployment.store.start()
    again = nominate(browser, deployment.a, member, png((10, 120, 10)))

    assert refused.status_code == 302
    assert "文件存储暂时不可用" in page.text
    assert page.status_code == 200
    assert left_behind == 0
    assert again.status_code == 302
    nomination = Nomination.objects.get(member=member)  # one, and only from the second try
    assert re.search(rf"/nominations/{nomination.pk}/edit/$", again.headers["Location"])
    photo = browser.get(deployment.b, f"/nominations/{nomination.pk}/photo/")
    assert photo.status_code == 200
    red, green, blue = Image.open(io.BytesIO(photo.content)).getpixel((0, 0))
    # The second upload's colour (a JPEG now: each channel within a step of the PNG's).
    assert abs(red - 10) <= 2 and abs(green - 120) <= 2 and abs(blue - 10) <= 2
