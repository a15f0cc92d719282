"""Background work shared by every app, enqueued by the job worker's clock
(`settings.PERIODIC_TASKS`)."""

from django_tasks import task

from .mail import send_queued


@task()
def send_queued_mail() -> dict:
    """Try again the mail the server did not take, as far as it is due; safe to run often."""
    return send_queued()
