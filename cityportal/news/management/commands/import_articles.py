"""`manage.py import_articles PATH --format jsonl|wxr|rss [--section SLUG] [--source NAME]`."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cityportal.news.importers import READERS, ImportFailed, import_articles


class Command(BaseCommand):
    help = (
        "Import articles from JSON Lines (.jsonl, .jsonl.gz), a WordPress export (WXR) or an "
        "RSS/Atom feed (file or http(s) URL) and publish them. Importing again updates changed "
        "articles and never duplicates them."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help='a file (gzip is detected), "-" for stdin, or a feed URL')
        parser.add_argument("--format", required=True, choices=sorted(READERS))
        parser.add_argument("--section", help="section slug for records that do not name one")
        parser.add_argument(
            "--source",
            help='import source name (default: the record\'s "source", else derived from the '
            "input); articles are identified by (source, id)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, path, format, section, source, no_progress, **options):
        show_progress = not no_progress and sys.stderr.isatty()

        def progress(total):
            return tqdm(total=total, unit=" articles", file=sys.stderr, dynamic_ncols=True)

        try:
            report = import_articles(
                path,
                format,
                section=section,
                source=source,
                progress=progress if show_progress else None,
            )
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for line in report.summary_lines():
            self.stdout.write(line)
