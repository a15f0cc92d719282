"""RSS 2.0 and Atom feeds, site-wide, per section and per series (chuyên đề)."""

import mimetypes
import uuid

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure

from .models import ArticlePage, SectionPage, SeriesPage

ENTRY_IDS = uuid.UUID("5a0e2a36-5a8f-4b8e-9d6c-0c1b7f3e2a11")  # this portal's, fixed forever

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    title = "Chuyên trang Thành phố Hồ Chí Minh - Tin mới"
    description = "Tin chính thức về Thành phố Hồ Chí Minh trên Cổng Thông tin điện tử Chính phủ"
    language = "vi"

    def get_object(self, request, section_slug=None):
        if section_slug is None:
            return None
        # A section behind a password or login has no public feed, as it has no public page.
        return get_object_or_404(SectionPage.objects.live().public(), slug=section_slug)

    def title(self, section):  # noqa: F811 - Feed accepts an attribute or a method
        base = "Chuyên trang Thành phố Hồ Chí Minh"
        return f"{base} - {section.title}" if section else f"{base} - Tin mới"

    def link(self, section):
        return section.url if section else "/"

    def items(self, section):
        articles = ArticlePage.objects.published()
        if section is not None:
            articles = articles.child_of(section)
        return articles.select_related("owner", "cover_image")[:FEED_LENGTH]

    def get_feed(self, obj, request):
        # Django writes enclosure URLs as given: a reader needs them absolute, like the links.
        feed = super().get_feed(obj, request)
        for item in feed.items:
            item["enclosures"] = [
                Enclosure(request.build_absolute_uri(e.url), e.length, e.mime_type)
                for e in item["enclosures"]
            ]
        return feed

    def item_enclosures(self, item):
        """The cover image, which readers and news aggregators show beside the headline."""
        image = item.cover_image
        if image is None:
            return []
        mime_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        return [Enclosure(image.file.url, str(image.get_file_size() or 0), mime_type)]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.sapo

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return item.byline or None

    def item_guid(self, item):
        return f"cityportal-article-{item.pk}"

    item_guid_is_permalink = False


class SeriesArticlesFeed(LatestArticlesFeed):
    """A series' articles, from whichever sections they are in."""

    def get_object(self, request, series_slug):
        return get_object_or_404(SeriesPage.objects.live().public(), slug=series_slug)

    def title(self, series):
        return f"Chuyên trang Thành phố Hồ Chí Minh - Chuyên đề: {series.title}"

    def items(self, series):
        articles = ArticlePage.objects.published().filter(series=series)
        return articles.select_related("owner", "cover_image")[:FEED_LENGTH]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def item_guid(self, item):
        # Atom's <id> must be a URI (RSS's guid need not be): a name-based UUID of the same key.
        return uuid.uuid5(ENTRY_IDS, super().item_guid(item)).urn

    def subtitle(self, section):
        return self.description


class SeriesArticlesAtomFeed(SeriesArticlesFeed, LatestArticlesAtomFeed):
    pass
