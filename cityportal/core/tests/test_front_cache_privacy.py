"""What readers must stop seeing leaves a real HTTP front cache (a local server standing in for
Varnish) at once, not after PUBLIC_CACHE_SECONDS: a comment withdrawn, a page made private."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cityportal.feedback import privacy
from cityportal.feedback.models import Comment
from cityportal.feedback.moderation import moderate

from .test_deploy_settings import _run


def _comment(article, status=Comment.Status.APPROVED, email="ban-doc@example.invalid"):
    return Comment.objects.create(
        target=article, name="Bạn đọc", email=email, body="Ý kiến của tôi", status=status
    )


def test_varnish_url_in_the_environment_turns_purging_on(tmp_path):
    code = "from django.conf import settings as s; print(getattr(s, 'WAGTAILFRONTENDCACHE', {}))"
    assert _run(code, {}, tmp_path).stdout.strip() == "{}"
    purging = _run(code, {"VARNISH_URL": "http://127.0.0.1:6081"}, tmp_path).stdout
    assert "'BACKEND': 'cityportal.core.front_cache.HTTPBackend'" in purging
    assert "'LOCATION': 'http://127.0.0.1:6081'" in purging


def test_a_comment_a_moderator_hides_leaves_the_front_cache(
    make_article, front_cache, admin_user, django_capture_on_commit_callbacks
):
    article = make_article("Bài có bình luận")
    comment = _comment(article)
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate([comment], Comment.Status.REJECTED, admin_user)
    # Before, Varnish kept showing the hidden comment for up to 60 s.
    assert front_cache == [article.url]


def test_comments_moderated_together_purge_each_page_once(
    make_article, front_cache, admin_user, django_capture_on_commit_callbacks
):
    """A moderator hiding a batch of comments on two articles: one PURGE each, not one per
    comment."""
    busy, quiet = make_article("Bài nhiều bình luận"), make_article("Bài ít bình luận")
    comments = [_comment(busy) for _ in range(5)] + [_comment(quiet)]
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(comments, Comment.Status.REJECTED, admin_user)
    assert sorted(front_cache) == sorted([busy.url, quiet.url])


def test_comments_erased_at_their_writers_request_leave_the_front_cache(
    make_article, front_cache, django_capture_on_commit_callbacks
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
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_person("xin-xoa@example.invalid", by="test")
    assert sorted(front_cache) == sorted([alone.url, answered.url])


def test_a_comment_waiting_for_moderation_purges_nothing(
    make_article, front_cache, django_capture_on_commit_callbacks
):
    article = make_article("Bài có bình luận chờ duyệt")
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _comment(article, status=Comment.Status.PENDING)
    assert front_cache == []


def test_a_page_made_private_leaves_the_front_cache(
    make_article, section, front_cache, django_capture_on_commit_callbacks
):
    article = make_article("Bài trong chuyên mục sắp riêng tư")
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert {section.url, article.url} <= set(front_cache)


def _page_reads(queries) -> int:
    # The page looked up by its id, as `Page.objects.filter(pk=…).first()` does (other reads by
    # id are Wagtail's own: its check that the page exists, a site's root page).
    return sum(
        re.search(r'WHERE "wagtailcore_page"."id" = \d+ ORDER BY .* LIMIT 1$', query["sql"])
        is not None
        for query in queries
    )


def test_a_restrictions_page_is_not_read_again_by_those_who_purge(
    make_article, section, front_cache, django_capture_on_commit_callbacks
):
    """Core purges the page, news its listings, search takes it out of the index: each read the
    page the restriction was saved with again, three reads of one row."""
    make_article("Bài trong chuyên mục sắp riêng tư")
    with CaptureQueriesContext(connection) as queries:
        PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert _page_reads(queries) == 0, [q["sql"][-200:] for q in queries.captured_queries]
