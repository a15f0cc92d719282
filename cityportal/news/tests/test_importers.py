"""`manage.py import_articles`: JSON Lines, WordPress WXR and RSS/Atom (served over real HTTP),
idempotent re-imports, and the bad inputs a newsroom actually receives."""

import datetime
import functools
import gzip
import http.server
import io
import json
import sys
import threading
import unicodedata
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry, Revision

from cityportal.core.middleware import content_version
from cityportal.news.importers import import_articles
from cityportal.news.models import ArticlePage

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_articles", *args, "--no-progress", stdout=out)
    return out.getvalue()


def write_jsonl(path, records, encoding="utf-8") -> str:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return str(path)


def body_html(page: ArticlePage) -> list[str]:
    return [block["value"] for block in page.body.raw_data]


def to_cp1258(text: str) -> bytes:
    """What Windows' Vietnamese code page writes: base letters (â, ơ, ư…) plus a combining tone."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + "".join(c for c in decomposed if c in tones)).encode("cp1258")
    return out


ARTICLES = [
    {
        "id": "hcm-001",
        "title": "Thành phố khởi công tuyến Metro số 2",
        "sapo": "Sáng nay, Thành phố Hồ Chí Minh khởi công tuyến Metro số 2 Bến Thành - "
        "Tham Lương.",
        "body": "Đoạn thứ nhất của bài.\n\nĐoạn thứ hai có ký hiệu DT50 < 24h và <số tiền>.\n",
        "published_at": "2021-06-28T17:00:00",
        "source": "Nhân dân điện tử",
        "source_url": "https://nhandan.vn/metro-so-2",
        "tags": ["giao thông", "metro"],
        "places": ["quan-1", "phuong sai gon", "Quận Không Tồn Tại"],
    },
    {
        "id": 2,
        "title": "Lễ hội Áo dài năm 2021",
        "sapo": "Lễ hội diễn ra trên đường Nguyễn Huệ.",
        "body": "<p>Đoạn <b>đậm</b> và "
        "<a href='https://sovhtt.hochiminhcity.gov.vn'>liên kết</a>.</p>",
        "published_at": "2021-03-05T08:30:00+00:00",
        "section": "van-hoa",
    },
    {"id": "hcm-003", "title": "Bài không có ngày đăng", "sapo": "Sapo", "body": "Nội dung"},
]


# JSON Lines


@pytest.mark.django_db
def test_jsonl_round_trip(tmp_path, section, client):
    path = write_jsonl(tmp_path / "tin-tuc.jsonl", ARTICLES)
    before = datetime.datetime.now(UTC)
    version = content_version()
    output = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert output.splitlines()[0] == "Created 3, updated 0, unchanged 0, skipped 0"
    assert "Warning line 1: unknown place 'Quận Không Tồn Tại'" in output
    assert "Encoding: UTF-8" in output

    metro = ArticlePage.objects.get(import_key="hcm-001")
    assert metro.import_source == "Nhân dân điện tử"
    assert metro.source_name == "Nhân dân điện tử"
    assert metro.source_url == "https://nhandan.vn/metro-so-2"
    assert metro.slug == "thanh-pho-khoi-cong-tuyen-metro-so-2"
    assert metro.get_parent().specific == section
    assert metro.published_at == datetime.datetime(2021, 6, 28, 17, 0, tzinfo=HCM)
    assert metro.sapo.startswith("Sáng nay, Thành phố")
    assert body_html(metro) == [
        "<p>Đoạn thứ nhất của bài.</p>",
        "<p>Đoạn thứ hai có ký hiệu DT50 &lt; 24h và &lt;số tiền&gt;.</p>",
    ]
    assert sorted(metro.places.values_list("slug", flat=True)) == ["phuong-sai-gon", "quan-1"]
    assert sorted(t.name for t in metro.tags.all()) == ["giao thông", "metro"]

    # A proper published page: live, with a revision that is both latest and live, and history.
    assert metro.live and not metro.has_unpublished_changes
    assert metro.live_revision_id == metro.latest_revision_id is not None
    assert metro.first_published_at is not None
    revision = Revision.objects.get(pk=metro.live_revision_id)
    assert revision.as_object().title == metro.title
    actions = set(PageLogEntry.objects.filter(page=metro).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions
    # Cached pages went stale once for the whole import, not once per article.
    assert content_version() == version + 1

    festival = ArticlePage.objects.get(import_key="2")
    assert festival.get_parent().slug == "van-hoa"  # the record's own section wins
    assert festival.import_source == "tin-tuc"  # no source anywhere: the file's stem
    assert festival.source_name == ""
    assert festival.published_at == datetime.datetime(2021, 3, 5, 8, 30, tzinfo=UTC)
    assert body_html(festival) == [
        '<p>Đoạn <b>đậm</b> và <a href="https://sovhtt.hochiminhcity.gov.vn" '
        'rel="nofollow noopener">liên kết</a>.</p>'
    ]

    undated = ArticlePage.objects.get(import_key="hcm-003")
    assert undated.published_at >= before - datetime.timedelta(seconds=10)

    response = client.get(metro.url)
    assert response.status_code == 200
    assert "Thành phố khởi công tuyến Metro số 2" in response.content.decode()


@pytest.mark.django_db
def test_undated_records_keep_the_file_order(tmp_path, section):
    records = [{"id": str(n), "title": f"Bài {n}", "sapo": "s", "body": "b"} for n in range(1, 4)]
    run(write_jsonl(tmp_path / "a.jsonl", records), "--format", "jsonl", "--section", "van-hoa")

    newest_first = ArticlePage.objects.order_by("-published_at").values_list("title", flat=True)
    assert list(newest_first) == ["Bài 1", "Bài 2", "Bài 3"]


@pytest.mark.django_db
def test_reimport_is_idempotent_and_updates_changed_records(tmp_path, section):
    path = write_jsonl(tmp_path / "tin.jsonl", ARTICLES)
    run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")
    undated = ArticlePage.objects.get(import_key="hcm-003")

    again = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert again.splitlines()[0] == "Created 0, updated 0, unchanged 3, skipped 0"
    assert ArticlePage.objects.count() == 3
    assert ArticlePage.objects.get(pk=undated.pk).published_at == undated.published_at

    changed = [dict(record) for record in ARTICLES]
    changed[0]["title"] = "Thành phố khởi công tuyến Metro số 2 (cập nhật)"
    changed[0]["tags"] = ["metro"]
    changed[1]["section"] = "doi-ngoai"
    changed[2]["body"] = "Nội dung mới\nĐoạn hai"
    write_jsonl(tmp_path / "tin.jsonl", changed)

    third = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert third.splitlines()[0] == "Created 0, updated 3, unchanged 0, skipped 0"
    assert ArticlePage.objects.count() == 3
    metro = ArticlePage.objects.get(import_key="hcm-001")
    assert metro.title.endswith("(cập nhật)")
    assert metro.slug == "thanh-pho-khoi-cong-tuyen-metro-so-2"  # the URL does not move
    assert [t.name for t in metro.tags.all()] == ["metro"]
    assert metro.live and metro.live_revision_id == metro.latest_revision_id
    assert metro.revisions.count() == 2
    assert body_html(ArticlePage.objects.get(import_key="hcm-003")) == [
        "<p>Nội dung mới</p>",
        "<p>Đoạn hai</p>",
    ]
    moved = ArticlePage.objects.get(import_key="2")
    assert moved.get_parent().slug == "doi-ngoai"
    assert moved.url_path.endswith("/doi-ngoai/le-hoi-ao-dai-nam-2021/")
    assert run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi").startswith(
        "Created 0, updated 0, unchanged 3, skipped 0"
    )


@pytest.mark.django_db
def test_source_option_keeps_sources_apart(tmp_path, section):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "title": "Một", "sapo": "s"}])
    run(path, "--format", "jsonl", "--section", "van-hoa", "--source", "nguon-a")
    output = run(path, "--format", "jsonl", "--section", "van-hoa", "--source", "nguon-b")

    assert output.splitlines()[0] == "Created 1, updated 0, unchanged 0, skipped 0"
    assert sorted(ArticlePage.objects.values_list("import_source", "slug")) == [
        ("nguon-a", "mot"),
        ("nguon-b", "mot-2"),
    ]
    assert ArticlePage.objects.get(import_source="nguon-a").source_name == "nguon-a"


@pytest.mark.django_db
def test_gzip_and_stdin(tmp_path, section, monkeypatch):
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in ARTICLES).encode()
    gz = tmp_path / "articles.jsonl.gz"
    gz.write_bytes(gzip.compress(data))
    assert run(str(gz), "--format", "jsonl", "--section", "van-hoa").startswith("Created 3,")

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(data))))
    output = run("-", "--format", "jsonl", "--section", "van-hoa", "--source", "stdin-test")
    assert output.startswith("Created 3,")


class FakeBar:
    def __init__(self, total):
        self.total, self.count, self.closed = total, 0, False

    def update(self, n=1):
        self.count += n

    def close(self):
        self.closed = True


@pytest.mark.django_db
def test_progress_counts_every_record(tmp_path, section):
    bars = []

    def progress(total):
        bars.append(FakeBar(total))
        return bars[-1]

    lines = [*ARTICLES, "{broken"]
    report = import_articles(
        write_jsonl(tmp_path / "a.jsonl", lines), "jsonl", section="van-hoa", progress=progress
    )
    wxr = tmp_path / "export.xml"
    wxr.write_text(WXR, encoding="utf-8")
    import_articles(str(wxr), "wxr", section="van-hoa", progress=progress)

    assert (report.created, len(report.skipped)) == (3, 1)
    assert [(bar.total, bar.count, bar.closed) for bar in bars] == [
        (None, 4, True),  # JSON Lines are streamed: no total
        (2, 2, True),  # the two published posts of the export
    ]


# Bad inputs


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "bom", "label"),
    [
        ("utf-16-le", b"\xff\xfe", "UTF-16 LE with BOM"),
        ("utf-16-be", b"\xfe\xff", "UTF-16 BE with BOM"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM"),
    ],
)
def test_bom_encodings(tmp_path, section, encoding, bom, label):
    path = tmp_path / "bom.jsonl"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in ARTICLES[:2]) + "\n"
    path.write_bytes(bom + text.encode(encoding))

    output = run(str(path), "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert output.startswith("Created 2, updated 0, unchanged 0, skipped 0")
    assert f"Encoding: {label}" in output
    assert ArticlePage.objects.get(import_key="hcm-001").title == ARTICLES[0]["title"]


@pytest.mark.django_db
def test_cp1258_file_is_decoded_and_normalised(tmp_path, section):
    title = "Quận Thủ Đức tổ chức Hội nghị tổng kết năm"
    line = json.dumps(
        {"id": "1", "title": title, "sapo": "Đường Võ Văn Ngân", "body": "Ấp ủ"}, ensure_ascii=False
    )
    path = tmp_path / "windows.jsonl"
    path.write_bytes(to_cp1258(line) + b"\r\n")
    assert b"\xd2" in path.read_bytes()  # the combining hook above: really cp1258

    output = run(str(path), "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert output.startswith("Created 1,")
    assert "Encoding: cp1258 (Windows Vietnamese)" in output
    page = ArticlePage.objects.get()
    assert page.title == title and unicodedata.is_normalized("NFC", page.title)
    assert page.sapo == "Đường Võ Văn Ngân"
    assert page.slug == "quan-thu-duc-to-chuc-hoi-nghi-tong-ket-nam"


@pytest.mark.django_db
def test_bad_records_are_reported_and_skipped(tmp_path, section):
    good = {"id": "a", "title": "Bài tốt", "sapo": "s", "body": "b"}
    lines = [
        good,
        '{"id": "b", "title": "Bị cắt cụt", "sapo": "s", "bo',  # truncated line
        {"id": "a", "title": "Trùng id", "sapo": "s", "body": "b"},
        {"id": "c", "title": "", "sapo": "s", "body": "b"},
        {"id": "d", "sapo": "không có tiêu đề"},
        {"title": "Không có id", "sapo": "s"},
        {"id": "e", "title": "Đ" * 256, "sapo": "s"},
        {"id": "f", "title": "Sai ngày", "sapo": "s", "published_at": "28/06/2021"},
        {"id": "g", "title": "Chuyên mục lạ", "sapo": "s", "section": "the-thao"},
        {"id": "h", "title": "Bài tốt thứ hai", "sapo": "s", "body": "b"},
    ]
    output = run(
        write_jsonl(tmp_path / "bad.jsonl", lines),
        "--format",
        "jsonl",
        "--section",
        "kinh-te-xa-hoi",
    )

    assert output.splitlines()[0] == "Created 2, updated 0, unchanged 0, skipped 8"
    assert "Skipped line 2: invalid JSON" in output
    assert "Skipped line 3: duplicate of line 1 (id 'a')" in output
    assert "Skipped line 4: missing title" in output
    assert "Skipped line 5: missing title" in output
    assert "Skipped line 6: missing id" in output
    assert "Skipped line 7: title longer than 255 characters (256)" in output
    assert "Skipped line 8: bad date '28/06/2021'" in output
    assert "Skipped line 9: unknown section 'the-thao'" in output
    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == [
        "Bài tốt",
        "Bài tốt thứ hai",
    ]
    assert ArticlePage.objects.get(import_key="a").title == "Bài tốt"  # the first one stays


@pytest.mark.django_db
def test_html_is_sanitised(tmp_path, section):
    body = (
        "<script>alert('xss')</script><style>p{}</style>"
        "<h1>Tiêu đề lớn</h1><div>Đoạn trong div</div>"
        "<p onclick='evil()'>Có <strong>đậm</strong>, <em>nghiêng</em>, "
        "<a href='javascript:alert(1)'>liên kết xấu</a>, <a href='mailto:bbt@hochiminhcity.gov.vn'>"
        "thư</a> <img src='https://example.com/a.jpg'></p>"
        "<iframe src='https://evil.example'>khung</iframe>"
        "<ul><li>Một</li><li>Hai</li></ul><blockquote>Trích</blockquote><p>  </p>"
    )
    path = write_jsonl(
        tmp_path / "html.jsonl", [{"id": "1", "title": "HTML", "sapo": "s", "body": body}]
    )

    output = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert "Note: 1 images dropped" in output
    blocks = body_html(ArticlePage.objects.get())
    assert blocks == [
        "<h2>Tiêu đề lớn</h2>",
        "<p>Đoạn trong div</p>",
        "<p>Có <b>đậm</b>, <i>nghiêng</i>, liên kết xấu, "
        '<a href="mailto:bbt@hochiminhcity.gov.vn" rel="nofollow noopener">thư</a> </p>',
        "<ul><li>Một</li><li>Hai</li></ul>",
        "<blockquote>Trích</blockquote>",
    ]
    joined = "".join(blocks)
    for gone in ("alert", "script", "style", "onclick", "iframe", "khung", "img", "javascript"):
        assert gone not in joined


@pytest.mark.django_db
def test_body_that_sanitises_to_nothing_is_imported(tmp_path, section):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "1", "title": "Chỉ có script", "sapo": "", "body": "<script>alert(1)</script>"},
        ],
    )
    output = run(path, "--format", "jsonl", "--section", "van-hoa")
    assert output.startswith("Created 1, updated 0, unchanged 0, skipped 0")
    page = ArticlePage.objects.get()
    assert body_html(page) == []
    assert page.sapo == "Chỉ có script"  # no sapo, no body text: the title stands in


@pytest.mark.django_db
def test_unknown_section_option_is_an_error_before_importing(tmp_path, section):
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    with pytest.raises(CommandError, match="unknown section 'the-thao'"):
        run(path, "--format", "jsonl", "--section", "the-thao")
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_record_without_any_section_is_skipped(tmp_path, section):
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    output = run(path, "--format", "jsonl")
    assert output.splitlines()[0] == "Created 1, updated 0, unchanged 0, skipped 2"
    assert 'Skipped line 1: no section: the record has no "section"' in output


@pytest.mark.django_db
def test_not_json_lines_is_an_error(tmp_path, section):
    path = tmp_path / "a.jsonl"
    path.write_text("<rss></rss>\n")
    with pytest.raises(CommandError, match="does not look like JSON Lines"):
        run(str(path), "--format", "jsonl", "--section", "van-hoa")


@pytest.mark.django_db
def test_summary_is_capped(tmp_path, section):
    lines = ["{broken"] + [{"id": "x", "title": f"T{n}", "sapo": "s"} for n in range(60)]
    output = run(
        write_jsonl(tmp_path / "a.jsonl", lines), "--format", "jsonl", "--section", "van-hoa"
    )
    assert output.splitlines()[0] == "Created 1, updated 0, unchanged 0, skipped 60"
    assert "… and 10 more skipped" in output
    assert output.count("Skipped line") == 50


# WordPress WXR

WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
    xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
    <title>Báo Quận 1</title>
    <link>https://quan1.example.vn</link>
    <description>Tin tức Quận 1</description>
    <pubDate>Tue, 29 Jun 2021 03:00:00 +0000</pubDate>
    <language>vi</language>
    <wp:wxr_version>1.2</wp:wxr_version>
    <wp:base_site_url>https://quan1.example.vn</wp:base_site_url>
    <wp:base_blog_url>https://quan1.example.vn</wp:base_blog_url>
    <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[bbt]]></wp:author_login>
      <wp:author_email><![CDATA[bbt@quan1.example.vn]]></wp:author_email>
      <wp:author_display_name><![CDATA[Ban Biên tập]]></wp:author_display_name></wp:author>
    <wp:category>
      <wp:term_id>3</wp:term_id>
      <wp:category_nicename><![CDATA[van-hoa]]></wp:category_nicename>
      <wp:category_parent><![CDATA[]]></wp:category_parent>
      <wp:cat_name><![CDATA[Văn hóa]]></wp:cat_name>
    </wp:category>
    <generator>https://wordpress.org/?v=5.7.2</generator>
    <item>
        <title>Phố đi bộ Nguyễn Huệ đón khách trở lại &amp; mở rộng giờ</title>
        <link>https://quan1.example.vn/2021/06/pho-di-bo/</link>
        <pubDate>Mon, 28 Jun 2021 10:00:00 +0000</pubDate>
        <dc:creator><![CDATA[bbt]]></dc:creator>
        <guid isPermaLink="false">https://quan1.example.vn/?p=12</guid>
        <description></description>
        <content:encoded><![CDATA[Phố đi bộ Nguyễn Huệ mở cửa trở lại từ tối nay.

<h2>Giờ mở cửa</h2>
Từ 18 giờ đến 23 giờ.
Cuối tuần đến 24 giờ.

<!-- wp:image --><img src="/wp-content/uploads/pho.jpg" alt=""><!-- /wp:image -->
Xem <a href="/lich-su-kien/">lịch sự kiện</a>.]]></content:encoded>
        <excerpt:encoded><![CDATA[]]></excerpt:encoded>
        <wp:post_id>12</wp:post_id>
        <wp:post_date><![CDATA[2021-06-28 17:00:00]]></wp:post_date>
        <wp:post_date_gmt><![CDATA[2021-06-28 10:00:00]]></wp:post_date_gmt>
        <wp:comment_status><![CDATA[open]]></wp:comment_status>
        <wp:post_name><![CDATA[pho-di-bo]]></wp:post_name>
        <wp:status><![CDATA[publish]]></wp:status>
        <wp:post_parent>0</wp:post_parent>
        <wp:menu_order>0</wp:menu_order>
        <wp:post_type><![CDATA[post]]></wp:post_type>
        <wp:post_password><![CDATA[]]></wp:post_password>
        <wp:is_sticky>0</wp:is_sticky>
        <category domain="category" nicename="van-hoa"><![CDATA[Văn hóa]]></category>
        <category domain="post_tag" nicename="pho-di-bo"><![CDATA[phố đi bộ]]></category>
        <category domain="post_tag" nicename="quan-1"><![CDATA[Quận 1]]></category>
        <wp:postmeta><wp:meta_key><![CDATA[_edit_last]]></wp:meta_key><wp:meta_value><![CDATA[1]]></wp:meta_value></wp:postmeta>
    </item>
    <item>
        <title>pho.jpg</title>
        <link>https://quan1.example.vn/pho-jpg/</link>
        <wp:post_id>13</wp:post_id>
        <wp:status><![CDATA[inherit]]></wp:status>
        <wp:post_type><![CDATA[attachment]]></wp:post_type>
        <wp:attachment_url><![CDATA[https://quan1.example.vn/wp-content/uploads/pho.jpg]]></wp:attachment_url>
    </item>
    <item>
        <title>Bản nháp chưa đăng</title>
        <content:encoded><![CDATA[Nháp]]></content:encoded>
        <wp:post_id>14</wp:post_id>
        <wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>
        <wp:status><![CDATA[draft]]></wp:status>
        <wp:post_type><![CDATA[post]]></wp:post_type>
    </item>
    <item>
        <title>Thông báo lịch tiếp công dân</title>
        <link>https://quan1.example.vn/2021/06/tiep-cong-dan/</link>
        <dc:creator><![CDATA[bbt]]></dc:creator>
        <guid isPermaLink="false">https://quan1.example.vn/?p=15</guid>
        <content:encoded><![CDATA[<p>Lịch tiếp công dân tháng 7.</p>]]></content:encoded>
        <excerpt:encoded><![CDATA[<p>Lịch <b>tiếp công dân</b> của UBND Quận 1.</p>]]>
        </excerpt:encoded>
        <wp:post_id>15</wp:post_id>
        <wp:post_date_gmt><![CDATA[2021-06-29 01:00:00]]></wp:post_date_gmt>
        <wp:status><![CDATA[publish]]></wp:status>
        <wp:post_type><![CDATA[post]]></wp:post_type>
        <category domain="category" nicename="thong-bao"><![CDATA[Thông báo]]></category>
    </item>
</channel>
</rss>
"""


@pytest.mark.django_db
def test_wxr_round_trip(tmp_path, section):
    path = tmp_path / "quan1.wordpress.2021-06-29.xml"
    path.write_text(WXR, encoding="utf-8")

    output = run(str(path), "--format", "wxr", "--section", "kinh-te-xa-hoi")

    assert output.splitlines()[0] == "Created 2, updated 0, unchanged 0, skipped 0"
    assert "Ignored 2 items that are not published posts: 1 attachment, 1 draft post" in output
    assert "Note: 1 images dropped" in output

    walk = ArticlePage.objects.get(import_key="12")
    assert walk.title == "Phố đi bộ Nguyễn Huệ đón khách trở lại & mở rộng giờ"
    assert walk.import_source == "quan1.example.vn"
    assert walk.source_name == "Báo Quận 1"
    assert walk.source_url == "https://quan1.example.vn/2021/06/pho-di-bo/"
    assert walk.byline == "Ban Biên tập"
    assert walk.published_at == datetime.datetime(2021, 6, 28, 10, 0, tzinfo=UTC)
    assert walk.get_parent().slug == "van-hoa"  # its category names a section
    assert sorted(t.name for t in walk.tags.all()) == ["Quận 1", "phố đi bộ"]
    assert walk.sapo == "Phố đi bộ Nguyễn Huệ mở cửa trở lại từ tối nay."  # empty excerpt
    assert body_html(walk) == [
        "<p>Phố đi bộ Nguyễn Huệ mở cửa trở lại từ tối nay.</p>",
        "<h2>Giờ mở cửa</h2>",
        "<p>Từ 18 giờ đến 23 giờ.\nCuối tuần đến 24 giờ.</p>",
        '<p>Xem <a href="https://quan1.example.vn/lich-su-kien/" rel="nofollow noopener">'
        "lịch sự kiện</a>.</p>",
    ]

    notice = ArticlePage.objects.get(import_key="15")
    assert notice.get_parent().slug == "kinh-te-xa-hoi"  # "thong-bao" is no section: --section
    assert notice.sapo == "Lịch tiếp công dân của UBND Quận 1."
    assert [t.name for t in notice.tags.all()] == ["Thông báo"]

    assert run(str(path), "--format", "wxr", "--section", "kinh-te-xa-hoi").startswith(
        "Created 0, updated 0, unchanged 2, skipped 0"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Đây không phải XML", "not well-formed XML"),
        ('{"id": 1, "title": "JSON"}', "not well-formed XML"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "not an RSS/WXR file"),
        (
            "<rss version='2.0'><channel><title>RSS</title></channel></rss>",
            "not a WordPress export",
        ),
    ],
)
def test_wxr_that_is_not_wxr_is_an_error(tmp_path, section, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(str(path), "--format", "wxr", "--section", "kinh-te-xa-hoi")
    assert not ArticlePage.objects.exists()


# RSS and Atom, from files and from a real local HTTP server

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Cổng thông tin Quận 3</title>
  <link>https://quan3.example.vn/</link>
  <description>Tin tức</description>
  <item>
    <title>Quận 3 ra mắt mô hình "Chợ an toàn"</title>
    <link>https://quan3.example.vn/tin/cho-an-toan</link>
    <guid>https://quan3.example.vn/tin/cho-an-toan</guid>
    <description>&lt;p&gt;Mô hình chợ an toàn &lt;b&gt;đầu tiên&lt;/b&gt;.&lt;/p&gt;</description>
    <pubDate>Wed, 30 Jun 2021 09:15:00 +0700</pubDate>
    <dc:creator>Minh An</dc:creator>
    <category>Mô hình</category>
  </item>
  <item>
    <title>Bài không có ngày</title>
    <link>https://quan3.example.vn/tin/khong-ngay</link>
    <description>Tóm tắt</description>
  </item>
  <item>
    <description>Mục không có tiêu đề</description>
    <link>https://quan3.example.vn/tin/khong-tieu-de</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <title>Sở Văn hóa và Thể thao</title>
  <link href="https://svhtt.example.vn/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2021-07-01T08:00:00+07:00</updated>
  <entry>
    <title>Khai mạc Đường sách Tết</title>
    <link href="https://svhtt.example.vn/duong-sach-tet"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2021-07-01T08:00:00+07:00</updated>
    <published>2021-06-30T20:00:00+07:00</published>
    <author><name>Phòng Truyền thông</name></author>
    <summary>Đường sách Tết Tân Sửu khai mạc.</summary>
    <content type="html">&lt;p&gt;Đoạn một.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;
      &lt;p&gt;Đoạn hai.&lt;/p&gt;</content>
    <category term="van-hoa" label="Văn hóa"/>
  </entry>
</feed>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving tmp_path/www."""
    root = tmp_path / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_rss_over_http(feed_server, section):
    root, base = feed_server
    (root / "rss.xml").write_text(RSS, encoding="utf-8")

    output = run(f"{base}/rss.xml", "--format", "rss", "--section", "mo-hinh-tieu-bieu")

    assert output.splitlines()[0] == "Created 2, updated 0, unchanged 0, skipped 1"
    assert "Skipped item 3: missing title" in output
    page = ArticlePage.objects.get(import_key="https://quan3.example.vn/tin/cho-an-toan")
    assert page.title == 'Quận 3 ra mắt mô hình "Chợ an toàn"'
    assert page.import_source == "quan3.example.vn"
    assert page.source_name == "Cổng thông tin Quận 3"
    assert page.source_url == "https://quan3.example.vn/tin/cho-an-toan"
    assert page.sapo == "Mô hình chợ an toàn đầu tiên."
    assert body_html(page) == ["<p>Mô hình chợ an toàn <b>đầu tiên</b>.</p>"]
    assert page.byline == "Minh An"
    assert page.published_at == datetime.datetime(2021, 6, 30, 9, 15, tzinfo=HCM)
    assert [t.name for t in page.tags.all()] == ["Mô hình"]
    assert page.get_parent().slug == "mo-hinh-tieu-bieu"

    again = run(f"{base}/rss.xml", "--format", "rss", "--section", "mo-hinh-tieu-bieu")
    assert again.splitlines()[0] == "Created 0, updated 0, unchanged 2, skipped 1"


@pytest.mark.django_db
def test_atom_over_http_and_from_a_file(feed_server, section):
    root, base = feed_server
    (root / "atom.xml").write_text(ATOM, encoding="utf-8")

    output = run(f"{base}/atom.xml", "--format", "rss", "--section", "van-hoa")

    assert output.splitlines()[0] == "Created 1, updated 0, unchanged 0, skipped 0"
    page = ArticlePage.objects.get()
    assert page.import_key == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert page.import_source == "svhtt.example.vn"
    assert page.title == "Khai mạc Đường sách Tết"
    assert page.sapo == "Đường sách Tết Tân Sửu khai mạc."
    assert body_html(page) == ["<p>Đoạn một.</p>", "<p>Đoạn hai.</p>"]
    assert page.byline == "Phòng Truyền thông"
    assert page.source_url == "https://svhtt.example.vn/duong-sach-tet"
    assert page.published_at == datetime.datetime(2021, 6, 30, 13, 0, tzinfo=UTC)

    # The same feed from a file is the same source and the same article.
    path = root / "atom.xml"
    assert run(str(path), "--format", "rss", "--section", "van-hoa").startswith(
        "Created 0, updated 0, unchanged 1, skipped 0"
    )


@pytest.mark.django_db
def test_feed_errors(feed_server, section):
    root, base = feed_server
    with pytest.raises(CommandError, match="HTTP 404"):
        run(f"{base}/missing.xml", "--format", "rss", "--section", "van-hoa")
    (root / "page.html").write_text("<html><body><p>Không phải feed</p></body></html>")
    with pytest.raises(CommandError, match="not an RSS or Atom feed"):
        run(f"{base}/page.html", "--format", "rss", "--section", "van-hoa")
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_edited_articles_are_not_overwritten(tmp_path, section, staff):
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1])
    run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")
    page = ArticlePage.objects.get()
    page.title = "Tiêu đề do biên tập viên sửa"
    page.save_revision(user=staff["chief"]).publish()

    output = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert output.splitlines()[0] == "Created 0, updated 0, unchanged 0, skipped 1"
    assert "edited in the admin since it was imported" in output
    assert ArticlePage.objects.get().title == "Tiêu đề do biên tập viên sửa"


@pytest.mark.django_db
def test_imported_article_works_in_the_admin_and_workflow(tmp_path, section, admin_client, staff):
    run(
        write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1]),
        "--format",
        "jsonl",
        "--section",
        "kinh-te-xa-hoi",
    )
    page = ArticlePage.objects.get()

    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    history = admin_client.get(f"/admin/pages/{page.pk}/history/")

    assert edit.status_code == 200
    assert "Thành phố khởi công tuyến Metro số 2" in edit.content.decode()
    assert history.status_code == 200

    # An editor's change goes through the newsroom's two-step workflow like any other page.
    page.title = "Tiêu đề đã biên tập"
    page.save_revision(user=staff["editor"])
    state = page.get_workflow().start(page, staff["editor"])
    assert state.status == state.STATUS_IN_PROGRESS
    assert ArticlePage.objects.get().live  # the published version stays up meanwhile


@pytest.mark.django_db
def test_imported_articles_show_on_cached_listings(tmp_path, section, client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get(section.url)
    assert client.get(section.url)["X-Page-Cache"] == "hit"  # the listing is cached

    run(
        write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1]),
        "--format",
        "jsonl",
        "--section",
        "kinh-te-xa-hoi",
    )

    assert ARTICLES[0]["title"] in client.get(section.url).content.decode()
