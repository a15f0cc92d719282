"""RSS and Atom, from files and from a real local HTTP server."""

import datetime
import functools
import http.server
import threading

import pytest
from django.core.management import CommandError

from cityportal.news.models import ArticlePage

from .helpers import HCM, UTC, body_html, run

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
