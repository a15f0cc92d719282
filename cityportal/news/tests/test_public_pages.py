import datetime
import json
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cityportal.core.models import AdministrativeUnit
from cityportal.news.models import SectionPage, SeriesIndexPage, SeriesPage

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.metas, self.scripts, self.imgs = [], [], [], []
        self._script_type = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.metas.append(attrs)
        elif tag == "img":
            self.imgs.append(attrs)
        elif tag == "script":
            self._script_type = attrs.get("type")

    def handle_data(self, data):
        if self._script_type == "application/ld+json":
            self.scripts.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_type = None


def parse(response) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(response.content.decode())
    return collector


def test_home_lists_latest_featured_and_section_blocks(client, make_article):
    make_article("Tin nổi bật hôm nay", featured=True)
    make_article("Tin thường")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert 'class="skip-link" href="#noi-dung"' in html
    assert 'id="noi-dung"' in html
    assert "Tin nổi bật hôm nay" in html and "Tin thường" in html
    for title in ["Kinh tế - Xã hội", "Văn hóa", "Mô hình tiêu biểu"]:
        assert title in html


def test_article_page_shows_vietnamese_date_source_and_places(client, make_article):
    quan1 = AdministrativeUnit.objects.get(slug="quan-1")
    article = make_article(
        "Ký kết chương trình phối hợp",
        published_at=datetime.datetime(2021, 6, 28, 17, 0, tzinfo=HCM),
        source_name="Nhân dân điện tử",
        source_url="https://nhandan.vn/bai-goc",
        byline="Phóng viên A",
        places=[quan1],
        tags=["truyền thông"],
    )
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thứ Hai, 28/6/2021" in html
    assert "Nguồn:" in html and "Nhân dân điện tử" in html and "https://nhandan.vn/bai-goc" in html
    assert 'href="/dia-ban/quan-1/"' in html
    assert "Phóng viên A" in html


def test_article_has_canonical_opengraph_and_valid_newsarticle_jsonld(client, make_article):
    article = make_article("Bài có dữ liệu cấu trúc", byline="Ban Biên tập", tags=["kinh tế"])
    page = parse(client.get(article.url))
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == [f"http://testserver{article.url}"]
    og = {m["property"]: m["content"] for m in page.metas if "property" in m}
    assert og["og:type"] == "article"
    assert og["og:title"] == "Bài có dữ liệu cấu trúc"
    assert og["og:url"] == f"http://testserver{article.url}"
    [payload] = page.scripts
    data = json.loads(payload)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Bài có dữ liệu cấu trúc"
    assert data["datePublished"].startswith(str(article.published_at.year))
    datetime.datetime.fromisoformat(data["datePublished"])
    assert data["author"] == {"@type": "Person", "name": "Ban Biên tập"}
    assert data["publisher"]["name"]
    assert data["keywords"] == "kinh tế"


def test_jsonld_cannot_hide_the_page_whatever_the_title(client, make_article):
    # "<!--<script>" in a title put the parser in script data double escaped state: the
    # JSON-LD's own </script> then no longer closed it, and the page vanished up to the next one.
    title = 'Mã HTML "<!--<script>" trên trang & cách phòng tránh'
    article = make_article(title, sapo="</script><b>sapo</b>")
    html = client.get(article.url).content.decode()
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    payload = html[start : html.index("</script>", start)]
    assert not {"<", ">", "&"} & set(payload)
    data = json.loads(payload)
    assert (data["headline"], data["description"]) == (title, "</script><b>sapo</b>")


def test_pages_advertise_site_and_section_feeds(client, make_article, section):
    article = make_article()
    for url in ["/", section.url, article.url]:
        page = parse(client.get(url))
        feeds = {link["href"] for link in page.links if link.get("rel") == "alternate"}
        assert {"/feeds/rss/", "/feeds/atom/"} <= feeds
    page = parse(client.get(section.url))
    feeds = {link["href"] for link in page.links if link.get("rel") == "alternate"}
    assert {"/feeds/rss/kinh-te-xa-hoi/", "/feeds/atom/kinh-te-xa-hoi/"} <= feeds


def test_section_paginates_newest_first(client, make_article, section):
    base = datetime.datetime(2021, 7, 1, 8, 0, tzinfo=HCM)
    for i in range(25):
        make_article(f"Tin số {i:02d}", published_at=base + datetime.timedelta(hours=i))
    first = client.get(section.url).content.decode()
    assert first.index("Tin số 24") < first.index("Tin số 05")
    assert "Tin số 04" not in first
    assert 'rel="next" href="?trang=2"' in first
    second = client.get(section.url + "?trang=2").content.decode()
    assert "Tin số 04" in second and "Tin số 00" in second
    # A page number past the end shows the last page instead of an error.
    assert client.get(section.url + "?trang=99").status_code == 200


def test_place_page_finds_2021_district_articles_from_the_new_ward(client, make_article):
    quan1 = AdministrativeUnit.objects.get(slug="quan-1")
    make_article("Quận 1 năm 2021 chỉnh trang đô thị", places=[quan1])
    response = client.get("/dia-ban/phuong-sai-gon/")
    assert response.status_code == 200
    assert "Quận 1 năm 2021 chỉnh trang đô thị" in response.content.decode()
    assert client.get("/dia-ban/khong-ton-tai/").status_code == 404


def test_related_articles_prefer_the_same_place(client, make_article):
    can_gio = AdministrativeUnit.objects.get(slug="xa-can-gio")
    other = SectionPage.objects.get(slug="van-hoa")
    make_article("Rừng ngập mặn Cần Giờ", parent=other, places=[can_gio])
    make_article("Tin không liên quan", parent=other)
    article = make_article("Du lịch Cần Giờ", places=[can_gio])
    html = client.get(article.url).content.decode()
    related = html[html.index('id="h-related"') :]
    assert "Rừng ngập mặn Cần Giờ" in related


def test_unpublished_articles_stay_hidden(client, make_article, section):
    draft = make_article("Bản nháp chưa duyệt", publish=False)
    assert client.get("/").content.decode().count("Bản nháp chưa duyệt") == 0
    assert client.get(section.url).content.decode().count("Bản nháp chưa duyệt") == 0
    assert client.get(f"{section.url}{draft.slug}/").status_code == 404


def test_images_need_alt_text(make_article):
    from django.core.exceptions import ValidationError
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Ảnh", file=get_test_image_file())
    article = make_article("Bài có ảnh", publish=False)
    article.cover_image = image
    article.cover_alt = ""
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "cover_alt" in excinfo.value.message_dict


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["home", "section", "article"])
def test_query_count_does_not_grow_with_content(client, make_article, section, path):
    """An N+1 regression (one query per listed article) fails here."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Ảnh", file=get_test_image_file())
    quan1 = AdministrativeUnit.objects.get(slug="quan-1")

    def add(n):
        for i in range(n):
            make_article(
                cover_image=image,
                cover_alt="Ảnh minh họa",
                places=[quan1],
                tags=["x", "y"],
                featured=i % 3 == 0,
            )

    add(3)
    target = make_article(
        "Bài đích", places=[quan1], tags=["x"], cover_image=image, cover_alt="Ảnh"
    )
    url = {"home": "/", "section": section.url, "article": target.url}[path]
    count_queries(client, url)  # warm renditions
    few = count_queries(client, url)
    add(12)
    count_queries(client, url)
    many = count_queries(client, url)
    assert many <= few, f"{path}: {few} queries with 4 articles, {many} with 16"
    assert few <= 30


def test_anonymous_pages_are_cacheable_and_set_no_cookie(client, make_article):
    article = make_article()
    for url in ["/", article.url, "/feeds/rss/"]:
        response = client.get(url)
        assert "public" in response["Cache-Control"]
        assert re.search(r"max-age=\d+", response["Cache-Control"])
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()


def test_logged_in_editors_get_private_pages(client, make_article, staff):
    article = make_article()
    client.force_login(staff["editor"])
    response = client.get(article.url)
    assert "public" not in response.get("Cache-Control", "")


def test_headings_go_down_one_level_at_a_time(client, make_article, section):
    """A screen reader's list of headings: the section's h1, then its articles as h2."""
    make_article("Thành phố mở thêm tuyến xe buýt điện")
    for url in (section.url, "/"):
        html = client.get(url).content.decode()
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels[0] == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (
            url,
            levels,
        )


def test_an_unpublished_series_is_no_longer_named_on_its_articles(client, make_article, section):
    # The article's kicker linked to the series' page, a 404 once the series was unpublished,
    # and listings went on naming it.
    index = SeriesIndexPage.objects.get()
    series = SeriesPage(title="Chuyên đề chuyển đổi số")
    index.add_child(instance=series)
    series.save_revision().publish()
    article = make_article("Bài trong chuyên đề", series=series)
    html = client.get(article.url).content.decode()
    assert f'<a href="{series.url}">Chuyên đề: Chuyên đề chuyển đổi số</a>' in html
    assert "Chuyên đề chuyển đổi số" in client.get(section.url).content.decode()

    series.unpublish()
    assert client.get(series.url).status_code == 404
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chuyên đề chuyển đổi số" not in html
    assert "Chuyên đề chuyển đổi số" not in client.get(section.url).content.decode()


def test_a_series_behind_a_password_is_not_listed(client, db):
    """The home page and /chuyen-de/ named a password-protected series (one prepared for the
    leaders' preview) that its own page would not show."""
    from wagtail.models import PageViewRestriction

    index = SeriesIndexPage.objects.get()
    for title in ("Chuyên đề công khai", "Chuyên đề đang chuẩn bị"):
        index.add_child(instance=SeriesPage(title=title)).save_revision().publish()
    hidden = SeriesPage.objects.get(title="Chuyên đề đang chuẩn bị")
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="mk")
    for url in ("/", index.url):
        html = client.get(url).content.decode()
        assert "Chuyên đề công khai" in html and "Chuyên đề đang chuẩn bị" not in html, url


def test_shared_pictures_have_an_absolute_url_and_their_size(client, make_article, settings):
    """Facebook and Zalo draw the picture on the first share only when told its size; with
    media on another host (S3) the URL was the site's host glued to the media's own URL."""
    from PIL import Image
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Ảnh", file=get_test_image_file())
    article = make_article("Bài có ảnh", cover_image=image, cover_alt="Cầu Thủ Thiêm")
    rendition = image.get_rendition("fill-1200x630")
    with rendition.file.open() as f:
        width, height = Image.open(f).size

    og = {
        m["property"]: m["content"] for m in parse(client.get(article.url)).metas if "property" in m
    }
    assert og["og:image"] == f"http://testserver{rendition.url}"
    assert (og["og:image:width"], og["og:image:height"]) == (str(width), str(height))
    assert og["og:image:alt"] == "Cầu Thủ Thiêm"
    # Never updated since it went live: modified when it was published.
    assert og["article:modified_time"] == timezone.localtime(article.published_at).isoformat()

    settings.MEDIA_URL = "https://media.example.vn/"
    og = {
        m["property"]: m["content"] for m in parse(client.get(article.url)).metas if "property" in m
    }
    assert og["og:image"].startswith("https://media.example.vn/images/")
