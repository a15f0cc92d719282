from django.core.management.base import BaseCommand

from cityportal.contributions.demo import load_contributions_demo
from cityportal.feedback.demo import load_feedback_demo
from cityportal.news.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (places, sections, workflow, users, articles), agencies' "
        "contributions and readers' feedback. Idempotent."
    )

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(
            f"Demo: {result['created']} pages created (0 means it was already loaded)."
        )
        contributions = load_contributions_demo()
        feedback = load_feedback_demo()
        self.stdout.write(
            f"Demo: {contributions['created']} contributions, {feedback['comments']} comments, "
            f"{feedback['enquiries']} ideas and questions added."
        )
