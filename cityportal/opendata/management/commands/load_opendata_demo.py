from django.core.management.base import BaseCommand

from cityportal.opendata.demo import load_demo_data


class Command(BaseCommand):
    help = "Load the demo data catalogue (real yearbook figures, sources named). Idempotent."

    def handle(self, *args, **options):
        counts = load_demo_data()
        self.stdout.write(
            f"Open data demo: {counts['datasets']} datasets, {counts['observations']} "
            "observations added (0 means it was already loaded)."
        )
