from django.core.management.base import BaseCommand

from cityportal.monitor import pipeline
from cityportal.monitor.models import Source
from cityportal.monitor.sources import feeds, portal


class Command(BaseCommand):
    help = "Poll the monitored feeds (all, or those due with --due), copy portal comments, analyse."

    def add_arguments(self, parser):
        parser.add_argument("--due", action="store_true", help="only sources whose time has come")
        parser.add_argument("--no-process", action="store_true", help="store, do not analyse")

    def handle(self, *args, due=False, no_process=False, **options):
        sources = Source.objects.due() if due else Source.objects.filter(active=True, kind="feed")
        failed = 0
        for source in sources:
            # Any error, not only a FetchError, stays on its source: the rest go on.
            new, error = feeds.poll_isolated(source)
            if error:
                failed += 1
                self.stderr.write(f"{source.name}: {error}")
            else:
                self.stdout.write(f"{source.name}: {new} new")
        self.stdout.write(f"portal: {portal.sync()}")
        if not no_process:
            self.stdout.write(f"analysed: {pipeline.process_pending()}")
        if failed:
            self.stderr.write(f"{failed} source(s) failed; the others were stored")
