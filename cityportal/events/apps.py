from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cityportal.events"
    label = "events"
    verbose_name = "Sự kiện"

    def ready(self):
        from wagtail.signals import page_published

        from cityportal.feedback.threads import COMMENTABLE

        from . import search_sources
        from .models import EventPage

        search_sources.register_all()
        # Questions from the public are comments on the event, moderated in the feedback queue.
        COMMENTABLE.add("events.eventpage")
        page_published.connect(promote_waiting_on_publish, sender=EventPage)


def promote_waiting_on_publish(sender, instance, **kwargs):
    """An event published with more seats (from the editor, a workflow or a schedule) gives
    them to the waiting list at once, whether or not registration is still open."""
    from .registration import promote_waiting

    promote_waiting(instance)
