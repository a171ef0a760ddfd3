"""Rosters (名册): import and export the organisation tree and members as xlsx.

Upload → :func:`upload` stores the file (after a look at the zip's directory only) and queues
:func:`check_upload`, which reads and checks it in a worker, never in the web process (every
problem listed with its row and column; nothing written; a file that cannot be read is deleted)
→ the admin confirms → :func:`confirm` queues :func:`run_import`, which checks again and applies
the plan in the same transaction, one import at a time (idempotent upserts by code / member
number), if it is the plan the preview showed, else shows the new one to confirm; or the admin
gives up (:func:`discard`). Checks and imports touch a heartbeat as they go; ``stalls.sweep``
(beat) fails those whose task was lost and gives up those left waiting ROSTER_STAGED_DAYS.
The staged file goes once the import is done, refused or given up (``staging``).
Modules: ``columns`` (the templates), ``reader`` (safe reading), ``plan`` (rows, problems and
plans), ``checks`` (the checks), ``apply`` (writing), ``export`` (templates and exports).
"""

from __future__ import annotations

import logging
import os
import tempfile
from functools import partial
from pathlib import Path

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from audit.services import record
from config.heartbeat import Heartbeat
from config.storage import STORE_ERRORS, local_copy

from .. import scope
from ..choices import Role
from ..models import RosterImport
from . import problems
from .apply import apply_plan, lock_roster_writes
from .checks import check_members, check_organizations
from .columns import COLUMNS, Kind
from .export import organizations_in, write_members, write_organizations, write_template
from .plan import Plan, Scope
from .reader import MAX_BYTES, RosterFileError, check_container, read_rows
from .staging import drop_file, give_up, org_path
from .stalls import sweep

__all__ = [
    "Kind",
    "RosterError",
    "RosterFileError",
    "confirm",
    "discard",
    "run_import",
    "sweep",
    "upload",
]

log = logging.getLogger(__name__)
BROKER_ERRORS = (OperationalError, RedisError, ConnectionError)
#: Problems kept on the import row for the preview (the count says how many in all).
PROBLEMS_KEPT = 1000


class RosterError(ValueError):
    """A roster request refused; the message is shown as is (status 403 for rights)."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def require_admin(user) -> None:
    if not scope.has_role(user, Role.ADMIN):
        raise RosterError(_("只有组织部门管理员可以导入名册。"), status=403)


def check_rows(rows, kind: str, where: Scope, beat: Heartbeat | None = None) -> Plan:
    if kind == Kind.MEMBERS:
        return check_members(rows, where, beat)
    return check_organizations(rows, where, beat)


def check_file(path: Path, kind: str, where: Scope) -> Plan:
    return check_rows(read_rows(path, kind), kind, where)


def stored_rows(roster_import: RosterImport):
    """The rows of an import's stored file. It is staged in the default storage (the object
    store in production), so the worker that checks or imports it need not be the web host that
    took the upload; calamine needs a path, so it reads a temporary local copy."""
    file = roster_import.file
    with local_copy(file.storage, file.name, suffix=".xlsx") as path:
        return read_rows(path, roster_import.kind)


def check_stored(roster_import: RosterImport, where: Scope, beat: Heartbeat | None = None) -> Plan:
    rows = stored_rows(roster_import)
    if beat is not None:
        beat.touch()  # the download and the parse are one step each
    return check_rows(rows, roster_import.kind, where, beat)


def heartbeat(import_id: int, state: str) -> Heartbeat:
    """The heartbeat of a task's run on an import while it stays in ``state``."""
    return Heartbeat(RosterImport.objects.filter(pk=import_id, state=state))


def _summarise(roster_import: RosterImport, plan: Plan) -> None:
    roster_import.total_rows = plan.total
    roster_import.creates = len(plan.creates)
    roster_import.updates = len(plan.updates)
    roster_import.unchanged = plan.unchanged
    roster_import.problem_count = len(plan.problems)
    roster_import.problems = plan.problem_dicts(PROBLEMS_KEPT)
    roster_import.changes = plan.shown
    roster_import.plan_digest = plan.digest


def upload(*, by, kind: str, file: UploadedFile, request=None) -> RosterImport:
    """Store and check an uploaded roster. Nothing in the roster is written. Raises RosterError
    (with a clear message) for a file that cannot be read as the template."""
    require_admin(by)
    if kind not in COLUMNS:
        raise RosterError(_("请选择导入党组织还是党员。"))
    if file.size > MAX_BYTES:
        raise RosterError(problems.message("too_big", {"mb": MAX_BYTES // 2**20}))
    roster_import = RosterImport(
        kind=kind,
        uploaded_by=by,
        original_name=(file.name or "")[:150],
        state=RosterImport.State.CHECKING,
        heartbeat_at=timezone.now(),
    )
    try:
        check_container(file)  # the zip's directory, nothing unpacked
    except RosterFileError as error:
        raise RosterError(str(error)) from error
    finally:
        file.seek(0)
    try:
        roster_import.file.save("roster.xlsx", file, save=False)
    except STORE_ERRORS as error:
        log.warning("roster upload: storage failed: %s", error)
        raise RosterError(_("文件存储暂时不可用，请稍后重新上传。")) from error
    with transaction.atomic():
        roster_import.save()
        transaction.on_commit(partial(_enqueue_check, roster_import.pk, get_language()))
    return roster_import


def _enqueue_check(import_id: int, language: str | None) -> None:
    from ..tasks import task_check_roster

    try:
        task_check_roster.delay(import_id=import_id, language=language)
    except BROKER_ERRORS:
        log.warning("roster import %s: broker unavailable", import_id)
        _refuse(import_id, "queue_unavailable")


def _refuse(import_id: int, code: str, params: dict | None = None) -> None:
    """The file of an upload that cannot be checked is deleted; the row says why, ``code`` of
    ``problems`` (unless its admin gave it up meanwhile)."""
    with transaction.atomic():
        roster_import = _still(import_id, RosterImport.State.CHECKING)
        if roster_import is None:
            return
        roster_import.state = RosterImport.State.INVALID
        problems.set_error(roster_import, code, params)
        roster_import.finished_at = timezone.now()
        drop_file(roster_import)
        roster_import.save()


def _still(import_id: int, state: str) -> RosterImport | None:
    """The import, locked until the transaction ends, if it is still in ``state``: None once its
    admin gave it up (:func:`discard`, which takes the same lock) or another delivery of the
    task moved it on."""
    return RosterImport.objects.select_for_update().filter(pk=import_id, state=state).first()


def check_upload(import_id: int) -> None:
    """Read and check an uploaded file (in a worker): problems listed, nothing written. No
    transaction while reading (a large sheet takes seconds); a second delivery finds the row
    checked already and stops."""
    roster_import = RosterImport.objects.select_related("uploaded_by").get(pk=import_id)
    beat = heartbeat(import_id, RosterImport.State.CHECKING)
    if roster_import.state != RosterImport.State.CHECKING or not beat.touch():
        return
    try:
        plan = check_stored(roster_import, Scope(roster_import.uploaded_by), beat)
    except RosterFileError as error:
        _refuse(import_id, error.code, error.params)
        return
    except Exception:
        log.exception("roster check %s failed", import_id)
        _refuse(import_id, "damaged")
        return
    with transaction.atomic():
        if _still(import_id, RosterImport.State.CHECKING) is None:
            return  # given up while it was being checked
        _summarise(roster_import, plan)
        roster_import.state = RosterImport.State.CHECKED if plan.ok else RosterImport.State.INVALID
        roster_import.save()


def confirm(roster_import: RosterImport, *, by, request=None) -> RosterImport:
    """Queue the import of a checked file (run at once without a broker)."""
    from ..tasks import task_import_roster

    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.uploaded_by_id != by.pk:
            raise RosterError(_("只能确认自己上传的文件。"), status=403)
        if locked.state != RosterImport.State.CHECKED:
            raise RosterError(_("这份文件不能再导入（有错误，或已经导入）。"))
        locked.state = RosterImport.State.QUEUED
        problems.set_error(locked)  # what it said of a check before no longer applies
        locked.heartbeat_at = timezone.now()  # its wait for a worker counts from now
        locked.save(update_fields=["state", "error", "error_code", "error_params", "heartbeat_at"])
        transaction.on_commit(
            partial(task_import_roster.delay, import_id=locked.pk, language=get_language())
        )
    return locked


def discard(roster_import: RosterImport, *, by, request=None) -> RosterImport:
    """Give up an import that will not be written as it is (``RosterImport.discardable``: being
    checked, waiting for confirmation or to run, with problems, failed, or stalled). Side
    effects: the row marked discarded, one audit event, and, once that is committed, the
    staged file removed from the storage. A task that comes to it later finds it discarded
    (under the same row lock) and stops."""
    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.uploaded_by_id != by.pk:
            raise RosterError(_("只能放弃自己上传的文件。"), status=403)
        if not locked.discardable:
            raise RosterError(_("这份文件已经开始导入或已经处理完毕，不能放弃。"))
        give_up(locked, "roster.discarded", by=by, request=request)
    return locked


def progress_key(import_id: int) -> str:
    return f"roster-import:{import_id}:progress"


def progress_of(roster_import: RosterImport) -> int:
    if roster_import.state == RosterImport.State.DONE:
        return 100
    return cache.get(progress_key(roster_import.pk), 0)


def run_import(import_id: int) -> None:
    """Check the file again (the database may have changed since the preview) and apply it, all
    or nothing, if it would do what the preview showed; else nothing is written and the import
    waits for confirmation again with the new preview and a message. Side effects: members or
    organisations written, one audit event."""
    with transaction.atomic():
        roster_import = _still(import_id, RosterImport.State.QUEUED)
        if roster_import is None:
            return  # already run (a second delivery of the message), or given up
        roster_import.state = RosterImport.State.RUNNING
        roster_import.started_at = roster_import.heartbeat_at = timezone.now()
        roster_import.save(update_fields=["state", "started_at", "heartbeat_at"])
    by = roster_import.uploaded_by
    key = progress_key(import_id)
    beat = heartbeat(import_id, RosterImport.State.RUNNING)

    def progress(done: int, total: int) -> None:
        cache.set(key, min(99, done * 100 // total) if total else 0, 3600)
        beat()

    try:
        # Read (a download and a parse of up to 20 MB) before the lock, which covers only the
        # check against the database and the writes.
        rows = stored_rows(roster_import)
        beat.touch()
        with transaction.atomic():
            # The row stays locked until the outcome is saved with the writes, below: given up
            # meanwhile (stalled), nothing is written; once written, it cannot be given up. The
            # lock is taken before waiting for another import to finish: the sweeper skips a
            # locked row, whose heartbeat, touched inside this transaction, others cannot see.
            if _still(import_id, RosterImport.State.RUNNING) is None:
                return
            lock_roster_writes()
            plan = check_rows(rows, roster_import.kind, Scope(by), beat)
            previewed = roster_import.plan_digest
            _summarise(roster_import, plan)
            if not plan.ok:
                roster_import.state = RosterImport.State.INVALID
            elif plan.digest != previewed:  # the roster changed since the preview: show it anew
                roster_import.state = RosterImport.State.CHECKED
                problems.set_error(roster_import, "roster_changed")
            else:
                counts = apply_plan(plan, progress=progress)
                record(
                    "roster.imported",
                    actor=by,
                    target=roster_import,
                    org_path=org_path(by),
                    after={"kind": roster_import.kind, **counts},
                )
                roster_import.state = RosterImport.State.DONE
                drop_file(roster_import)  # written: its personal data is kept in the roster only
            roster_import.finished_at = timezone.now()
            roster_import.save()
    except Exception as error:
        log.exception("roster import %s failed", import_id)
        RosterImport.objects.filter(pk=import_id, state=RosterImport.State.RUNNING).update(
            state=RosterImport.State.FAILED,
            **problems.error_fields("import_failed", {"error": _failure(error)}),
            finished_at=timezone.now(),
        )
    finally:
        cache.delete(key)


def _failure(error: Exception):
    """Why an import failed, as the ``import_failed`` message says it: a file that could not be
    read by its code (put into words for each reader), anything else as it says itself."""
    if isinstance(error, RosterFileError):
        return {"code": error.code, "params": error.params}
    return str(error)


def import_path(path: Path, kind: str, *, by=None, everywhere: bool = False) -> tuple[Plan, dict]:
    """The management command's import: check, and apply when there is no problem."""
    rows = read_rows(path, kind)
    with transaction.atomic():
        lock_roster_writes()
        plan = check_rows(rows, kind, Scope(by, everywhere=everywhere))
        if not plan.ok:
            return plan, {}
        counts = apply_plan(plan, progress=lambda done, total: None)
        record("roster.imported", actor=by, after={"kind": kind, "file": path.name, **counts})
    return plan, counts


def export(*, by, kind: str, unmasked: bool, request=None) -> tuple[Path, int]:
    """The roster of the user's scope in the template's layout, as a temporary file. Personal
    data is masked unless ``unmasked`` (admins only; audited)."""
    if unmasked and not scope.has_role(by, Role.ADMIN):
        raise RosterError(_("只有组织部门管理员可以导出未脱敏的名册。"), status=403)
    roles = (Role.ADMIN,) if unmasked else (Role.ADMIN, Role.SECRETARY)
    prefixes = scope.paths(by, *roles)
    if not prefixes:
        raise RosterError(_("您没有可导出的名册。"), status=403)
    path = _scratch()
    if kind == Kind.MEMBERS:
        count = write_members(path, scope.members(by, *roles), unmasked=unmasked)
    else:
        count = write_organizations(path, organizations_in(prefixes))
    record(
        "roster.exported",
        actor=by,
        org_path=prefixes[0],
        after={"kind": kind, "rows": count, "unmasked": unmasked},
        request=request,
    )
    return path, count


def template(kind: str) -> Path:
    path = _scratch()
    write_template(path, kind)
    return path


def _scratch() -> Path:
    """A temporary file for a download (the view unlinks it once opened)."""
    descriptor, name = tempfile.mkstemp(suffix=".xlsx")
    os.close(descriptor)
    return Path(name)
