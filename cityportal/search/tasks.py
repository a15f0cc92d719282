"""Index work too big for the request that caused it (a bulk import, a moved section), and the
sweeps that repair what such a job left undone when its worker died. Each job can run twice or
not at all: what it writes is an upsert of what the pages are now, and what a lost one leaves
undone the sweep finds in Wagtail's log (publications, moves, privacy changes) or, for what the
log never shows, the hourly reconciliation."""

from django_tasks import task
from wagtail.models import Page

from . import index, sweep


@task()
def index_pages(page_ids: list[int]) -> int:
    pages = Page.objects.filter(pk__in=page_ids).order_by("first_published_at", "pk").specific()
    pages = pages.iterator(chunk_size=index.BATCH)
    written = index.index_objects(pages)
    refresh_vocabulary.enqueue()
    return written


@task()
def index_subtree(page_id: int) -> int:
    """A page moved or changed its slug (every page under it has a new URL), or was made private
    or public again (so is every page under it)."""
    page = Page.objects.filter(pk=page_id).first()
    return index.index_subtree(page) if page else 0


@task()
def refresh_vocabulary() -> int:
    return index.refresh_vocabulary()


@task()
def sweep_index() -> dict[str, int]:
    """What a lost `index_pages` or `index_subtree` job (or a failed request) left wrong in the
    index since the last sweep (`settings.PERIODIC_TASKS`); cheap when nothing changed."""
    counts = sweep.sweep()
    if counts["indexed"]:
        refresh_vocabulary.enqueue()
    return counts


@task()
def reconcile_index() -> dict[str, int]:
    """What no signal nor log entry told of (raw queryset updates, restrictions created or deleted
    in bulk): every page against its document, hourly (`settings.PERIODIC_TASKS`)."""
    counts = sweep.reconcile()
    if counts["indexed"]:
        refresh_vocabulary.enqueue()
    return counts
