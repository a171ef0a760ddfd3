from celery import shared_task

from . import services


@shared_task(name="archives.build", ignore_result=True, acks_late=True)
def task_build_archive(*, archive_id: int) -> None:
    """Freeze an archive's documents and bundle (idempotent: a done archive is left alone)."""
    services.build_archive(archive_id)


@shared_task(name="archives.delete_unselected", ignore_result=True)
def task_delete_unselected() -> None:
    """Beat: delete the personal data of nominations not selected past the retention period."""
    services.delete_unselected_past_retention()
