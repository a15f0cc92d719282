from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cityportal.events"
    label = "events"
    verbose_name = "Sự kiện"

    def ready(self):
        from django.db.models.signals import pre_save
        from wagtail.signals import page_published, page_unpublished

        from cityportal.feedback.threads import COMMENTABLE

        from . import search_sources
        from .models import EventPage

        search_sources.register_all()
        # Questions from the public are comments on the event, moderated in the feedback queue.
        COMMENTABLE.add("events.eventpage")
        page_published.connect(promote_waiting_on_publish, sender=EventPage)
        pre_save.connect(remember_schedule, sender=EventPage)
        page_published.connect(announce_changes_on_publish, sender=EventPage)
        page_unpublished.connect(announce_withdrawal_on_unpublish, sender=EventPage)


def promote_waiting_on_publish(sender, instance, **kwargs):
    """An event published with more seats (from the editor, a workflow or a schedule) gives
    them to the waiting list at once, whether or not registration is still open."""
    from .registration import promote_waiting

    promote_waiting(instance)


def remember_schedule(sender, instance, update_fields=None, **kwargs):
    """Before a whole save (publishing writes the page row; a draft saves a few fields only),
    the schedule as the public knows it, for announce_changes_on_publish to compare."""
    if update_fields is not None or instance.pk is None:
        return
    published = sender.objects.filter(pk=instance.pk, live=True).select_related("unit").first()
    if published is not None:
        from .registration import schedule_of

        instance._published_schedule = schedule_of(published)


def announce_changes_on_publish(sender, instance, **kwargs):
    """Registrants and reporters hear of a cancellation, a new time or place, or an event that is
    on again after they were told it was off, when it goes public, whoever publishes it (the
    editor, a workflow, a schedule)."""
    from .registration import announce_changes, announce_return

    before = instance.__dict__.pop("_published_schedule", None)
    if before is not None:
        announce_changes(instance, before)
    announce_return(instance, before)


def announce_withdrawal_on_unpublish(sender, instance, **kwargs):
    """An upcoming event unpublished by the editor (or deleted while live: Wagtail unpublishes a
    page before deleting it) is cancelled for those expecting it. A page reaching the expiry
    date set on it is not: the organiser planned it (say, to take the page down as the event
    starts), and the people coming must not read that it was cancelled."""
    from .registration import announce_withdrawal

    if not instance.expired:
        announce_withdrawal(instance)
