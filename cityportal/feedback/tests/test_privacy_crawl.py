"""The privacy crawl: with comments whose e-mails are known, no public URL (pages, feeds,
sitemap, APIs, search, catalogues, comment forms) shows any of them, while approved comments
do show."""

import html
import json
import re
from collections import Counter, deque
from urllib.parse import urlencode, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cityportal.contributions.models import Membership
from cityportal.core.models import AdministrativeUnit, Organisation
from cityportal.feedback.models import Comment
from cityportal.feedback.tests.helpers import comment, form_url
from cityportal.news.models import SectionPage, SeriesIndexPage, SeriesPage
from cityportal.opendata.models import (
    Dataset,
    Indicator,
    Observation,
    Period,
    Resource,
    period_bounds,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
S = Comment.Status


# ----------------------------------------------------------------------------------------------
# The privacy crawl

# Every address a commenter or an answering officer gave; none may be published anywhere.
SECRET_EMAILS = {
    "an": "bi-mat-k7q2x@example.invalid",
    "official": "can-bo-p4m9z@example.invalid",
    "lan": "bi-mat-w3r8n@example.invalid",
    "series": "bi-mat-s9d1c@example.invalid",
    "dataset": "bi-mat-u6e4j@example.invalid",
    "other": "bi-mat-f2g7y@example.invalid",
    "closed": "bi-mat-c8b5m@example.invalid",
    "pending": "cho-duyet-h5t1v@example.invalid",
    "rejected": "tu-choi-r1n6q@example.invalid",
    "spam": "spam-z3x9w@example.invalid",
    "dataset-pending": "cho-duyet-d4k8p@example.invalid",
    "officer-account": "tai-khoan-v2j7h@example.invalid",  # the officer's user account
}
NEEDLES = sorted(
    {e.lower() for e in SECRET_EMAILS.values()}
    | {e.split("@")[0].lower() for e in SECRET_EMAILS.values()}
)

APPROVED_SHOWN = [  # (name, words of the body) shown on the article page
    ("Nguyễn Văn Khôi Nguyên", "tuyến xe buýt số 152"),
    ("Sở Giao thông Vận tải", "sẽ bổ sung 10 chuyến"),
    ("Trần Thị Lan Phương", "Cảm ơn Sở đã trả lời"),
]
NOT_SHOWN = [  # names and texts of comments no reader may see
    "Lê Chờ Duyệt Hoàng",
    "nội dung còn chờ duyệt quỳnh",
    "Phạm Bị Từ Chối",
    "nội dung bị từ chối xoan",
    "Máy Gửi Rác",
    "quảng cáo rác vượt ngưỡng",
    "Dữ Liệu Chờ Duyệt",
    "câu hỏi dữ liệu chờ duyệt",
]

CRAWL_LIMIT = 600  # the test site has ~560 public pages, most of them wards
SKIP_PREFIXES = ("/admin", "/django-admin", "/static/", "/media/")
URL_IN_TEXT = re.compile(
    r"""(?:href|src|action)\s*=\s*["']([^"']+)["']"""  # HTML
    r"""|<loc>\s*([^<\s]+)\s*</loc>"""  # sitemaps
    r"""|(https?://testserver[^\s"'<>\\]*)"""  # feeds, JSON, JSON-LD, Turtle…
)
TEXT_TYPES = ("text/", "application/json", "application/ld+json", "application/xml", "+xml")


@pytest.fixture
def commented_site(make_article, section):
    """Articles in two sections, a series, a closed article and a dataset, with comments in every
    status, an official reply by an officer of a department, and replies to replies."""
    other_section = SectionPage.objects.exclude(pk=section.pk).live().first()
    index = SeriesIndexPage.objects.get()
    series = index.add_child(instance=SeriesPage(title="Chuyên đề giao thông công cộng"))
    series.save_revision().publish()
    series.refresh_from_db()
    # Tagged with a ward, so the ward's page (a Django view the sitemap lists) shows it too.
    ward = AdministrativeUnit.objects.current().filter(level="ward").first()
    article = make_article("Mở rộng mạng lưới xe buýt điện", series=series, places=[ward])
    other = make_article("Lễ hội Áo dài năm nay", parent=other_section)
    closed = make_article("Thông báo đã kết thúc góp ý", comments_open=False)

    department = Organisation.objects.create(
        slug="so-gtvt", name="Sở Giao thông Vận tải TP.HCM", kind="department"
    )
    officer = get_user_model().objects.create_user(
        "can-bo-gtvt", SECRET_EMAILS["officer-account"], "pw-Secret-123"
    )
    Membership.objects.create(user=officer, organisation=department)

    dataset = Dataset.objects.create(
        name="so-chuyen-xe-buyt",
        title="Số chuyến xe buýt theo tuyến",
        organisation=department,
        source="Sở Giao thông Vận tải",
    )
    # A figure, so an indicator page (listed in the sitemap, linking the dataset) is public.
    resource = Resource.objects.create(dataset=dataset, name="Số chuyến", format="CSV")
    label, start, end = period_bounds(Period.YEAR, 2024)
    Observation.objects.create(
        resource=resource,
        indicator=Indicator.objects.create(code="so-chuyen-xe-buyt", name="Số chuyến xe buýt"),
        unit=ward,
        period=label,
        period_type=Period.YEAR,
        period_start=start,
        period_end=end,
        value=1200,
    )
    dataset.refresh_coverage()  # as every import does: the sitemap reads the tables' indicators

    c = {}
    c["an"] = comment(
        article,
        APPROVED_SHOWN[0][0],
        SECRET_EMAILS["an"],
        "Đề nghị mở rộng tuyến xe buýt số 152\nđến khu công nghệ cao.",
    )
    c["official"] = comment(
        article,
        APPROVED_SHOWN[1][0],
        SECRET_EMAILS["official"],
        "Từ tháng sau, tuyến sẽ bổ sung 10 chuyến vào giờ cao điểm.",
        parent=c["an"],
        official=True,
        author=officer,
    )
    c["lan"] = comment(
        article,
        APPROVED_SHOWN[2][0],
        SECRET_EMAILS["lan"],
        "Cảm ơn Sở đã trả lời nhanh.",
        parent=c["official"],
    )
    c["pending"] = comment(
        article, NOT_SHOWN[0], SECRET_EMAILS["pending"], NOT_SHOWN[1], status=S.PENDING
    )
    c["rejected"] = comment(
        article, NOT_SHOWN[2], SECRET_EMAILS["rejected"], NOT_SHOWN[3], status=S.REJECTED
    )
    c["spam"] = comment(article, NOT_SHOWN[4], SECRET_EMAILS["spam"], NOT_SHOWN[5], status=S.SPAM)
    c["other"] = comment(
        other, "Võ Minh Thư", SECRET_EMAILS["other"], "Mong có thêm chương trình <b>áo dài</b>."
    )
    c["closed"] = comment(closed, "Đỗ Quang Hải", SECRET_EMAILS["closed"], "Góp ý trước hạn.")
    c["series"] = comment(
        series, "Huỳnh Gia Bảo", SECRET_EMAILS["series"], "Chuyên đề rất hữu ích."
    )
    c["dataset"] = comment(
        dataset, "Bùi Thanh Tâm", SECRET_EMAILS["dataset"], "Xin thêm số liệu năm 2024."
    )
    c["dataset-pending"] = comment(
        dataset, NOT_SHOWN[6], SECRET_EMAILS["dataset-pending"], NOT_SHOWN[7], status=S.PENDING
    )
    return {
        "article": article,
        "other": other,
        "closed": closed,
        "series": series,
        "dataset": dataset,
        "comments": c,
    }


def _body(response) -> bytes:
    # Not response.close(): that sends request_finished, which closes the test's connection.
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _is_text(response) -> bool:
    content_type = response.get("Content-Type", "")
    return any(t in content_type for t in TEXT_TYPES)


def _links(base: str, text: str):
    for match in URL_IN_TEXT.finditer(text):
        raw = html.unescape(next(group for group in match.groups() if group))
        if match.group(3):  # in running text: not the punctuation after it
            raw = raw.rstrip(".,;:)]}")
        url = urljoin("http://testserver" + base, raw.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname != "testserver":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP_PREFIXES):
            continue
        yield path


def _shape(path: str) -> str:
    """What kind of page a URL is: its parent path and query keys, so that a long run of one kind
    (hundreds of ward pages) does not use up the crawl before every other kind is seen."""
    parts = urlsplit(path)
    parent = parts.path.rstrip("/").rsplit("/", 1)[0]
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return f"{parent}/*?{'&'.join(keys)}"


class Crawl:
    """A breadth-first crawl of the public site as an anonymous reader, recording every body."""

    def __init__(self, client: Client):
        self.client = client
        self.visited: dict[str, int] = {}
        self.leaks: list[str] = []
        self.errors: list[str] = []
        self.bodies: dict[str, str] = {}
        self.shapes: Counter = Counter()
        self.fresh: deque = deque()
        self.repeats: deque = deque()

    def add(self, path: str) -> None:
        if path in self.visited or path in self.fresh or path in self.repeats:
            return
        (self.fresh if self.shapes[_shape(path)] < 3 else self.repeats).append(path)
        self.shapes[_shape(path)] += 1

    def fetch(self, path: str) -> None:
        if path in self.visited:
            return
        response = self.client.get(path)
        content = _body(response)
        self.visited[path] = response.status_code
        if response.status_code >= 500:
            self.errors.append(f"{path}: {response.status_code}")
        headers = "\n".join(f"{k}: {v}" for k, v in response.items()).lower()
        headers += "\n" + response.cookies.output().lower()
        lowered = content.lower()
        for needle in NEEDLES:
            if needle.encode() in lowered or needle in headers:
                self.leaks.append(f"{path}: {needle}")
        location = response.get("Location")
        if location:
            for link in _links(path, f'href="{location}"'):
                self.add(link)
        if _is_text(response):
            text = content.decode(response.charset or "utf-8", errors="replace")
            self.bodies[path] = text
            for link in _links(path, text):
                self.add(link)

    def run(self, seeds, limit: int = CRAWL_LIMIT) -> None:
        for seed in seeds:
            self.add(seed)
        while (self.fresh or self.repeats) and len(self.visited) < limit:
            self.fetch((self.fresh or self.repeats).popleft())


def test_no_commenter_email_appears_anywhere_public(commented_site, client):
    site = commented_site
    article, c = site["article"], site["comments"]
    sections = SectionPage.objects.live()
    targets = [site["article"], site["other"], site["closed"], site["series"], site["dataset"]]
    searches = [name for name, _ in APPROVED_SHOWN] + [words for _, words in APPROVED_SHOWN]
    searches += ["Võ Minh Thư", "áo dài", "Bùi Thanh Tâm", "bi mat", *NOT_SHOWN[:2]]

    seeds = ["/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/robots.txt"]
    seeds += [f"/feeds/{kind}/{s.slug}/" for s in sections for kind in ("rss", "atom")]
    seeds += ["/api/v1/openapi.json", "/api/v1/docs", "/catalog.jsonld", "/catalog.ttl"]
    seeds += ["/catalog.rdf", "/du-lieu/", f"/du-lieu/{site['dataset'].name}/"]
    for action in ("package_list", "current_package_list_with_resources", "organization_list"):
        seeds.append(f"/api/3/action/{action}")
    seeds += [f"/api/3/action/package_show?id={site['dataset'].name}"]
    seeds += [f"/api/3/action/package_search?{urlencode({'q': 'xe buýt'})}"]
    for q in searches:
        seeds += [
            f"/api/v1/search?{urlencode({'q': q})}",
            f"/api/v1/search/suggest?{urlencode({'q': q})}",
            f"/tim-kiem/?{urlencode({'q': q})}",
        ]
    for target in targets:  # the comment form, whole and as a fragment, for every comment
        seeds += [form_url(target), f"{form_url(target)}?fragment=1"]
    for one in c.values():
        seeds += [f"{form_url(one.target)}?{urlencode({'tra-loi': one.pk, 'fragment': 1})}"]
        seeds += [f"{form_url(one.target)}?tra-loi={one.pk}"]

    crawl = Crawl(client)
    crawl.run(seeds)
    # Every read of the public API, as its schema lists them.
    schema = json.loads(crawl.bodies["/api/v1/openapi.json"])
    for path, operations in schema["paths"].items():
        path = path.replace("{name}", site["dataset"].name)
        if "get" in operations and "{" not in path:
            crawl.fetch(path)
    # Every address in the sitemap, even past the crawl's limit.
    for path in list(_links("/sitemap.xml", crawl.bodies["/sitemap.xml"])):
        crawl.fetch(path)

    assert not crawl.leaks, f"a commenter's e-mail is public: {crawl.leaks[:10]}"
    assert not crawl.errors, crawl.errors
    for text in NOT_SHOWN:  # nor is anything held, rejected or spam, anywhere
        shown_on = [p for p, body in crawl.bodies.items() if text.lower() in body.lower()]
        # The search pages echo what was searched for; nothing else may show it.
        shown_on = [p for p in shown_on if not p.startswith(("/tim-kiem/", "/api/v1/search"))]
        assert not shown_on, f"{text!r} is public on {shown_on}"

    # The crawl did reach comments, feeds, APIs, forms, sitemap and listings.
    assert len(crawl.visited) >= 50
    reached = set(crawl.visited)
    must = {article.url, site["other"].url, site["closed"].url, site["series"].url}
    must |= {"/kinh-te-xa-hoi/", "/feeds/rss/", "/sitemap.xml", "/api/v1/openapi.json"}
    must |= {f"/du-lieu/{site['dataset'].name}/", "/catalog.jsonld", "/api/3/action/package_list"}
    must |= {form_url(article), f"{form_url(article)}?tra-loi={c['an'].pk}"}
    assert must <= reached, must - reached
    assert crawl.visited[form_url(article)] == 200
    assert crawl.visited[form_url(site["closed"])] == 403
    sitemap_urls = set(_links("/sitemap.xml", crawl.bodies["/sitemap.xml"]))
    assert article.url in sitemap_urls and sitemap_urls <= reached
    # Its Django views too: the data catalogue, an indicator, places, the answers' index.
    ward = article.places.get()
    assert {"/du-lieu/", "/chi-tieu/so-chuyen-xe-buyt/", "/dia-ban/", "/hoi-dap/"} <= sitemap_urls
    assert ward.get_absolute_url() in sitemap_urls
    assert crawl.visited[ward.get_absolute_url()] == 200

    page = crawl.bodies[article.url]
    for name, words in APPROVED_SHOWN:
        assert html.escape(name) in page or name in page
        assert words in page
    for text in NOT_SHOWN[:6]:
        assert text not in page
    assert "Huỳnh Gia Bảo" in crawl.bodies[site["series"].url]
    assert "Đỗ Quang Hải" in crawl.bodies[site["closed"].url]


def test_the_leak_check_itself_finds_an_email_on_a_page(commented_site, client):
    """The crawl's check is real: an e-mail typed into a comment's text is found."""
    article = commented_site["article"]
    comment(article, "Người Tự Lộ", "khac@example.invalid", f"Liên hệ {SECRET_EMAILS['pending']}")
    crawl = Crawl(client)
    crawl.fetch(article.url)
    assert f"{article.url}: {SECRET_EMAILS['pending']}" in crawl.leaks


# ----------------------------------------------------------------------------------------------
# Threads
