"""Background work shared by every app, enqueued by the job worker's clock
(`settings.PERIODIC_TASKS`)."""

from importlib import import_module

from django.conf import settings
from django_tasks import task

from .mail import send_queued


@task()
def send_queued_mail() -> dict:
    """Try again the mail the server did not take, as far as it is due; safe to run often."""
    return send_queued()


@task()
def clear_expired_sessions() -> None:
    """Remove sign-ins past their end: the session table keeps every one until a sweep (Django
    leaves it to `clearsessions`, which nobody runs in the embedded mode)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
