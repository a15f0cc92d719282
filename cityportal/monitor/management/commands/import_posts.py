from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cityportal.monitor import pipeline
from cityportal.monitor.models import Source
from cityportal.monitor.sources.uploads import UploadError, import_posts


class Command(BaseCommand):
    help = (
        "Import an export of social-media posts (CSV or JSONL: text, author, time, url, reactions)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", required=True, help="source name (created if new)")

    def handle(self, *args, path, source, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        try:
            # A file refused leaves no empty new source behind in the sources list.
            with transaction.atomic():
                src, _ = Source.objects.get_or_create(
                    name=source, kind=Source.Kind.UPLOAD, defaults={"active": False}
                )
                result = import_posts(src, data, path.name)
        except UploadError as exc:
            raise CommandError(f"{path}: nothing imported:\n  " + "\n  ".join(exc.errors)) from exc
        self.stdout.write(f"{path}: {result['rows']} rows, {result['new']} new")
        for warning in result["warnings"]:
            self.stdout.write(self.style.WARNING(f"{path}: {warning}"))
        self.stdout.write(f"analysed: {pipeline.process_pending()}")
