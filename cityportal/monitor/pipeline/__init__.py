"""The monitoring pipeline, one stage per module: normalise → language → classify → dedupe →
places → links. `process` runs every stage over a batch of pending items in one transaction, so
an item is analysed completely or not at all, and never twice (it leaves PENDING)."""

import logging

from django.db import connection, transaction

from ..models import Item
from . import classify, dedupe, language, links, normalise, places
from .bulk import update_rows

logger = logging.getLogger(__name__)
BATCH = 500


CLUSTER_LOCK = 7_406_001  # any constant: the advisory lock's key


def _lock_clusters() -> None:
    """On PostgreSQL, one transaction at a time past this point (released at commit), so two
    workers never start two clusters for one story. SQLite has a single writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CLUSTER_LOCK])


RESULT_FIELDS = [
    "status",
    "skip_reason",
    "text_folded",
    "language",
    "cluster",
    "is_primary",
    "sentiment",
    "sentiment_score",
    "topic",
    "topic_score",
    "section",
    "toxicity",
    "toxicity_score",
]


def _skip(item, reason: str) -> None:
    item.status, item.skip_reason = Item.Status.SKIPPED, reason


def process(items) -> dict:
    """Analyse `items` (pending ones; others are left alone). Returns counts."""
    items = [i for i in items if i.status == Item.Status.PENDING]
    counts = {"processed": 0, "skipped": 0, "duplicates": 0}
    with transaction.atomic():
        ready, model_texts = [], []
        for item in items:
            text = normalise.for_models(f"{item.title}. {item.text}" if item.title else item.text)
            item.text_folded = normalise.folded(text, prepared=True)
            item.language = language.detect(text)
            if not item.text_folded:
                _skip(item, "không có nội dung")
            elif item.language != "vi":
                _skip(item, "không phải tiếng Việt" if item.language else "quá ngắn để xác định")
            else:
                ready.append(item)
                model_texts.append(text)
        for item, labels in zip(ready, classify.classify(model_texts), strict=True):
            for field, value in labels.items():
                setattr(item, field, value)
            item.status = Item.Status.PROCESSED
        # Classifying (the costly part) runs in parallel on every worker; clustering reads and
        # writes the shared clusters, so workers take turns for it.
        _lock_clusters()
        dedupe.assign_batch(ready, [item.text_folded for item in ready])
        counts["duplicates"] = sum(not item.is_primary for item in ready)
        update_rows(Item, items, RESULT_FIELDS)
        place_rows, article_rows = [], []
        for item in ready:
            for unit in places.find(item.text_folded, item.published_on):
                place_rows.append(
                    Item.places.through(item_id=item.pk, administrativeunit_id=unit.pk)
                )
            for page_id in links.article_ids(item.text, item.url, item.text_folded):
                article_rows.append(Item.articles.through(item_id=item.pk, articlepage_id=page_id))
        Item.places.through.objects.bulk_create(place_rows, ignore_conflicts=True)
        Item.articles.through.objects.bulk_create(article_rows, ignore_conflicts=True)
    counts["processed"] = len(ready)
    counts["skipped"] = len(items) - len(ready)
    return counts


def process_pending(limit: int | None = None) -> dict:
    """Work through the pending items in batches; safe to run from several workers at once on
    PostgreSQL (rows are claimed with SKIP LOCKED)."""
    totals = {"processed": 0, "skipped": 0, "duplicates": 0}
    while limit is None or sum((totals["processed"], totals["skipped"])) < limit:
        with transaction.atomic():
            batch = list(
                Item.objects.filter(status=Item.Status.PENDING)
                .order_by("published_at", "pk")
                .select_for_update(skip_locked=True)[:BATCH]
            )
            if not batch:
                break
            for key, n in process(batch).items():
                totals[key] += n
    return totals
