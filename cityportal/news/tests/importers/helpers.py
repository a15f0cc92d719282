"""What the importer tests share: running the command, writing inputs, reading bodies."""

import datetime
import io
import json
import unicodedata
from zoneinfo import ZoneInfo

from django.core.management import call_command

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
