import datetime

from django.core.management.base import BaseCommand

from cityportal.monitor import spikes


class Command(BaseCommand):
    help = (
        "Raise alerts for volume or negative-share spikes on a day (by default each of the last "
        f"{spikes.RECHECK_DAYS} days, as the scheduled job does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, day=None, **options):
        for alert in spikes.detect(day):
            self.stdout.write(alert.message)
