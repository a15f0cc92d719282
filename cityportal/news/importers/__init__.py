"""Article importers: JSON Lines, WordPress exports (WXR) and RSS/Atom feeds → published articles.

    read (inputs.py) → records (jsonl.py, wxr.py, rss.py → records.py) → import (pipeline.py)

`import_articles()` is what `manage.py import_articles` runs. Imports are idempotent: an
article is identified by (import source, id or URL), kept in ArticlePage.import_source and
import_key, so importing the same input again updates what changed and creates no copies.

Dates: ISO 8601 (JSONL), WordPress's GMT date or pubDate (WXR), published/updated (feeds); a
time without an offset is Vietnam time. A record without a date gets the import's start time
minus its position in seconds, so the first line of a file is the newest article and listings
keep the file's order (the baomoi 2017 corpus has no dates); importing it again keeps the date
it was given the first time.
"""

from collections.abc import Callable
from typing import Protocol

from ..models import SectionPage
from .inputs import InputError
from .jsonl import JsonLinesReader
from .pipeline import Importer, Report
from .records import SOURCE_MAX
from .rss import FeedReader
from .wxr import WxrReader

READERS = {"jsonl": JsonLinesReader, "wxr": WxrReader, "rss": FeedReader}

__all__ = ["READERS", "ImportFailed", "Report", "import_articles"]


class ProgressBar(Protocol):
    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


class ImportFailed(Exception):
    """Nothing was imported: bad options, or an input that cannot be read as its format."""


def import_articles(
    path: str,
    format: str,
    *,
    section: str | None = None,
    source: str | None = None,
    progress: Callable[[int | None], ProgressBar] | None = None,
) -> Report:
    """Import the articles in `path` (a file, "-" for stdin, or an http(s) URL for feeds).

    `section` is the fallback section slug, `source` overrides the import source name.
    `progress(total)` may return a bar (tqdm's interface: update() and close()); total is None
    when the number of records is not known in advance (JSON Lines are streamed).
    """
    if format not in READERS:
        raise ImportFailed(f"unknown format {format!r}: choose one of {', '.join(READERS)}")
    fallback = None
    if section:
        fallback = SectionPage.objects.filter(slug=section).first()
        if fallback is None:
            known = ", ".join(SectionPage.objects.order_by("path").values_list("slug", flat=True))
            raise ImportFailed(f"unknown section {section!r}: choose one of {known}")
    if source is not None and not (0 < len(source.strip()) <= SOURCE_MAX):
        raise ImportFailed(f"--source must be 1 to {SOURCE_MAX} characters")
    try:
        reader = READERS[format](path)
        importer = Importer(
            section=fallback,
            source=source and source.strip(),
            default_source=reader.default_source[:SOURCE_MAX],
        )
        bar = progress(reader.total) if progress else None
        try:
            report = importer.run(reader.read(), progress=bar.update if bar is not None else None)
        finally:
            if bar is not None:
                bar.close()
    except InputError as error:
        raise ImportFailed(str(error)) from error
    report.encoding = str(reader.encoding)
    report.notes += reader.notes()
    return report
