#!/usr/bin/env python3
"""Benchmark: readers posting comments under load against the production server, on SQLite and on
PostgreSQL in the same run, printed side by side.

    make bench-feedback                                   # 500 posters for 60 s, both databases
    .venv/bin/python bench/feedback.py --posters 50 --seconds 10
    .venv/bin/python bench/feedback.py --database-url sqlite:///var/bench-feedback.sqlite3

gunicorn (2 workers × 8 threads, DEBUG off, bin/gunicorn.conf.py as bin/serve uses it, so each
worker has the toxicity model loaded before its first request) serves a fresh database
(var/bench-feedback.sqlite3, or PostgreSQL `cityportal_bench_feedback` on 127.0.0.1:5432, dropped
and created) with the demo newsroom loaded, and Redis (127.0.0.1:6379, database 5, flushed) as
the shared cache, so the rate limits hold across worker processes. Each poster is a thread with
its own address (sent as X-Forwarded-For, trusted for the run) and e-mail: it GETs the comment
form once (CSRF cookie and token), then POSTs comments with unique text as fast as the server
answers until the time is up. Afterwards the database is checked: every comment the server
accepted (200) is stored exactly once, nothing else is stored, no address got more than its
limit through, and no answer was a server error.
"""

import argparse
import http.client
import http.cookies
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter

import redis
from bench_db import databases, prepare_database
from pages import PY, ROOT, free_port, gunicorn, run
from search_report import machine

DATABASES = databases("feedback")
GUNICORN_CONFIG = ROOT / "bin" / "gunicorn.conf.py"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def poster(n: int, port: int, path: str, deadline: float, results: list, lock: threading.Lock):
    ip = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    headers = {"X-Forwarded-For": ip, "Host": "127.0.0.1"}
    outcomes, accepted, unknown = Counter(), [], []
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        cookie = http.cookies.SimpleCookie(response.headers.get("Set-Cookie", ""))
        token = TOKEN.search(body).group(1).decode()
        headers |= {
            "Cookie": f"csrftoken={cookie['csrftoken'].value}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{path}",
        }
        i = 0
        while time.monotonic() < deadline:
            text = f"bench-{n}-{i} Ý kiến về tuyến buýt điện số {i}."
            form = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"Bạn đọc {n}",
                    "email": f"poster{n}@example.invalid",
                    "body": text,
                    "consent": "on",
                }
            )
            i += 1
            try:
                conn.request("POST", path, body=form.encode(), headers=headers)
                response = conn.getresponse()
                response.read()
            except (http.client.HTTPException, OSError) as error:
                # The server closed an idle keep-alive connection, or the answer was lost: the
                # comment may or may not be stored, so it is neither counted nor required.
                outcomes[f"lost: {type(error).__name__}"] += 1
                unknown.append(text)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            outcomes[response.status] += 1
            if response.status == 200:
                accepted.append(text)
    except Exception as error:  # the form page itself failed: the poster never started
        outcomes[f"error: {type(error).__name__}"] += 1
    with lock:
        results.append((ip, outcomes, accepted, unknown))


def manage_output(env: dict, code: str) -> str:
    return subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def run_one(database_url: str, posters: int, seconds: int) -> dict:
    """One run against a fresh database: what the posters saw and what the database holds."""
    prepare_database(database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        "FEEDBACK_TRUST_X_FORWARDED_FOR": "1",
        "DEBUG": "0",
        "SECRET_KEY": "bench-feedback",
        "PLAIN_STATIC_STORAGE": "1",
        "DJANGO_SETTINGS_MODULE": "cityportal.settings",
        # The production server's settings file, as bin/serve passes it with -c.
        "GUNICORN_CMD_ARGS": f"--config {GUNICORN_CONFIG}",
    }
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # the project's own client, no redis-cli
    run([PY, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env)
    run([PY, "manage.py", "load_demo"], cwd=ROOT, env=env)
    article_id = manage_output(
        env,
        "from cityportal.news.models import ArticlePage;"
        "print(ArticlePage.objects.live().first().pk)",
    ).strip()
    path = f"/binh-luan/news.articlepage:{article_id}/"
    port = free_port()
    server = gunicorn("cityportal.wsgi", port, ROOT, env, workers=2, threads=8)
    try:
        results, lock = [], threading.Lock()
        started = time.monotonic()
        deadline = started + seconds
        threads = [
            threading.Thread(target=poster, args=(n, port, path, deadline, results, lock))
            for n in range(posters)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)

    outcomes = Counter()
    accepted, unknown = [], []
    per_ip = {}
    for ip, counts, texts, lost in results:
        outcomes.update(counts)
        accepted += texts
        unknown += lost
        per_ip[ip] = len(texts)
    stored = manage_output(
        env,
        "from cityportal.feedback.models import Comment;"
        "print('\\n'.join(Comment.objects.values_list('body', flat=True)))",
    ).splitlines()
    stored_counts = Counter(line for line in stored if line)  # none stored prints one blank line
    limit = int(env.get("FEEDBACK_RATE_PER_IP", "5"))
    return {
        "database": "PostgreSQL" if database_url.startswith("postgres") else "SQLite",
        "elapsed": elapsed,
        "outcomes": outcomes,
        "accepted": len(accepted),
        "answers": sum(outcomes.values()),
        "server_errors": sum(c for s, c in outcomes.items() if isinstance(s, int) and s >= 500),
        "twice": sum(1 for c in stored_counts.values() if c > 1),
        "missing": len(set(accepted) - set(stored_counts)),
        "unexpected": len(set(stored_counts) - set(accepted) - set(unknown)),
        "limit": limit,
        "over": sum(1 for n in per_ip.values() if n > limit),
    }


def report(runs: list[dict], posters: int, seconds: int) -> bool:
    rows = [
        (
            "answers",
            lambda r: ", ".join(f"{n} × {s}" for s, n in sorted(r["outcomes"].items(), key=str)),
        ),
        ("accepted (200)", lambda r: str(r["accepted"])),
        ("accepted submissions/s", lambda r: f"{r['accepted'] / r['elapsed']:.1f}"),
        ("all answers/s", lambda r: f"{r['answers'] / r['elapsed']:.1f}"),
        ("wall time, s", lambda r: f"{r['elapsed']:.1f}"),
        ("server errors", lambda r: str(r["server_errors"])),
        ("stored twice", lambda r: str(r["twice"])),
        ("accepted but missing", lambda r: str(r["missing"])),
        ("stored but not accepted", lambda r: str(r["unexpected"])),
        ("addresses over the limit", lambda r: f"{r['over']} (limit {r['limit']})"),
    ]
    print(f"\nComment posting under load on {machine()}")
    print(f"reproduce: {PY} bench/feedback.py --posters {posters} --seconds {seconds}")
    print(f"{posters} posters for {seconds} s each run\n")
    width = max(len(label) for label, _ in rows)
    column = max(len(value(r)) for _, value in rows for r in runs) + 2
    print(f"{'':<{width}}  " + "".join(f"{r['database']:<{column}}" for r in runs))
    for label, value in rows:
        print(f"{label:<{width}}  " + "".join(f"{value(r):<{column}}" for r in runs))
    limit = runs[0]["limit"]
    print(f"(at most {posters * limit} can be accepted: {posters} addresses × the limit {limit})")
    ok = all(
        not (r["server_errors"] or r["twice"] or r["missing"] or r["unexpected"] or r["over"])
        for r in runs
    )
    print("RESULT:", "ok" if ok else "FAILED")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posters", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--database-url", action="append", help="run on this database only (repeatable)"
    )
    args = parser.parse_args()
    runs = []
    for url in args.database_url or DATABASES:
        runs.append(run_one(url, args.posters, args.seconds))
        done = runs[-1]  # said at once, so a later run that fails does not lose it
        print(
            f"{done['database']}: {done['accepted'] / done['elapsed']:.1f} accepted/s, "
            f"answers {dict(done['outcomes'])}",
            flush=True,
        )
    sys.exit(0 if report(runs, args.posters, args.seconds) else 1)


if __name__ == "__main__":
    main()
