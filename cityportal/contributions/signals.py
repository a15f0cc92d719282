"""The newsroom publishing an article made from a submission marks the submission published and
tells the agency."""

from wagtail.signals import page_published


def _published(sender, instance, revision=None, **kwargs) -> None:
    from . import notifications
    from .models import Submission

    # Wagtail also sends page_published when it only schedules a page (go_live_at in the
    # future, still not live); the publish_scheduled command sends it again at go-live.
    if not instance.live:
        return
    for submission in Submission.objects.filter(article_id=instance.pk):
        if submission.mark_published(by=getattr(revision, "user", None)):
            notifications.published(submission, instance.get_full_url())


def connect() -> None:
    page_published.connect(_published, dispatch_uid="contributions-article-published")
