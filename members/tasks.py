from celery import shared_task
from django.utils import translation

from . import roster


@shared_task(name="members.check_roster", acks_late=True, ignore_result=True)
def task_check_roster(*, import_id: int, language: str | None = None) -> None:
    """Read and check an uploaded roster (outside the web process: a sheet may be large). The
    problems it lists are written in ``language``, the one the admin uploaded it in."""
    with translation.override(language):
        roster.check_upload(import_id)


@shared_task(name="members.import_roster", acks_late=True, ignore_result=True)
def task_import_roster(*, import_id: int, language: str | None = None) -> None:
    """Import a confirmed roster (idempotent: an import already run is left alone); what it
    says (a changed roster, a failure) in the admin's ``language``."""
    with translation.override(language):
        roster.run_import(import_id)


@shared_task(name="members.sweep_rosters", ignore_result=True)
def task_sweep_rosters() -> None:
    """Beat: fail roster imports whose check or import task was lost; give up those left
    waiting ROSTER_STAGED_DAYS (their files removed)."""
    roster.sweep()


@shared_task(name="members.clear_sessions", ignore_result=True)
def task_clear_sessions() -> None:
    """Delete expired sessions (Django's ``clearsessions``: the database keeps them until
    then)."""
    from django.contrib.sessions.backends.cached_db import SessionStore

    SessionStore.clear_expired()
