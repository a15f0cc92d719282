"""WordPress eXtended RSS (WXR): the file WordPress's Tools → Export writes.

Only published posts are imported (`wp:post_type` post, `wp:status` publish); pages, attachments,
menu items and drafts are counted in a note. Positions are 1-based among the file's <item>s.
"""

import datetime
import html
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

from .inputs import InputError, decode_document, read_bytes, source_stem
from .records import (
    Record,
    RecordError,
    Skip,
    build_record,
    parse_iso_datetime,
    parse_rfc822_datetime,
)

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS_PREFIX = "http://wordpress.org/export/"  # followed by the WXR version: 1.0/, 1.1/, 1.2/
NO_DATE = "0000-00-00 00:00:00"


class WxrReader:
    """Reads the published posts of a WordPress export."""

    def __init__(self, path: str):
        self.path = path
        text, self.encoding = decode_document(read_bytes(path))
        self.channel, self.namespaces = _parse(text, path)
        self.wp = self.namespaces.get("wp") or _guess_wp_namespace(self.namespaces)
        if not self.wp:
            raise InputError(f"{path} is RSS but not a WordPress export (no wp: namespace)")
        self.excerpt = self.namespaces.get("excerpt", self.wp + "excerpt/")
        self.base_url = _text(self.channel, "link") or _text(
            self.channel, f"{{{self.wp}}}base_site_url"
        )
        self.default_source = urlsplit(self.base_url).hostname or source_stem(path)
        self.source_name = _text(self.channel, "title")
        self.authors = {
            _text(author, f"{{{self.wp}}}author_login"): _text(
                author, f"{{{self.wp}}}author_display_name"
            )
            for author in self.channel.findall(f"{{{self.wp}}}author")
        }
        self.ignored: Counter[str] = Counter()
        self.posts = []
        for number, item in enumerate(self.channel.findall("item"), 1):
            post_type = _text(item, f"{{{self.wp}}}post_type") or "post"
            status = _text(item, f"{{{self.wp}}}status") or "publish"
            if post_type == "post" and status == "publish":
                self.posts.append((number, item))
            else:
                self.ignored[post_type if post_type != "post" else f"{status} post"] += 1
        self.total = len(self.posts)

    def read(self) -> Iterator[Record | Skip]:
        for number, item in self.posts:
            position = f"item {number}"
            try:
                yield self._record(position, number, item)
            except RecordError as error:
                yield Skip(position, str(error))

    def notes(self) -> list[str]:
        if not self.ignored:
            return []
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.ignored.items()))
        return [f"Ignored {sum(self.ignored.values())} items that are not published posts: {kinds}"]

    def _record(self, position: str, number: int, item: ET.Element) -> Record:
        wp = self.wp
        link = _text(item, "link")
        key = _text(item, f"{{{wp}}}post_id") or _text(item, "guid") or link
        categories = [
            (element.get("domain") or "category", element.get("nicename") or "", _text(element))
            for element in item.findall("category")
        ]
        creator = _text(item, f"{{{DC_NS}}}creator")
        excerpt = _text(item, f"{{{self.excerpt}}}encoded")
        return build_record(
            position,
            number,
            key=key,
            title=_unescape_title(_text(item, "title")),
            sapo=excerpt,
            sapo_is_html=True,
            body=_text(item, f"{{{CONTENT_NS}}}encoded"),
            body_is_html=True,
            base_url=self.base_url or None,
            published_at=self._published_at(item),
            byline=self.authors.get(creator) or creator,
            source_url=link,
            source_name=self.source_name,
            section_hints=[
                (slug, name) for domain, slug, name in categories if domain == "category" and slug
            ],
            tags=[name for _domain, _slug, name in categories if name],
        )

    def _published_at(self, item: ET.Element) -> datetime.datetime | None:
        gmt = _text(item, f"{{{self.wp}}}post_date_gmt")
        if gmt and gmt != NO_DATE:
            parsed = parse_iso_datetime(gmt)
            return parsed.replace(tzinfo=datetime.UTC) if parsed else None
        pub_date = _text(item, "pubDate")
        if pub_date:
            return parse_rfc822_datetime(pub_date)
        local = _text(item, f"{{{self.wp}}}post_date")
        return parse_iso_datetime(local) if local and local != NO_DATE else None


def _parse(text: str, path: str) -> tuple[ET.Element, dict[str, str]]:
    """The <channel> element and the document's namespace prefixes, in one parse."""
    parser = ET.XMLPullParser(events=("start-ns", "start"))
    try:
        parser.feed(text)
        parser.close()
    except ET.ParseError as error:
        raise InputError(f"{path} is not well-formed XML: {error}") from error
    namespaces: dict[str, str] = {}
    root = None
    for event, value in parser.read_events():
        if event == "start-ns":
            namespaces.setdefault(*value)
        elif root is None:
            root = value
    channel = root.find("channel") if root is not None else None
    if root is None or root.tag != "rss" or channel is None:
        tag = root.tag if root is not None else "none"
        raise InputError(f"{path} is XML but not an RSS/WXR file (root element <{tag}>)")
    return channel, namespaces


def _guess_wp_namespace(namespaces: dict[str, str]) -> str | None:
    for uri in namespaces.values():
        if uri.startswith(WP_NS_PREFIX) and uri.count("/") == 4:
            return uri
    return None


def _text(element: ET.Element, path: str | None = None) -> str:
    found = element if path is None else element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _unescape_title(title: str) -> str:
    """WordPress stores titles with entities ("Q&amp;A", "&#8211;")."""
    return html.unescape(title)
