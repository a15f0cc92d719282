"""The feed poller reads only the public internet: a feed's links, its redirects and a source's
own address cannot make the server fetch its own network (loopback, private ranges, the cloud's
metadata at 169.254.169.254) or anything but http(s), unless MONITOR_FETCH_PRIVATE_ADDRESSES
allows that network."""

import ipaddress
import ssl
import subprocess

import pytest

from cityportal.monitor.models import Item, Source
from cityportal.monitor.sources import feeds

from .conftest import serving
from .test_feeds import ARTICLE_PAGE, LONG

SECRET = b"<html><body><article><p>" + b"access_key=AKIA-internal-secret " * 40 + b"</p></article>"
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Báo</title><link>{base}/</link><description>Tin</description>
<item><title>Tin nội bộ</title><link>{inner}</link><guid>noi-bo</guid>
<description>Tóm tắt ngắn.</description></item>
<item><title>Người dân Quận 8 phản ánh ngập nước kéo dài</title><link>{base}/bai/ngap</link>
<guid>ngap</guid><description>Tóm tắt.</description></item>
<item><title>Khởi công cầu Cần Giờ</title><link>{base}/bai/cau</link><guid>cau</guid>
<description>{long}</description></item>
</channel></rss>"""


@pytest.fixture
def internal():
    """A service of the server's own network, on 127.0.0.1 (which the poller may not fetch)."""
    with serving("127.0.0.1") as handler:
        handler.routes["/latest/meta-data/"] = (200, {"Content-Type": "text/html"}, SECRET)
        yield handler


@pytest.fixture
def newspaper(settings):
    """The feed's site on 127.0.0.2, the only loopback address the poller is allowed here."""
    settings.MONITOR_FETCH_PRIVATE_ADDRESSES = ["127.0.0.2"]
    with serving("127.0.0.2") as handler:
        handler.routes["/bai/ngap"] = (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            ARTICLE_PAGE.encode(),
        )
        yield handler


def feed_linking_to(newspaper, inner: str) -> Source:
    body = FEED.format(base=newspaper.base, inner=inner, long=LONG).encode()
    newspaper.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, body)
    return Source.objects.create(name="Báo", url=f"{newspaper.base}/rss.xml")


def test_an_entry_linking_to_loopback_is_never_fetched_and_the_rest_is_stored(
    db, newspaper, internal
):
    """The entry keeps the feed's summary, the source says why, and the entries after it are
    read as usual (the next one's page fetched)."""
    source = feed_linking_to(newspaper, f"{internal.base}/latest/meta-data/")

    assert feeds.poll(source) == 3
    assert internal.hits == []
    inner = source.items.get(key=Item.make_key("noi-bo"))
    assert inner.text == "Tóm tắt ngắn."
    assert "hệ thống thoát nước" in source.items.get(key=Item.make_key("ngap")).text
    source.refresh_from_db()
    assert (source.last_error, source.consecutive_errors) == ("", 0)
    assert source.last_warning == (
        "1 mục không được tải toàn văn (“127.0.0.1” là địa chỉ nội bộ hoặc dành riêng "
        "(127.0.0.1), không được phép tải), đã lưu phần tóm tắt"
    )


@pytest.mark.parametrize(
    "target, refused",
    [
        ("http://169.254.169.254/latest/meta-data/", "(169.254.169.254)"),
        ("INTERNAL/latest/meta-data/", "(127.0.0.1)"),
        ("file:///etc/passwd", "chỉ tải địa chỉ http:// hoặc https://"),
        ("ftp://127.0.0.1/", "chỉ tải địa chỉ http:// hoặc https://"),
    ],
)
def test_a_redirect_is_checked_before_it_is_followed(db, newspaper, internal, target, refused):
    target = target.replace("INTERNAL", internal.base)
    newspaper.routes["/bai/chuyen"] = (302, {"Location": "/bai/chuyen-nua"}, b"")
    newspaper.routes["/bai/chuyen-nua"] = (301, {"Location": target}, b"")
    source = feed_linking_to(newspaper, f"{newspaper.base}/bai/chuyen")

    assert feeds.poll(source) == 3
    assert internal.hits == []
    assert source.items.get(key=Item.make_key("noi-bo")).text == "Tóm tắt ngắn."
    source.refresh_from_db()
    assert refused in source.last_warning
    assert "(nơi được chuyển hướng tới)" in source.last_warning

    # The feed's own address redirected there: the source fails, saying why, and backs off.
    newspaper.routes["/rss.xml"] = (302, {"Location": "/bai/chuyen"}, b"")
    with pytest.raises(feeds.RefusedAddress, match=r"\(nơi được chuyển hướng tới\)"):
        feeds.poll(source)
    source.refresh_from_db()
    assert refused in source.last_error and source.consecutive_errors == 1
    assert internal.hits == []


@pytest.mark.parametrize(
    "url, address",
    [
        ("http://10.0.0.1/rss", "10.0.0.1"),
        ("http://172.16.5.4/rss", "172.16.5.4"),
        ("http://192.168.1.1/rss", "192.168.1.1"),
        ("http://100.64.0.1/rss", "100.64.0.1"),  # shared (carrier-grade NAT)
        ("http://0.0.0.0/rss", "0.0.0.0"),
        ("http://224.0.0.1/rss", "224.0.0.1"),
        ("http://240.0.0.1/rss", "240.0.0.1"),
        ("http://localhost/rss", "127.0.0.1"),
        ("http://2130706433/rss", "127.0.0.1"),  # decimal: the resolver reads it as an address
        ("http://0x7f.1/rss", "127.0.0.1"),
        ("http://[::1]/rss", "::1"),
        ("http://[::]/rss", "::"),
        ("http://[::ffff:127.0.0.1]/rss", "127.0.0.1"),
        ("http://[::ffff:169.254.169.254]/rss", "169.254.169.254"),
        ("http://[2002:a00:1::]/rss", "10.0.0.1"),  # 6to4
        ("http://[fd00::1]/rss", "fd00::1"),
        ("http://[fe80::1]/rss", "fe80::1"),
        ("http://[fec0::1]/rss", "fec0::1"),
        ("http://[ff02::1]/rss", "ff02::1"),
    ],
)
def test_a_source_on_a_non_public_address_fails_with_a_clear_error(db, url, address):
    source = Source.objects.create(name="Nội bộ", url=url)
    with pytest.raises(feeds.RefusedAddress, match="không được phép tải"):
        feeds.poll(source)
    source.refresh_from_db()
    assert f"là địa chỉ nội bộ hoặc dành riêng ({address})" in source.last_error
    assert source.consecutive_errors == 1 and source.next_fetch_at > source.last_fetch_at


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://ftp.example.vn/rss", "gopher://x/"])
def test_a_source_that_is_no_web_address_is_refused(db, url):
    source = Source.objects.create(name="Tệp", url=url)
    with pytest.raises(feeds.RefusedAddress, match="chỉ tải địa chỉ http:// hoặc https://"):
        feeds.poll(source)


def test_public_addresses_pass_and_the_setting_allows_a_network(settings):
    for public in ["8.8.8.8", "2606:4700::1", "::ffff:8.8.8.8"]:
        url = f"https://[{public}]:8443/rss" if ":" in public else f"https://{public}/rss"
        assert feeds.checked_addresses(url) == [ipaddress.ip_address(public)]
    settings.MONITOR_FETCH_PRIVATE_ADDRESSES = ["10.20.0.0/16"]  # an agency's intranet
    assert feeds.checked_addresses("http://10.20.3.4/rss") == [ipaddress.ip_address("10.20.3.4")]
    with pytest.raises(feeds.RefusedAddress):
        feeds.checked_addresses("http://10.21.0.1/rss")


def test_a_feed_named_by_its_host_is_fetched_at_the_address_checked(db, site):
    """The connection goes to the address checked (no second lookup), with the Host header and
    the relative links of the name the source gave."""
    port = site.base.rsplit(":", 1)[1]
    body = FEED.format(base="", inner="/bai/trong", long=LONG).replace("<link>/</link>", "")
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, body.encode())
    source = Source.objects.create(
        name="Báo", url=f"http://localhost:{port}/rss.xml", fetch_full_text=False
    )

    assert feeds.poll(source) == 3
    assert site.hits[0][1]["Host"] == f"localhost:{port}"
    ngap = source.items.get(key=Item.make_key("ngap"))
    assert ngap.url == f"http://localhost:{port}/bai/ngap"


@pytest.mark.parametrize("certified, error", [("localhost", ""), ("bao.example.vn", "chứng chỉ")])
def test_https_at_the_address_checked_still_verifies_the_host_named(
    db, settings, tmp_path, monkeypatch, certified, error
):
    """Connected to 127.0.0.1, the poller still asks for (SNI) and verifies the certificate of
    the name in the source's address: a certificate for another name is refused."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", key, "-out", cert, "-subj", f"/CN={certified}"]
        + ["-addext", f"subjectAltName=DNS:{certified}"],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # trusted as a CA's would be
    settings.MONITOR_FETCH_PRIVATE_ADDRESSES = ["127.0.0.1"]
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)
    with serving("127.0.0.1", tls=tls) as secure:
        secure.routes["/rss.xml"] = (
            200,
            {"Content-Type": "application/rss+xml"},
            FEED.format(base="", inner="/x", long=LONG).encode(),
        )
        port = secure.base.rsplit(":", 1)[1]
        source = Source.objects.create(
            name="Báo", url=f"https://localhost:{port}/rss.xml", fetch_full_text=False
        )
        if error:
            with pytest.raises(feeds.FetchError, match=error):
                feeds.poll(source)
            assert secure.hits == []
        else:
            assert feeds.poll(source) == 3
            assert secure.hits[0][1]["Host"] == f"localhost:{port}"


@pytest.fixture
def office_proxy(monkeypatch):
    """A forward proxy on 127.0.0.1 named by http_proxy, as an office network has one; its
    routes are keyed by the absolute URL a proxy is asked for."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "all_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with serving("127.0.0.1") as proxy:
        monkeypatch.setenv("http_proxy", proxy.base)
        yield proxy


def test_a_feed_host_named_in_no_proxy_is_fetched_directly(
    settings, site, office_proxy, monkeypatch
):
    """NO_PROXY lists the intranet's hosts by name; the poller connects to the address it
    checked, and requests matched that address against NO_PROXY, so the feed went to the proxy."""
    settings.MONITOR_FETCH_PRIVATE_ADDRESSES = ["127.0.0.1", "::1"]
    monkeypatch.setenv("no_proxy", "localhost")
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, b"<rss/>")
    port = site.base.rpartition(":")[2]

    response = feeds.download(feeds._session(), f"http://localhost:{port}/rss.xml")

    assert response.content == b"<rss/>"
    assert office_proxy.hits == []
    assert [path for path, _ in site.hits] == ["/rss.xml"]


def test_other_feeds_go_through_the_proxy_to_the_address_checked(settings, site, office_proxy):
    """Through the proxy, the request names the address checked (the proxy does no lookup of
    its own that could answer otherwise) and the Host header names the feed's host."""
    settings.MONITOR_FETCH_PRIVATE_ADDRESSES = ["127.0.0.1", "::1"]
    port = site.base.rpartition(":")[2]
    office_proxy.routes[f"http://127.0.0.1:{port}/rss.xml"] = (200, {}, b"<rss/>")

    response = feeds.download(feeds._session(), f"http://localhost:{port}/rss.xml")

    assert response.content == b"<rss/>"
    [(path, headers)] = office_proxy.hits
    assert path == f"http://127.0.0.1:{port}/rss.xml"
    assert headers["Host"] == f"localhost:{port}"
    assert site.hits == []
