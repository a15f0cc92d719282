"""Background work on readers' comments, enqueued daily by the job worker's clock
(`settings.PERIODIC_TASKS`)."""

from django_tasks import task

from .privacy import maintain


@task()
def personal_data_maintenance() -> dict:
    """Hash IP addresses past `FEEDBACK_IP_RETENTION_DAYS`, anonymise or delete comments past
    `FEEDBACK_RETENTION_DAYS`, and the same for ideas and questions; idempotent, safe to run more often."""
    return maintain()
