"""JSON Lines: one article per line.

    {"id", "title", "sapo", "body", "published_at"?, "source"?, "source_url"?, "section"?,
     "tags"?, "places"?, "byline"?}

The file is streamed line by line (the baomoi corpus is 35,440 lines, ~120 MB unpacked), so a
line that is not valid JSON or not valid in the file's encoding is one bad record, not a failed
import. Positions are 1-based line numbers.
"""

import json
from collections.abc import Iterator

from .inputs import Encoding, InputError, opener, sniff_stream, source_stem
from .records import Record, RecordError, Skip, build_record, parse_iso_datetime


class JsonLinesReader:
    """Streams records from a .jsonl or .jsonl.gz file, or stdin."""

    def __init__(self, path: str):
        self.path = path
        self.open = opener(path)
        try:
            with self.open() as handle:
                self.encoding: Encoding = sniff_stream(handle)
        except (OSError, EOFError) as error:
            raise InputError(f"{path}: cannot read: {error}") from error
        self.default_source = source_stem(path)
        self.total: int | None = None

    def read(self) -> Iterator[Record | Skip]:
        first = True
        for number, line in self._lines():
            if isinstance(line, Skip):
                yield line
                continue
            if not line.strip():
                continue
            if first and not line.lstrip().startswith("{"):
                raise InputError(
                    f"{self.path} does not look like JSON Lines: line {number} does not start "
                    "with '{'"
                )
            first = False
            yield self._record(number, line)

    def notes(self) -> list[str]:
        return []

    def _lines(self) -> Iterator[tuple[int, str | Skip]]:
        """(line number, text), decoding each line alone so one bad byte costs one line."""
        number = 0
        with self.open() as handle:
            try:
                if self.encoding.is_wide:
                    text = self.encoding.decode(handle.read()[len(self.encoding.bom) :])
                    yield from enumerate(text.split("\n"), 1)
                    return
                for number, raw in enumerate(handle, 1):
                    if number == 1:
                        raw = raw[len(self.encoding.bom) :]
                    try:
                        yield number, self.encoding.decode(raw)
                    except UnicodeDecodeError as error:
                        yield number, Skip(f"line {number}", f"not valid {self.encoding}: {error}")
            except UnicodeDecodeError as error:  # UTF-16 with an odd byte out
                raise InputError(f"{self.path}: not valid {self.encoding}: {error}") from error
            except (OSError, EOFError) as error:  # a corrupt or truncated .gz: keep what was read
                if number == 0:
                    raise InputError(f"{self.path}: cannot read: {error}") from error
                yield number + 1, Skip(f"line {number + 1}", f"input ends early: {error}")

    def _record(self, number: int, line: str) -> Record | Skip:
        position = f"line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            return Skip(position, f"invalid JSON ({error.msg} at column {error.colno})")
        if not isinstance(data, dict):
            return Skip(position, "not a JSON object")
        try:
            return build_record(
                position,
                number,
                key=data.get("id"),
                title=data.get("title"),
                sapo=data.get("sapo") or "",
                body=data.get("body") or "",
                published_at=parse_iso_datetime(data.get("published_at")),
                byline=data.get("byline") or data.get("author") or "",
                source=data.get("source") or "",
                source_name=data.get("source") or "",
                source_url=data.get("source_url") or "",
                section=data.get("section") or "",
                tags=data.get("tags"),
                places=data.get("places"),
            )
        except RecordError as error:
            return Skip(position, str(error))
