"""Reading an import's input: a file (optionally gzip-compressed), stdin or an http(s) URL, and
working out its text encoding.

Vietnamese files come in three encodings in practice: UTF-8 (sometimes with a BOM), UTF-16 from
Windows tools (always with a BOM), and cp1258, the Windows Vietnamese code page, which writes
tones as combining marks, so its text is NFC-normalised after decoding.
"""

import codecs
import gzip
import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from cityportal.core.text import normalize

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_CHUNK = 1 << 20
SNIFF_LIMIT = 16 << 20

# Checked in this order: the UTF-8 BOM is not a prefix of the others, nor they of it.
BOMS = [
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE with BOM"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE with BOM"),
]
FALLBACK = ("cp1258", "cp1258 (Windows Vietnamese)")
XML_DECLARED_ENCODING = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


class InputError(Exception):
    """The input cannot be read at all: the whole import stops before anything is written."""


class Encoding:
    """How the bytes are decoded: `codec` for Python, `label` for the summary, `bom` to strip."""

    def __init__(self, codec: str, label: str, bom: bytes = b""):
        self.codec, self.label, self.bom = codec, label, bom

    @property
    def is_wide(self) -> bool:
        """UTF-16 cannot be split into lines on the byte b"\\n"."""
        return self.codec.startswith("utf-16")

    def decode(self, data: bytes) -> str:
        return normalize(data.decode(self.codec))

    def __str__(self) -> str:
        return self.label


def is_url(path: str) -> bool:
    return urlsplit(path).scheme in ("http", "https")


def source_stem(path: str) -> str:
    """A short name for a file, used as the import source when nothing better is known:
    "articles.jsonl.gz" → "articles"."""
    if path == "-":
        return "stdin"
    name = Path(path).name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".xml", ".wxr", ".rss", ".atom"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or "import"


def opener(path: str) -> Callable[[], BinaryIO]:
    """A function that opens `path` afresh each time (once to sniff the encoding, once to read),
    transparently decompressing gzip. Stdin is read once and kept in memory."""
    if path == "-":
        data = sys.stdin.buffer.read()
        if data.startswith(GZIP_MAGIC):
            data = _gunzip(data)
        return lambda: io.BytesIO(data)
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{path}: no such file")
    with file.open("rb") as handle:
        compressed = handle.read(2) == GZIP_MAGIC
    if compressed:
        return lambda: gzip.open(file, "rb")
    return lambda: file.open("rb")


def read_bytes(path: str) -> bytes:
    with opener(path)() as handle:
        try:
            return handle.read()
        except (OSError, EOFError) as error:  # a corrupt or truncated .gz
            raise InputError(f"{path}: cannot read: {error}") from error


def _gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as error:
        raise InputError(f"stdin: cannot decompress: {error}") from error


def bom_encoding(head: bytes) -> Encoding | None:
    for bom, codec, label in BOMS:
        if head.startswith(bom):
            return Encoding(codec, label, bom)
    return None


def sniff_stream(handle: BinaryIO) -> Encoding:
    """A BOM decides; otherwise UTF-8 if the first stretch with non-ASCII bytes decodes as
    UTF-8 (cp1258 text practically never does), else cp1258."""
    head = handle.read(SNIFF_CHUNK)
    found = bom_encoding(head)
    if found:
        return found
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen = 0
    while head:
        try:
            decoder.decode(head, final=False)
        except UnicodeDecodeError:
            return Encoding(*FALLBACK)
        seen += len(head)
        if not head.isascii() or seen >= SNIFF_LIMIT:
            return Encoding("utf-8", "UTF-8")
        head = handle.read(SNIFF_CHUNK)
    return Encoding("utf-8", "UTF-8")


# cp1258's punctuation in 0x80-0x9F: € … ‹ ‘ ’ “ ” • – — ™ › (Vietnamese text uses these).
_CP1258_PUNCTUATION = frozenset(b"\x80\x85\x8b\x91\x92\x93\x94\x95\x96\x97\x99\x9b")
# Tables for bytes.translate, which maps and drops at C speed (a 50 MB feed or upload is walked
# in Python in seconds): every high byte as 0x80, so a run of them is a plain substring; what to
# drop to keep only the high bytes, or only those in 0x80-0x9F that are not cp1258 punctuation.
_HIGH_AS_ONE = bytes(min(byte, 0x80) for byte in range(256))
_LONG_HIGH_RUN = b"\x80" * 8
_ASCII = bytes(range(0x80))
_ALL_BUT_ODD = bytes(
    byte for byte in range(256) if not 0x80 <= byte <= 0x9F or byte in _CP1258_PUNCTUATION
)


def _could_be_cp1258(data: bytes) -> bool:
    """cp1258 decodes almost any bytes, so Chinese or Japanese would pass as mojibake. Their
    characters are two bytes each, one after another, in long runs of bytes ≥ 0x80; Vietnamese
    letters in cp1258 come at most three or four in a row ("ườ": ư, ơ, a tone mark). Shift-JIS
    also puts many bytes in 0x80-0x9F, where cp1258 has only a few punctuation marks."""
    if _LONG_HIGH_RUN in data.translate(_HIGH_AS_ONE):
        return False
    high = data.translate(None, _ASCII)
    odd = high.translate(None, _ALL_BUT_ODD)
    return len(odd) <= 0.2 * len(high)


def decode_document(data: bytes) -> tuple[str, Encoding]:
    """Decode a whole document (XML): a BOM decides; else UTF-8; else the encoding the XML
    declaration names; else cp1258, if the bytes look like it."""
    encoding = bom_encoding(data)
    if encoding:
        return encoding.decode(data[len(encoding.bom) :]), encoding
    candidates = [Encoding("utf-8", "UTF-8")]
    declared, declared_cp1258 = XML_DECLARED_ENCODING.match(data), False
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8", "cp1258") and not codec.startswith("utf-16"):
            candidates.append(Encoding(codec, f"{name} (declared)"))
        declared_cp1258 = codec == "cp1258"  # said outright: no need to guess
    if declared_cp1258 or _could_be_cp1258(data):
        candidates.append(Encoding(*FALLBACK))
    for encoding in candidates:
        try:
            return encoding.decode(data), encoding
        except UnicodeDecodeError:
            continue
    raise InputError("the text is neither UTF-8 nor cp1258")
