from django.core.management.base import BaseCommand

from cityportal.core.places import load_hcmc_units, load_national_units


class Command(BaseCommand):
    help = (
        "Load Ho Chi Minh City's administrative units (current and pre-July-2025), and the "
        "country, regions and provinces the statistics compare it with. Idempotent."
    )

    def handle(self, *args, **options):
        for label, loader in (("City", load_hcmc_units), ("Country", load_national_units)):
            counts = loader()
            self.stdout.write(
                f"{label}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['links']} old→new links added."
            )
