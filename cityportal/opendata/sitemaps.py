"""Datasets in /sitemap.xml beside the pages, so search engines and harvesters find them."""

from django.contrib.sitemaps import Sitemap

from .models import Dataset


class DatasetSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Dataset.objects.public().order_by("name")

    def lastmod(self, dataset):
        return dataset.modified_at
