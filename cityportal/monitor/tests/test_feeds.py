"""Feed polling against a real local HTTP server serving real-format feeds, and the bad input a
newsroom's feed list produces."""

import contextlib
import datetime
import email.utils
import re
import socket
import unicodedata

import pytest
from django.utils import timezone

from cityportal.monitor.models import Item, Source
from cityportal.monitor.sources import feeds
from cityportal.news.tests.importers.helpers import to_cp1258

RSS = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0"><channel><title>Báo Thành phố</title><link>https://bao.example.vn/</link>
<description>Tin</description>
<item><title>Người dân Quận 8 phản ánh ngập nước kéo dài</title>
<link>{base}/bai/ngap-quan-8</link><guid>ngap-quan-8</guid>
<description>Tóm tắt ngắn.</description><pubDate>Mon, 23 Nov 2026 08:00:00 +0700</pubDate></item>
<item><title>Thành phố khởi công cầu Cần Giờ</title><link>https://bao.example.vn/bai/cau-can-gio</link>
<guid>cau-can-gio</guid><description>{long}</description>
<pubDate>Tue, 24 Nov 2026 09:30:00 +0700</pubDate></item>
</channel></rss>"""
LONG = "Sáng nay, thành phố chính thức khởi công dự án cầu Cần Giờ. " * 12
ARTICLE_PAGE = """<html><head><title>Ngập nước</title></head><body><nav>Trang chủ | Tin tức</nav>
<article><h1>Người dân Quận 8 phản ánh ngập nước kéo dài</h1>
<p>Nhiều tuyến đường ở Quận 8 ngập sâu sau mỗi cơn mưa chiều, người dân phải dắt bộ xe máy qua
những đoạn nước ngập quá nửa bánh xe. Bà Lan, một người dân sống tại đây, cho biết tình trạng
này đã kéo dài nhiều năm mà chưa có giải pháp dứt điểm.</p>
<p>Ủy ban nhân dân quận cho biết đang phối hợp với Sở Xây dựng để nâng cấp hệ thống thoát nước
trên các tuyến đường thường xuyên bị ngập trong mùa mưa năm nay.</p></article>
<footer>Bản quyền thuộc về báo</footer></body></html>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sở</title><id>urn:x</id>
<updated>2026-11-24T08:00:00+07:00</updated>
<entry><title>Lịch tiếp dân tháng 12</title><id>urn:x:1</id><link href="https://so.example.vn/1"/>
<updated>2026-11-24T08:00:00+07:00</updated>
<content type="html">{long}</content></entry></feed>"""


def rss(base, encoding="utf-8"):
    return RSS.format(base=base, long=LONG, encoding=encoding)


@pytest.fixture
def source(db, site):
    return Source.objects.create(name="Báo Thành phố", url=f"{site.base}/rss.xml")


def test_rss_with_summaries_gets_full_text_and_polls_twice_without_duplicates(site, source):
    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "application/rss+xml", "ETag": '"v1"'},
        rss(site.base).encode(),
    )
    site.routes["/bai/ngap-quan-8"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        ARTICLE_PAGE.encode(),
    )

    assert feeds.poll(source) == 2
    flood = Item.objects.get(key=Item.make_key("ngap-quan-8"))
    assert "hệ thống thoát nước" in flood.text  # the page's text, not the feed's summary
    assert "Bản quyền" not in flood.text and "Trang chủ" not in flood.text
    assert flood.published_at.isoformat() == "2026-11-23T01:00:00+00:00"
    bridge = Item.objects.get(key=Item.make_key("cau-can-gio"))
    assert bridge.text.startswith("Sáng nay")  # long enough: the page was not fetched
    assert [p for p, _ in site.hits].count("/bai/cau-can-gio") == 0

    # The second poll sends the validator; the server says 304 and nothing is stored twice.
    site.routes["/rss.xml"] = lambda h: (
        (304, {"ETag": '"v1"'}, b"")
        if h.headers.get("If-None-Match") == '"v1"'
        else (200, {}, rss(site.base).encode())
    )
    assert feeds.poll(source) == 0
    source.refresh_from_db()
    assert (source.last_error, source.consecutive_errors) == ("", 0)
    assert Item.objects.count() == 2


@pytest.mark.parametrize(
    "content_type, page",
    [
        # No charset anywhere: requests would read it as ISO-8859-1 ("Ná»i dung").
        ("text/html", ARTICLE_PAGE.encode()),
        # Only the page's <meta> names it, as many Vietnamese sites do.
        (
            "text/html",
            to_cp1258(ARTICLE_PAGE.replace("<head>", '<head><meta charset="windows-1258">')),
        ),
    ],
)
def test_full_text_of_a_page_without_a_charset_header_reads_vietnamese(
    site, source, content_type, page
):
    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss(site.base).encode(),
    )
    site.routes["/bai/ngap-quan-8"] = (200, {"Content-Type": content_type}, page)

    feeds.poll(source)
    flood = Item.objects.get(key=Item.make_key("ngap-quan-8"))
    assert "hệ thống thoát nước" in unicodedata.normalize("NFC", flood.text)


def test_a_relative_link_names_a_page_on_the_feeds_site(site, source):
    """Stored as written ("/bai/…"), the item's address was no link and its page never read."""
    feed = rss(site.base).replace(f"{site.base}/bai/ngap-quan-8", "/bai/ngap-quan-8")
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, feed.encode())
    site.routes["/bai/ngap-quan-8"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        ARTICLE_PAGE.encode(),
    )

    feeds.poll(source)
    flood = Item.objects.get(key=Item.make_key("ngap-quan-8"))
    assert flood.url == f"{site.base}/bai/ngap-quan-8"
    assert "hệ thống thoát nước" in flood.text


def test_a_feed_without_validators_polled_again_adds_nothing(site, source):
    site.routes["/rss.xml"] = (200, {}, rss(site.base).encode())
    source.fetch_full_text = False
    assert feeds.poll(source) == 2
    assert feeds.poll(source) == 0
    assert Item.objects.count() == 2


def test_a_poll_keeps_what_an_editor_changed_meanwhile(site, source):
    """The poll holds the source as it loaded it; an editor pauses and renames it meanwhile."""
    # Dated this week: the health column counts the items published over the last week.
    recent = email.utils.format_datetime(timezone.now() - datetime.timedelta(hours=1))
    body = re.sub(r"<pubDate>[^<]+</pubDate>", f"<pubDate>{recent}</pubDate>", rss(site.base))
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, body.encode())
    source.fetch_full_text = False
    Source.objects.filter(pk=source.pk).update(active=False, name="Tạm dừng")
    assert feeds.poll(source) == 2
    source.refresh_from_db()
    assert (source.active, source.name, source.last_error) == (False, "Tạm dừng", "")
    assert source.last_success_at is not None
    listed = Source.objects.with_recent_counts().get(pk=source.pk)
    assert (listed.items_count, listed.recent_items) == (2, 2)


def test_wrong_charset_declaration_is_corrected(site, source):
    # Declared windows-1252 in the XML prolog, but the bytes are UTF-8 (a common CMS bug).
    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "text/xml"},
        rss(site.base, encoding="windows-1252").encode("utf-8"),
    )
    source.fetch_full_text = False
    feeds.poll(source)
    titles = set(Item.objects.values_list("title", flat=True))
    assert "Thành phố khởi công cầu Cần Giờ" in titles


@pytest.mark.parametrize(
    "route, message",
    [
        (
            (
                200,
                {"Content-Type": "text/html"},
                b"<!doctype html><html><body>Trang chu</body></html>",
            ),
            "trang HTML, không phải feed",
        ),
        (
            (200, {}, b"<rss><channel><title>x</title><item><title>a</ti"),
            "không đọc được feed: XML hỏng hoặc bị cắt cụt",
        ),
        ((500, {}, b"oops"), "HTTP 500"),
        ((200, {"Content-Length": str(60 * 1024 * 1024)}, b""), "quá lớn"),
        # Just over the limit is said as such, not "(10 MB)" against a limit of 10 MB.
        (
            (200, {"Content-Length": str(11_000_000)}, b""),
            "phản hồi quá lớn (10,5 MB, tối đa 10 MB)",
        ),
    ],
)
def test_bad_feeds_give_a_clear_error_and_back_off(site, source, route, message):
    site.routes["/rss.xml"] = route
    with pytest.raises(feeds.FetchError, match=re.escape(message)):
        feeds.poll(source)
    source.refresh_from_db()
    assert message in source.last_error
    assert source.consecutive_errors == 1
    assert source.next_fetch_at > source.last_fetch_at  # backed off
    assert Item.objects.count() == 0


def test_a_body_larger_than_declared_limit_is_cut_off(site, source, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_BYTES", 100_000)
    big = b"<rss>" + b"x" * 300_000

    def no_length(handler):  # streamed without Content-Length; the client hangs up midway
        handler.send_response(200)
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.wfile.write(big)

    site.routes["/rss.xml"] = no_length
    with pytest.raises(feeds.FetchError, match="quá lớn"):
        feeds.poll(source)


def test_a_server_that_does_not_answer_is_said_in_vietnamese(source):
    with socket.socket() as closed:  # a port nothing listens on: bound, never listening
        closed.bind(("127.0.0.1", 0))
        source.url = f"http://127.0.0.1:{closed.getsockname()[1]}/rss.xml"
        source.save()
        with pytest.raises(feeds.FetchError, match="không kết nối được tới máy chủ"):
            feeds.poll(source)
    source.refresh_from_db()
    assert "Error" not in source.last_error and source.consecutive_errors == 1


def test_a_connection_dropped_mid_body_is_said_in_vietnamese(site, source):
    def cut_short(handler):  # promises 100 kB, sends a few bytes and hangs up
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(b"<rss><channel>")

    site.routes["/rss.xml"] = cut_short
    with pytest.raises(feeds.FetchError, match="máy chủ ngắt kết nối khi đang gửi dữ liệu"):
        feeds.poll(source)
    source.refresh_from_db()
    assert source.consecutive_errors == 1 and "Error" not in source.last_error


def test_redirect_loop(site, source):
    site.routes["/rss.xml"] = (302, {"Location": "/a"}, b"")
    site.routes["/a"] = (302, {"Location": "/rss.xml"}, b"")
    with pytest.raises(feeds.FetchError, match="chuyển hướng"):
        feeds.poll(source)


def test_one_broken_source_does_not_stop_the_others(site, db):
    site.routes["/atom.xml"] = (
        200,
        {"Content-Type": "application/atom+xml"},
        ATOM.format(long=LONG).encode(),
    )
    site.routes["/rss.xml"] = (200, {}, b"<html>not a feed</html>")
    good = Source.objects.create(name="Sở", url=f"{site.base}/atom.xml")
    bad = Source.objects.create(name="Hỏng", url=f"{site.base}/rss.xml")
    Source.objects.create(name="Tắt", url=f"{site.base}/off.xml", active=False)

    report = feeds.poll_due()

    assert report["sources"] == 2 and report["new"] == 1
    assert list(report["errors"]) == ["Hỏng"]
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.items.count() == 1 and good.last_error == ""
    assert "HTML" in bad.last_error
    # Backed off: not due on the next tick, while the good one waits its own period.
    assert not Source.objects.due().exists()


def test_poll_sources_command_stores_analyses_and_reports_failures(site, source, db):
    from io import StringIO

    from django.core.management import call_command

    site.routes["/rss.xml"] = (200, {}, rss(site.base).encode())
    source.fetch_full_text = False
    source.save()
    Source.objects.create(name="Hỏng", url=f"{site.base}/missing.xml")
    out, err = StringIO(), StringIO()
    call_command("poll_sources", stdout=out, stderr=err)
    assert "Báo Thành phố: 2 new" in out.getvalue()
    assert "Hỏng: máy chủ trả lỗi HTTP 404" in err.getvalue()
    assert "1 source(s) failed" in err.getvalue()
    assert Item.objects.processed().count() == 2


def test_poll_sources_goes_on_past_a_source_that_meets_an_unexpected_error(site, source, db):
    """An error that is not a FetchError (here feedparser's own UnicodeError on a server that
    names Python's "undefined" codec as the feed's charset) stopped the command there, and the
    sources after it, the portal's comments and the analysis all waited for the next run, which
    stopped at the same place."""
    from io import StringIO

    from django.core.management import call_command

    broken = {"Content-Type": "application/rss+xml; charset=undefined"}
    site.routes["/broken.xml"] = (200, broken, rss(site.base).encode())
    site.routes["/rss.xml"] = (200, {}, rss(site.base).encode())
    source.fetch_full_text = False
    source.save()
    bad = Source.objects.create(name="A Báo hỏng", url=f"{site.base}/broken.xml")  # polled first
    out, err = StringIO(), StringIO()
    call_command("poll_sources", stdout=out, stderr=err)
    bad.refresh_from_db()
    assert bad.last_error.startswith("lỗi không mong đợi khi đọc nguồn (UnicodeError")
    assert bad.consecutive_errors == 1 and bad.next_fetch_at  # backed off like any failure
    assert "A Báo hỏng: lỗi không mong đợi" in err.getvalue()
    assert "Báo Thành phố: 2 new" in out.getvalue()
    assert "1 source(s) failed" in err.getvalue()
    assert not bad.items.exists() and source.items.processed().count() == 2


def test_an_entry_whose_link_or_date_cannot_be_read_fails_only_itself(site, source):
    """An entry linking to "http://[…" (no host can be read from it) raised a ValueError, and
    the whole feed failed on every poll; so did a date out of any calendar (year 0 in UTC)."""
    broken = rss(site.base).replace(f"{site.base}/bai/ngap-quan-8", "http://[bao.example.vn/ngap")
    broken = broken.replace("Tue, 24 Nov 2026 09:30:00 +0700", "0001-01-01T00:00:00+07:00")
    # A link that urllib3 refuses with its own ValueError when the full text is fetched.
    odd = "<item><title>Tin ngắn</title><link>http://bao..example.vn/tin</link><guid>ngan</guid>"
    broken = broken.replace(
        "</channel>", f"{odd}<description>Tóm tắt.</description></item></channel>"
    )
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, broken.encode())
    before = timezone.now()

    assert feeds.poll(source) == 3
    source.refresh_from_db()
    short = source.items.get(key=Item.make_key("ngan"))
    assert (short.url, short.text) == ("http://bao..example.vn/tin", "Tóm tắt.")
    flood = source.items.get(key=Item.make_key("ngap-quan-8"))
    assert flood.url == "" and flood.title.startswith("Người dân Quận 8")
    assert flood.published_at.isoformat() == "2026-11-23T01:00:00+00:00"
    bridge = source.items.get(key=Item.make_key("cau-can-gio"))
    assert bridge.url == "https://bao.example.vn/bai/cau-can-gio"
    assert bridge.published_at >= before  # as an entry with no date
    assert source.consecutive_errors == 0 and source.last_success_at
    assert source.last_warning == (
        "1 mục có đường dẫn không hợp lệ (như “http://[bao.example.vn/ngap”), "
        "đã lưu không kèm đường dẫn; 1 mục có ngày đăng không hợp lệ, đã lấy giờ tải về"
    )
    assert source.last_error == ""  # a warning: the feed was read
    assert feeds.poll(source) == 0  # polled again: nothing twice, no error
    source.refresh_from_db()
    assert source.consecutive_errors == 0 and source.items.count() == 3


def test_an_emoji_written_as_two_character_references_is_read(site, source):
    """Encoders that escape each UTF-16 half of an emoji ("&#55357;&#56832;") made feedparser
    raise UnicodeEncodeError: the whole feed failed on every poll. NUL is not stored either."""
    halves = rss(site.base).replace(
        "cầu Cần Giờ</title>", "cầu &#55357;&#56832; &#xD83D;x &#0;</title>"
    )
    halves = halves.replace("<description>", "<description>\x00", 1)
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, halves.encode())

    assert feeds.poll(source) == 2
    texts = " ".join(t + x for t, x in source.items.values_list("title", "text"))
    assert "khởi công cầu 😀 \ufffdx \ufffd" in texts and "\x00" not in texts
    source.refresh_from_db()
    assert source.last_error == ""


def test_a_feed_read_with_warnings_is_not_a_failing_source(site, source):
    """Warnings ("feed không chuẩn", entries stored without their link) went to last_error:
    the sources page said "lỗi: …" and the dashboard listed the feed among the failing ones,
    though it was polled fine. They have their own field, back off nothing, and the next poll
    without anything to say clears them."""
    sloppy = rss(site.base).replace("</channel></rss>", "</channel>")  # malformed, still read
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, sloppy.encode())
    source.fetch_full_text = False
    source.save()
    polled_at = timezone.now()

    assert feeds.poll(source) == 2
    source.refresh_from_db()
    assert source.last_warning.startswith("feed không chuẩn (")
    assert (source.last_error, source.consecutive_errors) == ("", 0)
    # Due after its own period, as a feed read without warnings: no back-off.
    assert source.next_fetch_at - polled_at < datetime.timedelta(minutes=source.poll_minutes + 1)

    site.routes["/rss.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss(site.base).encode(),
    )
    assert feeds.poll(source) == 0
    source.refresh_from_db()
    assert (source.last_warning, source.last_error) == ("", "")


def test_a_failure_after_a_warning_is_an_error_and_an_unchanged_feed_keeps_its_warning(
    site, source
):
    sloppy = rss(site.base).replace("</channel></rss>", "</channel>")
    headers = {"Content-Type": "application/rss+xml", "ETag": '"v1"'}
    site.routes["/rss.xml"] = (200, headers, sloppy.encode())
    source.fetch_full_text = False
    source.save()
    feeds.poll(source)
    # 304: nothing read, so the feed is as malformed as the last poll said.
    site.routes["/rss.xml"] = (304, {"ETag": '"v1"'}, b"")
    feeds.poll(source)
    source.refresh_from_db()
    assert source.last_warning.startswith("feed không chuẩn") and source.last_error == ""

    site.routes["/rss.xml"] = (500, {}, b"oops")
    with pytest.raises(feeds.FetchError):
        feeds.poll(source)
    source.refresh_from_db()
    assert "HTTP 500" in source.last_error and source.consecutive_errors == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_old_warnings_out_of_last_error():
    """The migration moves what successful polls said out of last_error: a message kept with
    no failure counted. A real failure (counted) stays an error."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("monitor", "0010_upload_keys_keyed")],
        [("monitor", "0011_source_last_warning")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("monitor", "Source")
    old.objects.create(name="Lạ", url="https://la.example.vn/rss", last_error="feed không chuẩn")
    old.objects.create(
        name="Hỏng", url="https://h.example.vn/rss", last_error="HTTP 500", consecutive_errors=2
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    rows = {s.name: (s.last_error, s.last_warning) for s in Source.objects.all()}
    assert rows == {"Lạ": ("", "feed không chuẩn"), "Hỏng": ("HTTP 500", "")}
