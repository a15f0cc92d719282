"""Stage 3: near-duplicate clustering, so a story syndicated 40 times counts once with its reach.

MinHash (datasketch) over word 3-shingles of the folded text, with LSH bands stored in the
database (`ClusterBand`): a candidate is any cluster sharing a band, confirmed by the estimated
Jaccard similarity of the two signatures. Stored bands, unlike an in-memory LSH index, are
shared by every worker and survive restarts."""

import numpy as np
from datasketch import LeanMinHash, MinHash
from django.db import connection

from ..models import Cluster, ClusterBand
from .bulk import update_rows

NUM_PERM = 64
BANDS, ROWS = 16, 4  # candidate pairs from a Jaccard of about 0.5; confirmed at THRESHOLD
THRESHOLD = 0.6
SHINGLE = 3
SEED = 1


def shingles(folded_text: str) -> set[bytes]:
    words = folded_text.split()
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


# Drawing the permutations is most of the cost of a new MinHash: draw them once per process.
SCHEME = "affine32"  # datasketch 2's default, pinned: stored signatures must keep their meaning
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
# Odd 64-bit multipliers that mix a band's rows into one key (wrapping arithmetic).
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)[:ROWS]
_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xD6E8FEB86659FD93)


def signature(folded_text: str) -> LeanMinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch(list(shingles(folded_text)))
    return LeanMinHash(minhash)


def bands(sig: LeanMinHash) -> list[int]:
    """One signed 64-bit key per band (fits a BigIntegerField): the band's rows mixed with
    fixed odd multipliers and the band's own salt; the same on every machine and run."""
    rows = sig.hashvalues.astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys = (rows * _MIX).sum(axis=1, dtype=np.uint64) ^ _BAND_SALT
    return keys.view(np.int64).tolist()


def dumps(sig: LeanMinHash) -> bytes:
    buf = bytearray(sig.bytesize())
    sig.serialize(buf)
    return bytes(buf)


def loads(data: bytes) -> LeanMinHash:
    return LeanMinHash.deserialize(bytes(data))


def _known_bands(keys: set[int]) -> dict[int, set[int]]:
    """band → cluster ids already stored, in chunks that fit SQLite's parameter limit."""
    found, keys = {}, list(keys)
    for i in range(0, len(keys), 900):
        for band, cluster_id in ClusterBand.objects.filter(band__in=keys[i : i + 900]).values_list(
            "band", "cluster_id"
        ):
            found.setdefault(band, set()).add(cluster_id)
    return found


def _insert_bands(rows) -> None:
    """Sixteen rows a new cluster: one prepared INSERT for them all (bulk_create spent longer
    building model instances and SQL than the database spent storing them)."""
    quote = connection.ops.quote_name
    table = quote(ClusterBand._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({quote('band')}, {quote('cluster_id')}) VALUES (%s, %s)", rows
        )


def assign_batch(items, folded_texts) -> None:
    """Put each item in the cluster of its near-duplicate (stored, or earlier in this batch), or
    start a new one. Sets `item.cluster` / `item.is_primary`; the caller saves the items.

    One query finds every candidate of the batch; clusters and bands are written in bulk."""
    sigs = [signature(text) for text in folded_texts]
    keys = [bands(sig) for sig in sigs]
    by_band = _known_bands({k for ks in keys for k in ks})
    stored = Cluster.objects.filter(pk__in={c for ids in by_band.values() for c in ids})
    clusters = {("db", c.pk): c for c in stored}
    by_band = {band: {("db", pk) for pk in ids} for band, ids in by_band.items()}
    signatures = {ident: loads(c.signature) for ident, c in clusters.items()}
    changed, new = set(), []
    for item, sig, item_keys in zip(items, sigs, keys, strict=True):
        candidates = sorted(
            {ident for k in item_keys for ident in by_band.get(k, ())},
            key=lambda ident: (clusters[ident].first_seen, ident[1]),
        )
        match = next((i for i in candidates if sig.jaccard(signatures[i]) >= THRESHOLD), None)
        if match:
            cluster = clusters[match]
            cluster.size += 1
            cluster.reach += 1 + item.reactions
            cluster.last_seen = max(cluster.last_seen, item.published_at)
            if match[0] == "db":
                changed.add(match)
            item.cluster, item.is_primary = cluster, False
            continue
        ident = ("new", len(new))
        cluster = Cluster(
            signature=dumps(sig),
            reach=1 + item.reactions,
            first_seen=item.published_at,
            last_seen=item.published_at,
        )
        new.append((cluster, set(item_keys)))
        clusters[ident], signatures[ident] = cluster, sig
        for k in item_keys:
            by_band.setdefault(k, set()).add(ident)
        item.cluster, item.is_primary = cluster, True
    Cluster.objects.bulk_create([c for c, _ in new], batch_size=500)  # sets their pks
    _insert_bands([(k, c.pk) for c, ks in new for k in ks])
    update_rows(Cluster, [clusters[i] for i in changed], ["size", "reach", "last_seen"])
    for item in items:
        item.cluster = item.cluster  # refresh cluster_id now that new clusters have a pk


def assign(item, folded_text: str) -> Cluster:
    assign_batch([item], [folded_text])
    return item.cluster
