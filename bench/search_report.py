"""The search benchmark's report: the tables bench/search.py prints and docs/benchmarks.md keeps."""

import os
from pathlib import Path

from search_corpus import summarize


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
