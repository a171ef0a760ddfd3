"""Carrying out a checked plan, all or nothing: one transaction; a failure leaves the database as
it was."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.db import connection, transaction

from ..models import Member, Organization
from ..services import save_organization
from .checks import MEMBER_FIELDS, NEW_MEMBER_COLUMNS
from .plan import Plan

BATCH = 5000
#: The key of the PostgreSQL advisory lock that roster imports take one at a time.
ROSTER_LOCK = 7_470_001


def lock_roster_writes() -> None:
    """Wait for, and hold until the caller's transaction ends, the lock every roster import
    takes before checking its file. An import's check and its writes then see no other import's
    writes in between: two confirmed at once would otherwise each apply a plan made without the
    other's changes (the second undoing the first's while its own preview showed neither).
    PostgreSQL's transaction-level advisory lock (released by the commit or the rollback, never
    left behind by a worker that dies); on SQLite one transaction writes at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROSTER_LOCK])


def _copy_members(batch: list[tuple]) -> None:
    """New members through PostgreSQL's COPY (about twice as fast as INSERT batches)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in batch:
        writer.writerow([r"\N" if value is None else value for value in values])
    buffer.seek(0)
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} ({', '.join(NEW_MEMBER_COLUMNS)}) "
            "FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )


def apply_plan(plan: Plan, *, progress: Callable[[int, int], None]) -> dict[str, int]:
    """Write the plan's creates and updates. The caller checked ``plan.ok``; side effects: rows
    written in one transaction (organisation paths kept by ``save_organization``)."""
    total = len(plan.creates) + len(plan.updates)
    done = 0
    with transaction.atomic():
        if plan.kind == "members":
            for start in range(0, len(plan.creates), BATCH):
                batch = plan.creates[start : start + BATCH]
                if connection.vendor == "postgresql":
                    _copy_members(batch)
                else:
                    Member.objects.bulk_create(
                        Member(**dict(zip(NEW_MEMBER_COLUMNS, values, strict=True)))
                        for values in batch
                    )
                done += len(batch)
                progress(done, total)
            for start in range(0, len(plan.updates), BATCH):
                Member.objects.bulk_update(plan.updates[start : start + BATCH], MEMBER_FIELDS)
                done += len(plan.updates[start : start + BATCH])
                progress(done, total)
        else:
            by_code: dict[str, Organization] = {}
            entries = [*plan.creates, *plan.updates]
            parents = {e["code"]: e["parent"] for e in entries}
            entries.sort(key=lambda e: _depth(e["code"], parents))
            for entry in entries:
                org = entry.get("organization") or Organization(code=entry["code"])
                org.name, org.kind = entry["name"], entry["kind"]
                parent = entry["parent"]
                org.parent = (
                    by_code.get(parent) or Organization.objects.get(code=parent) if parent else None
                )
                by_code[entry["code"]] = save_organization(org)
                done += 1
                progress(done, total)
    return {"created": len(plan.creates), "updated": len(plan.updates), "unchanged": plan.unchanged}


def _depth(code: str, parents: dict[str, str]) -> int:
    """How many parents of the organisation are in the file itself (they are written first)."""
    depth = 0
    while parents.get(code) in parents and depth <= len(parents):
        depth, code = depth + 1, parents[code]
    return depth
