"""What the newsroom gives search: live, public articles, series, sections and pages."""

from django.utils.html import strip_tags
from wagtail.models import Page

from cityportal.search.sources import Entry, Source, register

from .models import ArticlePage, SectionPage, SeriesPage, StandardPage


def _stream_text(value) -> str:
    return " ".join(value.stream_block.get_searchable_content(value))


class PageSource(Source):
    def public(self):
        return self.model.objects.live().public().specific()

    def entry(self, page):
        if not (page.live and self.is_public(page)):
            return None
        url = page.get_url()
        if url is None:  # not under any site
            return None
        return self.describe(page, url)

    def describe(self, page, url: str) -> Entry:
        raise NotImplementedError


class ArticleSource(PageSource):
    model = ArticlePage
    kind = "article"

    def public(self):
        # Oldest first, so a rebuilt index's ids grow with publication: common words rank
        # their newest matches (search.backends.base.RANK_WINDOW).
        return (
            ArticlePage.objects.live()
            .public()
            .prefetch_related("places")
            .order_by("published_at", "pk")
        )

    def describe(self, page, url):
        section = Page.objects.filter(path=page.path[: -Page.steplen]).first()
        return Entry(
            kind=self.kind,
            title=page.title,
            url=url,
            lead=page.sapo,
            body=_stream_text(page.body),
            published_at=page.published_at,
            section=section.slug if section else "",
            place_ids=[p.pk for p in page.places.all()],
        )


class SeriesSource(PageSource):
    model = SeriesPage
    kind = "series"

    def describe(self, page, url):
        return Entry(
            kind=self.kind,
            title=page.title,
            url=url,
            lead=strip_tags(page.intro),
            published_at=page.first_published_at,
        )


class SectionSource(PageSource):
    model = SectionPage
    kind = "section"

    def describe(self, page, url):
        return Entry(
            kind=self.kind,
            title=page.title,
            url=url,
            lead=strip_tags(page.intro) or page.search_description,
            section=page.slug,
        )


class StandardPageSource(PageSource):
    model = StandardPage
    kind = "page"

    def describe(self, page, url):
        return Entry(
            kind=self.kind,
            title=page.title,
            url=url,
            lead=page.search_description,
            body=_stream_text(page.body),
            published_at=page.first_published_at,
        )


def register_all() -> None:
    for source in (ArticleSource(), SeriesSource(), SectionSource(), StandardPageSource()):
        register(source)
