#!/usr/bin/env python3
"""Benchmark: requests/s and p50/p99 latency of CityPortal's home and article pages under concurrent
load, beside a vanilla Wagtail site (the `wagtail start` template) served the same way in the same run.

Both sites run on gunicorn with the same workers and threads, on SQLite, DEBUG off; wrk (Debian)
drives the load from a second process on loopback. Reproduce with `make bench-pages`.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PY = str(VENV / "python")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kwargs):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kwargs)


def gunicorn(app: str, port: int, cwd: Path, env: dict, workers: int, threads: int):
    cmd = [
        str(VENV / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return proc
        except Exception:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{app} did not start on port {port}")


def stop(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


def wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": pct(50),
        "p99": pct(99),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def prepare_cityportal(var: Path) -> tuple[dict, str]:
    env = {
        **os.environ,
        "CITYPORTAL_VAR": str(var),
        "DJANGO_SETTINGS_MODULE": "cityportal.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
    }
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
        run([PY, "manage.py", *args], cwd=ROOT, env=env)
    article = (
        subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "-c",
                "from cityportal.news.models import ArticlePage; print(ArticlePage.objects.published()[0].url)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return env, article


def prepare_vanilla(where: Path) -> dict:
    run([str(VENV / "wagtail"), "start", "vanilla", str(where)])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vanilla.settings.production",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "*",
    }
    env.pop("DATABASE_URL", None)
    # The template's production settings still read ALLOWED_HOSTS from its base file.
    prod = where / "vanilla" / "settings" / "production.py"
    prod.write_text(prod.read_text() + '\nALLOWED_HOSTS = ["*"]\nSECRET_KEY = "bench"\n')
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        run([PY, "manage.py", *args], cwd=where, env=env)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk (the Makefile's bench-pages does)")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="cityportal-bench-"))
    procs = []
    try:
        portal_env, article_url = prepare_cityportal(tmp / "var")
        (tmp / "vanilla").mkdir()
        vanilla_env = prepare_vanilla(tmp / "vanilla")
        p1, p2, p3 = free_port(), free_port(), free_port()
        uncached_env = {**portal_env, "PAGE_CACHE_SECONDS": "0"}
        for app, port, cwd, env in [
            ("cityportal.wsgi:application", p1, ROOT, portal_env),
            ("cityportal.wsgi:application", p3, ROOT, uncached_env),
            ("vanilla.wsgi:application", p2, tmp / "vanilla", vanilla_env),
        ]:
            procs.append(gunicorn(app, port, cwd, env, args.workers, args.threads))
        targets = [
            ("vanilla Wagtail home", f"http://127.0.0.1:{p2}/"),
            ("CityPortal home", f"http://127.0.0.1:{p1}/"),
            ("CityPortal article", f"http://127.0.0.1:{p1}{article_url}"),
            ("home, page cache off", f"http://127.0.0.1:{p3}/"),
            ("article, page cache off", f"http://127.0.0.1:{p3}{article_url}"),
        ]
        for _, url in targets:  # warm caches and renditions
            wrk(url, 2, 4)
        results = {name: wrk(url, args.seconds, args.connections) for name, url in targets}
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)

    base = results["vanilla Wagtail home"]["rps"]
    print(
        f"\n{'page':24} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs vanilla':>11} {'non-2xx':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:24} {r['rps']:9.1f} {r['p50']:8.1f} {r['p99']:8.1f} {r['rps'] / base:10.2f}x {r['non2xx']:8d}"
        )
    print(
        f"\nwrk -t2 -c{args.connections} -d{args.seconds}s; gunicorn --workers {args.workers} "
        f"--threads {args.threads}; {os.cpu_count()} cores"
    )
    print("Reproduce: make bench-pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
