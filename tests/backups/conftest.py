"""A year in the middle of review, committed (pg_dump and the restoring process see only
committed rows), and how to read a whole database and a storage tree to compare them."""

import dataclasses
import json
from pathlib import Path

import pytest

from members.choices import Role
from reports import services as reports_services
from reports.choices import JobState
from reports.models import ReportJob
from selection import services as selection_services
from selection.models import Campaign, Nomination
from tests.factories import (
    CampaignFactory,
    MemberFactory,
    NominationFactory,
    card,
    pdf_upload,
    scores,
    survey_answers,
    user_with_role,
)

RANKING_SCRIPT = """
import dataclasses, json, django
django.setup()
from evaluations.queries import ranking
from selection.models import Campaign
rows = ranking(Campaign.objects.get(pk={pk}))
print(json.dumps([dataclasses.asdict(row) for row in rows], default=str))
"""


def ranking_as_json(campaign) -> list:
    from evaluations.queries import ranking

    rows = [dataclasses.asdict(row) for row in ranking(campaign)]
    return json.loads(json.dumps(rows, default=str))


def tables(cursor, vendor: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    return [row[0] for row in cursor.fetchall()]


def every_row(cursor, vendor: str) -> dict[str, list[str]]:
    """Every row of every table as the database itself prints it (so two drivers agree), the
    audit trail without the event the restore itself records."""
    found = {}
    for table in tables(cursor, vendor):
        skip = " WHERE verb <> 'backup.restored'" if table == "audit_auditevent" else ""
        if vendor == "postgresql":
            cursor.execute(f'SELECT CAST(t AS text) FROM "{table}" AS t{skip} ORDER BY 1')
        else:
            cursor.execute(f'PRAGMA table_info("{table}")')
            quoted = " || '|' || ".join(f'quote("{row[1]}")' for row in cursor.fetchall())
            cursor.execute(f'SELECT {quoted} FROM "{table}"{skip} ORDER BY 1')
        found[table] = [row[0] for row in cursor.fetchall()]
    return found


def audit_chain(cursor) -> list[tuple]:
    cursor.execute("SELECT id, verb, actor_name, target_type, target_id FROM audit_auditevent")
    return sorted(tuple(row) for row in cursor.fetchall())


def file_tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def reviewing_year(city, branch_a1, branch_a2, admin, secretary, eager_tasks):
    """Three nominations in review (photos, one attachment), five reviewers' cards on two of
    them and a draft on the third, a survey with codes and answers, and a finished report."""
    campaign = CampaignFactory(owner=city, phase="nominating", title="2026年度全市四好党员选树")
    panel = [user_with_role(Role.REVIEWER, city, username=f"rev{i}") for i in range(5)]
    nominations = [
        NominationFactory(
            campaign=campaign,
            state="draft",
            created_by=secretary,
            member=MemberFactory(name=name, organization=branch),
        )
        for name, branch in [("王建国", branch_a1), ("李秀英", branch_a2), ("张伟", branch_a1)]
    ]
    selection_services.add_attachment(nominations[0], pdf_upload("事迹材料.pdf"), by=secretary)
    Nomination.objects.filter(campaign=campaign).update(state="in_review")
    Campaign.objects.filter(pk=campaign.pk).update(phase="reviewing")
    campaign.refresh_from_db()
    for nomination in nominations:
        nomination.refresh_from_db()
    for nomination, base in zip(nominations[:2], (24, 21), strict=True):
        for i, reviewer in enumerate(panel):
            card(nomination, reviewer, scores(base, base - i % 2, base, base - 1))
    card(nominations[2], panel[0], scores(20, 20, 20, 20), submitted=False)
    survey_answers(nominations[0], issued=6, satisfied=4, responses=5, by=secretary)
    job = reports_services.request_report(by=admin, kind="summary", campaign=campaign)
    assert ReportJob.objects.get(pk=job.pk).state == JobState.DONE
    return campaign
