"""Background work of the contributions desk, enqueued by the job worker's clock
(`settings.PERIODIC_TASKS`)."""

from django_tasks import task

from .reminders import send_request_reminders


@task()
def send_request_reminders_task() -> dict:
    """Remind agencies of content requests due soon or overdue; safe to run often."""
    return send_request_reminders()
