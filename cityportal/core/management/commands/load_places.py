from django.core.management.base import BaseCommand

from cityportal.core.places import load_hcmc_units


class Command(BaseCommand):
    help = "Load Ho Chi Minh City's administrative units (current and pre-July-2025). Idempotent."

    def handle(self, *args, **options):
        counts = load_hcmc_units()
        self.stdout.write(
            f"Places: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['links']} old→new links added."
        )
