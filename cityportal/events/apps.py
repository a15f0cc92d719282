from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cityportal.events"
    label = "events"
    verbose_name = "Sự kiện"

    def ready(self):
        # Questions from the public are comments on the event, moderated in the feedback queue.
        from cityportal.feedback.threads import COMMENTABLE

        COMMENTABLE.add("events.eventpage")
