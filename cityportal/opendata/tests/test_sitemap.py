"""The catalogue and the indicator pages in /sitemap.xml, as search engines read it."""

import datetime
import xml.etree.ElementTree as ET

from django.contrib.sites.requests import RequestSite
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cityportal.opendata.models import Dataset, Indicator, Observation, ResourceVersion
from cityportal.opendata.sitemaps import IndicatorSitemap

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client) -> dict[str, str | None]:
    """Each address in /sitemap.xml with its lastmod (None when it gives none)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def upload(dataset: Dataset, when: datetime.datetime) -> None:
    """A version of the dataset's table, uploaded at `when`."""
    resource = dataset.resources.get()
    version = ResourceVersion.objects.create(
        resource=resource, original_name="bang.csv", sha256="0" * 64, size=1, rows=1
    )
    ResourceVersion.objects.filter(pk=version.pk).update(created_at=when)


def day(when: datetime.datetime) -> str:
    return f"{timezone.localtime(when):%Y-%m-%d}"


def test_published_indicators_are_in_the_sitemap_dated_by_their_newest_public_upload(
    client, make_dataset
):
    """Indicator pages are Django views, so the sitemap (Wagtail pages, datasets) left them out;
    an indicator only in a dataset not yet public has no public page and stays out, and that
    dataset's newer upload does not date the public indicator's page."""
    public = make_dataset([("Dân số", "nghìn người", "79", 2023, 9456.7)], name="dan-so")
    hidden = make_dataset(
        [("Dân số", "nghìn người", "79", 2024, 9500.0), ("Chỉ tiêu nội bộ", "", "79", 2024, 1)],
        name="noi-bo",
        private=True,
    )
    upload(public, days_ago(40))
    upload(public, days_ago(10))
    upload(hidden, days_ago(2))
    unversioned = make_dataset([("Số doanh nghiệp", "doanh nghiệp", "79", 2023, 5)])

    locs = sitemap(client)
    population = Indicator.objects.get(name="Dân số")
    url = f"http://testserver/chi-tieu/{population.code}/"
    assert locs[url] == day(days_ago(10))
    assert not any("chi-tieu-noi-bo" in loc for loc in locs)
    assert Indicator.objects.filter(code="chi-tieu-noi-bo").exists()
    # No upload recorded (figures entered before versions were kept): listed without a date.
    firms = Indicator.objects.get(name="Số doanh nghiệp")
    assert locs[f"http://testserver{firms.get_absolute_url()}"] is None
    assert unversioned.resources.get().observations.exists()
    for loc in locs:
        if "/chi-tieu/" in loc:
            assert client.get(loc.removeprefix("http://testserver")).status_code == 200, loc


def test_the_catalogue_is_in_the_sitemap_dated_by_its_newest_public_change(client, make_dataset):
    older = make_dataset(name="cu")
    newer = make_dataset(name="moi")
    hidden = make_dataset(name="an", private=True)
    Dataset.objects.filter(pk__in=[older.pk, newer.pk]).update(modified_at=days_ago(30))
    upload(newer, days_ago(5))  # a new version of a table: the catalogue's formats may change
    Dataset.objects.filter(pk=hidden.pk).update(modified_at=days_ago(1))

    locs = sitemap(client)
    assert locs["http://testserver/du-lieu/"] == day(days_ago(5))
    assert client.get("/du-lieu/").status_code == 200


def test_indicator_urls_take_a_bounded_number_of_queries(
    rf, make_dataset, django_assert_max_num_queries
):
    rows = [(f"Chỉ tiêu {n}", "", "79", 2023, n) for n in range(30)]
    dataset = make_dataset(rows)
    upload(dataset, days_ago(3))
    site = RequestSite(rf.get("/sitemap.xml"))
    with django_assert_max_num_queries(3):
        urls = IndicatorSitemap().get_urls(site=site, protocol="https")
    assert len(urls) == Indicator.objects.published().count() >= 30
    assert all(url["lastmod"] == ResourceVersion.objects.get().created_at for url in urls)


def test_indicator_urls_read_no_observation(rf, make_dataset):
    """At 1.2 million observations, finding each indicator's tables among them took a second
    per sitemap request: the tables' list of their indicators is read instead."""
    dataset = make_dataset([("Dân số", "nghìn người", "79", 2023, 9456.7)])
    upload(dataset, days_ago(3))
    with CaptureQueriesContext(connection) as queries:
        urls = IndicatorSitemap().get_urls(site=RequestSite(rf.get("/")), protocol="https")
    assert [url["lastmod"] for url in urls] == [ResourceVersion.objects.get().created_at]
    assert not any(Observation._meta.db_table in query["sql"] for query in queries)


def test_an_indicator_a_table_no_longer_gives_leaves_the_sitemap(rf, make_dataset):
    dataset = make_dataset(
        [("Dân số", "nghìn người", "79", 2023, 9456.7), ("Số hộ", "hộ", "79", 2023, 2_800_000)]
    )
    Observation.objects.filter(indicator__name="Số hộ").delete()  # a new version without it
    dataset.refresh_coverage()  # as every import does
    urls = IndicatorSitemap().get_urls(site=RequestSite(rf.get("/")), protocol="https")
    assert [url["item"].name for url in urls] == ["Dân số"]


def test_public_datasets_are_in_the_sitemap(client, make_dataset):
    make_dataset(name="cong-khai")
    make_dataset(name="noi-bo", private=True)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/du-lieu/cong-khai/") for loc in locs)
    assert not any("noi-bo" in loc for loc in locs)
    assert any(loc.endswith("/") and "/du-lieu/" not in loc for loc in locs)  # pages still there
