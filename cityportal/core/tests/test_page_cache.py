"""Anonymous pages are served from the cache until something is published."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


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
