from celery import shared_task
from django.conf import settings

from . import services

MAX_RETRIES = 3


@shared_task(
    bind=True,
    name="reports.build",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
    ignore_result=True,
)
def task_build_report(self, *, job_id: int) -> None:
    """Build one report job (idempotent: a job done or held by another run is left alone)."""
    try:
        services.run_job(job_id)
    except services.TransientError as error:
        if self.request.retries >= MAX_RETRIES:
            services.fail_after_retries(job_id, str(error))
            return
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error


@shared_task(name="reports.sweep", ignore_result=True)
def task_sweep_reports() -> None:
    """Beat: re-enqueue report jobs whose worker died or whose message never arrived."""
    services.sweep()


@shared_task(name="reports.purge", ignore_result=True)
def task_purge_reports() -> None:
    """Beat: delete report files older than REPORT_RETENTION_DAYS."""
    services.purge()
