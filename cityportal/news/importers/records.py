"""One imported article, whatever the format: what every reader produces and the pipeline imports.

Readers hand raw values to `build_record`, which does the checks common to all formats (title,
key, date, lengths) and normalises text to NFC, so a record either is importable or is reported
with the reason it was skipped.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings

from cityportal.core.text import normalize

from .richtext import body_to_blocks, html_to_text, sapo_from_blocks

TITLE_MAX = 255
KEY_MAX = 1000
SOURCE_MAX = 100
SHORT_TEXT_MAX = 255  # byline, source_name
URL_MAX = 1000


class RecordError(Exception):
    """This record cannot be imported; the message says why (shown in the summary)."""


@dataclass
class Skip:
    """A record reported and skipped: where it is in the input and why."""

    position: str
    reason: str


@dataclass
class Record:
    position: str  # "line 12" or "item 3": where a person finds it in the input
    ordinal: int  # 1-based order in the input, for records without a date
    key: str  # the id, unique within its source
    title: str
    sapo: str
    blocks: list[str]  # sanitised HTML, one "paragraph" block each
    published_at: datetime.datetime | None = None
    byline: str = ""
    source: str = ""  # the import source the record names itself, if any
    source_name: str = ""  # shown to readers as "Nguồn: …"
    source_url: str = ""
    section: str = ""  # an explicit section slug: must exist
    section_hints: list[tuple[str, str]] = field(default_factory=list)  # (slug, name): may match
    tags: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    images_dropped: int = 0
    warnings: list[str] = field(default_factory=list)


def local_timezone() -> datetime.tzinfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def parse_iso_datetime(value: object) -> datetime.datetime | None:
    """ISO 8601; a date or time without an offset is Vietnam time (Asia/Ho_Chi_Minh)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise RecordError(f"bad date {value!r}: expected an ISO 8601 string")
    try:
        parsed = datetime.datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise RecordError(f"bad date {value!r}: not ISO 8601") from error
    return _aware(parsed)


def parse_rfc822_datetime(value: str | None) -> datetime.datetime | None:
    """RSS pubDate ("Mon, 28 Jun 2021 17:00:00 +0700")."""
    if not value or not value.strip():
        return None
    try:
        return _aware(parsedate_to_datetime(value.strip()))
    except (TypeError, ValueError) as error:
        raise RecordError(f"bad date {value!r}: not an RFC 822 date") from error


def _aware(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=local_timezone())
    return value


def clean_line(value: object) -> str:
    """A one-line text field: NFC, whitespace collapsed."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise RecordError(f"expected text, got {type(value).__name__}")
    return " ".join(normalize(str(value)).split())


def clean_list(value: object, what: str) -> list[str]:
    """Tags or places: a list of strings, or one comma-separated string."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise RecordError(f"{what} must be a list of strings")
    items = []
    for item in value:
        text = clean_line(item)
        if text and text not in items:
            items.append(text)
    return items


def build_record(
    position: str,
    ordinal: int,
    *,
    key: object,
    title: object,
    sapo: object = "",
    body: object = "",
    body_is_html: bool | None = None,
    sapo_is_html: bool = False,
    base_url: str | None = None,
    published_at: datetime.datetime | None = None,
    byline: object = "",
    source: object = "",
    source_name: object = "",
    source_url: object = "",
    section: object = "",
    section_hints: list[tuple[str, str]] | None = None,
    tags: object = None,
    places: object = None,
) -> Record:
    """Check and normalise one record's raw values; raises RecordError for a bad record."""
    key = clean_line(key)
    if not key:
        raise RecordError("missing id")
    if len(key) > KEY_MAX:
        raise RecordError(f"id longer than {KEY_MAX} characters")
    title = clean_line(title)
    if not title:
        raise RecordError("missing title")
    if len(title) > TITLE_MAX:
        raise RecordError(f"title longer than {TITLE_MAX} characters ({len(title)})")
    if not isinstance(body, str) or not isinstance(sapo, str):
        raise RecordError("body and sapo must be text")
    blocks, images = body_to_blocks(normalize(body), is_html=body_is_html, base_url=base_url)
    sapo_text = html_to_text(normalize(sapo)) if sapo_is_html else clean_line(sapo)
    record = Record(
        position=position,
        ordinal=ordinal,
        key=key,
        title=title,
        sapo=sapo_text or sapo_from_blocks(blocks) or title,
        blocks=blocks,
        published_at=published_at,
        byline=_short(clean_line(byline), "byline"),
        source=clean_line(source),
        source_name=_short(clean_line(source_name), "source"),
        section=clean_line(section),
        section_hints=section_hints or [],
        tags=clean_list(tags, "tags"),
        places=clean_list(places, "places"),
        images_dropped=images,
    )
    if len(record.source) > SOURCE_MAX:
        raise RecordError(f"source longer than {SOURCE_MAX} characters")
    if any(len(tag) > 100 for tag in record.tags):
        raise RecordError("a tag is longer than 100 characters")
    record.source_url = _checked_url(clean_line(source_url), record)
    return record


def _short(value: str, what: str) -> str:
    if len(value) > SHORT_TEXT_MAX:
        raise RecordError(f"{what} longer than {SHORT_TEXT_MAX} characters")
    return value


def _checked_url(url: str, record: Record) -> str:
    """Keep only an absolute http(s) link to the original; anything else is a warning."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > URL_MAX:
        record.warnings.append(
            f"source_url {url[:80]!r} dropped: not an http(s) URL of at most {URL_MAX} characters"
        )
        return ""
    return url
