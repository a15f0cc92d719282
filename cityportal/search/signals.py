"""Search follows publishing: a page is indexed when published and taken out when unpublished,
deleted or made private; other sources (places, datasets, answers) on save."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cityportal.core.signals import guarded_page

from . import index
from .models import Document, SynonymGroup
from .query import synonyms_changed
from .sources import key_for, source_for


def _published(sender, instance, **kwargs) -> None:
    if source_for(instance) is None:
        return
    old_url = Document.objects.filter(key=key_for(type(instance), instance.pk)).values_list(
        "url", flat=True
    )
    moved = bool(old_url) and old_url[0] != instance.get_url()
    transaction.on_commit(lambda: _index_page(instance, moved))


def _index_page(page, moved: bool) -> None:
    from .tasks import index_subtree

    index.index_objects([page])
    if moved and page.get_children().exists():
        index_subtree.enqueue(page.pk)


def _unpublished(sender, instance, **kwargs) -> None:
    if source_for(instance) is not None:
        transaction.on_commit(lambda: index.unindex_object(instance))


def _moved(sender, instance, **kwargs) -> None:
    from .tasks import index_subtree

    transaction.on_commit(lambda: index_subtree.enqueue(instance.pk))


def _made_private(sender, instance, **kwargs) -> None:
    """A restriction saved (Wagtail's Privacy dialog) hides the page and everything under it: a
    private section's articles leave search at once, in this transaction, not in a job that may
    be lost or run late (Wagtail's copy publishes a copy, and outside a transaction indexes it,
    before it copies the original's restriction onto it)."""
    page = guarded_page(instance)
    if page is not None:
        index.unindex_subtree(page)  # (core.signals makes cached pages stale)


def _made_public(sender, instance, **kwargs) -> None:
    """A restriction removed shows its pages again, unless another hides them: rendering a
    section's articles takes a job."""
    from .tasks import index_subtree

    page_id = instance.page_id
    transaction.on_commit(lambda: index_subtree.enqueue(page_id))


def _saved(sender, instance, **kwargs) -> None:
    # Pages are indexed when published, not when a draft is saved.
    if isinstance(instance, Page) or source_for(instance) is None:
        return
    transaction.on_commit(lambda: index.index_objects([instance]))


def _deleted(sender, instance, **kwargs) -> None:
    if source_for(instance) is not None:
        index.unindex_object(instance)


def _bulk_published(sender, pages, **kwargs) -> None:
    from .tasks import index_pages

    ids = [p.pk for p in pages]
    transaction.on_commit(lambda: index_pages.enqueue(ids))


def connect() -> None:
    from cityportal.news.signals import articles_published

    page_published.connect(_published, dispatch_uid="search-page-published")
    page_unpublished.connect(_unpublished, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_moved, dispatch_uid="search-page-moved")
    post_save.connect(_saved, dispatch_uid="search-saved")
    post_save.connect(_made_private, sender=PageViewRestriction, dispatch_uid="search-private")
    post_delete.connect(_made_public, sender=PageViewRestriction, dispatch_uid="search-public")
    post_delete.connect(_deleted, dispatch_uid="search-deleted")
    articles_published.connect(_bulk_published, dispatch_uid="search-bulk-published")
    post_save.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="search-synonyms-saved")
    post_delete.connect(
        synonyms_changed, sender=SynonymGroup, dispatch_uid="search-synonyms-deleted"
    )
