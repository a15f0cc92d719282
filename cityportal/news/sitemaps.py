"""Place pages (/dia-ban/…) in /sitemap.xml beside the Wagtail pages: they are Django views, so
Wagtail's sitemap does not know them, yet "tin phường Sài Gòn" should find the ward's page."""

from collections import defaultdict

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from cityportal.core.models import AdministrativeUnit

from .models import ArticlePage

Level = AdministrativeUnit.Level


class PlaceIndexSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["place_index"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        # The index lists the units' names: it changes when a unit is renamed or added.
        return AdministrativeUnit.objects.local().aggregate(Max("updated_at"))["updated_at__max"]


class PlaceSitemap(Sitemap):
    """The city and its wards of today; the districts and wards before the 2025 reform keep
    their pages (old links, 2021 articles) but are not offered as places to find news of now.
    Each unit's lastmod is its page's newest article, over the same units as `place_detail`."""

    changefreq = "daily"

    def items(self):
        units = list(AdministrativeUnit.objects.local().current().order_by("level", "slug"))
        newest = _newest_article_by_place(units)
        for unit in units:
            unit.newest_article_at = newest.get(unit.pk)
        return units

    def lastmod(self, unit):
        return unit.newest_article_at


def _newest_article_by_place(units) -> dict[int, object]:
    """For each unit, the newest published article of `unit.related_unit_ids()`, in the
    same few queries for any number of units (related_unit_ids makes several per unit)."""
    tagged = (
        ArticlePage.objects.published()
        .order_by()
        .values_list("places")
        .annotate(newest=Max("published_at"))
        .filter(places__isnull=False)
    )
    newest = dict(tagged)
    children, parent_of = defaultdict(set), {}
    for pk, parent_id, parent_level in AdministrativeUnit.objects.values_list(
        "pk", "parent_id", "parent__level"
    ):
        children[parent_id].add(pk)
        parent_of[pk] = (parent_id, parent_level)
    predecessors, successors = defaultdict(set), defaultdict(set)
    through = AdministrativeUnit.successors.through
    for old, new in through.objects.values_list(
        "from_administrativeunit_id", "to_administrativeunit_id"
    ):
        predecessors[new].add(old)
        successors[old].add(new)

    found = {}
    for unit in units:
        ids = {unit.pk} | children[unit.pk]
        if unit.level == Level.PROVINCE:
            ids |= {grandchild for child in children[unit.pk] for grandchild in children[child]}
        else:
            before = set().union(*(predecessors[pk] for pk in ids))
            after = set().union(*(successors[pk] for pk in ids))
            ids |= before | after
            ids |= {parent_of[pk][0] for pk in before if parent_of[pk][1] == Level.DISTRICT}
        found[unit.pk] = max((newest[pk] for pk in ids if pk in newest), default=None)
    return found
