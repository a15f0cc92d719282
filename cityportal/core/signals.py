"""Content changes that make cached public pages stale."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .front_cache import purge_after_commit
from .middleware import bump_content_version


def connect() -> None:
    page_published.connect(_pages_changed, dispatch_uid="cityportal-page-published")
    page_unpublished.connect(_pages_changed, dispatch_uid="cityportal-page-unpublished")
    # Front-cache purges after the commit, instead of Wagtail's at once (core.apps).
    page_published.connect(_purge_page, dispatch_uid="cityportal-purge-published")
    page_unpublished.connect(_purge_page, dispatch_uid="cityportal-purge-unpublished")
    post_page_move.connect(_pages_changed, dispatch_uid="cityportal-page-moved")
    post_delete.connect(_page_deleted, dispatch_uid="cityportal-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=PageViewRestriction, dispatch_uid="cityportal-privacy"
        )
        # By name: readers' comments are the feedback app's, which core does not import.
        signal.connect(
            _comment_changed, sender="feedback.Comment", dispatch_uid="cityportal-comment"
        )


def _pages_changed(**kwargs):
    # Wagtail sends these inside its transaction: a request landing before the commit would cache
    # the old page or menu under the new version, so the version moves on again after the commit.
    bump_content_version()
    transaction.on_commit(bump_content_version)


def _purge_page(sender, instance, **kwargs):
    purge_after_commit([instance])


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _pages_changed()


def _privacy_changed(sender, instance, **kwargs):
    # A page made private must stop being served from the cache (it and the pages, listings and
    # sitemap that show it); after the commit, so no request re-caches the old state meanwhile.
    transaction.on_commit(bump_content_version)
    # A front cache's copies too: those of the page and every page below it (none when the
    # restriction goes with its page, deleted).
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    page = guarded_page(instance)
    if page is not None:
        purge_after_commit(page.get_descendants(inclusive=True).live().specific())


def guarded_page(restriction: PageViewRestriction) -> Page | None:
    """The page a view restriction guards, None once deleted: the one Wagtail's privacy form
    saved the restriction with, or else read once and kept for the signal's other receivers."""
    field = PageViewRestriction._meta.get_field("page")
    if not field.is_cached(restriction):
        page = Page.objects.filter(pk=restriction.page_id).first()
        if page is None:
            return None
        field.set_cached_value(restriction, page)
    return restriction.page


def _comment_changed(sender, instance, update_fields=None, **kwargs):
    # A comment readers see, or saw until a moderator changed its status, is on a page a front
    # cache keeps for PUBLIC_CACHE_SECONDS: one withdrawn or deleted must not stay there. Saving
    # a new comment that waits for moderation changes no page.
    moderated = update_fields is not None and "status" in update_fields
    if instance.status == instance.Status.APPROVED or moderated:
        purge_after_commit([instance.target])
