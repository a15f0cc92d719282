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
import gzip
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
CORPORA = {
    "vntc": NEWS / "vntc" / "train.jsonl.gz",
    "baomoi": NEWS / "baomoi-2017" / "articles.jsonl.gz",
    "tc201805": NEWS / "tc201805" / "tc201805.jsonl.gz",
}
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
BATCH = 2000
SEED = 20261126
ONE_MILLION = 1_000_000
# The end of VNTC's first sentence: ". ", "! ", "? " or a newline.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_TOKEN = re.compile(r"[^\W_]+")
MAX_VNTC_TITLE = 200


# --- corpus -----------------------------------------------------------------------------------


def vntc_split(text: str) -> tuple[str, str]:
    """VNTC has no title field: the title runs into the text. Take the first sentence (or line),
    cut at a word boundary near MAX_VNTC_TITLE characters; the rest is the body."""
    text = text.strip()
    match = _SENTENCE_END.search(text)
    end = match.start() if match else len(text)
    if end > MAX_VNTC_TITLE:
        end = text.rfind(" ", 0, MAX_VNTC_TITLE)
        end = end if end > 0 else MAX_VNTC_TITLE
    return text[:end].strip(), text[end:].strip()


def read_corpus() -> list[tuple[str, str, str, str, str]]:
    """(key, section, title, lead, body) of every document, in a fixed order."""
    docs = []
    for name, path in CORPORA.items():
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                if name == "vntc":
                    title, body = vntc_split(item["text"])
                    lead = ""
                else:
                    title, lead, body = item["title"], item.get("sapo", ""), item.get("body", "")
                if not title.strip():
                    continue
                docs.append((f"{name}:{item['id']}", item.get("label", name), title, lead, body))
    return docs


def slice_corpus(docs, limit):
    """An even random slice of every corpus rather than the first N lines of the first one."""
    if not limit or limit >= len(docs):
        return docs
    rng = random.Random(SEED)
    return [docs[i] for i in sorted(rng.sample(range(len(docs)), limit))]


def title_key(title: str) -> str:
    from cityportal.core.text import words

    return " ".join(words(title))


def make_queries(docs, count: int) -> list[dict]:
    """`count` queries from titles with diacritics: a window of 1-6 words; every other one folded."""
    from cityportal.core.text import fold, has_diacritics

    rng = random.Random(SEED)
    queries = []
    while len(queries) < count:
        key, _, title, _, _ = docs[rng.randrange(len(docs))]
        tokens = _TOKEN.findall(title)
        if not tokens:
            continue
        length = min(rng.randint(1, 6), len(tokens))
        start = rng.randint(0, len(tokens) - length)
        text = " ".join(tokens[start : start + length])
        if not has_diacritics(text):
            continue  # both classes come from the same accented windows
        folded = len(queries) % 2 == 1
        queries.append(
            {
                "text": fold(text) if folded else text,
                "folded": folded,
                "words": length,
                "key": key,
                "title": title_key(title),
            }
        )
    return queries


# --- one run (one database) --------------------------------------------------------------------


def prepare_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summarize(times, hits, queries) -> dict:
    def block(indices):
        if not indices:
            return None
        ms = [times[i] * 1000 for i in indices]
        return {
            "n": len(indices),
            "p50": statistics.median(ms),
            "p95": percentile(ms, 95),
            "max": max(ms),
            "success": sum(hits[i] for i in indices) / len(indices),
        }

    everything = range(len(queries))
    return {
        "all": block(list(everything)),
        "accented": block([i for i in everything if not queries[i]["folded"]]),
        "folded": block([i for i in everything if queries[i]["folded"]]),
        "by_words": {
            n: block([i for i in everything if queries[i]["words"] == n]) for n in range(1, 7)
        },
        "by_words_folded": {
            n: block([i for i in everything if queries[i]["words"] == n and queries[i]["folded"]])
            for n in range(1, 7)
        },
    }


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


def mb(n) -> str:
    return f"{n / 2**20:,.0f} MiB" if n else "–"


def ms(block, key) -> str:
    return f"{block[key]:.1f}" if block else "–"


def report(results: list[dict], command: str) -> None:
    print("\n## Search benchmark\n")
    print(
        "| database | engine | documents | index s | docs/s | index size | p50 ms | p95 ms "
        "| max ms | s@10 | s@10 accented | s@10 folded |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        for name, load_key, size_key in (
            ("CityPortal", "engine_load", "engine_index"),
            ("stock Wagtail", "stock_load", "stock_index"),
        ):
            if name == "CityPortal" or "stock" in r:
                s = r["engine" if name == "CityPortal" else "stock"]
                load = r[load_key]
                seconds = load["load_s"] + load.get("optimize_s", 0) + load.get("vocabulary_s", 0)
                rate = f"{load['documents'] / seconds:,.0f}" if seconds else "– (reused)"
                print(
                    f"| {r['database']} | {name} | {load['documents']:,} | {seconds:,.1f} "
                    f"| {rate} | {mb(r['sizes'][size_key])} "
                    f"| {ms(s['all'], 'p50')} | {ms(s['all'], 'p95')} | {ms(s['all'], 'max')} "
                    f"| {s['all']['success']:.3f} | {s['accented']['success']:.3f} "
                    f"| {s['folded']['success']:.3f} |"
                )
    print("\nOn the stock subset (the first queries, each cut at the timeout): p50 / p95 ms, s@10")
    print(
        "\n| database | engine | queries | timed out | p50 ms | p95 ms | s@10 | accented | folded |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        if "stock" not in r:
            continue
        n = len(r["stock"]["times"])
        subset = r["queries"][:n]
        for name, key in (("CityPortal", "engine"), ("stock Wagtail", "stock")):
            s = summarize(r[key]["times"][:n], r[key]["hits"][:n], subset)
            timeouts = r["stock"]["timeouts"] if key == "stock" else 0
            print(
                f"| {r['database']} | {name} | {n} | {timeouts} | {s['all']['p50']:.1f} "
                f"| {s['all']['p95']:.1f} | {s['all']['success']:.2f} "
                f"| {s['accented']['success']:.2f} | {s['folded']['success']:.2f} |"
            )
    print("\nBy query length (words): p95 ms / success@10, accented and folded together\n")
    print("| database | engine | " + " | ".join(f"{n} w" for n in range(1, 7)) + " |")
    print("| --- | --- |" + " ---: |" * 6)
    for r in results:
        for name, key in (("CityPortal", "engine"), ("stock Wagtail", "stock")):
            if key in r:
                cells = []
                for n in range(1, 7):
                    b = r[key]["by_words"].get(str(n))  # JSON keys are strings
                    cells.append(f"{b['p95']:.1f} / {b['success']:.2f}" if b else "–")
                print(f"| {r['database']} | {name} | " + " | ".join(cells) + " |")
    for r in results:
        print(
            f"\n{r['database']}: database {mb(r['sizes']['database_file'])}, search_document "
            f"{mb(r['sizes']['search_document'])}; load {r['engine_load']['load_s']:.1f} s + "
            f"optimize {r['engine_load']['optimize_s']:.1f} s + vocabulary "
            f"{r['engine_load']['vocabulary_s']:.1f} s"
        )
        print(
            "  slowest (engine): "
            + "; ".join(f"{q['text']!r} {q['ms']:.0f} ms" for q in r["engine"]["slowest"][:6])
        )
    print(f"\nReproduce: {command}")


def machine() -> str:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    return f"{os.cpu_count()} CPU ({cpu}), {mem:.0f} GiB RAM"


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
