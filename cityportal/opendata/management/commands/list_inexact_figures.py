"""`manage.py list_inexact_figures`: stored figures beyond 2**53 or not finite, to correct at
their source."""

from django.core.management.base import BaseCommand, CommandError

from cityportal.opendata.models import LARGEST_EXACT, Observation


class Command(BaseCommand):
    help = (
        f"List the stored figures beyond ±2**53 ({LARGEST_EXACT:,}), infinities and NaN, which "
        "imports refuse but older ones stored: they are not the figures published, charts leave "
        "them out and the downloads and APIs give no value for the non-finite ones. One "
        "tab-separated line each: dataset, resource id, indicator code, unit code, period, "
        "breakdown, value. Exits with status 1 when there are any."
    )

    def handle(self, *args, **options):
        found = (
            Observation.objects.inexact()
            .order_by("resource__dataset__name", "resource_id", "indicator__code", "period_start")
            .values_list(
                "resource__dataset__name",
                "resource_id",
                "indicator__code",
                "unit__code",
                "period",
                "breakdown",
                "value",
            )
        )
        count = 0
        for row in found.iterator():
            self.stdout.write("\t".join(str(cell) for cell in row))
            count += 1
        if not count:
            self.stdout.write("No stored figure is beyond 2**53.")
            return
        raise CommandError(f"{count} figure(s) beyond 2**53: correct them and import again.")
