"""20 concurrent clients for 60 s against the portal under gunicorn (four workers) on PostgreSQL:
ten secretaries creating and submitting nominations, ten reviewers scoring their cards. No 5xx;
every nomination and every submitted card the clients were told about is in the database once,
and nothing else is (no lost and no doubled row)."""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import psycopg2
import pytest

from .instances import fetch, manage, signed_in

pytestmark = pytest.mark.services

SECONDS = int(os.getenv("LOAD_SECONDS", "60"))
CLIENTS = 10  # of each kind: 20 in all

SETUP = """
import datetime
from members.choices import OrgKind, Role
from members.models import AssessmentRecord, RoleAssignment
from evaluations.models import Scorecard
from evaluations.services import ensure_criteria
from tests.factories import (
    CampaignFactory, MemberFactory, NominationFactory, OrganizationFactory, UserFactory
)
city = OrganizationFactory(code="JC", name="江城市委", kind=OrgKind.CITY, parent=None)
nominating = CampaignFactory(owner=city, phase="nominating", quota_value=500, title="推荐中")
reviewing = CampaignFactory(owner=city, phase="reviewing", title="评审中")
criteria = ensure_criteria(reviewing)
for i in range({clients}):
    branch = OrganizationFactory(code=f"B{{i:02d}}", name=f"第{{i}}支部", parent=city)
    secretary = UserFactory(username=f"sec{{i}}")
    RoleAssignment.objects.create(user=secretary, role=Role.SECRETARY, organization=branch)
    for j in range(200):
        MemberFactory(organization=branch, member_no=f"L{{i:02d}}{{j:04d}}")
reviewers = []
for i in range({clients}):
    reviewer = UserFactory(username=f"rev{{i}}")
    RoleAssignment.objects.create(user=reviewer, role=Role.REVIEWER, organization=city)
    reviewers.append(reviewer)
branch = OrganizationFactory(code="BR", name="评审支部", parent=city)
for n in range(120):
    nomination = NominationFactory(
        campaign=reviewing, state="in_review", member=MemberFactory(organization=branch)
    )
    Scorecard.objects.bulk_create(Scorecard(nomination=nomination, reviewer=r) for r in reviewers)
print(nominating.pk, ",".join(str(c.pk) for c in criteria))
"""


def test_twenty_clients_for_a_minute_lose_and_double_nothing(production_like):
    postgres, _redis, portal = production_like
    campaign, criteria = manage(portal.env, SETUP.format(clients=CLIENTS)).split()
    criteria = criteria.split(",")
    base = f"http://127.0.0.1:{portal.port}"
    statuses: Counter = Counter()
    created: list[str] = []
    submitted: list[tuple[str, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def record(status, what):
        with lock:
            statuses[status // 100 * 100 if status else 0] += 1
            if status is None or status >= 500:
                errors.append(f"{status} {what}")

    def session(username):
        opener, jar, key = signed_in(portal, username)
        fetch(opener, f"{base}/")  # every page's language switch sets the CSRF cookie
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        opener.addheaders = [("Cookie", f"sessionid={key}; csrftoken={csrf}")]
        return opener, csrf

    def secretary(i):
        opener, csrf = session(f"sec{i}")
        j = 0
        while time.monotonic() < deadline and j < 200:
            member_no = f"L{i:02d}{j:04d}"
            status, page, _ = fetch(
                opener, f"{base}/nominations/new/?campaign={campaign}&q={member_no}"
            )
            record(status, "pick")
            found = re.search(r"member=(\d+)", page)
            if not found:
                break
            url = f"{base}/nominations/new/?campaign={campaign}&member={found.group(1)}"
            status, _body, headers = fetch(
                opener,
                url,
                {
                    "csrfmiddlewaretoken": csrf,
                    "member": found.group(1),
                    "deeds_summary": f"负载测试 {member_no}",
                    "action": "save",
                },
            )
            record(status, f"nominate {member_no}")
            if status == 302 and "/nominations/" in headers.get("Location", ""):
                with lock:
                    created.append(member_no)
            j += 1

    def reviewer(i):
        opener, csrf = session(f"rev{i}")
        while time.monotonic() < deadline:
            status, page, _ = fetch(opener, f"{base}/review/?state=assigned")
            record(status, "queue")
            cards = list(dict.fromkeys(re.findall(r'href="/review/(\d+)/"', page)))
            if not cards:
                break
            for pk in cards:
                if time.monotonic() >= deadline:
                    break
                submit(opener, csrf, i, pk)

    def submit(opener, csrf, i, pk):
        data = {"csrfmiddlewaretoken": csrf, "action": "submit", "veto_reason": ""}
        for c in criteria:
            data[f"points_{c}"] = "20"
            data[f"comment_{c}"] = ""
        status, _body, headers = fetch(opener, f"{base}/review/{pk}/", data)
        record(status, f"score {pk}")
        # Submitted: back to the queue (opened on the card's campaign).
        if status == 302 and urlsplit(headers.get("Location", "")).path.endswith("/review/"):
            with lock:
                submitted.append((f"rev{i}", pk))

    threads = [threading.Thread(target=secretary, args=(i,)) for i in range(CLIENTS)]
    threads += [threading.Thread(target=reviewer, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)

    print(f"load: {len(created)} nominations, {len(submitted)} cards, {dict(statuses)}")
    assert errors == []
    assert statuses[500] == 0 and statuses[0] == 0
    with psycopg2.connect(postgres.url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.member_no, COUNT(*) FROM selection_nomination n "
            "JOIN members_member m ON m.id = n.member_id WHERE n.campaign_id = %s "
            "GROUP BY m.member_no",
            [int(campaign)],
        )
        stored = dict(cursor.fetchall())
        cursor.execute(
            "SELECT u.username, c.nomination_id FROM evaluations_scorecard c "
            "JOIN members_user u ON u.id = c.reviewer_id WHERE c.state = 'submitted'"
        )
        cards = sorted((user, str(pk)) for user, pk in cursor.fetchall())
    assert sorted(stored) == sorted(created)  # none lost, none extra
    assert set(stored.values()) <= {1}  # none doubled
    assert cards == sorted(submitted)
    assert len(created) > 50 and len(submitted) > 50, (len(created), len(submitted))
