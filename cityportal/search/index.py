"""Keeping `search.Document` and the backend's index in step with what apps publish."""

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from cityportal.core.middleware import bump_content_version
from cityportal.core.text import normalize

from .backends import get_backend
from .models import Document
from .sources import Source, all_sources, key_for, source_for

logger = logging.getLogger(__name__)
BATCH = 500


def index_objects(objects: Iterable, source: Source | None = None) -> int:
    """Add or refresh the documents of `objects`; objects that are no longer public (or whose
    source gives no entry) are taken out. Returns how many documents were written."""
    written = 0
    batch = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= BATCH:
            written += _index_batch(batch, source)
            batch = []
    if batch:
        written += _index_batch(batch, source)
    return written


@transaction.atomic
def _index_batch(objects: list, source: Source | None) -> int:
    by_source = defaultdict(list)
    for obj in objects:
        obj_source = source or source_for(obj)
        if obj_source is not None:
            by_source[obj_source].append(obj)
    entries, gone = {}, []
    for obj_source, its_objects in by_source.items():
        for obj, entry in zip(its_objects, obj_source.entries(its_objects), strict=True):
            if entry is None:
                gone.append(obj_source.key(obj))
            else:
                entries[obj_source.key(obj)] = entry
    unindex_keys(gone)
    if not entries:
        return 0
    existing = dict(Document.objects.filter(key__in=entries).values_list("key", "pk"))
    documents = []
    now = timezone.now()
    for key, entry in entries.items():
        documents.append(
            Document(
                pk=existing.get(key),
                key=key,
                kind=entry.kind,
                title=normalize(entry.title),
                lead=normalize(entry.lead),
                body=normalize(entry.body),
                url=entry.url,
                published_at=entry.published_at,
                section=entry.section,
                indexed_at=now,
            )
        )
    fields = ["kind", "title", "lead", "body", "url", "published_at", "section", "indexed_at"]
    Document.objects.bulk_update([d for d in documents if d.pk], fields)
    # bulk_create sets the new primary keys on the objects (RETURNING, on both databases). An
    # upsert: the sweep or a second job may have written the same page since `existing` was read.
    Document.objects.bulk_create(
        [d for d in documents if not d.pk],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=fields,
    )
    by_key = {d.key: d for d in documents}
    Places = Document.places.through
    Places.objects.filter(document_id__in=[d.pk for d in documents]).delete()
    Places.objects.bulk_create(
        Places(document_id=by_key[key].pk, administrativeunit_id=unit_id)
        for key, entry in entries.items()
        for unit_id in set(entry.place_ids)
    )
    get_backend().write(documents)
    return len(documents)


def index_subtree(page) -> int:
    """`page` and everything under it, in path order: a job that stops midway has done a prefix,
    so the sweep can tell by the last page whether it finished."""
    from wagtail.models import Page

    pages = Page.objects.descendant_of(page, inclusive=True).order_by("path").specific()
    return index_objects(pages.iterator(chunk_size=BATCH))


def unindex_subtree(page) -> int:
    """`page` and everything under it out of the index at once, in batches (a section may hold
    35,000 articles): made private, none of it may be found while a job waits to run."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    rows = Page.objects.filter(path__startswith=page.path).values_list("pk", "content_type_id")
    removed, keys = 0, []
    for pk, content_type_id in rows.iterator(chunk_size=BATCH):
        keys.append(key_for(ContentType.objects.get_for_id(content_type_id).model_class(), pk))
        if len(keys) >= BATCH:
            removed, keys = removed + unindex_keys(keys), []
    return removed + unindex_keys(keys)


def unindex_keys(keys: Iterable[str]) -> int:
    keys = list(keys)
    if not keys:
        return 0
    ids = list(Document.objects.filter(key__in=keys).values_list("pk", flat=True))
    if ids:
        get_backend().delete(ids)
        Document.objects.filter(pk__in=ids).delete()
    return len(ids)


def unindex_object(obj) -> int:
    return unindex_keys([key_for(type(obj), obj.pk)])


def rebuild(progress=None) -> dict[str, int]:
    """Everything again, from each source's public objects, in one transaction: readers keep
    the old index until the new one is complete."""
    backend = get_backend()
    counts = {}
    with transaction.atomic():
        backend.clear()
        Document.objects.all().delete()
        for source in all_sources():
            counts[source.kind] = counts.get(source.kind, 0) + index_objects(
                source.public().iterator(chunk_size=BATCH), source
            )
            if progress:
                progress(source, counts[source.kind])
    backend.optimize()
    refresh_vocabulary()
    # Whatever the page cache kept from the old index goes stale with it.
    bump_content_version()
    return counts


# Words of leads and bodies kept for "did you mean", the most used first: a phone reader's
# "hanh chnh" is "hành chính" of a thousand bodies, in few titles. Every web process holds the
# vocabulary in memory, so it is bounded (every syllable of Vietnamese fits several times over).
TEXT_VOCABULARY = 20_000
# Titles' words, however rare (a place, a name), up to a bound far above what an archive's titles
# use (27,618 words of all kinds at 196k documents): a feed of titles made of codes or numbers
# must not grow every web process's memory without end.
TITLE_VOCABULARY = 200_000


def refresh_vocabulary() -> int:
    """The titles' words (all of them, up to `TITLE_VOCABULARY`, the most used first) and the
    words most used in leads and bodies, each with the number of documents using it anywhere."""
    from .models import Term

    backend = get_backend()
    words = dict(backend.text_vocabulary(TEXT_VOCABULARY))
    for word, documents in backend.title_vocabulary(TITLE_VOCABULARY):
        words.setdefault(word, documents)
    with transaction.atomic():
        Term.objects.all().delete()
        Term.objects.bulk_create(
            (Term(word=w[:100], documents=n) for w, n in words.items()),
            batch_size=2000,
            ignore_conflicts=True,
        )
    from .spelling import vocabulary_changed

    vocabulary_changed()
    return len(words)
