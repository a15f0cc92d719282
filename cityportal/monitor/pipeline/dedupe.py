"""Stage 3: near-duplicate clustering, so a story syndicated 40 times counts once with its reach.

MinHash (datasketch) over word 3-shingles of the folded text, with LSH bands stored in the
database (`ClusterBand`): a candidate is any cluster sharing a band, confirmed by the estimated
Jaccard similarity of the two signatures. Stored bands, unlike an in-memory LSH index, are
shared by every worker and survive restarts."""

import json

import numpy as np
from datasketch import LeanMinHash, MinHash
from datasketch.hashfunc import sha1_hash32
from datasketch.minhash import _fmix  # the scheme's pre-mix; pinned with datasketch
from django.db import connection

from ..models import Cluster, ClusterBand
from .bulk import update_rows

NUM_PERM = 64
BANDS, ROWS = 16, 4  # candidate pairs from a Jaccard of about 0.5; confirmed at THRESHOLD
THRESHOLD = 0.6
SHINGLE = 3
SEED = 1
_CHUNK = 64  # texts per numpy pass


def shingles(folded_text: str) -> set[bytes]:
    words = folded_text.split()
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


# Pinned: stored signatures must keep their meaning. datasketch 2's default scheme; its
# permutations drawn once per process.
SCHEME = "affine32"
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
_EMPTY = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME).hashvalues
# Odd 64-bit multipliers that mix a band's rows into one key (wrapping arithmetic).
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)[:ROWS]
_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xD6E8FEB86659FD93)


def signatures(folded_texts) -> np.ndarray:
    """The MinHash values of many texts at once, one row each: what datasketch's
    `MinHash.update_batch` gives text by text (a test holds them equal), in numpy passes over
    the batch's shingles instead of two objects and a dozen small arrays per text."""
    groups = [shingles(text) for text in folded_texts]
    hashes = _fmix(np.array([sha1_hash32(s) for g in groups for s in g], dtype=np.uint32), 32)
    sizes = np.array([len(group) for group in groups], dtype=np.int64)
    ends = np.cumsum(sizes)
    starts = ends - sizes
    rows = np.tile(_EMPTY, (len(groups), 1))
    a, b = _PERMUTATIONS
    for first in range(0, len(groups), _CHUNK):  # chunks: the product stays in the CPU cache
        last = min(first + _CHUNK, len(groups))
        filled = np.flatnonzero(sizes[first:last])
        if not len(filled):
            continue
        low = starts[first]
        with np.errstate(over="ignore"):
            permuted = hashes[low : ends[last - 1], None] * a + b  # wraps modulo 2**32
        rows[first + filled] = np.minimum.reduceat(permuted, starts[first + filled] - low, axis=0)
    return rows


def signature(folded_text: str) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=signatures([folded_text])[0], scheme=SCHEME)


def band_keys(rows: np.ndarray) -> np.ndarray:
    """One signed 64-bit key per band of each signature row (fits a BigIntegerField): the band's
    rows mixed with fixed odd multipliers and the band's own salt; the same on every machine."""
    values = rows.astype(np.uint64).reshape(len(rows), BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys = (values * _MIX).sum(axis=2, dtype=np.uint64) ^ _BAND_SALT
    return keys.view(np.int64)


def bands(sig: LeanMinHash) -> list[int]:
    return band_keys(sig.hashvalues[None, :])[0].tolist()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (as `MinHash.jaccard`)."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def dumps(values: np.ndarray) -> bytes:
    """A signature row as datasketch's LeanMinHash bytes (the stored format)."""
    sig = LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
    buf = bytearray(sig.bytesize())
    sig.serialize(buf)
    return bytes(buf)


def loads(data: bytes) -> LeanMinHash:
    return LeanMinHash.deserialize(bytes(data))


def _known_bands(keys: set[int]) -> dict[int, set[int]]:
    """band → cluster ids already stored. The batch's 8,000 keys go as one parameter (an IN
    list that long cost more to write out than to run, and SQLite's must come in chunks that
    fit its parameter limit): an array on PostgreSQL, a JSON array on SQLite."""
    found, keys = {}, list(keys)
    table = connection.ops.quote_name(ClusterBand._meta.db_table)
    if connection.vendor == "postgresql":
        sql, param = f"SELECT band, cluster_id FROM {table} WHERE band = ANY(%s::bigint[])", keys
    else:
        sql = (
            f"SELECT band, cluster_id FROM {table} WHERE band IN (SELECT value FROM json_each(%s))"
        )
        param = json.dumps(keys)
    with connection.cursor() as cursor:
        cursor.execute(sql, [param])
        rows = cursor.fetchall()
    for band, cluster_id in rows:
        found.setdefault(band, set()).add(cluster_id)
    return found


def _insert_bands(rows) -> None:
    """Sixteen rows a new cluster, written in one statement on PostgreSQL (two arrays unnested)
    and one prepared INSERT run for every row on SQLite; bulk_create spent longer building model
    instances and SQL than the database spent storing them."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(ClusterBand._meta.db_table)
    columns = f"{table} ({quote('band')}, {quote('cluster_id')})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            bands, clusters = (list(column) for column in zip(*rows, strict=True))
            cursor.execute(
                f"INSERT INTO {columns} SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                [bands, clusters],
            )
        else:
            cursor.executemany(f"INSERT INTO {columns} VALUES (%s, %s)", rows)


def assign_batch(items, folded_texts) -> None:
    """Put each item in the cluster of its near-duplicate (stored, or earlier in this batch), or
    start a new one. Sets `item.cluster` / `item.is_primary`; the caller saves the items.

    One query finds every candidate of the batch; clusters and bands are written in bulk."""
    sigs = signatures(folded_texts)
    keys = band_keys(sigs).tolist()
    by_band = _known_bands({k for ks in keys for k in ks})
    stored = Cluster.objects.filter(pk__in={c for ids in by_band.values() for c in ids})
    clusters = {("db", c.pk): c for c in stored}
    by_band = {band: {("db", pk) for pk in ids} for band, ids in by_band.items()}
    known = {ident: loads(c.signature).hashvalues for ident, c in clusters.items()}
    changed, new = set(), []
    for item, sig, item_keys in zip(items, sigs, keys, strict=True):
        candidates = sorted(
            {ident for k in item_keys for ident in by_band.get(k, ())},
            key=lambda ident: (clusters[ident].first_seen, ident[1]),
        )
        match = next((i for i in candidates if similarity(sig, known[i]) >= THRESHOLD), None)
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
        clusters[ident], known[ident] = cluster, sig
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
