"""Benchmark: the data system (cityportal.opendata) on SQLite and PostgreSQL in the same run.

    make bench-opendata                                         # both databases, 1M observations
    .venv/bin/python bench/opendata.py --observations 100000    # a quick slice
    .venv/bin/python bench/opendata.py --database-url sqlite:///var/bench-opendata.sqlite3

1. The statistics office's yearbook (../shared/data/statistics/gso-yearbook, 335 tables; read in
   place, never copied): `import_yearbook`, each table validated and written whole or rejected;
   the tables imported and rejected, and the reasons, grouped.
2. 1,000,000 observations (100 indicators × 500 administrative units × 20 years, one resource per
   indicator, so each resource holds 10,000 rows) inserted straight into the table, then timed
   through Django's test client, with the page cache off so every request runs the view:
   `datastore_search` (a resource's page at a random offset; with `filters` on a unit),
   and the series API `/api/v1/indicators/<code>/observations?unit=<code>` (20 rows).
   Each kind: --requests requests after 20 warm-up ones; p50 and p95 in milliseconds.
3. Chart rendering: a line chart of 6 series × 20 years and a bar chart of 63 provinces, each
   rendered 200 times; mean milliseconds.

Each database is fresh (var/bench-opendata.sqlite3, or PostgreSQL `cityportal_bench_opendata`,
dropped and created) and used by nothing else.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from collections import Counter

from bench_db import ROOT, databases, fresh_django, run_each
from search_report import machine

DATABASES = databases("opendata")
YEARBOOK = ROOT.parent / "shared" / "data" / "statistics" / "gso-yearbook"


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000,
        "n": len(ordered),
    }


def run_one(args) -> dict:
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # time the views, not the page cache
    fresh_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from cityportal.core.models import AdministrativeUnit, Organisation
    from cityportal.core.places import load_hcmc_units, load_national_units
    from cityportal.opendata import charts
    from cityportal.opendata.models import Dataset, Indicator, Observation, Resource

    result = {"database": connection.vendor}
    call_command("migrate", interactive=False, verbosity=0)
    load_hcmc_units()
    load_national_units()

    # 1. The yearbook.
    if YEARBOOK.is_dir() and not args.skip_yearbook:
        out = io.StringIO()
        started = time.perf_counter()
        call_command("import_yearbook", str(YEARBOOK), stdout=out)
        seconds = time.perf_counter() - started
        lines = out.getvalue().splitlines()
        reasons = Counter()
        for line in lines:
            if line.startswith("  lỗi "):
                reason = line[len("  lỗi ") :]
                reason = reason.split(": ", 1)[-1] if reason.startswith("dòng") else reason
                reasons[_reason_kind(reason)] += 1
        rejected_tables = [
            line.split(": ")[0] for line in lines if line and not line.startswith("  ")
        ][:-1]
        result["yearbook"] = {
            "summary": lines[-1],
            "seconds": seconds,
            "observations": Observation.objects.count(),
            "rejected_tables": rejected_tables,
            "error_kinds": dict(reasons.most_common()),
        }
        print(f"  yearbook: {lines[-1]} in {seconds:.1f} s", file=sys.stderr, flush=True)
    elif not args.skip_yearbook:
        result["yearbook"] = {"summary": f"{YEARBOOK} not found: yearbook import not run"}

    # 2. One million observations, inserted directly.
    organisation = Organisation.objects.create(slug="bench", name="Bench")
    units = list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "code"))[:500]
    indicators, resources = [], []
    for n in range(args.indicators):
        dataset = Dataset.objects.create(
            name=f"bench-{n}", title=f"Bench {n}", organisation=organisation
        )
        resources.append(Resource.objects.create(dataset=dataset, name=f"Bench {n}", format="CSV"))
        indicators.append(Indicator.objects.create(code=f"bench-{n}", name=f"Chỉ tiêu {n}"))
    years = range(2026 - args.years, 2026)
    per_indicator = len(units) * len(years)
    total = min(args.observations, per_indicator * len(indicators))
    table = Observation._meta.db_table
    columns = (
        "resource_id, indicator_id, unit_id, period, period_type, period_start, period_end, "
        "breakdown, value, provisional, note, source"
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 12)})"
    rng = random.Random(7)
    started = time.perf_counter()
    inserted = 0
    for resource, indicator in zip(resources, indicators, strict=True):
        if inserted >= total:
            break
        rows = [
            (
                resource.pk.hex if connection.vendor == "sqlite" else resource.pk,
                indicator.pk,
                unit,
                str(year),
                "Y",
                f"{year}-01-01",
                f"{year}-12-31",
                "",
                rng.uniform(1, 100_000),
                False,
                "",
                "",
            )
            for unit, _ in units
            for year in years
        ][: total - inserted]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        inserted += len(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do after such a load
    load_seconds = time.perf_counter() - started
    result["load"] = {"observations": inserted, "seconds": load_seconds}
    print(f"  {inserted:,} observations inserted in {load_seconds:.1f} s", file=sys.stderr)

    client = Client(HTTP_HOST="localhost")
    used = [r for r in resources[: max(1, inserted // per_indicator)]]
    codes = [code for _, code in units]

    def datastore_page():
        resource = rng.choice(used)
        offset = rng.randrange(0, per_indicator - 100)
        return f"/api/3/action/datastore_search?resource_id={resource.pk}&limit=100&offset={offset}"

    def datastore_filtered():
        resource = rng.choice(used)
        unit = rng.choice(codes)
        filters = json.dumps({"unit_code": unit})
        return f"/api/3/action/datastore_search?resource_id={resource.pk}&filters={filters}"

    def series():
        indicator = rng.choice(indicators[: len(used)])
        return f"/api/v1/indicators/{indicator.code}/observations?unit={rng.choice(codes)}"

    timings = {}
    for name, make_url in (
        ("datastore_search page", datastore_page),
        ("datastore_search filters", datastore_filtered),
        ("series API", series),
    ):
        for _ in range(20):
            assert client.get(make_url()).status_code == 200
        samples = []
        for _ in range(args.requests):
            url = make_url()
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.content[:300])
        timings[name] = percentiles(samples)
        print(f"  {name}: {timings[name]}", file=sys.stderr, flush=True)
    result["latency"] = timings

    # 3. Charts.
    periods = [str(y) for y in range(2005, 2025)]
    lines = [
        charts.Series(f"Địa bàn {s}", [charts.Point(p, rng.uniform(1, 9000)) for p in periods])
        for s in range(6)
    ]
    bars = [charts.Point(f"Tỉnh {n}", rng.uniform(1, 9000)) for n in range(63)]
    result["charts"] = {}
    for name, render in (
        ("line 6×20", lambda: charts.line_chart("Bench", periods, lines, measure="tỷ đồng")),
        ("bar 63", lambda: charts.bar_chart("Bench", bars, measure="tỷ đồng")),
    ):
        started = time.perf_counter()
        for _ in range(200):
            render()
        result["charts"][name] = (time.perf_counter() - started) / 200 * 1000
    return result


def _reason_kind(reason: str) -> str:
    for marker, kind in (
        ("trùng", "duplicate observations in the table"),
        ("không phải là kỳ", "a period cell that is not a period (e.g. 'Total', '1988-1990')"),
        ("Cột không có năm", "a value column without a year"),
        ("Không nhận ra cấu trúc", "not a statistics table (layout not recognised)"),
        ("không phải là số", "text in a number column"),
        ("địa bàn", "unknown area"),
    ):
        if marker in reason:
            return kind
    return reason


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="run on this database only (used internally)")
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-yearbook", action="store_true")
    args = parser.parse_args()
    if args.database_url:
        print(json.dumps(run_one(args), ensure_ascii=False))
        return

    command = " ".join([".venv/bin/python", "bench/opendata.py", *sys.argv[1:]])
    results = run_each(__file__, DATABASES, sys.argv[1:])
    report(results, command)


def report(results: list[dict], command: str) -> None:
    print(f"\nOpen-data benchmark on {machine()}")
    print(f"reproduce: {command}\n")
    for r in results:
        yearbook = r.get("yearbook")
        if yearbook:
            print(f"[{r['database']}] yearbook: {yearbook['summary']}")
            if "seconds" in yearbook:
                print(
                    f"  {yearbook['seconds']:.1f} s; rejected tables: {len(yearbook['rejected_tables'])}"
                )
                for kind, count in yearbook["error_kinds"].items():
                    print(f"    {count:5d} × {kind}")
    print(
        "\nlatency with {:,} observations (target p95 ≤ 20 ms)".format(
            results[0]["load"]["observations"]
        )
    )
    print(f"{'':32}" + "".join(f"{r['database']:>22}" for r in results))
    for name in results[0]["latency"]:
        cells = "".join(
            f"{r['latency'][name]['p50_ms']:>9.1f} / {r['latency'][name]['p95_ms']:>6.1f} ms"
            for r in results
        )
        print(f"{name + ' p50/p95':32}{cells}")
    print("\nchart rendering (mean per chart)")
    for name in results[0]["charts"]:
        print(f"  {name:14}" + "".join(f"{r['charts'][name]:>10.2f} ms" for r in results))
    for r in results:
        print(
            f"\n[{r['database']}] load: {r['load']['observations']:,} rows in {r['load']['seconds']:.1f} s"
        )


if __name__ == "__main__":
    main()
