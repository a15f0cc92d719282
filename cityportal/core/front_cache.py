"""Purging a front cache (Varnish, `VARNISH_URL`): a PURGE that cannot wait for ever, and the
pages whose change Wagtail's own purge on publish and unpublish does not see (a comment hidden or
erased, a page made private)."""

import contextlib
import contextvars
import http.client
import logging
from collections.abc import Iterable, Iterator
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache import backends
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

logger = logging.getLogger("wagtail.frontendcache")


class HTTPBackend(backends.HTTPBackend):
    """Wagtail's PURGE over HTTP, with a timeout. Wagtail's sends it with none: a front cache that
    takes the connection and never answers held the job worker (or, with tasks run at once, the
    editor's request) for ever; a connection it closed unanswered failed the purge task, and the
    rest of the batch with it."""

    def __init__(self, params):
        super().__init__(params)
        self.timeout = settings.FRONT_CACHE_TIMEOUT

    def purge(self, url) -> None:
        self._purge(url)

    def purge_batch(self, urls) -> None:
        # A cache that let one PURGE time out would make each of the others wait as long.
        urls = list(urls)
        for n, url in enumerate(urls):
            if not self._purge(url) and n + 1 < len(urls):
                logger.error(
                    "Front cache not answering: %d more URLs not purged", len(urls) - n - 1
                )
                return

    def _purge(self, url: str) -> bool:
        """Send one PURGE, as Wagtail's backend does; False if the cache did not answer in time."""
        parsed = urlsplit(url)
        host = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
        request = PurgeRequest(
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parsed.path, parsed.query, parsed.fragment]
            ),
            headers={"Host": host, "User-Agent": "Wagtail-frontendcache/" + wagtail_version},
        )
        try:
            urlopen(request, timeout=self.timeout).close()  # noqa: S310 - LOCATION is ours
        except HTTPError as error:
            logger.error(
                "Couldn't purge '%s' from HTTP cache. HTTPError: %d %s",
                url,
                error.code,
                error.reason,
            )
        except (OSError, http.client.HTTPException) as error:
            # URLError for a refused connection, TimeoutError for a silent cache, and what a
            # cache that hangs up or answers garbage leaves.
            reason = getattr(error, "reason", error)
            logger.error("Couldn't purge '%s' from HTTP cache: %s", url, reason)
            return not isinstance(reason, TimeoutError)
        return True


# Within `batched()`, the batch that purge_after_commit adds to.
_batch: contextvars.ContextVar[PurgeBatch | None] = contextvars.ContextVar("purge", default=None)


def purge_after_commit(targets: Iterable) -> None:
    """Purge the public URLs of `targets` (pages, or objects with `get_absolute_url`) once the
    transaction commits: purged before, the front cache could fetch the old page again and keep
    it for PUBLIC_CACHE_SECONDS."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    shared = _batch.get()
    batch = shared if shared is not None else PurgeBatch()
    site = None
    for target in targets:
        if isinstance(target, Page):
            batch.add_page(target)
        elif target is not None and hasattr(target, "get_absolute_url"):
            site = site or Site.objects.filter(is_default_site=True).first()
            if site is not None:
                batch.add_url(site.root_url + target.get_absolute_url())
    if shared is None and batch.urls:
        transaction.on_commit(batch.purge)


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Within it, the purges asked for are gathered and each URL sent once, after the commit: a
    moderator approving forty comments on one article purged that article forty times."""
    batch = PurgeBatch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        # Even after an error: what was changed before it may still be committed by the caller.
        if batch.urls:
            transaction.on_commit(batch.purge)
