#!/usr/bin/env python3
"""Benchmark: readers posting comments under load against the production server.

    make bench-feedback                                   # 500 posters for 60 s
    .venv/bin/python bench/feedback.py --posters 50 --seconds 10

gunicorn (2 workers × 8 threads, DEBUG off) serves a fresh SQLite database
(var/bench-feedback.sqlite3) with the demo newsroom loaded, and Redis (127.0.0.1:6379, database
5, flushed) as the shared cache, so the rate limits hold across worker processes. Each poster is
a thread with its own address (sent as X-Forwarded-For, trusted for the run) and e-mail: it GETs
the comment form once (CSRF cookie and token), then POSTs comments with unique text as fast as
the server answers until the time is up. Afterwards the database is checked: every comment the
server accepted (200) is stored exactly once, nothing else is stored, no address got more than
its limit through, and no answer was a server error.
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
from pathlib import Path

import redis
from pages import PY, ROOT, free_port, gunicorn, run
from search_report import machine

DB = ROOT / "var" / "bench-feedback.sqlite3"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posters", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DB}",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        "FEEDBACK_TRUST_X_FORWARDED_FOR": "1",
        "DEBUG": "0",
        "SECRET_KEY": "bench-feedback",
        "PLAIN_STATIC_STORAGE": "1",
        "DJANGO_SETTINGS_MODULE": "cityportal.settings",
    }
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # the project's own client, no redis-cli
    run([PY, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env)
    run([PY, "manage.py", "load_demo"], cwd=ROOT, env=env)
    article_id = subprocess.run(
        [
            PY,
            "manage.py",
            "shell",
            "--no-imports",
            "--verbosity",
            "0",
            "-c",
            "from cityportal.news.models import ArticlePage;"
            "print(ArticlePage.objects.live().first().pk)",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    path = f"/binh-luan/news.articlepage:{article_id}/"
    port = free_port()
    server = gunicorn("cityportal.wsgi", port, ROOT, env, workers=2, threads=8)
    try:
        results, lock = [], threading.Lock()
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(target=poster, args=(n, port, path, deadline, results, lock))
            for n in range(args.posters)
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
    stored = subprocess.run(
        [
            PY,
            "manage.py",
            "shell",
            "--no-imports",
            "--verbosity",
            "0",
            "-c",
            "from cityportal.feedback.models import Comment;"
            "print('\\n'.join(Comment.objects.values_list('body', flat=True)))",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    stored_counts = Counter(stored)
    twice = [t for t, c in stored_counts.items() if c > 1]
    missing = set(accepted) - set(stored_counts)
    unexpected = set(stored_counts) - set(accepted) - set(unknown)
    limit = int(env.get("FEEDBACK_RATE_PER_IP", "5"))
    over = {ip: n for ip, n in per_ip.items() if n > limit}
    server_errors = sum(c for s, c in outcomes.items() if isinstance(s, int) and s >= 500)

    print(f"\nComment posting under load on {machine()}")
    print(f"reproduce: {PY} bench/feedback.py --posters {args.posters} --seconds {args.seconds}")
    print(f"{args.posters} posters for {elapsed:.1f} s; answers: {dict(outcomes)}")
    print(
        f"accepted and stored: {len(accepted)} ({len(accepted) / elapsed:.1f} submissions/s); "
        f"all answers: {sum(c for c in outcomes.values()) / elapsed:.1f}/s"
    )
    print(
        f"server errors: {server_errors}; stored twice: {len(twice)}; accepted but missing: "
        f"{len(missing)}; stored but not accepted: {len(unexpected)}; addresses over the limit "
        f"of {limit}: {len(over)}"
    )
    ok = not (server_errors or twice or missing or unexpected or over)
    print("RESULT:", "ok" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
