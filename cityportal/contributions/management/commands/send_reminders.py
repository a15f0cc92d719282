import datetime

from django.core.management.base import BaseCommand, CommandError

from cityportal.contributions.reminders import send_request_reminders


class Command(BaseCommand):
    help = (
        "E-mail agencies about content requests due soon or overdue (each reminder once; "
        "the job worker also runs this every hour). A reminder the mail server does not take "
        "waits in the outbox (send_queued_mail)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="act as if today were this date (YYYY-MM-DD); default: today"
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        counts = send_request_reminders(today)
        self.stdout.write(f"Nhắc trước hạn: {counts['before']}, nhắc quá hạn: {counts['after']}")
