from django.core.management.base import BaseCommand

from cityportal.core.mail import send_queued
from cityportal.core.models import QueuedMail


class Command(BaseCommand):
    help = (
        "Try again now the queued mail the server did not take, as far as it is due (the job "
        "worker also runs this every 5 minutes). --dry-run lists what is due and sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what is due; send nothing")

    def handle(self, *args, **options):
        if options["dry_run"]:
            due = QueuedMail.objects.due()
            for row in due:
                self.stdout.write(
                    f"#{row.pk} {', '.join(row.to)}: {row.subject} "
                    f"(tries: {row.attempts}; last error: {row.last_error})"
                )
            waiting = QueuedMail.objects.filter(status=QueuedMail.Status.WAITING).count()
            self.stdout.write(
                f"Due now: {len(due)}; waiting: {waiting}; "
                f"failed: {QueuedMail.objects.given_up().count()}"
            )
            return
        counts = send_queued()
        self.stdout.write(
            f"Sent: {counts['sent']}; waiting again: {counts['waiting']}; "
            f"failed for good: {counts['failed']}"
        )
