"""The index sweep: repairs what a lost index job left (RQ does not run again a job whose worker
died), looking only at pages that changed since the last sweep, never at the whole index; and
the reconciliation, which does look at every page, for what Wagtail's log never shows."""

import datetime
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, PageViewRestriction

from cityportal.core.middleware import bump_content_version
from cityportal.core.text import normalize

from . import index
from .models import Document, IndexSweep
from .sources import all_sources, key_for

# Changes younger than this are left to the job they enqueued, most likely still running.
GRACE = datetime.timedelta(minutes=5)
# Each sweep starts this far before the last one ended: a transaction that committed late (an
# import) or a sweep that died midway is covered by the next one.
OVERLAP = datetime.timedelta(hours=1)
# How far back the very first sweep looks; what was lost before is `rebuild_search`'s.
FIRST = datetime.timedelta(days=1)

# Wagtail logs every publication (imports write the same entries), each move and privacy change:
# the log's timestamp index finds what changed since the last sweep, where scanning pages would
# read every row (`last_published_at` has no index).
PUBLISH_ACTIONS = ["wagtail.publish", "wagtail.publish.scheduled"]
# After these a page and everything under it may be indexed wrongly until its `index_subtree`
# job runs: with its old URL, or while private, or missing once public again.
MOVE_ACTIONS = ["wagtail.move"]
PRIVACY_ACTIONS = [
    "wagtail.view_restriction.create",
    "wagtail.view_restriction.edit",
    "wagtail.view_restriction.delete",
]
# After these the page leaves the index (at once, in the request; checked all the same).
GONE_ACTIONS = ["wagtail.unpublish", "wagtail.unpublish.scheduled", "wagtail.delete"]


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Index live public pages missing from the index or indexed before their last publication,
    take out the documents of pages unpublished, deleted or made private, and redo the subtrees
    of moved pages and of privacy changes whose job did not finish. Returns what it changed."""
    counts = {"indexed": 0, "removed": 0}
    window = _claim(now or timezone.now())
    if window is None:
        return counts
    since, until = window
    logged = PageLogEntry.objects.filter(
        timestamp__gte=since,
        timestamp__lt=until,
        action__in=PUBLISH_ACTIONS + MOVE_ACTIONS + PRIVACY_ACTIONS + GONE_ACTIONS,
    ).values_list("page_id", "content_type_id", "action")
    types = _page_types()
    # roots: pages whose subtree to check, True when also for privacy (else only for URLs)
    pages, roots, gone = {}, {}, {}
    for pk, content_type_id, action in logged.iterator(chunk_size=2000):
        if action in PRIVACY_ACTIONS:
            roots[pk] = True
        elif action in MOVE_ACTIONS:
            roots.setdefault(pk, False)
        elif content_type_id in types:
            pages[pk] = None
            if action in GONE_ACTIONS:  # the page row may be gone too: its key, from the log
                gone[pk] = key_for(types[content_type_id], pk)
    if not pages and not roots:
        return counts
    private = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    chunks = [_rows(chunk) for chunk in _batched(pages, index.BATCH)]
    # Published with pages under them: their slug may have changed. Subtrees first, so that a
    # page redone with its subtree is found up to date below.
    for _ids, rows in chunks:
        for row in rows:
            if row[4]:
                roots.setdefault(row[0], False)
    for pk, privacy in sorted(roots.items()):
        indexed, removed = _check_subtree(pk, privacy, types, private)
        counts["indexed"] += indexed
        counts["removed"] += removed
    for ids, rows in chunks:
        indexed, removed = _check_pages(ids, rows, types, private, gone)
        counts["indexed"] += indexed
        counts["removed"] += removed
    if counts["indexed"] or counts["removed"]:
        bump_content_version()
    return counts


def _claim(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime] | None:
    """The stretch of time this sweep checks, moved forward in one conditional UPDATE: of two
    sweeps started together one gets it and the other nothing."""
    until = now - GRACE
    last = list(IndexSweep.objects.filter(pk=1).values_list("swept_to", flat=True))
    if not last:
        try:
            with transaction.atomic():
                IndexSweep.objects.create(pk=1, swept_to=until)
        except IntegrityError:
            return None
        return until - FIRST, until
    last = last[0]
    if last is not None and last >= until:
        return None
    if not IndexSweep.objects.filter(pk=1, swept_to=last).update(swept_to=until):
        return None
    return (last - OVERLAP if last else until - FIRST), until


def _page_types() -> dict[int, type]:
    """The indexed page models by content type id (from ContentType's in-process cache)."""
    models = [s.model for s in all_sources() if issubclass(s.model, Page)]
    return {ct.pk: model for model, ct in ContentType.objects.get_for_models(*models).items()}


def _batched(items, size: int):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def _is_private(path: str, private: list[str]) -> bool:
    return any(path.startswith(p) for p in private)


def _rows(ids: list[int]) -> tuple[list[int], list[tuple]]:
    """These pages and what the checks need of them (a deleted page has no row)."""
    rows = Page.objects.filter(pk__in=ids).values_list(
        "pk", "content_type_id", "live", "path", "numchild", "last_published_at"
    )
    return ids, list(rows)


def _check_pages(ids, rows, types, private, gone) -> tuple[int, int]:
    """Compare these pages with their documents by key and timestamps (no text is read)."""
    wanted, unwanted = {}, {gone[pk]: None for pk in ids if pk in gone}
    for pk, content_type_id, live, path, _numchild, published_at in rows:
        if content_type_id not in types:
            continue
        key = key_for(types[content_type_id], pk)
        unwanted.pop(key, None)  # the page is still there: its row says what it should be
        if live and not _is_private(path, private):
            wanted[key] = (pk, published_at)
        else:
            unwanted[key] = None
    documents = dict(
        Document.objects.filter(key__in=[*wanted, *unwanted]).values_list("key", "indexed_at")
    )
    stale = [
        pk
        for key, (pk, published_at) in wanted.items()
        if key not in documents or (published_at and documents[key] < published_at)
    ]
    written = 0
    if stale:
        written = index.index_objects(Page.objects.filter(pk__in=stale).order_by("path").specific())
    removed = index.unindex_keys(key for key in unwanted if key in documents)
    return written, removed


def _check_subtree(root_id: int, privacy: bool, types, private) -> tuple[int, int]:
    """`index_subtree` works in path order, so if the last indexed page under the root is indexed
    as it should be, the job finished; if not, its work is done here. After a move or a new slug
    that is a document with another URL; after a privacy change also a document of a private page
    or none of a public one. (A missing document after a move is that page's own lost indexing,
    which the page check repairs, not a reason to redo a section.)"""
    root = Page.objects.filter(pk=root_id).first()
    if root is None:  # deleted: each page's own deletion took it out
        return 0, 0
    hidden = _is_private(root.path, private)
    pages = Page.objects.filter(path__startswith=root.path, live=True, content_type_id__in=types)
    last = pages
    if not hidden:
        for path in private:
            last = last.exclude(path__startswith=path)
    last = last.order_by("-path").first()
    if last is None:
        return 0, 0
    url = None if hidden else last.get_url()
    key = key_for(types[last.content_type_id], last.pk)
    indexed = Document.objects.filter(key=key).values_list("url", flat=True).first()
    if indexed == url or (indexed is None and not privacy):
        return 0, 0
    if hidden:
        return 0, index.unindex_subtree(root)
    return index.index_subtree(root), 0


def reconcile() -> dict[str, int]:
    """Every page of an indexed type against its document, by key, title and times (no body is
    read): what neither a signal nor Wagtail's log told of. A raw queryset `.update()` of pages
    (unpublished, published, retitled), view restrictions created in bulk or deleted by a
    queryset (its signal's job lost). Documents are read before pages, so a page published or
    hidden meanwhile is judged by its newer state, and `index_objects` checks again as it
    writes. Returns what it changed."""
    types = _page_types()
    kinds = [s.kind for s in all_sources() if issubclass(s.model, Page)]
    documents = {
        key: (title, indexed_at)
        for key, title, indexed_at in Document.objects.filter(kind__in=kinds)
        .values_list("key", "title", "indexed_at")
        .iterator(chunk_size=2000)
    }
    private = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    rows = Page.objects.filter(live=True, content_type_id__in=types).values_list(
        "pk", "content_type_id", "path", "title", "last_published_at"
    )
    stale = []
    for pk, content_type_id, path, title, published_at in rows.iterator(chunk_size=2000):
        if _is_private(path, private):
            continue
        document = documents.pop(key_for(types[content_type_id], pk), None)
        if (
            document is None
            or document[0] != normalize(title)
            or (published_at and document[1] < published_at)
        ):
            stale.append(pk)
    # What is left has no live public page behind it.
    removed = sum(index.unindex_keys(keys) for keys in _batched(documents, index.BATCH))
    indexed = sum(
        index.index_objects(Page.objects.filter(pk__in=ids).order_by("path").specific())
        for ids in _batched(stale, index.BATCH)
    )
    if indexed or removed:
        bump_content_version()
    return {"indexed": indexed, "removed": removed}
