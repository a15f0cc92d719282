"""The monitor's background jobs. The job worker's clock enqueues `poll_sources` and
`detect_spikes` (settings.PERIODIC_TASKS); polling enqueues `process_items`, so with Redis the
stages run on any number of workers (rows are claimed with SKIP LOCKED on PostgreSQL)."""

from django_tasks import task

from . import pipeline, spikes
from .sources import feeds, portal


@task()
def poll_sources() -> dict:
    """Poll the feeds that are due and copy new portal comments and ideas, then analyse."""
    report = feeds.poll_due()
    report["portal"] = portal.sync_if_due()
    if report["new"] or report["portal"]["new"]:
        process_items.enqueue()
    return report


@task()
def process_items() -> dict:
    return pipeline.process_pending()


@task()
def detect_spikes() -> int:
    return len(spikes.detect())
