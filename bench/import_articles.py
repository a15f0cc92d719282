"""Benchmark: import the baomoi 2017 corpus (35,440 articles) into a fresh SQLite database.

    make bench-import                                   # the whole corpus
    .venv/bin/python bench/import_articles.py --limit 2000

Each run uses a new database under a temporary CITYPORTAL_VAR (migrate + setup_newsroom are not
timed), then times `manage.py import_articles … --format jsonl --section kinh-te-xa-hoi
--no-progress` in a subprocess and prints articles per second. The corpus lives outside the
repository (../shared/data); without it the benchmark says so and exits 0.
"""

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "news" / "baomoi-2017" / "articles.jsonl.gz"
SECTION = "kinh-te-xa-hoi"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="import only the first N lines")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"{args.corpus} not found: nothing to benchmark (it is not part of the repository).")
        return 0

    var = Path(tempfile.mkdtemp(prefix="cityportal-bench-"))
    env = {
        **os.environ,
        "CITYPORTAL_VAR": str(var),
        "DJANGO_SETTINGS_MODULE": "cityportal.settings",
    }
    env.pop("DATABASE_URL", None)  # always the embedded SQLite database
    manage = [sys.executable, str(ROOT / "manage.py")]
    try:
        path = args.corpus
        if args.limit:
            path = var / f"baomoi-first-{args.limit}.jsonl"
            with gzip.open(args.corpus, "rb") as source, path.open("wb") as target:
                for number, line in enumerate(source, 1):
                    if number > args.limit:
                        break
                    target.write(line)
        print("Preparing a fresh database…", flush=True)
        for command in (["migrate", "--noinput", "-v", "0"], ["setup_newsroom"]):
            subprocess.run(manage + command, env=env, check=True, stdout=subprocess.DEVNULL)

        def timed_import(source: Path) -> tuple[float, subprocess.CompletedProcess]:
            command = manage + [
                "import_articles",
                str(source),
                "--format",
                "jsonl",
                "--section",
                SECTION,
                "--no-progress",
            ]
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"{' '.join(command[1:])} failed:\n{done.stdout}{done.stderr}")
            return time.perf_counter() - started, done

        # Django and Wagtail take seconds to start: measure that on an empty file, apart.
        empty = var / "empty.jsonl"
        empty.write_text("")
        startup, _ = timed_import(empty)
        elapsed, result = timed_import(path)
    finally:
        if not args.keep:
            shutil.rmtree(var, ignore_errors=True)

    summary = result.stdout.strip().splitlines()
    print("\n".join(summary[:5]))
    counts = r"Created (\d+), updated (\d+), unchanged (\d+)"
    match = re.match(counts, summary[0] if summary else "")
    imported = sum(int(n) for n in match.groups()) if match else 0
    importing = max(elapsed - startup, 1e-9)
    print(
        f"\n{imported} articles in {elapsed:.1f} s: {imported / elapsed:.1f} articles/s overall; "
        f"{imported / importing:.1f} articles/s importing (without the {startup:.1f} s "
        "start-up of an empty import)"
    )
    python = Path(sys.executable)
    python = python.relative_to(ROOT) if python.is_relative_to(ROOT) else python
    limit = f" --limit {args.limit}" if args.limit else ""
    print(f"Reproduce: make bench-import  (or: {python} bench/import_articles.py{limit})")
    if args.keep:
        print(f"Database kept in {var}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
