"""Keep caches honest when articles change: Django's page cache goes stale, and a front cache
(Varnish) is purged of every page an article appears on. Wagtail purges the article's own URL;
the listings that show it change too."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from cityportal.core.middleware import bump_content_version
from cityportal.core.signals import guarded_page


def purge_listings(articles: Iterable) -> None:
    """Purge the home page, sections, series, feeds, sitemap and places that list `articles`,
    with a fixed number of queries however many articles there are (a bulk import sends 35,000)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from cityportal.core.models import AdministrativeUnit

    from .models import SectionPage, SeriesPage

    articles = list(articles)
    site = articles[0].get_site() if articles else None
    if site is None:
        return
    sections = list(
        SectionPage.objects.filter(path__in={a.path[: -Page.steplen] for a in articles})
    )
    batch = PurgeBatch()
    batch.add_page(site.root_page)
    batch.add_pages(sections)
    batch.add_pages(
        SeriesPage.objects.filter(pk__in={a.series_id for a in articles if a.series_id})
    )
    paths = [reverse("feed_rss"), reverse("feed_atom"), reverse("sitemap")]
    for section in sections:
        paths += [
            reverse("section_feed_rss", args=[section.slug]),
            reverse("section_feed_atom", args=[section.slug]),
        ]
    places = AdministrativeUnit.objects.filter(articles__in=[a.pk for a in articles]).distinct()
    paths += [place.get_absolute_url() for place in places]
    batch.add_urls(site.root_url + path for path in paths)
    # After the commit, as core.signals purges the page itself: purged sooner, the front cache
    # could fetch a listing without the article again and keep it.
    transaction.on_commit(batch.purge)


def _article_changed(sender, instance, **kwargs) -> None:
    purge_listings([instance])


def _privacy_changed(sender, instance, **kwargs) -> None:
    # An article made private (or under a section made private) leaves the listings that showed
    # its title and summary too; core.signals purges the pages themselves.
    from .models import ArticlePage

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    page = guarded_page(instance)
    if page is not None:
        purge_listings(ArticlePage.objects.descendant_of(page, inclusive=True).live())


def connect() -> None:
    from .models import ArticlePage

    page_published.connect(_article_changed, sender=ArticlePage, dispatch_uid="news-purge-pub")
    page_unpublished.connect(_article_changed, sender=ArticlePage, dispatch_uid="news-purge-unpub")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=PageViewRestriction, dispatch_uid="news-purge-privacy"
        )


# Sent once for many articles published without Wagtail's per-page signals (an import):
# receivers (search) do their per-article work in bulk.
articles_published = Signal()


def articles_published_in_bulk(articles: list) -> None:
    """What publishing each article would have done to caches, once for a whole import."""
    if articles:
        bump_content_version()
        purge_listings(articles)
        articles_published.send(sender=articles[0].__class__, pages=articles)
