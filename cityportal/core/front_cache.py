"""Purging a front cache (Varnish, `VARNISH_URL`) of pages whose change Wagtail's own purge on
publish and unpublish does not see: a comment hidden or erased, a page made private."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site


def purge_after_commit(targets: Iterable) -> None:
    """Purge the public URLs of `targets` (pages, or objects with `get_absolute_url`) once the
    transaction commits: purged before, the front cache could fetch the old page again and keep
    it for PUBLIC_CACHE_SECONDS."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    site = None
    for target in targets:
        if isinstance(target, Page):
            batch.add_page(target)
        elif target is not None and hasattr(target, "get_absolute_url"):
            site = site or Site.objects.filter(is_default_site=True).first()
            if site is not None:
                batch.add_url(site.root_url + target.get_absolute_url())
    if batch.urls:
        transaction.on_commit(batch.purge)
