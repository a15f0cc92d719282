"""Background jobs: the clock that publishes scheduled pages, and both task queues."""

import datetime
import os
import threading

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from wagtail.tasks import update_reference_index_task

from cityportal.core.management.commands.run_worker import run_clock
from cityportal.core.places import load_hcmc_units
from cityportal.core.tests.conftest import wait_for
from cityportal.news.models import ArticlePage, SectionPage
from cityportal.news.newsroom import setup_newsroom


@pytest.fixture
def live_section(transactional_db):
    """The newsroom in a database that other threads can see (committed, not rolled back)."""
    load_hcmc_units()
    setup_newsroom()
    return SectionPage.objects.get(slug="kinh-te-xa-hoi")


def test_clock_publishes_scheduled_articles_and_expires_old_ones(live_section):
    # Far enough ahead that a busy machine still publishes it as scheduled, not at once.
    soon = timezone.now() + datetime.timedelta(seconds=4)
    scheduled = ArticlePage(title="Bài hẹn giờ", sapo="Sẽ đăng sau", live=False, go_live_at=soon)
    live_section.add_child(instance=scheduled)
    scheduled.save_revision().publish()
    expiring = ArticlePage(title="Bài hết hạn", sapo="Sẽ gỡ", expire_at=soon)
    live_section.add_child(instance=expiring)
    expiring.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert scheduled.scheduled_revision is not None

    stop = threading.Event()
    clock = threading.Thread(target=run_clock, args=(0.5, stop), daemon=True)
    clock.start()
    try:
        published = wait_for(
            lambda: ArticlePage.objects.filter(pk=scheduled.pk, live=True).exists()
        )
        expired = wait_for(
            lambda: ArticlePage.objects.filter(pk=expiring.pk, expired=True).exists()
        )
    finally:
        stop.set()
        clock.join(timeout=10)
    assert published, "the scheduled article was not published"
    assert expired, "the expired article is still live"
    assert not ArticlePage.objects.get(pk=expiring.pk).live


def test_database_queue_runs_tasks_enqueued_by_the_site(live_section):
    article = ArticlePage(title="Bài cho hàng đợi", sapo="x")
    live_section.add_child(instance=article)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        result = update_reference_index_task.enqueue("news", "articlepage", article.pk)
        assert result.status == TaskResultStatus.READY
        call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.redis
def test_redis_queue_runs_tasks_through_rq(live_section):
    redis_url = os.environ["REDIS_URL"]
    article = ArticlePage(title="Bài cho RQ", sapo="x")
    live_section.add_child(instance=article)
    with override_settings(
        RQ_QUEUES={"default": {"URL": redis_url}},
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    ):
        import django_rq

        django_rq.get_queue("default").empty()
        result = update_reference_index_task.enqueue("news", "articlepage", article.pk)
        assert result.status == TaskResultStatus.READY
        call_command(
            "rqworker",
            "default",
            "--burst",
            "--worker-class",
            "rq.worker.SimpleWorker",
            "--job-class",
            "django_tasks_rq.Job",
        )
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL


def test_clock_enqueues_periodic_tasks_once_per_period(db, settings):
    from django.core.cache import cache

    from cityportal.core.management.commands.run_worker import _enqueue_due_tasks
    from cityportal.search.index import rebuild
    from cityportal.search.models import Term

    rebuild()
    Term.objects.all().delete()
    settings.PERIODIC_TASKS = [("cityportal.search.tasks.refresh_vocabulary", 3600)]
    cache.delete("cityportal:clock:cityportal.search.tasks.refresh_vocabulary")
    _enqueue_due_tasks()  # the tests' task backend runs it at once
    assert Term.objects.filter(word="phuong").exists()
    Term.objects.all().delete()
    _enqueue_due_tasks()  # not due again for an hour
    assert not Term.objects.exists()


def test_clock_resumes_posts_left_pending_by_a_worker_stopped_mid_job(db, settings):
    # An upload stores its posts and enqueues one job; if that job fails, or its worker dies three
    # times, nothing new arrives to enqueue another: the clock must sweep.
    from django.core.cache import cache

    from cityportal.core.management.commands.run_worker import _enqueue_due_tasks
    from cityportal.monitor.models import Item, Source
    from cityportal.monitor.sources.uploads import import_posts

    source = Source.objects.create(name="Xuất Facebook", kind=Source.Kind.UPLOAD, active=False)
    csv = (
        "text,time\n"
        "Người dân phường Sài Gòn phản ánh ngập nước sau mưa,2026-11-01 08:00\n"
        "Cư dân TP Thủ Đức khen dịch vụ công trực tuyến,2026-11-01 09:00\n"
    )
    assert import_posts(source, csv.encode(), "posts.csv")["new"] == 2
    assert Item.objects.filter(status=Item.Status.PENDING).count() == 2

    monitor = [
        entry for entry in settings.PERIODIC_TASKS if entry[0].startswith("cityportal.monitor")
    ]
    for path, _every in monitor:
        cache.delete(f"cityportal:clock:{path}")
    settings.PERIODIC_TASKS = monitor
    _enqueue_due_tasks()  # the tests' task backend runs each at once

    assert not Item.objects.filter(status=Item.Status.PENDING).exists()
