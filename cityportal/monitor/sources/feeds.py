"""Polling news feeds (RSS/Atom) politely: conditional GET, a size cap, a redirect cap, back-off
after errors, and full text pulled from the article page (trafilatura) when a feed carries only
a summary. A bad source gets a clear error on its own row; the other sources go on.

Every address fetched (the feed's, each entry's page, each redirect, followed here one hop at a
time) is resolved and checked before anything connects to it: a feed's publisher, or whoever
types a source's address, must not make the server read its own network (loopback, the private
ranges, 169.254.169.254's cloud metadata…). The connection then goes to the address checked."""

import calendar
import codecs
import datetime
import ipaddress
import logging
import re
import socket
import xml.sax
from urllib.parse import urljoin, urlsplit

import feedparser
import requests
import trafilatura
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from requests.adapters import HTTPAdapter

from ..models import Item, Source
from .store import store

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # a feed (or page) larger than this is refused
MAX_REDIRECTS = 5
TIMEOUT = (5, 20)  # connect, read (seconds)
FULL_TEXT_BELOW = 400  # characters: a shorter entry is a summary; fetch the page
FULL_TEXT_PER_POLL = 20  # pages fetched per poll at most, to stay polite
USER_AGENT = "CityPortal-monitor/1.0 (+{url})"
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# A character reference, as encoders that write an emoji as its two UTF-16 halves
# ("&#55357;&#56832;") give them: feedparser's lenient parser raised UnicodeEncodeError on
# each half, and the whole feed was unread.
_CHAR_REF = rb"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));"
_REF_PAIR = re.compile(_CHAR_REF + _CHAR_REF)
_REF = re.compile(_CHAR_REF)
_HIGH, _LOW = range(0xD800, 0xDC00), range(0xDC00, 0xE000)


def _code(hexa: bytes | None, decimal: bytes | None) -> int:
    return int(hexa, 16) if hexa else int(decimal)


def _whole_characters(body: bytes) -> bytes:
    """Character references to UTF-16 halves joined into the character they halve; a lone half
    (or NUL, which no database column stores) becomes U+FFFD."""

    def pair(match: re.Match) -> bytes:
        high, low = _code(match[1], match[2]), _code(match[3], match[4])
        if high in _HIGH and low in _LOW:
            return b"&#x%X;" % (0x10000 + (high - 0xD800) * 0x400 + (low - 0xDC00))
        return _REF.sub(single, match[0])

    def single(match: re.Match) -> bytes:
        code = _code(match[1], match[2])
        return b"&#xFFFD;" if code == 0 or code in _HIGH or code in _LOW else match[0]

    if b"&#" not in body:
        return body
    return _REF.sub(single, _REF_PAIR.sub(pair, body))


class FetchError(Exception):
    """A source could not be read; the message is shown to the desk as it is (Vietnamese)."""


class RefusedAddress(FetchError):
    """An address the poller never connects to: no web address, or not on the public internet."""


INVALID = "địa chỉ không hợp lệ, không tải được"
UNREACHABLE = "không kết nối được tới máy chủ (sai tên miền, máy chủ tắt hoặc bị chặn)"
TIMED_OUT = "máy chủ không trả lời kịp (quá thời gian chờ)"
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _public(address: Address) -> bool:
    """Reachable on the public internet: not loopback, private, link-local, shared (100.64/10),
    unspecified, multicast, site-local or reserved (Python counts multicast and 6to4 as global)."""
    return address.is_global and not (
        address.is_multicast or address.is_reserved or getattr(address, "is_site_local", False)
    )


def _reached(address: Address) -> Address:
    """The address a connection reaches: an IPv4 address carried in IPv6 (::ffff:10.0.0.1, 6to4's
    2002:a00:1::) is that IPv4 address."""
    if address.version == 6:
        return address.ipv4_mapped or address.sixtofour or address
    return address


def _allowed(address: Address) -> bool:
    try:
        networks = [
            ipaddress.ip_network(network, strict=False)
            for network in settings.MONITOR_FETCH_PRIVATE_ADDRESSES
        ]
    except ValueError as exc:
        raise ImproperlyConfigured(f"MONITOR_FETCH_PRIVATE_ADDRESSES: {exc}") from exc
    return any(address in network for network in networks)


def checked_addresses(url: str) -> list[Address]:
    """The addresses to connect to for `url`, in the resolver's order: its host resolved as the
    connection would resolve it (so "2130706433" and "0x7f.1" are 127.0.0.1), every address found
    public or allowed by MONITOR_FETCH_PRIVATE_ADDRESSES; RefusedAddress otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise RefusedAddress(f"chỉ tải địa chỉ http:// hoặc https://, không tải “{url[:80]}”")
    try:
        host, port = parts.hostname, parts.port
        found = socket.getaddrinfo(
            host.encode("idna").decode(),
            port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except (AttributeError, ValueError, UnicodeError) as exc:  # no host, a bad port or label
        raise FetchError(INVALID) from exc
    except OSError as exc:  # socket.gaierror: no such name
        raise FetchError(UNREACHABLE) from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in found))
    for reached in map(_reached, addresses):
        if not (_public(reached) or _allowed(reached)):
            raise RefusedAddress(
                f"“{host}” là địa chỉ nội bộ hoặc dành riêng ({reached}), không được phép tải"
            )
    return addresses


class _PinnedAdapter(HTTPAdapter):
    """Connections to the address `download` checked, named in the URL it sends, while HTTPS
    still names and verifies the host the Host header carries: no second DNS lookup that a
    rebinding name could answer with an internal address."""

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if host_params["scheme"] == "https":
            hostname = urlsplit("//" + request.headers["Host"]).hostname
            pool_kwargs["server_hostname"] = pool_kwargs["assert_hostname"] = hostname
        return host_params, pool_kwargs


def _session() -> requests.Session:
    session = requests.Session()
    session.mount("http://", _PinnedAdapter())
    session.mount("https://", _PinnedAdapter())
    public = settings.WAGTAILADMIN_BASE_URL or "http://localhost"
    session.headers["User-Agent"] = USER_AGENT.format(url=public)
    return session


def _pinned(url: str, address) -> tuple[str, str]:
    """`url` naming `address` instead of its host, and the Host header that names the host."""
    parts = urlsplit(url)
    host = parts.hostname.encode("idna").decode()
    port = f":{parts.port}" if parts.port else ""
    literal = f"[{address}]" if address.version == 6 else str(address)
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{literal}{port}" if userinfo else f"{literal}{port}"
    named = f"[{host}]" if ":" in host else host
    return parts._replace(netloc=netloc).geturl(), f"{named}{port}"


def _proxies(url: str) -> dict:
    """The proxies (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY) for `url` as named, None for each where
    NO_PROXY lists its host: requests would read NO_PROXY against the address connected to,
    so an intranet feed named there went to the office proxy anyway."""
    found = requests.utils.get_environ_proxies(url)
    return {scheme: found.get(scheme) for scheme in ("http", "https", "all")}


def _get(session, url: str, headers: dict, redirected: bool) -> requests.Response:
    """One GET of `url`, redirects not followed, at the addresses checked for it."""
    try:
        addresses = checked_addresses(url)
    except RefusedAddress as exc:
        if redirected:
            raise RefusedAddress(f"{exc} (nơi được chuyển hướng tới)") from exc
        raise
    proxies = _proxies(url)
    for address in addresses:  # the next one when it cannot be reached, as a direct connect does
        pinned, host = _pinned(url, address)
        try:
            return session.get(
                pinned,
                headers={**headers, "Host": host},
                proxies=proxies,
                timeout=TIMEOUT,
                stream=True,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as exc:
            raise FetchError("chứng chỉ HTTPS của máy chủ không hợp lệ") from exc
        except requests.ConnectionError as exc:  # refused, or no answer to connect (ConnectTimeout)
            failure = exc
        except requests.Timeout as exc:
            raise FetchError(TIMED_OUT) from exc
        except (requests.RequestException, ValueError) as exc:
            raise FetchError(INVALID) from exc
    raise FetchError(
        TIMED_OUT if isinstance(failure, requests.Timeout) else UNREACHABLE
    ) from failure


def download(session, url: str, headers=None) -> requests.Response | None:
    """GET `url` with the body read up to MAX_BYTES; None for 304 Not Modified. Redirects are
    followed here, up to MAX_REDIRECTS, each new address checked before it is connected to."""
    for hop in range(MAX_REDIRECTS + 1):
        response = _get(session, url, headers or {}, redirected=hop > 0)
        location = session.get_redirect_target(response)
        if location is None:
            break
        response.close()
        try:
            url = urljoin(url, location)
        except ValueError as exc:
            raise FetchError(INVALID) from exc
    else:
        raise FetchError(f"chuyển hướng quá {MAX_REDIRECTS} lần (vòng lặp chuyển hướng?)")
    response.url = url  # as named (relative links read against it), not the address connected to
    with response:
        if response.status_code == 304:
            return None
        if response.status_code >= 400:
            raise FetchError(f"máy chủ trả lỗi HTTP {response.status_code}")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_BYTES:
            # Rounded down, 10.5 MB read "(10 MB)" against a limit of 10 MB.
            size = f"{int(declared) / 1048576:.1f}".replace(".", ",")
            raise FetchError(f"phản hồi quá lớn ({size} MB, tối đa {MAX_BYTES // 1048576} MB)")
        body = bytearray()
        try:
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise FetchError(f"phản hồi quá lớn (hơn {MAX_BYTES // 1048576} MB)")
        except requests.RequestException as exc:  # the connection dropped mid-body
            raise FetchError("máy chủ ngắt kết nối khi đang gửi dữ liệu") from exc
        response._content = bytes(body)
    return response


def _when(entry) -> datetime.datetime | None:
    """The entry's time; now when it has none; None when its date is out of any calendar
    ("0001-01-01T00:00:00+07:00" is year 0 in UTC)."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        try:
            moment = datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)
        except (ValueError, OverflowError):
            return None
        return min(moment, timezone.now())  # a feed dated in the future is not news yet
    return timezone.now()


def _link(base: str, written: str) -> str | None:
    """The entry's link made absolute ("/bai/ngap" names a page on the feed's site); "" when
    there is none or it is no web page (never javascript:); None when it cannot be read at all
    ("http://[bao…": no host in it)."""
    if not written:
        return ""
    try:
        link = urljoin(base, written)
    except ValueError:
        return None
    return link if link.startswith(("http://", "https://")) else ""


def _text(entry) -> str:
    contents = [c.get("value", "") for c in entry.get("content", [])]
    return max(contents + [entry.get("summary", "")], key=len)


def parse(body: bytes, content_type: str = "") -> tuple[list, str]:
    """The entries of a feed and a warning (or ""); FetchError when it is not a feed at all.

    feedparser reads the bytes itself, so a wrong charset declaration is corrected from the
    document, and malformed XML still gives the entries its lenient parser could recover."""
    body = _whole_characters(body)
    parsed = feedparser.parse(body, response_headers={"content-type": content_type})
    # A truncated document can leave half-read entries with nothing in them.
    parsed.entries = [e for e in parsed.entries if e.get("title") or _text(e)]
    if not parsed.entries:
        if not parsed.version and b"<html" in body[:2000].lower():
            raise FetchError("địa chỉ trả về trang HTML, không phải feed RSS/Atom")
        if not parsed.version or parsed.bozo:
            raise FetchError(f"không đọc được feed: {_problem(parsed)}")
        return [], ""  # a well-formed feed with nothing in it today
    warning = f"feed không chuẩn ({_problem(parsed)}), vẫn đọc được" if parsed.bozo else ""
    return parsed.entries, warning


def _problem(parsed) -> str:
    """What feedparser found wrong, in words for the desk (its exceptions speak English)."""
    problem = parsed.get("bozo_exception")
    if isinstance(problem, feedparser.CharacterEncodingOverride):
        return "khai báo bảng mã sai, đã đọc theo bảng mã thật"
    if isinstance(problem, xml.sax.SAXException):  # its line is of feedparser's rewrite
        return "XML hỏng hoặc bị cắt cụt"
    return "không phải RSS/Atom"


def full_text(session, url: str) -> str:
    """The main text of an article page, or "" when it cannot be had; RefusedAddress is raised,
    for the source's warnings to name."""
    try:
        response = download(session, url)
    except RefusedAddress:
        raise
    except FetchError as exc:
        logger.info("full text of %s: %s", url, exc)
        return ""
    if response is None:
        return ""
    return trafilatura.extract(page_html(response), favor_precision=True) or ""


def page_html(response) -> str | bytes:
    """An article page in its own encoding: the header's charset, else the page's <meta>, else
    the bytes for trafilatura to detect. (requests reads a text/html page whose header names no
    charset as ISO-8859-1, and Vietnamese came out as "Ná»i dung".)"""
    if "charset=" in response.headers.get("Content-Type", "").lower():
        return response.text
    declared = _META_CHARSET.search(response.content[:4096])
    if declared:
        try:
            return response.content.decode(codecs.lookup(declared[1].decode()).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect instead
    return response.content


def poll(source: Source) -> int:
    """Fetch one feed and store its new entries; returns how many were new. Errors are recorded
    on the source (with back-off) and re-raised as FetchError."""
    session = _session()
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    try:
        response = download(session, source.url, headers)
        if response is None:  # 304: nothing new, and nothing downloaded
            # Nothing read: the last poll's warnings still describe the feed.
            source.record_success(
                etag=source.etag, last_modified=source.last_modified, warnings=None
            )
            return 0
        entries, warning = parse(response.content, response.headers.get("Content-Type", ""))
    except FetchError as exc:
        source.record_error(str(exc))
        raise
    rows, fetched_pages = [], 0
    # One entry's bad link or date is that entry's: it is stored without it, and the source's
    # health says so; the feed's other entries are stored as usual.
    bad_links, bad_dates, refused = [], 0, []
    for entry in entries:
        # The key keeps the link as written, as items already stored were keyed.
        written = entry.get("link", "")
        link = _link(response.url, written)
        if link is None:
            bad_links.append(written)
            link = ""
        published_at = _when(entry)
        if published_at is None:
            bad_dates += 1
            published_at = timezone.now()  # as an entry with no date
        text = _text(entry)
        if source.fetch_full_text and link and len(text) < FULL_TEXT_BELOW:
            if fetched_pages < FULL_TEXT_PER_POLL:
                fetched_pages += 1
                try:
                    text = full_text(session, link) or text
                except RefusedAddress as exc:  # stored with the feed's summary
                    logger.warning("full text of %s refused: %s", link, exc)
                    refused.append(str(exc))
        rows.append(
            Item(
                source=source,
                kind=Item.Kind.ARTICLE,
                key=Item.make_key(entry.get("id") or written or entry.get("title", "")),
                url=link[:1000],
                # NUL (a raw byte the lenient parser kept): PostgreSQL stores no such text.
                title=(entry.get("title") or "").replace("\x00", "")[:500],
                text=text.replace("\x00", ""),
                published_at=published_at,
            )
        )
    new = store(rows)
    warnings = [warning] if warning else []
    if bad_links:
        warnings.append(
            f"{len(bad_links)} mục có đường dẫn không hợp lệ (như “{bad_links[0][:80]}”), "
            "đã lưu không kèm đường dẫn"
        )
    if bad_dates:
        warnings.append(f"{bad_dates} mục có ngày đăng không hợp lệ, đã lấy giờ tải về")
    if refused:
        warnings.append(
            f"{len(refused)} mục không được tải toàn văn ({refused[0]}), đã lưu phần tóm tắt"
        )
    # Warnings, not errors: the feed was read, so no back-off and no "lỗi" on its health.
    source.record_success(
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
        warnings=warnings,
    )
    return new


def poll_isolated(source: Source) -> tuple[int, str]:
    """Poll one feed: (new, "") or (0, the error recorded on the source). An unexpected error (a
    bug, or a feed that meets one) is logged and recorded too, so the other sources go on."""
    try:
        return poll(source), ""
    except FetchError as exc:
        return 0, str(exc)
    except Exception as exc:
        logger.exception("polling %s failed", source.url)
        message = (
            f"lỗi không mong đợi khi đọc nguồn ({exc.__class__.__name__}: {str(exc)[:200]}); "
            "chi tiết trong nhật ký máy chủ"
        )
        source.record_error(message)
        return 0, message


def poll_due(now=None) -> dict:
    """Poll every feed that is due; one failing source never stops the others."""
    report = {"sources": 0, "new": 0, "errors": {}}
    for source in Source.objects.due(now):
        report["sources"] += 1
        new, error = poll_isolated(source)
        report["new"] += new
        if error:
            report["errors"][source.name] = error
    return report
