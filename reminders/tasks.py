from celery import shared_task

from . import services


@shared_task(name="reminders.send_due", ignore_result=True)
def task_send_due_reminders() -> None:
    """Beat: give the deadline reminders due now (each once: see services)."""
    services.send_due_reminders()
