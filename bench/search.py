"""Benchmark: CityPortal search (cityportal.search) on the real news corpora, on SQLite (FTS5) and
PostgreSQL (tsvector + unaccent), beside stock Wagtail database search (django-modelsearch) on the
same documents and the same queries in the same run.

    make bench-search                                   # ~196k documents, SQLite then PostgreSQL
    make bench-search-1m                                # the same corpus replicated to 1M
    .venv/bin/python bench/search.py --docs 5000 --queries 200          # a quick slice
    .venv/bin/python bench/search.py --database-url sqlite:///var/bench-search.sqlite3  # one run

Corpus (outside the repository, ../shared/data/news): VNTC train (33,759 full texts; the title is
the first sentence of the text), baomoi 2017 (35,440 articles: title, sapo, body) and TC201805
(126,659 title + sapo items): 195,858 documents. `--scale 1m` adds copies with distinct keys
(`…#2`, `…#3`, …) up to 1,000,000.

Each run starts from a fresh database that nothing else uses (var/bench-search*.sqlite3, or the
PostgreSQL database `cityportal_bench*`, dropped and created), migrated with `migrate`. Loading:
`Document` rows are bulk-created 2,000 at a time and handed to `backend.write()` in one transaction
per batch, then `backend.optimize()` and `index.refresh_vocabulary()`. The stock index is built by
modelsearch's own `add_bulk()` for a proxy of `Document` declared here (`StockDocument`, with
Wagtail's page search fields: title boost 2 and autocomplete, lead, body); a proxy has no table,
so it needs no migration.

Queries: 1,000 (fixed seed) from titles that have diacritics, a random window of 1-6 words each;
even-numbered ones are kept as typed, odd-numbered ones folded (`core.text.fold`). Each is run
once to warm up, then timed: `engine.search(q, limit=10)` (parse, rank, load, highlight, snippet)
and, for stock, `backend.search(q, StockDocument)[:10]` evaluated. success@10: a document with the
source document's title (same words, so copies and the same article in two corpora count) is
among the first 10 results. Stock search runs only the first --stock-queries (100) of the same
queries, each cancelled after --stock-timeout (3 s) and then counted as a miss at that time.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_db import prepare_database
from search_corpus import CORPORA, make_queries, read_corpus, slice_corpus, summarize, title_key
from search_report import machine, report

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
BATCH = 2000
ONE_MILLION = 1_000_000


# --- one run (one database) --------------------------------------------------------------------


def run_one(args) -> dict:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityportal.settings")
    sys.path.insert(0, str(ROOT))
    if not args.reuse:
        prepare_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from cityportal.search import engine
    from cityportal.search.backends import get_backend
    from cityportal.search.index import refresh_vocabulary
    from cityportal.search.models import Document

    result = {"database": connection.vendor, "url": args.database_url}
    log = print if args.verbose else (lambda *a, **k: None)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    log(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)

    base = slice_corpus(read_corpus(), args.docs)
    total = max(len(base), args.scale_to or 0)
    queries = make_queries(base, args.queries)

    def documents():
        copy = 1
        produced = 0
        while True:
            for key, section, title, lead, body in base:
                if produced >= total:
                    return
                yield Document(
                    key=key if copy == 1 else f"{key}#{copy}",
                    kind="article",
                    title=title,
                    lead=lead,
                    body=body,
                    url=f"/bench/{produced}/",
                    section=section[:100],
                )
                produced += 1
            copy += 1

    if args.reuse:  # the index of an earlier run: time the queries of the current engine
        result["engine_load"] = {
            "documents": Document.objects.count(),
            "load_s": 0.0,
            "optimize_s": 0.0,
            "vocabulary_s": 0.0,
            "reused": True,
        }
        log(f"engine: reusing {result['engine_load']['documents']:,} indexed documents", flush=True)
    else:
        backend = get_backend()
        load_started = time.perf_counter()
        batch = []
        loaded = 0

        def flush(batch):
            with transaction.atomic():
                Document.objects.bulk_create(batch)
                backend.write(batch)

        for document in documents():
            batch.append(document)
            if len(batch) >= BATCH:
                flush(batch)
                loaded += len(batch)
                batch = []
                if loaded % 50_000 == 0:
                    rate = loaded / (time.perf_counter() - load_started)
                    log(f"  {loaded:,} documents, {rate:,.0f}/s", flush=True)
        if batch:
            flush(batch)
            loaded += len(batch)
        load_seconds = time.perf_counter() - load_started
        optimize_started = time.perf_counter()
        backend.optimize()
        optimize_seconds = time.perf_counter() - optimize_started
        vocabulary_started = time.perf_counter()
        refresh_vocabulary()
        vocabulary_seconds = time.perf_counter() - vocabulary_started
        result["engine_load"] = {
            "documents": loaded,
            "load_s": load_seconds,
            "optimize_s": optimize_seconds,
            "vocabulary_s": vocabulary_seconds,
        }
        log(
            f"engine: {loaded:,} documents loaded in {load_seconds:.1f} s, optimize "
            f"{optimize_seconds:.1f} s, vocabulary {vocabulary_seconds:.1f} s",
            flush=True,
        )

    # --- the engine: full path with snippets -------------------------------------------------
    def engine_titles(text):
        return [title_key(hit.document.title) for hit in engine.search(text, limit=10).hits]

    result["engine"] = time_queries(queries, engine_titles, log, "engine")

    # --- stock Wagtail (modelsearch) ------------------------------------------------------------
    if args.stock:
        stock_model = stock_document_model(Document)
        from wagtail.search.backends import get_search_backend

        stock = get_search_backend()
        stock_started = time.perf_counter()
        last = 0
        while True:
            chunk = list(Document.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
            if not chunk:
                break
            last = chunk[-1].pk
            for obj in chunk:
                obj.__class__ = stock_model
            with transaction.atomic():
                stock.add_bulk(stock_model, chunk)
        stock_seconds = time.perf_counter() - stock_started
        result["stock_load"] = {"documents": loaded, "load_s": stock_seconds}
        log(f"stock: indexed in {stock_seconds:.1f} s", flush=True)

        def stock_titles(text):
            return [title_key(d.title) for d in stock.search(text, stock_model)[:10]]

        # Stock search on SQLite scores every match with a correlated subquery that runs the
        # MATCH again: seconds per query past a few thousand documents. So: the first
        # --stock-queries of the same queries (half accented, half folded), each cut at
        # --stock-timeout seconds (counted as a miss at the timeout), warmed up on five.
        stock_queries = queries[: args.stock_queries]
        result["stock"] = time_queries(
            stock_queries,
            with_timeout(connection, stock_titles, args.stock_timeout),
            log,
            "stock",
            warm_up=5,
        )
        result["stock"]["timeout_s"] = args.stock_timeout

    result["sizes"] = index_sizes(connection)
    result["sqlite_version"] = (
        connection.cursor().connection.execute("select sqlite_version()").fetchone()[0]
        if connection.vendor == "sqlite"
        else None
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            result["pg_version"] = cursor.fetchone()[0]
    result["queries"] = queries
    return result


def stock_document_model(Document):
    """`Document` as stock Wagtail would index an article page: a proxy (no table, no migration)
    that is `Indexed` with the page search fields."""
    from wagtail.search import index

    class StockDocument(index.Indexed, Document):
        search_fields = [
            index.SearchField("title", boost=2),
            index.AutocompleteField("title"),
            index.SearchField("lead"),
            index.SearchField("body"),
        ]

        class Meta:
            proxy = True
            app_label = "search"

    # What modelsearch's app does at start-up for every indexed model (see
    # IndexEntry.add_generic_relations): the PostgreSQL backend joins through it.
    from modelsearch.abstract_models import TextIDGenericRelation
    from modelsearch.conf import get_app_config

    IndexEntry = get_app_config().get_model("IndexEntry")
    TextIDGenericRelation(IndexEntry).contribute_to_class(StockDocument, "index_entries")
    return StockDocument


class TimedOut(Exception):
    pass


def with_timeout(connection, run, seconds):
    """`run`, cancelled by the database after `seconds` (raises TimedOut)."""
    import threading

    from django.db import OperationalError

    def limited(text):
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
            timer = None
        else:
            timer = threading.Timer(seconds, connection.connection.interrupt)
            timer.start()
        try:
            return run(text)
        except OperationalError as error:
            raise TimedOut(text) from error
        finally:
            if timer:
                timer.cancel()

    return limited


def time_queries(queries, run, log, label, warm_up=None) -> dict:
    for query in queries[:warm_up]:  # warm-up pass: caches, plans, pages of the index
        try:
            run(query["text"])
        except TimedOut:
            pass
    times, hits, timeouts = [], [], 0
    for query in queries:
        started = time.perf_counter()
        try:
            titles = run(query["text"])
        except TimedOut:
            titles = []
            timeouts += 1
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        hits.append(query["title"] in titles)
    summary = summarize(times, hits, queries)
    summary["timeouts"] = timeouts
    summary["times"], summary["hits"] = times, hits
    order = sorted(range(len(queries)), key=lambda i: -times[i])
    summary["slowest"] = [
        {"text": queries[i]["text"], "ms": times[i] * 1000, "found": hits[i]} for i in order[:10]
    ]
    summary["misses"] = [
        {"text": queries[i]["text"], "title": queries[i]["title"]}
        for i in range(len(queries))
        if not hits[i] and queries[i]["words"] >= 4
    ][:15]
    a = summary["all"]
    log(
        f"{label}: {len(queries)} queries, p50 {a['p50']:.1f} ms, p95 {a['p95']:.1f} ms, "
        f"s@10 {a['success']:.3f}, {timeouts} timed out",
        flush=True,
    )
    return summary


def index_sizes(connection) -> dict:
    sizes = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            path = Path(connection.settings_dict["NAME"])
            sizes["database_file"] = path.stat().st_size
            try:
                cursor.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
                tables = dict(cursor.fetchall())
            except Exception:
                tables = {}
            # Every FTS5 table of the engine (search_document_fts, search_title_fts, …).
            sizes["engine_index"] = sum(
                v for k, v in tables.items() if k.startswith("search_") and "_fts" in k
            )
            sizes["search_document"] = sum(
                v
                for k, v in tables.items()
                if k == "search_document" or k.startswith("search_document_") and "fts" not in k
            )
            sizes["stock_index"] = sum(
                v for k, v in tables.items() if k.startswith("wagtailsearch_indexentry")
            )
        else:
            cursor.execute("SELECT pg_total_relation_size('search_document')")
            sizes["search_document"] = cursor.fetchone()[0]
            # The engine's GIN indexes, whatever they are called.
            cursor.execute(
                "SELECT coalesce(sum(pg_relation_size(i.indexrelid)), 0) FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
                " WHERE i.indrelid = 'search_document'::regclass AND a.amname = 'gin'"
            )
            sizes["engine_index"] = int(cursor.fetchone()[0])  # sum() is numeric
            cursor.execute("SELECT pg_total_relation_size('wagtailsearch_indexentry')")
            sizes["stock_index"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            sizes["database_file"] = cursor.fetchone()[0]
    return sizes


# --- the driver: one subprocess per database, one table -------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="run once on this database (dropped and created)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--scale", choices=["corpus", "1m"], default="corpus")
    parser.add_argument("--docs", type=int, help="a random slice of N corpus documents")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--no-stock", dest="stock", action="store_false")
    parser.add_argument("--stock-queries", type=int, default=100)
    parser.add_argument("--stock-timeout", type=float, default=3.0)
    parser.add_argument("--json", type=Path, help="write the run's figures here")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="query the database an earlier run left (implies --no-stock): no drop, no load",
    )
    parser.add_argument("--scale-to", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    missing = [str(p) for p in CORPORA.values() if not p.is_file()]
    if missing:
        print(f"{', '.join(missing)} not found: nothing to benchmark (not in the repository).")
        return 0

    if args.reuse:
        args.stock = False
    if args.database_url:
        if "bench" not in args.database_url.rsplit("/", 1)[-1]:
            parser.error("--database-url is dropped and created: its name must contain 'bench'")
        if args.scale == "1m" and not args.scale_to:
            args.scale_to = ONE_MILLION
        result = run_one(args)
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False))
        return 0

    suffix = "-1m" if args.scale == "1m" else ""
    urls = {
        "sqlite": f"sqlite:///{ROOT / 'var' / f'bench-search{suffix}.sqlite3'}",
        "postgres": f"{PG_SERVER}/cityportal_bench{suffix.replace('-', '_')}",
    }
    print(f"Machine: {machine()}; {time.strftime('%Y-%m-%d')}", flush=True)
    results = []
    for name in args.databases.split(","):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
            target = Path(out.name)
        command = [
            sys.executable,
            __file__,
            "--database-url",
            urls[name],
            "--scale",
            args.scale,
            "--queries",
            str(args.queries),
            "--json",
            str(target),
            "--verbose",
        ]
        if args.docs:
            command += ["--docs", str(args.docs)]
        if not args.stock or args.reuse:
            command.append("--no-stock")
        if args.reuse:
            command.append("--reuse")
        command += ["--stock-queries", str(args.stock_queries)]
        command += ["--stock-timeout", str(args.stock_timeout)]
        print(f"\n== {name}: {urls[name]}", flush=True)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT)
        if done.returncode:
            print(f"{name} failed (exit {done.returncode})")
            continue
        results.append(json.loads(target.read_text()))
        target.unlink()
        print(f"   ({time.perf_counter() - started:.0f} s in all)", flush=True)
        Path(ROOT / "var" / f"bench-search{suffix}-{name}.json").write_text(
            json.dumps(results[-1], ensure_ascii=False)
        )
    python = Path(sys.executable)
    python = python.relative_to(ROOT) if python.is_relative_to(ROOT) else python
    flags = " ".join(sys.argv[1:])
    target = "make bench-search-1m" if args.scale == "1m" else "make bench-search"
    report(results, f"{target}  (or: {python} bench/search.py {flags})".rstrip(") ") + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
