"""The index sweep repairs what a lost index job left (RQ does not run again a job whose worker
died). A test's on-commit callbacks only run inside `django_capture_on_commit_callbacks`, so
publishing outside it is a request whose indexing, or the job it enqueues, never ran."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, PageViewRestriction

from cityportal.search.backends import get_backend
from cityportal.search.engine import search
from cityportal.search.models import Document
from cityportal.search.sweep import sweep


@pytest.fixture(autouse=True)
def setup_is_old(db):
    """The sections' publication when the test database was made is not what a test sweeps."""
    PageLogEntry.objects.update(timestamp=timezone.now() - datetime.timedelta(days=30))


@pytest.fixture
def sweep_later():
    """Sweeps 10, 20, 30… minutes on (or `minutes` on), past the grace each leaves a running job."""
    start, step = timezone.now(), iter(range(10, 10_000, 10))

    def later(minutes=None):
        return sweep(start + datetime.timedelta(minutes=minutes or next(step)))

    return later


def titles(text):
    return sorted(hit.document.title for hit in search(text).hits)


def rewrite(documents):
    """Documents back in the index as they were read, as a late writer would put them."""
    for document in documents:
        document.save()
    get_backend().write(documents)


def test_sweep_indexes_an_import_whose_job_was_lost(section, tmp_path, sweep_later):
    from cityportal.news.tests.importers.helpers import run, write_jsonl

    records = [
        {"id": f"a{i}", "title": f"Bản tin bị sót số {i}", "sapo": "Tin.", "body": "<p>x</p>"}
        for i in range(3)
    ]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")
    assert search("ban tin bi sot").total == 0  # index_pages never ran

    assert sweep_later() == {"indexed": 3, "removed": 0}
    assert search("ban tin bi sot").total == 3
    assert sweep_later() == {"indexed": 0, "removed": 0}  # nothing left to do, nothing redone


def test_sweep_refreshes_a_document_older_than_the_last_publication(
    make_article, django_capture_on_commit_callbacks, sweep_later
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Tiêu đề trước khi sửa")
    article.title = "Tiêu đề sau khi sửa lại"
    article.save_revision().publish()  # its indexing lost
    assert titles("tieu de") == ["Tiêu đề trước khi sửa"]

    assert sweep_later()["indexed"] == 1
    assert titles("tieu de") == ["Tiêu đề sau khi sửa lại"]
    assert Document.objects.get(kind="article").url == article.url


def test_sweep_takes_out_a_section_made_private_and_brings_it_back(
    make_article, section, django_capture_on_commit_callbacks, sweep_later
):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Dự toán nội bộ quý một")
        make_article(title="Dự toán nội bộ quý hai")
    indexed = list(Document.objects.filter(section=section.slug))
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    assert search("du toan noi bo").total == 0  # out at once: no job to lose
    # A job that read the section while it was public wrote it after the restriction.
    rewrite(indexed)
    assert search("du toan noi bo").total == 2

    assert sweep_later() == {"indexed": 0, "removed": 3}  # the section and its two articles
    assert search("du toan noi bo").total == 0

    restriction.delete()  # lost again
    assert sweep_later()["indexed"] == 3
    assert search("du toan noi bo").total == 2


def test_sweep_takes_out_an_article_made_private_unpublished_or_deleted(
    make_article, django_capture_on_commit_callbacks, sweep_later
):
    with django_capture_on_commit_callbacks(execute=True):
        secret = make_article(title="Biên bản họp kín")
        withdrawn = make_article(title="Biên bản họp bị rút")
        deleted = make_article(title="Biên bản họp bị xóa")
        make_article(title="Biên bản họp công khai")
    # A restriction and a deletion take their documents out in the request; here as if a job
    # that read the page before had written it after, and as if the deletion's had failed.
    kept = list(Document.objects.filter(title__in=["Biên bản họp kín", "Biên bản họp bị xóa"]))
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    withdrawn.unpublish()
    deleted.delete()
    assert search("bien ban hop").total == 2
    rewrite(kept)
    assert search("bien ban hop").total == 4

    assert sweep_later() == {"indexed": 0, "removed": 3}
    assert titles("bien ban hop") == ["Biên bản họp công khai"]


def test_sweep_gives_moved_and_renamed_sections_their_new_urls(
    make_article, section, home, django_capture_on_commit_callbacks, sweep_later
):
    from cityportal.news.models import SectionPage

    culture = SectionPage.objects.get(slug="van-hoa")
    with django_capture_on_commit_callbacks(execute=True):
        festival = make_article(title="Lễ hội áo dài")
        for i in range(3):
            make_article(title=f"Chợ đêm số {i}")
    festival.move(culture, pos="last-child")  # its index_subtree job lost
    section.slug = "kinh-te"
    section.save_revision().publish()  # the section's own indexing and its job lost

    assert sweep_later() == {"indexed": 5, "removed": 0}  # the section, 3 articles, the moved one
    urls = dict(Document.objects.filter(kind="article").values_list("title", "url"))
    assert urls["Lễ hội áo dài"].startswith("/van-hoa/")
    assert all(urls[f"Chợ đêm số {i}"].startswith("/kinh-te/") for i in range(3))
    assert Document.objects.get(kind="article", title="Lễ hội áo dài").section == "van-hoa"
    assert Document.objects.get(kind="section", section="kinh-te").url == "/kinh-te/"


def test_a_sweep_running_beside_another_does_nothing(make_article):
    make_article(title="Bài chưa vào chỉ mục")
    now = timezone.now() + datetime.timedelta(minutes=10)
    assert sweep(now) == {"indexed": 1, "removed": 0}
    # A second worker started the same sweep: the stretch of time is already claimed.
    assert sweep(now) == {"indexed": 0, "removed": 0}
    assert Document.objects.filter(kind="article").count() == 1


def test_a_clean_index_costs_a_few_queries(
    make_article, django_capture_on_commit_callbacks, django_assert_max_num_queries, sweep_later
):
    with django_capture_on_commit_callbacks(execute=True):
        articles = [make_article(title=f"Tin số {i}") for i in range(12)]
    # Twelve publications since, all indexed: the claim (the first sweep makes its row), the
    # log, the restrictions, the pages' rows and their documents' keys and times.
    with django_assert_max_num_queries(9):
        assert sweep_later(10) == {"indexed": 0, "removed": 0}
    with django_assert_max_num_queries(6):
        assert sweep_later(20) == {"indexed": 0, "removed": 0}
    assert Document.objects.filter(kind="article").count() == len(articles)
    # Nothing logged since (the hour of overlap past): the claim and the log.
    sweep_later(120)
    with django_assert_max_num_queries(3):
        assert sweep_later(130) == {"indexed": 0, "removed": 0}


def test_the_worker_clock_runs_the_sweep(make_article, settings):
    from django.core.cache import cache

    from cityportal.core.management.commands.run_worker import _enqueue_due_tasks

    path = "cityportal.search.tasks.sweep_index"
    assert (path, 600) in settings.PERIODIC_TASKS
    make_article(title="Bài của một công việc bị mất")
    # The sweep leaves changes younger than its grace to their own job: this one is older.
    PageLogEntry.objects.update(timestamp=timezone.now() - datetime.timedelta(minutes=6))
    cache.delete(f"cityportal:clock:{path}")
    settings.PERIODIC_TASKS = [(path, 600)]
    _enqueue_due_tasks()  # the tests' task backend runs it at once
    assert titles("cong viec bi mat") == ["Bài của một công việc bị mất"]
