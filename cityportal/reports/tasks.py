"""Background work of the reports app, enqueued daily by the job worker's clock
(`settings.PERIODIC_TASKS`)."""

from django_tasks import task

from .generate import run_schedule


@task()
def quarterly_report() -> dict:
    """The last closed quarter's report, made and mailed once; safe to run every day."""
    return run_schedule()
