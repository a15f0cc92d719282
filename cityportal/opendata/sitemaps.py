"""Datasets, indicators and the catalogue in /sitemap.xml beside the pages, so search engines and
harvesters find them."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Dataset, Indicator


class DatasetSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Dataset.objects.public().order_by("name")

    def lastmod(self, dataset):
        return dataset.modified_at


class CatalogueSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["opendata:catalogue"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        # An import dates its dataset, but versions stored before imports did so (or entered
        # by hand) still change what the catalogue lists (formats, coverage).
        latest = Dataset.objects.public().aggregate(
            edited=Max("modified_at"), uploaded=Max("resources__versions__created_at")
        )
        return max(filter(None, latest.values()), default=None)


class IndicatorSitemap(Sitemap):
    """Indicators with public figures; lastmod, the newest upload of a table that gives them
    (observations carry no date of their own, and re-importing a table keeps its row). Read
    through the tables' list of their indicators: at a million observations, finding each
    indicator's tables among its observations took a second."""

    changefreq = "monthly"

    def items(self):
        return (
            Indicator.objects.filter(resources__dataset__private=False)
            .annotate(updated=Max("resources__versions__created_at"))
            .order_by("code")
        )

    def lastmod(self, indicator):
        return indicator.updated
