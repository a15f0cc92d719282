"""Background work of the events desk, enqueued by the job worker's clock
(`settings.PERIODIC_TASKS`)."""

from django_tasks import task

from .registration import forget_unconfirmed, tell_left_waiting


@task()
def tell_left_waiting_task() -> int:
    """Tell the people still waiting when their event began that no seat came; safe to run
    often (each is claimed, and mailed, once)."""
    return tell_left_waiting()


@task()
def forget_unconfirmed_task() -> int:
    """Forget the registrations whose address nobody confirmed before the link expired (deleted,
    or put back as the cancelled registration they reused); a second run finds nothing left."""
    return forget_unconfirmed()
