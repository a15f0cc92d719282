from django.core.management.base import BaseCommand

from cityportal.events.demo import load_events_demo


class Command(BaseCommand):
    help = "Load the demo events (calendar page, a past talk, upcoming events). Idempotent."

    def handle(self, *args, **options):
        result = load_events_demo()
        self.stdout.write(
            f"Events demo: {result['created']} pages created (0 means it was already loaded)."
        )
