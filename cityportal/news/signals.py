"""Purge a front cache (Varnish) of every page an article appears on when it is published or
unpublished. Wagtail purges the article's own URL; the listings that show it change too."""

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished


def purge_article_listings(sender, instance, **kwargs) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    site = instance.get_site()
    if site is None:
        return
    section = instance.get_parent().specific
    batch = PurgeBatch()
    batch.add_pages(instance.get_ancestors().filter(depth__gt=1).live())
    if instance.series_id:
        batch.add_page(instance.series)
    paths = [
        reverse("feed_rss"),
        reverse("feed_atom"),
        reverse("section_feed_rss", args=[section.slug]),
        reverse("section_feed_atom", args=[section.slug]),
        reverse("sitemap"),
    ]
    paths += [place.get_absolute_url() for place in instance.places.all()]
    batch.add_urls(site.root_url + path for path in paths)
    batch.purge()


def connect() -> None:
    from .models import ArticlePage

    page_published.connect(
        purge_article_listings, sender=ArticlePage, dispatch_uid="news-purge-pub"
    )
    page_unpublished.connect(
        purge_article_listings, sender=ArticlePage, dispatch_uid="news-purge-unpub"
    )
