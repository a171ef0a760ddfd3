from celery import shared_task

from . import gallery, services, stages


@shared_task(name="selection.advance_phases", ignore_result=True)
def task_advance_phases() -> None:
    """Beat: move campaigns whose phase deadline has passed, and close the stages whose
    deadline has passed (idempotent)."""
    services.advance_due_campaigns()
    stages.close_due_stages()


@shared_task(name="selection.flush_views", ignore_result=True)
def task_flush_views() -> None:
    """Beat: write the gallery's view counts, counted in the cache, to the database."""
    gallery.flush_views()
