from django.core.management.base import BaseCommand

from cityportal.news.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo newsroom (places, sections, workflow, users, articles). Idempotent."

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(
            f"Demo: {result['created']} pages created (0 means it was already loaded)."
        )
