"""Index work too big for the request that caused it: a bulk import, a moved section."""

from django_tasks import task
from wagtail.models import Page

from . import index


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
