"""Benchmark: the monitoring pipeline (cityportal.monitor) on one core, then with the database on
SQLite and PostgreSQL in the same run.

    make bench-monitor                                  # 20,000 short texts, both databases
    .venv/bin/python bench/monitor.py --texts 5000      # a quick slice
    .venv/bin/python bench/monitor.py --against DIR     # and the stages with DIR's models too

With --against, the in-memory stages run twice more for each set of models, the shipped ones
(cityportal/nlp/models) and those in DIR (e.g. an earlier commit's, from `git show`), taking
turns in one process, so a model change is measured side by side on a shared, noisy machine.

1. Stages in memory, one core (BLAS threads pinned to 1): normalise, language check, MinHash +
   LSH bands, the three classifiers (sentiment, topic, toxicity: the pipeline's one call per
   batch, which hashes the features they share once), places.
   Texts/s per stage and for all of them together; the target is >= 2,000 short texts/s.
2. The whole pipeline with storage: `process_pending` over the same texts stored as pending
   items (dedupe queries, bulk updates, place and link rows), on a fresh SQLite file and a fresh
   PostgreSQL database `cityportal_bench_monitor`; texts/s.

The texts are UIT-VSFC training sentences (../shared/data/sentiment/uit-vsfc/train/sents.txt,
read in place, never copied): real short Vietnamese comments, 14 words on average. Each tenth
text is repeated with a prefix, so deduplication has work to do.
"""

import argparse
import json
import os
import sys
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # one core: the target is per core

from bench_db import ROOT, databases, fresh_django, run_each  # noqa: E402
from search_report import machine  # noqa: E402

SENTS = ROOT.parent / "shared" / "data" / "sentiment" / "uit-vsfc" / "train" / "sents.txt"
DATABASES = databases("monitor")


def texts(count: int) -> list[str]:
    if not SENTS.exists():
        raise SystemExit(f"{SENTS} not found: the benchmark reads UIT-VSFC from ../shared/data")
    lines = [
        line.strip() for line in SENTS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    out = []
    while len(out) < count:
        for n, line in enumerate(lines):
            out.append(f"Chia sẻ lại: {line}" if n % 10 == 9 else line)
            if len(out) == count:
                break
    return out


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds else float("inf")


def stages(sample: list[str]) -> dict:
    from cityportal.monitor.pipeline import classify, dedupe, language, normalise, places

    timings = {}
    start = time.perf_counter()
    prepared = [normalise.for_models(t) for t in sample]
    folded = [normalise.folded(t, prepared=True) for t in prepared]
    timings["normalise"] = time.perf_counter() - start

    start = time.perf_counter()
    for t in prepared:
        language.detect(t)
    timings["language"] = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(0, len(folded), 500):  # as the pipeline: a batch at a time
        dedupe.band_keys(dedupe.signatures(folded[i : i + 500]))
    timings["minhash_lsh"] = time.perf_counter() - start

    classify.classify(prepared[:10])  # load the models outside the timing
    start = time.perf_counter()
    for i in range(0, len(prepared), 500):  # the pipeline's call: three tasks, shared features
        classify.classify(prepared[i : i + 500])
    timings["classify_all_three"] = time.perf_counter() - start

    places.gazetteer()
    start = time.perf_counter()
    for f in folded:
        places.find(f)
    timings["places"] = time.perf_counter() - start

    result = {name: rate(len(sample), seconds) for name, seconds in timings.items()}
    result["all_stages"] = rate(len(sample), sum(timings.values()))
    return result


def side_by_side(sample: list[str], other) -> list:
    """[(models, stages)] for the shipped models and those in `other`, in turns, twice."""
    from cityportal.nlp import classifier

    rounds = []
    for _ in range(2):
        for name, directory in (("shipped", classifier.MODEL_DIR), (str(other), other)):
            classifier.load_models(directory)  # the pipeline reads them through get_model
            rounds.append((name, stages(sample)))
    classifier.load_models(classifier.MODEL_DIR)
    return rounds


def run_one(args) -> dict:
    fresh_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cityportal.core.places import load_hcmc_units
    from cityportal.monitor import pipeline
    from cityportal.monitor.models import Item, Source
    from cityportal.monitor.sources.store import store

    call_command("migrate", interactive=False, verbosity=0)
    load_hcmc_units()
    pool = texts(args.texts + 100)
    sample, warm = pool[: args.texts], pool[args.texts :]
    result = {"database": connection.vendor, "texts": len(sample)}
    if args.stages:
        result["stages_per_s"] = stages(sample)
        if args.against:
            result["side_by_side"] = side_by_side(sample, args.against)

    source = Source.objects.create(name="bench", kind=Source.Kind.MANUAL)
    now = timezone.now()
    # Warm up (models loaded, caches filled) on texts of their own, then time the sample.
    store(
        [Item(source=source, key=f"warm-{n}", text=t, published_at=now) for n, t in enumerate(warm)]
    )
    pipeline.process_pending()
    store(
        [
            Item(source=source, key=str(n), text=text, published_at=now)
            for n, text in enumerate(sample)
        ]
    )
    start = time.perf_counter()
    counts = pipeline.process_pending()
    seconds = time.perf_counter() - start
    done = counts["processed"] + counts["skipped"]
    result["pipeline"] = {
        **counts,
        "seconds": round(seconds, 2),
        "texts_per_s": rate(done, seconds),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--against", default=None, help="a folder of models to compare with")
    args = parser.parse_args()
    if args.against and not os.path.isfile(os.path.join(args.against, "sentiment.json")):
        parser.error(f"--against {args.against}: no models there (sentiment.json and the rest)")
    if args.database_url:
        print(json.dumps(run_one(args), ensure_ascii=False))
        return

    command = " ".join([".venv/bin/python", "bench/monitor.py", *sys.argv[1:]])
    results = run_each(
        __file__, DATABASES, sys.argv[1:], extra=lambda n: ["--stages"] if n == 0 else []
    )
    print(f"machine: {machine()}")
    print(f"texts: {results[0]['texts']} UIT-VSFC sentences (one in ten repeated with a prefix)")
    print("in memory, one core (texts/s):")
    for stage, value in results[0]["stages_per_s"].items():
        print(f"  {stage:<20} {value:>12,.0f}")
    target = results[0]["stages_per_s"]["all_stages"]
    print(f"  -> all stages {target:,.0f} texts/s per core (target >= 2,000)")
    if rounds := results[0].get("side_by_side"):
        print("side by side, in turns (texts/s; ratio to the shipped models of the same round):")
        for n in range(0, len(rounds), 2):
            (_, shipped), (other, theirs) = rounds[n], rounds[n + 1]
            for name, figures in (("shipped", shipped), (other, theirs)):
                ratios = "  ".join(
                    f"{stage} {figures[stage]:,.0f} (x{figures[stage] / shipped[stage]:.2f})"
                    for stage in ("classify_all_three", "all_stages")
                )
                print(f"  round {n // 2 + 1} {name}: {ratios}")
    print("whole pipeline with storage (process_pending):")
    for r in results:
        p = r["pipeline"]
        print(
            f"  {r['database']:<10} {p['texts_per_s']:>8,.0f} texts/s  ({p['processed']} analysed, "
            f"{p['duplicates']} duplicates, {p['skipped']} skipped, {p['seconds']} s)"
        )
    ratio = results[1]["pipeline"]["texts_per_s"] / results[0]["pipeline"]["texts_per_s"]
    print(f"  PostgreSQL / SQLite: {ratio:.2f}x")
    print(f"reproduce: {command}")


if __name__ == "__main__":
    main()
