from celery import shared_task

from . import services


@shared_task(name="selection.advance_phases", ignore_result=True)
def task_advance_phases() -> None:
    """Beat: move campaigns whose phase deadline has passed (idempotent)."""
    services.advance_due_campaigns()
