import time

from django.core.management.base import BaseCommand

from cityportal.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from everything public (articles, pages, places…)."

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(source, count):
            self.stdout.write(f"  {source.kind}: {count} documents")

        counts = rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {sum(counts.values())} documents in {time.monotonic() - started:.1f} s."
            )
        )
