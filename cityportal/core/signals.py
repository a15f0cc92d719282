"""Content changes that make cached public pages stale."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from .middleware import bump_content_version


def connect() -> None:
    page_published.connect(bump_content_version, dispatch_uid="cityportal-page-published")
    page_unpublished.connect(bump_content_version, dispatch_uid="cityportal-page-unpublished")
    post_page_move.connect(bump_content_version, dispatch_uid="cityportal-page-moved")
    post_delete.connect(_page_deleted, dispatch_uid="cityportal-page-deleted")


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump_content_version()
