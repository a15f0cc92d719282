"""A fresh database for one benchmark run, which nothing else uses."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def databases(name: str) -> list[str]:
    """The benchmark `name`'s own SQLite file under var/ and PostgreSQL database on 127.0.0.1."""
    return [
        "sqlite:///" + str(ROOT / "var" / f"bench-{name}.sqlite3"),
        f"postgres://postgres@127.0.0.1:5432/cityportal_bench_{name}",
    ]


def fresh_django(url: str) -> None:
    """Django set up on a fresh database at `url` (see prepare_database), in this process."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityportal.settings")
    sys.path.insert(0, str(ROOT))
    prepare_database(url)
    import django

    django.setup()


def prepare_database(url: str) -> None:
    """Delete the SQLite file, or drop and create the PostgreSQL database (its name must say
    'bench', so a mistyped URL cannot drop a real one)."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    server, name = url.rsplit("/", 1)
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: a benchmark database's name contains 'bench'")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run_each(script: str, databases: list[str], argv: list[str], extra=None) -> list[dict]:
    """Run `script` once per database in a child process of its own (a fresh Django setup, so
    the databases never share a connection or a cache) and collect the JSON each prints last.
    `extra(n)` may add arguments for the n-th run."""
    import json
    import subprocess

    results = []
    for n, url in enumerate(databases):
        print(f"== {url}", file=sys.stderr, flush=True)
        output = subprocess.run(
            [sys.executable, script, "--database-url", url, *(extra(n) if extra else []), *argv],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(script).resolve().parent.parent,
        )
        sys.stderr.write(output.stderr[-2000:])
        results.append(json.loads(output.stdout.strip().splitlines()[-1]))
    return results
