"""The site navigation costs an uncached page render no query once warm, and a section
published, unpublished or moved is in it (or out of it) at once."""

import re

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cityportal.news.models import SectionPage

NAV = Template(
    "{% load news_tags event_tags %}{% site_sections as sections %}"
    "{% for s in sections %}{{ s.url }} {{ s.title }}{% if s.current %} *{% endif %};{% endfor %}"
    "{% events_index_url as events_url %}{{ events_url }}"
)


def menu(client) -> dict[str, str]:
    """The navigation's sections of the home page: title → address."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', client.get("/").content.decode(), re.S)
    return dict(
        (title, url) for url, title in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav[0])
    )


def test_the_navigation_costs_no_query_when_warm(make_article, django_assert_num_queries):
    article = make_article()
    context = Context({"request": RequestFactory().get(article.url), "page": article})
    first = NAV.render(context)
    with django_assert_num_queries(0):
        assert NAV.render(context) == first
    # The article's section is the current one, found without asking for the article's parent.
    assert f"{article.get_parent().url} {article.get_parent().title} *;" in first


def test_a_page_render_spends_no_query_on_the_menu(client, make_article):
    """Before: the menu's sections, the events index and the page's parent (for aria-current)."""
    article = make_article()
    section = article.get_parent()
    client.get(article.url)  # warm
    with CaptureQueriesContext(connection) as queries:
        html = client.get(article.url).content.decode()
    assert f'<a href="{section.url}" aria-current="page">{section.title}</a>' in html
    wheres = [q["sql"].partition(" WHERE ")[2] for q in queries]
    assert not [w for w in wheres if '"show_in_menus"' in w]  # the menu's sections
    assert not [q["sql"] for q in queries if "events_eventindexpage" in q["sql"]]
    assert not [w for w in wheres if f"\"path\" = '{section.path}'" in w]  # the article's parent


def test_a_section_published_unpublished_or_moved_shows_at_once(client, home, section):
    assert "Giao thông" not in menu(client)  # the menu is warm
    traffic = home.add_child(
        instance=SectionPage(title="Giao thông", slug="giao-thong", show_in_menus=True, live=False)
    )
    traffic.save_revision().publish()
    assert menu(client)["Giao thông"] == "/giao-thong/"

    traffic.move(section, pos="last-child")
    assert menu(client)["Giao thông"] == f"{section.url}giao-thong/"

    SectionPage.objects.get(pk=traffic.pk).unpublish()
    assert "Giao thông" not in menu(client)


def test_publishing_moves_the_version_on_again_after_the_commit(
    home, django_capture_on_commit_callbacks
):
    """Wagtail publishes inside a transaction: a request between the first bump and the commit
    would cache the old menu under the new version, so the version moves on once more after it."""
    from cityportal.core.middleware import content_version

    traffic = home.add_child(
        instance=SectionPage(title="Giao thông", slug="giao-thong", show_in_menus=True, live=False)
    )
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        traffic.save_revision().publish()
        during = content_version()
    assert before < during < content_version()
    assert callbacks
