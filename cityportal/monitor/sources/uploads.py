"""Exports of social-media posts uploaded by the desk (CSV or JSONL): one row a post with its
text, author id (stored only as a keyed hash), time, URL and reactions.

All or nothing: a file with a missing column, a column given twice or a bad row imports nothing
and says which lines are wrong, so the desk fixes the file and uploads it again (already stored
posts are skipped).

Files come from Excel as often as from scripts: UTF-8 with or without a BOM, UTF-16 ("Unicode
Text", tab-separated) or cp1258, with commas, semicolons (Excel's list separator where the
decimal mark is a comma, as in Vietnam) or tabs between columns."""

import csv
import datetime
import io
import json
import math
import re

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from cityportal.core.pseudonyms import pseudonym
from cityportal.core.text import INVISIBLE, fold
from cityportal.news.importers.inputs import InputError, decode_document

from ..analysis import EARLIEST
from ..models import Item, Source, author_hash
from .store import store

REQUIRED = ("text", "time")
# Column names as the common export tools write them, and as the desk heads its own sheets in
# Vietnamese; compared folded, spaces as "_" ("Thời gian" is thoi_gian).
ALIASES = {
    "text": ("text", "message", "content", "noi_dung", "body", "bai_dang", "binh_luan"),
    "author": ("author", "author_id", "user_id", "user", "from_id", "tac_gia", "nguoi_dang"),
    "time": (
        "time",
        "created_at",
        "created_time",
        "timestamp",
        "date",
        "thoi_gian",
        "thoi_diem",
        "ngay",
        "ngay_dang",
    ),
    "url": ("url", "link", "permalink", "permalink_url", "duong_dan", "lien_ket"),
    "reactions": ("reactions", "likes", "reaction_count", "engagement", "luot_tuong_tac"),
}
MAX_ERRORS = 20
DELIMITERS = (",", ";", "\t")
# Beyond any real post; capped so a cluster's reach (its copies' sum) fits its column.
MAX_REACTIONS = 100_000_000
# A post may be stamped a little ahead by a clock off by minutes; a later one is a wrong column.
FUTURE_SLACK = datetime.timedelta(minutes=5)
# An earlier time is a blank cell as some tools write it (.NET's "01/01/0001 00:00:00", Excel's
# day 0, 30/12/1899): a wrong value, not a post; year 1 also overflowed on its way to the
# database. So are epoch 0 and SQL Server's 01/01/1900 00:00, which fall within the calendar.
_EARLIEST = datetime.datetime.combine(EARLIEST, datetime.time(), tzinfo=datetime.UTC)
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_SQL_BLANK = datetime.datetime(1900, 1, 1)
# An epoch time this large or more is in milliseconds, as JavaScript and most social-media
# exports write it: in seconds it would be the year 5138, in milliseconds it is March 1973, long
# before any such export. A value of either kind is read by its magnitude.
_MILLISECONDS = 100_000_000_000
_GROUPED = re.compile(r"\d{1,3}([.,]\d{3})+")  # "1.234", "12,500": thousands, as counts are
_SHORT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(k|n|nghìn|m|tr|triệu)", re.I)  # "1,2K", "3 Tr"
_SCALE = {"k": 1e3, "n": 1e3, "nghìn": 1e3, "m": 1e6, "tr": 1e6, "triệu": 1e6}
# Dates as Vietnamese spreadsheets write them: day first, with "/", "-" or "."; the time after or
# before (as the desk's own lists write it), 24-hour or with SA/CH (sáng, chiều: AM, PM).
# SA/CH are read here, not by strptime's %p, whose words are the process locale's (under a
# Vietnamese LC_TIME "AM" is not understood).
_DATES = [f"%d{sep}%m{sep}{year}" for sep in "/-." for year in ("%Y", "%y")]
_TIMES = ["%H:%M", "%H:%M:%S"]
LOCAL_FORMATS = [
    *_DATES,
    *(f"{day} {time}" for day in _DATES for time in _TIMES),
    *(f"{time} {day}" for day in _DATES for time in _TIMES),
]
# What no database column may hold: NUL (PostgreSQL refuses it) and a surrogate left alone by
# an exporter that cut an emoji in two ("\ud83d" in JSON: no UTF-8 encodes it).
_NUL = "\x00"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MERIDIEM = re.compile(r"\s*\b(SA|CH|AM|PM)\b", re.I)
_AFTERNOON = {"CH", "PM"}


# Keys before 0010 hashed the raw author id unkeyed (a dump could test whether a known id wrote
# a post); that migration wrapped them in this keyed hash, which lookups still accept.
LEGACY_KEY_PURPOSE = "monitor.upload_key"


def post_key(url: str, author: str, moment: datetime.datetime, text) -> str:
    """A post's dedupe key: the author enters only as its keyed hash, so the key tells nothing
    about the raw id without SECRET_KEY (with no author it is the key uploads always wrote)."""
    return Item.make_key(url, author_hash(author), moment.isoformat(), text)


def legacy_post_key(url: str, author: str, moment: datetime.datetime, text) -> str | None:
    """The key a post with an author was stored under before 0010, as that migration left it;
    None without an author (that key never changed)."""
    if not author_hash(author):
        return None
    return pseudonym(LEGACY_KEY_PURPOSE, Item.make_key(url, author, moment.isoformat(), text))


class UploadError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def parse_count(value) -> int:
    """A reaction count as exports write it: 1234, "1.234" or "12,500" (grouped thousands, as
    Vietnamese and English exports write them), "1,2K", "3 Tr"; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # a JSON integer has no bound
            number = math.inf
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if _GROUPED.fullmatch(text):
            number = float(re.sub(r"[.,]", "", text))
        elif short := _SHORT.fullmatch(text):
            number = float(short[1].replace(",", ".")) * _SCALE[short[2].lower()]
        else:
            number = float(text.replace(",", "."))
    if not math.isfinite(number) or number < 0:
        raise ValueError(value)
    return min(round(number), MAX_REACTIONS)


def _header(name) -> str:
    """A column's name as ALIASES spell it: "Thời gian" and "thoi_gian" alike, and "text"
    with a zero-width space or soft hyphen an export tool left in it."""
    return "_".join(fold(INVISIBLE.sub("", str(name))).split())


_READ = {name for names in ALIASES.values() for name in names}


def _duplicated(written: list[str]) -> str | None:
    """The error for a column read twice ("time" and "Time", "Thời gian" and "thoi_gian"), if
    any: one of its values would silently be lost. A column not read may repeat."""
    seen = {}
    for name in written:
        seen.setdefault(_header(name), []).append(name)
    for heading, names in seen.items():
        if heading in _READ and len(names) > 1:
            shown = ", ".join(repr(str(name)) for name in names)
            return f"cột {shown} trùng nhau: giữ một cột {heading} rồi tải tệp lên lại"
    return None


class _Object(dict):
    """A JSON object that keeps its keys as written: json.loads keeps the last of a repeated
    key."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.written = [key for key, _ in pairs]


def _storable(value):
    """A cell's string as a database stores it: NUL dropped, a lone surrogate replaced."""
    if not isinstance(value, str):
        return value
    return _LONE_SURROGATE.sub("\ufffd", value.replace(_NUL, ""))


def _blank(value) -> bool:
    return value is None or value == ""


def _column(row: dict, field: str):
    """The field's value from the first of its columns, in ALIASES' order (the field's own name
    first), that is filled on this row."""
    return _pick(row, field)[0]


def _pick(row: dict, field: str) -> tuple[object, str | None]:
    """(value, the column it came from); (None, None) when every column of the field is blank."""
    for name in ALIASES[field]:
        if name in row and not _blank(row[name]):
            return _storable(row[name]), name
    return None, None


class _Overlaps:
    """A file with two columns for one field ("text" and "message"): the one first in ALIASES
    (the field's own name wins) is read; the other only fills a row where the first is blank,
    since that row's post is there and refusing the file would only make the analyst merge the
    columns by hand. The upload's result names the column set aside and the rows it filled, so
    neither choice is silent."""

    LABELS = {
        "text": "nội dung",
        "author": "tác giả",
        "time": "thời gian",
        "url": "đường dẫn",
        "reactions": "lượt tương tác",
    }
    SHOWN_LINES = 10

    def __init__(self):
        self.chosen: dict[str, str] = {}
        self.others: dict[str, dict[str, None]] = {}
        self.filled: dict[str, list[tuple[int, str]]] = {}
        self.differ: dict[str, int] = {}
        self.spelled: dict[str, str] = {}

    def note(self, number: int, row: dict, spelled: dict[str, str]) -> None:
        for field in ALIASES:
            present = [name for name in ALIASES[field] if name in row]
            if len(present) < 2:
                continue
            first, rest = present[0], present[1:]
            self.chosen.setdefault(field, first)
            self.others.setdefault(field, {}).update(dict.fromkeys(rest))
            for name in present:
                self.spelled.setdefault(name, spelled.get(name, name))
            value, used = _pick(row, field)
            if used not in (None, first):
                self.filled.setdefault(field, []).append((number, used))
            elif used == first and any(
                not _blank(row[name]) and row[name] != value for name in rest
            ):
                self.differ[field] = self.differ.get(field, 0) + 1

    def warnings(self) -> list[str]:
        out = []
        for field, first in self.chosen.items():
            shown = self.spelled.get(first, first)
            others = ", ".join(repr(self.spelled.get(n, n)) for n in self.others[field])
            said = (
                f"cột {others} không dùng cho {self.LABELS[field]} ({field}): tệp có cột "
                f"{shown!r}, cột này được ưu tiên"
            )
            if differ := self.differ.get(field):
                said += f"; {differ} dòng có giá trị khác ở cột bị bỏ qua"
            if filled := self.filled.get(field):
                lines = ", ".join(str(number) for number, _ in filled[: self.SHOWN_LINES])
                more = "…" if len(filled) > self.SHOWN_LINES else ""
                said += (
                    f"; {len(filled)} dòng để trống {shown!r} nên lấy từ cột còn lại "
                    f"(dòng {lines}{more})"
                )
            out.append(said + ".")
        return out


def parse_time(value) -> datetime.datetime | None:
    """The moment a post was made, or None when the value is not one (the row's error says so):
    "2024-13-45" or an epoch beyond the calendar raise inside the parsers."""
    try:
        return _parse_time(value)
    except (ValueError, OverflowError, OSError):
        return None


def _from_epoch(value: int | float) -> datetime.datetime:
    seconds = value / 1000 if abs(value) >= _MILLISECONDS else value
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def _parse_time(value) -> datetime.datetime | None:
    if isinstance(value, int | float):
        return _from_epoch(value)
    text = str(value).strip()
    if text.isdigit():
        return _from_epoch(int(text))
    moment = parse_datetime(text.replace(" ", "T", 1) if "T" not in text else text)
    if moment is None and (day := parse_date(text)):
        moment = datetime.datetime.combine(day, datetime.time(12))
    if moment is None:
        moment = _parse_local(text)
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # local time, as the desk reads it
    return moment


def _parse_local(text: str) -> datetime.datetime | None:
    """A day-first date, its time 24-hour or 12-hour with one SA/CH (AM/PM)."""
    meridiems = [m.upper() for m in _MERIDIEM.findall(text)]
    if len(meridiems) > 1:
        return None
    text = _MERIDIEM.sub("", text).strip()
    for fmt in LOCAL_FORMATS:
        try:
            moment = datetime.datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    else:
        return None
    if meridiems:
        if "%H" not in fmt or not 1 <= moment.hour <= 12:
            return None  # "13:05 CH", "0:05 SA" or a date alone with SA: not a 12-hour time
        afternoon = 12 if meridiems[0] in _AFTERNOON else 0
        moment = moment.replace(hour=moment.hour % 12 + afternoon)
    return moment


def _rows(data: bytes, name: str):
    """(line number, dict by ALIASES' spelling, that spelling → the heading as written) per
    record; a header check for CSV."""
    try:
        text, _ = decode_document(data)
    except InputError as exc:
        raise UploadError(
            ["không đọc được bảng mã của tệp (cần UTF-8, UTF-16 hoặc cp1258)"]
        ) from exc
    # Lines end in CR alone in Excel for Mac's "CSV (Macintosh)"; a JSON string may hold U+2028
    # or U+0085 as they are, which str.splitlines() took for line ends.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if name.lower().endswith((".jsonl", ".json", ".ndjson")):
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip():
                try:
                    record = json.loads(line, object_pairs_hook=_Object)
                except json.JSONDecodeError as exc:
                    raise UploadError(
                        [f"dòng {number}: không phải JSON hợp lệ (lỗi ở ký tự thứ {exc.colno})"]
                    ) from exc
                except (ValueError, RecursionError) as exc:  # a 5,000-digit number, deep nesting
                    raise UploadError([f"dòng {number}: không phải JSON hợp lệ"]) from exc
                if not isinstance(record, dict):
                    raise UploadError([f"dòng {number}: mỗi dòng phải là một đối tượng JSON"])
                if duplicated := _duplicated(record.written):
                    raise UploadError([f"dòng {number}: {duplicated}"])
                spelled = {_header(key): key for key in record.written}
                yield number, {_header(key): value for key, value in record.items()}, spelled
        return
    header = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count)  # the header names hold none of them
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    written = [name.strip() for name in next(reader, [])]
    names = [_header(name) for name in written]
    spelled = dict(zip(names, written, strict=True))
    if duplicated := _duplicated(written):
        raise UploadError([duplicated])
    missing = [f for f in REQUIRED if not set(names) & set(ALIASES[f])]
    if missing:
        found = ", ".join(sorted({name for name in written if name}))
        raise UploadError([f"thiếu cột: {', '.join(missing)} (có: {found})"])
    # A record's number is the file line it starts on: posts may hold line breaks, and blank
    # lines between records are skipped (csv.DictReader would hide both from the count).
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:  # an unclosed quote swallows the rest into one huge field
            raise UploadError(
                [f"dòng {start}: tệp CSV hỏng: dấu ngoặc kép không đóng hoặc một ô quá dài"]
            ) from exc
        if row is None:
            return
        if row:
            yield start, dict(zip(names, row, strict=False)), spelled


def import_posts(source: Source, data: bytes, name: str) -> dict:
    """Store the posts of an uploaded file under `source`; returns {"rows", "new", "warnings"}
    (what the desk should know of a file imported: a column set aside)."""
    records = list(_rows(data, name))
    errors, items, legacy = [], [], {}
    overlaps = _Overlaps()
    for number, record, spelled in records:
        overlaps.note(number, record, spelled)
        text, when = _column(record, "text"), _column(record, "time")
        if text is None or when is None:
            errors.append(
                f"dòng {number}: thiếu {'nội dung (text)' if text is None else 'thời gian (time)'}"
            )
            continue
        moment = parse_time(when)
        if moment is None:
            errors.append(f"dòng {number}: không hiểu thời gian {str(when)[:40]!r}")
            continue
        if moment > timezone.now() + FUTURE_SLACK:
            errors.append(f"dòng {number}: thời gian {str(when)[:40]!r} ở tương lai")
            continue
        if moment < _EARLIEST or moment == _EPOCH or moment.replace(tzinfo=None) == _SQL_BLANK:
            errors.append(
                f"dòng {number}: thời gian {str(when)[:40]!r} là ô để trống hoặc trước"
                f" {EARLIEST:%d/%m/%Y}"
            )
            continue
        reactions = _column(record, "reactions") or 0
        try:
            reactions = parse_count(reactions)
        except (TypeError, ValueError):
            errors.append(f"dòng {number}: lượt tương tác {str(reactions)[:20]!r} không phải số")
            continue
        url, author = str(_column(record, "url") or ""), str(_column(record, "author") or "")
        key = post_key(url, author, moment, text)
        if old := legacy_post_key(url, author, moment, text):
            legacy[key] = old  # a re-upload of a file imported before adds nothing
        items.append(
            Item(
                source=source,
                kind=Item.Kind.POST,
                key=key,
                url=url[:1000] if url.startswith(("http://", "https://")) else "",
                text=str(text),
                author_hash=author_hash(author),
                reactions=reactions,
                published_at=moment,
            )
        )
    if errors:
        more = len(errors) - MAX_ERRORS
        raise UploadError(errors[:MAX_ERRORS] + ([f"… và {more} lỗi khác"] if more > 0 else []))
    if not items:
        raise UploadError(["tệp không có dòng dữ liệu nào"])
    new = store(items, aliases=legacy)
    now = timezone.now()
    Source.objects.filter(pk=source.pk).update(
        last_fetch_at=now, last_success_at=now, last_error="", last_warning=""
    )
    return {"rows": len(items), "new": new, "warnings": overlaps.warnings()}
