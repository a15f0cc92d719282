"""Anonymous pages are served from the cache until something is published."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_view_is_served_from_the_cache(client, make_article, page_cache):
    article = make_article("Bài được lưu đệm")
    first = client.get(article.url)
    assert first.status_code == 200 and "X-Page-Cache" not in first
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries.captured_queries) == 0
    assert "public" in second["Cache-Control"]


def test_publishing_makes_cached_pages_stale(client, make_article, page_cache, section):
    article = make_article("Tiêu đề cũ")
    assert "Tiêu đề cũ" in client.get(section.url).content.decode()
    article.title = "Tiêu đề mới"
    article.save_revision().publish()
    html = client.get(section.url).content.decode()
    assert ">Tiêu đề mới</a>" in html and ">Tiêu đề cũ</a>" not in html
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_signed_in_editors_never_get_the_cached_copy(client, make_article, page_cache, staff):
    article = make_article("Bài cho biên tập")
    client.get(article.url)
    client.force_login(staff["editor"])
    response = client.get(article.url)
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_made_private_is_no_longer_served_from_the_cache(
    client, make_article, page_cache, section, django_capture_on_commit_callbacks
):
    article = make_article("Bài sắp thành riêng tư")
    assert client.get(article.url).status_code == 200
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert article.slug in client.get("/sitemap.xml").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(article.url)
    assert response.status_code == 302 and "X-Page-Cache" not in response  # to the login page
    sitemap = client.get("/sitemap.xml")
    assert "X-Page-Cache" not in sitemap and article.slug not in sitemap.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get(article.url).status_code == 200


def test_search_answers_are_not_kept_in_the_page_cache(client, db, page_cache):
    for _ in range(2):
        response = client.get("/api/v1/search", {"q": "thu duc"})
        assert response.status_code == 200 and "X-Page-Cache" not in response
        suggestions = client.get("/api/v1/search/suggest", {"q": "thu d"})
        assert suggestions.status_code == 200 and "X-Page-Cache" not in suggestions
    # Browsers and a front cache may still keep them briefly.
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "public" in suggestions["Cache-Control"]


def test_rebuilding_search_makes_cached_pages_stale(client, make_article, page_cache):
    article = make_article("Bài trước khi dựng lại chỉ mục")
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    call_command("rebuild_search", stdout=io.StringIO())
    assert "X-Page-Cache" not in client.get(article.url)


def test_a_culled_content_version_never_brings_back_an_earlier_one():
    """A full file cache may cull the version key itself; starting again from 1 made pages
    cached under the first versions current again."""
    from django.core.cache import cache

    from cityportal.core.middleware import (
        CONTENT_VERSION_KEY,
        bump_content_version,
        content_version,
    )

    seen = {content_version()}
    for _ in range(3):
        bump_content_version()
        seen.add(content_version())
    cache.delete(CONTENT_VERSION_KEY)  # culled
    assert content_version() > max(seen)
    cache.delete(CONTENT_VERSION_KEY)
    bump_content_version()  # culled, then a page published
    assert content_version() > max(seen)


def test_a_page_read_over_http_is_not_served_to_https_readers(client, db, page_cache, settings):
    # Pages write absolute links from the request (canonical, og:url, og:image): a copy made for
    # http:// told https:// readers and share previews to leave HTTPS.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/dia-ban/", HTTP_HOST="testserver")
    assert 'rel="canonical" href="http://testserver/dia-ban/"' in plain.content.decode()
    secure = client.get("/dia-ban/", HTTP_HOST="testserver", HTTP_X_FORWARDED_PROTO="https")
    assert 'rel="canonical" href="https://testserver/dia-ban/"' in secure.content.decode()
    again = client.get("/dia-ban/", HTTP_HOST="testserver", HTTP_X_FORWARDED_PROTO="https")
    assert again["X-Page-Cache"] == "hit"
