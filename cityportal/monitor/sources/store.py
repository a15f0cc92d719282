"""Storing heard items exactly once: (source, key) is unique, and a re-poll or a re-upload of
the same file adds nothing and counts nothing."""

from ..models import Item

CHUNK = 900  # keys a query: within every database's limit on parameters


def store(rows: list[Item], aliases: dict[str, str] | None = None) -> int:
    """Insert the rows not stored yet; returns how many were new. `aliases`: a row's key → the
    key it was stored under before the keys changed (such a row is stored already)."""
    aliases = aliases or {}
    by_key = {}
    for row in rows:
        by_key.setdefault((row.source_id, row.key), row)
    if not by_key:
        return 0
    source_ids = {s for s, _ in by_key}
    keys = list({k for _, k in by_key} | {aliases[k] for _, k in by_key if k in aliases})
    existing = set()
    # In chunks: SQLite takes at most 32,766 parameters a query as built by default (Debian's
    # build 250,000), and an export may carry more posts.
    for i in range(0, len(keys), CHUNK):
        existing.update(
            Item.objects.filter(source_id__in=source_ids, key__in=keys[i : i + CHUNK]).values_list(
                "source_id", "key"
            )
        )
    new = [
        row
        for (source_id, key), row in by_key.items()
        if (source_id, key) not in existing and (source_id, aliases.get(key)) not in existing
    ]
    for row in new:
        row.save_prepare()
    Item.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)
