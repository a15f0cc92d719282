"""Content changes that make cached public pages stale."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .middleware import bump_content_version


def connect() -> None:
    page_published.connect(_pages_changed, dispatch_uid="cityportal-page-published")
    page_unpublished.connect(_pages_changed, dispatch_uid="cityportal-page-unpublished")
    post_page_move.connect(_pages_changed, dispatch_uid="cityportal-page-moved")
    post_delete.connect(_page_deleted, dispatch_uid="cityportal-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=PageViewRestriction, dispatch_uid="cityportal-privacy"
        )


def _pages_changed(**kwargs):
    # Wagtail sends these inside its transaction: a request landing before the commit would cache
    # the old page or menu under the new version, so the version moves on again after the commit.
    bump_content_version()
    transaction.on_commit(bump_content_version)


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        _pages_changed()


def _privacy_changed(sender, instance, **kwargs):
    # A page made private must stop being served from the cache (it and the pages, listings and
    # sitemap that show it); after the commit, so no request re-caches the old state meanwhile.
    transaction.on_commit(bump_content_version)
