import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import feedparser
from django.contrib.sites.requests import RequestSite
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cityportal.core.models import AdministrativeUnit
from cityportal.news.models import ArticlePage, SectionPage, SeriesIndexPage, SeriesPage
from cityportal.news.sitemaps import PlaceSitemap

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_site_rss_parses_with_feedparser(client, make_article):
    make_article("Tin thứ nhất", published_at=datetime.datetime(2021, 7, 1, 8, tzinfo=HCM))
    make_article(
        "Tin thứ hai", published_at=datetime.datetime(2021, 7, 2, 8, tzinfo=HCM), byline="PV"
    )
    response = client.get("/feeds/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.language == "vi"
    titles = [e.title for e in feed.entries]
    assert titles.index("Tin thứ hai") < titles.index("Tin thứ nhất")
    entry = feed.entries[titles.index("Tin thứ hai")]
    assert entry.link.endswith("/kinh-te-xa-hoi/tin-thu-hai/")
    assert entry.summary == "Sapo của Tin thứ hai"
    assert entry.published_parsed[:3] == (2021, 7, 2)


def test_section_atom_feed_holds_only_that_section(client, make_article):
    culture = SectionPage.objects.get(slug="van-hoa")
    make_article("Tin văn hóa", parent=culture)
    make_article("Tin kinh tế")
    feed = feedparser.parse(client.get("/feeds/atom/van-hoa/").content)
    assert not feed.bozo
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["Tin văn hóa"]
    assert "Văn hóa" in feed.feed.title
    [entry] = feed.entries  # its id a URI, as Atom requires, and the same on every fetch
    assert entry.id.startswith("urn:uuid:")
    assert feedparser.parse(client.get("/feeds/atom/van-hoa/").content).entries[0].id == entry.id
    assert client.get("/feeds/rss/khong-co-muc-nay/").status_code == 404


def test_feeds_leave_out_drafts(client, make_article):
    make_article("Bản nháp", publish=False)
    feed = feedparser.parse(client.get("/feeds/rss/").content)
    assert "Bản nháp" not in [e.title for e in feed.entries]


def test_a_private_section_has_no_feed(client, make_article, section):
    # Its feed answered 200 with the section's name while its page asked for a password.
    make_article("Tin nội bộ")
    PageViewRestriction.objects.create(page=section, restriction_type="password", password="mk")
    for url in ("/feeds/rss/kinh-te-xa-hoi/", "/feeds/atom/kinh-te-xa-hoi/"):
        assert client.get(url).status_code == 404
    site_feed = feedparser.parse(client.get("/feeds/rss/").content)
    assert "Tin nội bộ" not in [e.title for e in site_feed.entries]


def test_sitemap_is_valid_xml_listing_live_pages(client, make_article):
    article = make_article("Bài trong sơ đồ")
    draft = make_article("Bài nháp", publish=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert f"http://testserver{article.url}" in locations
    assert "http://testserver/kinh-te-xa-hoi/" in locations
    assert not any(draft.slug in loc for loc in locations)
    for url in root.findall("sm:url", SITEMAP_NS):
        lastmod = url.find("sm:lastmod", SITEMAP_NS)
        if lastmod is not None:
            datetime.datetime.fromisoformat(lastmod.text.replace("Z", "+00:00"))


def test_feed_items_carry_their_cover_image_as_an_absolute_enclosure(client, make_article):
    """Readers and aggregators show the cover beside the headline: an RSS <enclosure> and an
    Atom rel="enclosure" link, with an absolute URL, its length in bytes and its type."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Ảnh", file=get_test_image_file())
    make_article("Tin có ảnh", cover_image=image, cover_alt="Ảnh minh họa")
    make_article("Tin không ảnh")
    for url in ("/feeds/rss/", "/feeds/atom/kinh-te-xa-hoi/"):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, feed.get("bozo_exception")
        entries = {e.title: e for e in feed.entries}
        [enclosure] = entries["Tin có ảnh"].enclosures
        assert enclosure.href == f"http://testserver{image.file.url}"
        assert enclosure.type == "image/png"
        assert int(enclosure.length) == image.file.size > 0
        assert entries["Tin không ảnh"].enclosures == []


def test_each_series_has_its_own_feeds_advertised_on_its_page(client, make_article, section):
    """A reporter following a chuyên đề subscribes to it alone, whatever sections it spans."""
    index = SeriesIndexPage.objects.get()
    series = SeriesPage(title="Chuyển đổi số")
    index.add_child(instance=series)
    series.save_revision().publish()
    make_article("Bài trong chuyên đề", series=series)
    make_article("Bài ngoài chuyên đề")

    html = client.get(series.url).content.decode()
    for kind, version in (("rss", "rss20"), ("atom", "atom10")):
        url = f"/feeds/{kind}/chuyen-de/{series.slug}/"
        assert f'href="{url}"' in html
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo and feed.version == version
        assert [e.title for e in feed.entries] == ["Bài trong chuyên đề"]
        assert "Chuyển đổi số" in feed.feed.title

    series.unpublish()
    assert client.get(f"/feeds/rss/chuyen-de/{series.slug}/").status_code == 404


def _sitemap(client) -> dict[str, str | None]:
    """Each address in /sitemap.xml with its lastmod (None when it gives none)."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext(
            "sm:lastmod", namespaces=SITEMAP_NS
        )
        for url in root.findall("sm:url", SITEMAP_NS)
    }


def _merged_ward():
    """A ward of today formed from wards of an old district, and one of those old wards."""
    Level = AdministrativeUnit.Level
    ward = (
        AdministrativeUnit.objects.current()
        .filter(level=Level.WARD, predecessors__parent__level=Level.DISTRICT)
        .first()
    )
    return ward, ward.predecessors.filter(parent__level=Level.DISTRICT).first()


def test_place_pages_of_today_are_in_the_sitemap_dated_by_their_newest_article(
    client, make_article
):
    """/dia-ban/ pages are Django views, so the sitemap (Wagtail pages only) left them out. The
    city and today's wards are listed, each dated by the newest article its page lists (one
    tagged with a ward merged into it counts); units before the reform and the other provinces
    the data system compares with are not."""
    ward, old_ward = _merged_ward()
    now = timezone.now()
    make_article("Tin phường mới", places=[ward], published_at=now - datetime.timedelta(days=10))
    make_article("Tin phường cũ", places=[old_ward], published_at=now - datetime.timedelta(days=3))
    make_article("Bài nháp", places=[ward], published_at=now, publish=False)

    locs = _sitemap(client)
    assert locs[f"http://testserver/dia-ban/{ward.slug}/"] == (
        f"{timezone.localtime(now - datetime.timedelta(days=3)):%Y-%m-%d}"
    )
    places = {loc for loc in locs if "/dia-ban/" in loc}
    expected = AdministrativeUnit.objects.local().current()
    assert places == {"http://testserver/dia-ban/"} | {
        f"http://testserver{unit.get_absolute_url()}" for unit in expected
    }
    assert len(places) > 100  # the city and its 168 wards
    for hidden in (
        old_ward,
        old_ward.parent,
        AdministrativeUnit.objects.get(code="01", valid_until=None),
    ):
        assert f"http://testserver{hidden.get_absolute_url()}" not in locs
    newest_unit = AdministrativeUnit.objects.local().latest("updated_at").updated_at
    assert locs["http://testserver/dia-ban/"] == f"{timezone.localtime(newest_unit):%Y-%m-%d}"


def test_each_place_is_dated_as_its_page_lists_articles(make_article, rf):
    """The sitemap works out every unit's related units in bulk; its dates must be those of the
    page itself (place_detail, over unit.related_unit_ids())."""
    ward, old_ward = _merged_ward()
    now = timezone.now()
    for days, place in enumerate([ward, old_ward, old_ward.parent], start=1):
        make_article(places=[place], published_at=now - datetime.timedelta(days=days * 7))
    city = AdministrativeUnit.objects.get(code="79", valid_until=None)
    make_article(places=[city], published_at=now - datetime.timedelta(days=30))

    dated = {}
    for url in PlaceSitemap().get_urls(site=RequestSite(rf.get("/")), protocol="http"):
        unit = url["item"]
        newest = ArticlePage.objects.published().in_places(unit.related_unit_ids()).first()
        assert url["lastmod"] == (newest.published_at if newest else None), unit.slug
        dated[unit] = url["lastmod"]
    assert dated[ward] == now - datetime.timedelta(days=7)
    assert sum(1 for when in dated.values() if when) >= 3


def test_place_urls_take_a_bounded_number_of_queries(
    make_article, rf, django_assert_max_num_queries
):
    ward, old_ward = _merged_ward()
    make_article(places=[ward, old_ward])
    with django_assert_max_num_queries(5):
        urls = PlaceSitemap().get_urls(site=RequestSite(rf.get("/")), protocol="http")
    assert len(urls) == AdministrativeUnit.objects.local().current().count() > 100
