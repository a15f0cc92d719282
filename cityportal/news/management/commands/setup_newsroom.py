from django.core.management.base import BaseCommand

from cityportal.core.places import load_hcmc_units
from cityportal.news.newsroom import setup_newsroom


class Command(BaseCommand):
    help = "Create the home page, sections, editorial groups, workflow and places. Idempotent."

    def handle(self, *args, **options):
        load_hcmc_units()
        home = setup_newsroom()
        self.stdout.write(self.style.SUCCESS(f"Newsroom ready under {home.title!r}."))
