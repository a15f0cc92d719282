"""What readers must stop seeing leaves a real HTTP front cache (a local server standing in for
Varnish) at once, not after PUBLIC_CACHE_SECONDS: a comment withdrawn, a page made private."""

import threading
from http.server import ThreadingHTTPServer

import pytest
from wagtail.models import PageViewRestriction

from cityportal.feedback import privacy
from cityportal.feedback.models import Comment
from cityportal.feedback.moderation import moderate
from cityportal.news.tests.test_front_cache import PurgeRecorder

from .test_deploy_settings import _run


@pytest.fixture
def purged(settings):
    """The paths a local HTTP server, named as the front cache, was sent PURGE requests for."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.purged = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def _comment(article, status=Comment.Status.APPROVED, email="ban-doc@example.invalid"):
    return Comment.objects.create(
        target=article, name="Bạn đọc", email=email, body="Ý kiến của tôi", status=status
    )


def test_varnish_url_in_the_environment_turns_purging_on(tmp_path):
    code = "from django.conf import settings as s; print(getattr(s, 'WAGTAILFRONTENDCACHE', {}))"
    assert _run(code, {}, tmp_path).stdout.strip() == "{}"
    purging = _run(code, {"VARNISH_URL": "http://127.0.0.1:6081"}, tmp_path).stdout
    assert "'BACKEND': 'wagtail.contrib.frontend_cache.backends.HTTPBackend'" in purging
    assert "'LOCATION': 'http://127.0.0.1:6081'" in purging


def test_a_comment_a_moderator_hides_leaves_the_front_cache(
    make_article, purged, admin_user, django_capture_on_commit_callbacks
):
    article = make_article("Bài có bình luận")
    comment = _comment(article)
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate([comment], Comment.Status.REJECTED, admin_user)
    # Before, Varnish kept showing the hidden comment for up to 60 s.
    assert purged == [article.url]


def test_comments_erased_at_their_writers_request_leave_the_front_cache(
    make_article, purged, django_capture_on_commit_callbacks
):
    alone = make_article("Bài có bình luận sẽ xóa")
    answered = make_article("Bài có bình luận đã có người trả lời")
    _comment(alone, email="xin-xoa@example.invalid")
    # Answered by someone else: kept under an anonymous name, so the thread still reads.
    first = _comment(answered, email="xin-xoa@example.invalid")
    Comment.objects.create(
        target=answered,
        parent=first,
        name="Người khác",
        email="khac@example.invalid",
        body="Đồng ý",
        status=Comment.Status.APPROVED,
    )
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_person("xin-xoa@example.invalid", by="test")
    assert sorted(purged) == sorted([alone.url, answered.url])


def test_a_comment_waiting_for_moderation_purges_nothing(
    make_article, purged, django_capture_on_commit_callbacks
):
    article = make_article("Bài có bình luận chờ duyệt")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _comment(article, status=Comment.Status.PENDING)
    assert purged == []


def test_a_page_made_private_leaves_the_front_cache(
    make_article, section, purged, django_capture_on_commit_callbacks
):
    article = make_article("Bài trong chuyên mục sắp riêng tư")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert {section.url, article.url} <= set(purged)
