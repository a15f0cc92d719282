"""Benchmark: generating the quarterly programme report (cityportal.reports) on SQLite and
PostgreSQL in the same run.

    make bench-reports                                          # both databases, full size
    .venv/bin/python bench/reports.py --monitor-items 100000    # a quick slice
    .venv/bin/python bench/reports.py --database-url sqlite:///var/bench-reports.sqlite3

Rows are inserted straight into the tables (bulk inserts, no signals), spread over the reported
quarter (2025Q3) and the one before, which the report compares with:
10,000 articles under the demo's sections (places, series, 10% from agencies' submissions),
200,000 page-view rows (20 days per article), 100,000 feedback items (50,000 comments, 50,000
ideas and questions, two thirds answered), 1,000,000 monitored items (80% primary stories) and
20 events. Then the report is generated as the scheduled job does: the snapshot (every KPI for
the quarter and the previous one), then PDF, XLSX and DOCX. Target: ≤ 10 s in all.

Each database is fresh (var/bench-reports.sqlite3, or PostgreSQL `cityportal_bench_reports`,
dropped and created) and used by nothing else.
"""

import argparse
import datetime
import json
import random
import sys
import time
import uuid

from bench_db import databases, fresh_django, run_each
from search_report import machine

DATABASES = databases("reports")
QUARTER = "2025Q3"
BATCH = 5000


def run_one(args) -> dict:
    fresh_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from cityportal.core.places import load_hcmc_units, load_national_units

    result = {"database": connection.vendor}
    call_command("migrate", interactive=False, verbosity=0)
    load_hcmc_units()
    load_national_units()
    call_command("load_demo", verbosity=0)
    started = time.perf_counter()
    result["rows"] = load(args, random.Random(8))
    result["load_seconds"] = time.perf_counter() - started
    with connection.cursor() as cursor:  # what autovacuum does after such a load (statistics,
        # and PostgreSQL's visibility map, without which no scan reads an index alone)
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    result["timings"] = generate()
    return result


def spread(rng, quarter, n):
    """n aware datetimes over the reported quarter and the previous one."""
    from django.utils import timezone

    start = quarter.previous().start
    days = (quarter.end - start).days + 1
    return [
        timezone.make_aware(
            datetime.datetime.combine(
                start + datetime.timedelta(days=rng.randrange(days)),
                datetime.time(rng.randrange(24), rng.randrange(60)),
            )
        )
        for _ in range(n)
    ]


def bulk(model, objects) -> None:
    for i in range(0, len(objects), BATCH):
        model.objects.bulk_create(objects[i : i + BATCH])


def load(args, rng) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from cityportal.contributions.models import Submission
    from cityportal.core.models import AdministrativeUnit, Organisation
    from cityportal.feedback.models import Comment, Enquiry
    from cityportal.news.models import ArticlePage, SectionPage, SeriesPage
    from cityportal.reports.models import PageViewDay
    from cityportal.reports.quarters import Quarter

    quarter = Quarter.parse(QUARTER)
    rows = {}
    with transaction.atomic():
        articles = insert_articles(args.articles, rng, quarter)
        rows["articles"] = len(articles)
        units = list(AdministrativeUnit.objects.local().values_list("pk", flat=True))
        series = list(SeriesPage.objects.values_list("pk", flat=True))
        Through = ArticlePage.places.through
        bulk(
            Through,
            [
                Through(articlepage_id=pk, administrativeunit_id=unit)
                for pk in articles
                for unit in rng.sample(units, rng.randint(0, 2))
            ],
        )
        if series:
            for pk in rng.sample(articles, len(articles) // 5):
                ArticlePage.objects.filter(pk=pk).update(series_id=rng.choice(series))
        user = get_user_model().objects.create_user("bench-reports", "b@example.invalid", "x")
        agencies = [
            Organisation.objects.get_or_create(slug=f"co-quan-{n}", defaults={"name": f"Sở {n}"})[0]
            for n in range(20)
        ]
        contributed = rng.sample(articles, len(articles) // 10)
        submissions = [
            Submission(
                tracking_number=f"DG-BENCH-{n}",
                organisation=rng.choice(agencies),
                submitted_by=user,
                title="Tin cộng tác",
                body="…",
                status=Submission.Status.PUBLISHED if article else Submission.Status.DECLINED,
                submitted_at=when,
                article_id=article,
            )
            for n, (article, when) in enumerate(
                zip(
                    contributed + [None] * 1000,
                    spread(rng, quarter, len(contributed) + 1000),
                    strict=True,
                )
            )
        ]
        bulk(Submission, submissions)
        rows["submissions"] = len(submissions)
        days = [quarter.start + datetime.timedelta(days=d) for d in range(92)]
        bulk(
            PageViewDay,
            [
                PageViewDay(page_id=pk, day=day, views=rng.randint(1, 300))
                for pk in articles
                for day in rng.sample(days, args.view_days)
            ],
        )
        rows["page_view_rows"] = len(articles) * args.view_days

        half = args.feedback // 2
        article_type = ContentType.objects.get_for_model(ArticlePage)
        bulk(
            Comment,
            [
                Comment(
                    content_type=article_type,
                    object_id=str(rng.choice(articles)),
                    name="Bạn đọc",
                    email="r@example.invalid",
                    body="Ý kiến của bạn đọc.",
                    status=rng.choice(["approved", "approved", "pending", "spam"]),
                    created_at=when,
                )
                for when in spread(rng, quarter, half)
            ],
        )
        enquiries = []
        for n, when in enumerate(spread(rng, quarter, half)):
            answered = when + datetime.timedelta(hours=rng.randint(2, 600)) if n % 3 else None
            enquiries.append(
                Enquiry(
                    kind=rng.choice(["idea", "question"]),
                    tracking_code=f"B{n:07d}",
                    topic="giao-thong",
                    title="Câu hỏi",
                    body="Nội dung",
                    name="Người dân",
                    email="d@example.invalid",
                    status="answered" if answered else "received",
                    created_at=when,
                    answered_at=answered,
                    due_date=when.date() + datetime.timedelta(days=15),
                )
            )
        bulk(Enquiry, enquiries)
        rows["feedback"] = half * 2
        sections = list(SectionPage.objects.all())
        rows["events"] = insert_events(rng, quarter, sections[0].get_parent())
    rows["monitor_items"] = insert_monitor_items(args.monitor_items, rng, quarter)
    return rows


def insert_articles(count: int, rng, quarter) -> list[int]:
    """Pages and their article rows, children of the demo's sections (tree paths made here:
    treebeard's add_child costs a query or three a page)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page

    from cityportal.news.models import ArticlePage, SectionPage

    sections = list(SectionPage.objects.all())
    article_type = ContentType.objects.get_for_model(ArticlePage)
    pages, extras, next_child = [], [], {}
    for n, when in enumerate(spread(rng, quarter, count)):
        section = sections[n % len(sections)]
        position = next_child.setdefault(section.pk, section.numchild) + 1
        next_child[section.pk] = position
        slug = f"bai-bench-{n}"
        pages.append(
            Page(
                title=f"Bài thử nghiệm {n}",
                draft_title=f"Bài thử nghiệm {n}",
                slug=slug,
                path=Page._get_path(section.path, section.depth + 1, position),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                content_type=article_type,
                live=True,
                first_published_at=when,
                last_published_at=when,
                locale_id=section.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
        extras.append(ArticlePage(sapo="Sapo thử nghiệm", published_at=when, body=[]))
    bulk(Page, pages)
    fields = [f for f in ArticlePage._meta.local_concrete_fields if f.column != "page_ptr_id"]
    columns = ", ".join(["page_ptr_id", *(f.column for f in fields)])
    marks = ", ".join(["%s"] * (len(fields) + 1))
    values = [
        [page.pk, *(f.get_db_prep_save(getattr(extra, f.attname), connection) for f in fields)]
        for page, extra in zip(pages, extras, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {ArticlePage._meta.db_table} ({columns}) VALUES ({marks})", values
        )
    for section in sections:
        Page.objects.filter(pk=section.pk).update(numchild=next_child.get(section.pk, 0))
    return [page.pk for page in pages]


def insert_events(rng, quarter, home) -> int:
    from cityportal.events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.first() or home.add_child(
        instance=EventIndexPage(title="Sự kiện", slug="su-kien-bench")
    )
    for n, when in enumerate(spread(rng, quarter, 20)):
        index.add_child(
            instance=EventPage(
                title=f"Tọa đàm {n}",
                slug=f"toa-dam-bench-{n}",
                kind=rng.choice(["talk", "seminar"]),
                summary="Tọa đàm thử nghiệm.",
                starts_at=when,
                ends_at=when + datetime.timedelta(hours=2),
                accepts_registrations=False,
                live=True,
                first_published_at=when,
            )
        )
    return 20


def insert_monitor_items(count: int, rng, quarter) -> int:
    """Items as the pipeline leaves them: each story (80%) first of its own cluster, each copy
    in an earlier story's cluster, the clusters' size and reach summed; texts of a comment's or
    a news lead's length; topics among VNTC's ten."""
    from django.db import transaction
    from django.utils import timezone

    from cityportal.monitor.models import TOPIC_NAMES, Cluster, Item, Source

    source = Source.objects.create(name="Nguồn thử nghiệm", kind=Source.Kind.MANUAL)
    topics = list(TOPIC_NAMES)
    sentence = (
        "Người dân phường {n} phản ánh tình trạng ngập nước kéo dài sau cơn mưa chiều qua, "
        "đề nghị thành phố sớm nạo vét cống và nâng cao mặt đường trước mùa mưa năm sau. "
    )
    texts = [sentence.format(n=n) * (1 + n % 4) for n in range(40)]  # 160 to 640 characters
    made = 0
    while made < count:
        n = min(50_000, count - made)
        when = sorted(spread(rng, quarter, n))
        primary = [i == 0 or rng.random() < 0.8 for i in range(n)]
        reactions = [rng.choice((0, 0, 0, 1, 3, 12, 150)) for _ in range(n)]
        stories, story_of, size, reach = [], {}, {}, {}
        for i in range(n):
            if primary[i]:
                stories.append(i)
            story = story_of[i] = i if primary[i] else rng.choice(stories[-200:])  # a recent one
            size[story] = size.get(story, 0) + 1
            reach[story] = reach.get(story, 0) + 1 + reactions[i]
        clusters = {
            i: Cluster(
                signature=b"", size=size[i], reach=reach[i], first_seen=when[i], last_seen=when[i]
            )
            for i in stories
        }
        items = [
            Item(
                source=source,
                key=str(made + i),
                text=texts[(made + i) % len(texts)],
                published_at=when[i],
                published_on=timezone.localdate(when[i]),
                status=Item.Status.PROCESSED,
                is_primary=primary[i],
                reactions=reactions[i],
                sentiment=rng.choice(["negative", "neutral", "positive"]),
                topic=rng.choice(topics),
            )
            for i in range(n)
        ]
        with transaction.atomic():
            bulk(Cluster, list(clusters.values()))  # primary keys are set (RETURNING)
            for i, item in enumerate(items):
                item.cluster_id = clusters[story_of[i]].pk
            bulk(Item, items)
        made += n
        print(f"  monitor items: {made:,}", file=sys.stderr, flush=True)
    return made


def generate() -> dict:
    """Time the scheduled job's work: snapshot, then each file."""
    from cityportal.reports.generate import RENDERERS, render
    from cityportal.reports.quarters import Quarter
    from cityportal.reports.snapshot import build

    timings = {}
    started = time.perf_counter()
    data = build(Quarter.parse(QUARTER))
    timings["snapshot"] = time.perf_counter() - started
    for fmt in RENDERERS:
        mark = time.perf_counter()
        content = render(data, fmt)
        timings[fmt] = time.perf_counter() - mark
        timings[f"{fmt}_bytes"] = len(content)
    timings["total"] = time.perf_counter() - started
    kpis = {k["key"]: k["value"] for g in data["groups"] for k in g["kpis"]}
    timings["check"] = {
        key: kpis[key]
        for key in ("articles_published", "feedback_received", "opinion_volume", "opinion_reach")
    }
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="run on this database only (used internally)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--view-days", type=int, default=20)
    parser.add_argument("--feedback", type=int, default=100_000)
    parser.add_argument("--monitor-items", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.database_url:
        print(json.dumps(run_one(args), ensure_ascii=False))
        return
    command = " ".join([".venv/bin/python", "bench/reports.py", *sys.argv[1:]])
    results = run_each(__file__, DATABASES, sys.argv[1:])
    report(results, command)


def report(results: list[dict], command: str) -> None:
    print(f"\nQuarterly report benchmark on {machine()}")
    print(f"reproduce: {command}\n")
    rows = results[0]["rows"]
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    print(
        f"\n{'seconds (target total ≤ 10)':32}" + "".join(f"{r['database']:>12}" for r in results)
    )
    for name in ("snapshot", "pdf", "xlsx", "docx", "total"):
        print(f"{name:32}" + "".join(f"{r['timings'][name]:>12.2f}" for r in results))
    for r in results:
        print(f"[{r['database']}] loaded in {r['load_seconds']:.0f} s; {r['timings']['check']}")


if __name__ == "__main__":
    main()
