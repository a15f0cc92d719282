import datetime
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import feedparser
from wagtail.models import PageViewRestriction

from cityportal.news.models import SectionPage, SeriesIndexPage, SeriesPage

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
