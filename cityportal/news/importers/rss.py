"""RSS and Atom feeds, parsed with feedparser, from a file, stdin or an http(s) URL.

The bytes are fetched here (with a timeout, so a dead server cannot hang the import) and decoded
the same way as other inputs (BOM, UTF-8, the declared encoding, cp1258), then handed to
feedparser as UTF-8. Positions are 1-based among the feed's entries.
"""

import datetime
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from urllib.parse import urlsplit

import feedparser

from .inputs import Encoding, InputError, decode_document, is_url, read_bytes, source_stem
from .records import Record, RecordError, Skip, build_record
from .richtext import html_to_text

FETCH_TIMEOUT = 30
USER_AGENT = "CityPortal article importer"
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FeedReader:
    """Reads the entries of an RSS or Atom feed."""

    def __init__(self, path: str):
        self.path = path
        data, charset, base_url = _fetch(path) if is_url(path) else (read_bytes(path), None, None)
        text, self.encoding = _decode(data, charset)
        headers = {"content-type": "application/xml; charset=utf-8"}
        if base_url:
            headers["content-location"] = base_url
        self.feed = feedparser.parse(text.encode("utf-8"), response_headers=headers)
        if not self.feed.get("version") and not self.feed.entries:
            problem = self.feed.get("bozo_exception") or "no RSS or Atom elements"
            raise InputError(f"{path} is not an RSS or Atom feed: {problem}")
        self.entries = self.feed.entries
        self.total = len(self.entries)
        feed_link = self.feed.feed.get("link", "")
        self.default_source = (
            urlsplit(feed_link).hostname or urlsplit(path).hostname or source_stem(path)
        )
        self.source_name = self.feed.feed.get("title", "")

    def read(self) -> Iterator[Record | Skip]:
        for number, entry in enumerate(self.entries, 1):
            position = f"item {number}"
            try:
                yield self._record(position, number, entry)
            except RecordError as error:
                yield Skip(position, str(error))

    def notes(self) -> list[str]:
        return []

    def _record(self, position: str, number: int, entry) -> Record:
        summary = entry.get("summary", "")
        content = entry.get("content") or []
        if content:
            body, body_is_html = content[0].get("value", ""), _is_html(content[0])
        else:
            body, body_is_html = summary, _is_html(entry.get("summary_detail"))
        title = entry.get("title", "")
        return build_record(
            position,
            number,
            key=entry.get("id") or entry.get("link"),
            title=_plain(title, entry.get("title_detail")),
            sapo=summary,
            sapo_is_html=True,
            body=body,
            body_is_html=body_is_html,
            published_at=_published_at(entry),
            byline=entry.get("author", ""),
            source_url=entry.get("link", ""),
            source_name=self.source_name,
            tags=[
                tag.get("label") or tag.get("term")
                for tag in entry.get("tags", [])
                if tag.get("label") or tag.get("term")
            ],
        )


def _fetch(url: str) -> tuple[bytes, str | None, str]:
    """The feed's bytes, the charset the server declared (if any) and the final URL."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read()
            headers: Message = response.headers
            return data, headers.get_content_charset(), response.geturl()
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise InputError(f"{url}: cannot fetch: {getattr(error, 'reason', error)}") from error


def _decode(data: bytes, charset: str | None) -> tuple[str, Encoding]:
    """A charset the server declared wins (as HTTP says); otherwise detect."""
    if charset:
        encoding = Encoding(charset, f"{charset} (declared by the server)")
        try:
            return encoding.decode(data), encoding
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_document(data)


def _is_html(detail) -> bool:
    return bool(detail) and detail.get("type", "text/html") in HTML_TYPES


def _plain(text: str, detail) -> str:
    if _is_html(detail):
        return html_to_text(text)
    return text


def _published_at(entry) -> datetime.datetime | None:
    """feedparser gives published/updated as UTC struct_time; a date it could not read is bad."""
    for name in ("published", "updated"):
        if entry.get(name):
            parsed = entry.get(f"{name}_parsed")
            if parsed is None:
                raise RecordError(f"bad date {entry.get(name)!r}")
            return datetime.datetime(*parsed[:6], tzinfo=datetime.UTC)
    return None
