import time

from django.core.management.base import BaseCommand

from cityportal.search.index import rebuild
from cityportal.search.models import Document


class Command(BaseCommand):
    help = "Rebuild the search index from everything public (articles, pages, places…)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only when nothing is indexed yet (a database from before search existed)",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Document.objects.exists():
            return
        started = time.monotonic()

        def progress(source, count):
            self.stdout.write(f"  {source.kind}: {count} documents")

        counts = rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {sum(counts.values())} documents in {time.monotonic() - started:.1f} s."
            )
        )
