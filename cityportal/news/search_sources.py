"""What the newsroom gives search: live, public articles, series, sections and pages."""

from collections import defaultdict

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
        return self.entries([page])[0]

    def entries(self, pages):
        """Live pages without view restrictions, under a site; with one query for which are
        public and one for what `batch` needs, however many pages."""
        public = set(
            self.model.objects.live()
            .public()
            .filter(pk__in=[p.pk for p in pages])
            .values_list("pk", flat=True)
        )
        batch = self.batch(pages)
        found = []
        for page in pages:
            url = page.get_url() if page.pk in public else None  # None: not under any site
            found.append(self.describe(page, url, batch) if url else None)
        return found

    def batch(self, pages) -> dict:
        """What `describe` needs about many pages, fetched once."""
        return {}

    def describe(self, page, url: str, batch: dict) -> Entry:
        raise NotImplementedError


class ArticleSource(PageSource):
    model = ArticlePage
    kind = "article"

    def public(self):
        # Oldest first, so a rebuilt index's ids grow with publication: common words rank
        # their newest matches (search.backends.base.RANK_WINDOW).
        return ArticlePage.objects.live().public().order_by("published_at", "pk")

    def batch(self, pages):
        places = defaultdict(list)
        links = ArticlePage.places.through.objects.filter(articlepage_id__in=[p.pk for p in pages])
        for article_id, unit_id in links.values_list("articlepage_id", "administrativeunit_id"):
            places[article_id].append(unit_id)
        parents = {p.path[: -Page.steplen] for p in pages}
        sections = dict(Page.objects.filter(path__in=parents).values_list("path", "slug"))
        return {"places": places, "sections": sections}

    def describe(self, page, url, batch):
        return Entry(
            kind=self.kind,
            title=page.title,
            url=url,
            lead=page.sapo,
            body=_stream_text(page.body),
            published_at=page.published_at,
            section=batch["sections"].get(page.path[: -Page.steplen], ""),
            place_ids=batch["places"][page.pk],
        )


class SeriesSource(PageSource):
    model = SeriesPage
    kind = "series"

    def describe(self, page, url, batch):
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

    def describe(self, page, url, batch):
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

    def describe(self, page, url, batch):
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
