from django.core.management.base import BaseCommand

from cityportal.core.places import load_national_units
from cityportal.opendata.demo import load_demo_data


class Command(BaseCommand):
    help = "Load the demo data catalogue (real yearbook figures, sources named). Idempotent."

    def handle(self, *args, **options):
        # The catalogue compares the city with the country, its regions and other provinces: a
        # fresh database has only the city's own units (`load_demo`), so load theirs (idempotent).
        load_national_units()
        counts = load_demo_data()
        self.stdout.write(
            f"Open data demo: {counts['datasets']} datasets, {counts['observations']} "
            "observations added (0 means it was already loaded)."
        )
