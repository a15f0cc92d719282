"""The newsroom publishing an article made from a submission marks the submission published and
tells the agency."""

from django.db.models.signals import pre_save
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


def _dated_at_first_go_live(sender, instance, **kwargs) -> None:
    """A contributed article is dated when it first goes live (now, or at its scheduled time),
    not when the desk accepted it; set before the save, so feeds and search index that date.
    Editors may change the date afterwards."""
    from .models import Submission

    first_go_live = instance.live and instance.first_published_at == instance.last_published_at
    if not first_go_live or instance.published_at == instance.last_published_at:
        return  # cheap checks first: every article save passes here
    accepted = Submission.objects.filter(article_id=instance.pk, status=Submission.Status.ACCEPTED)
    revision = instance.live_revision
    if revision is None or not accepted.exists():
        return
    instance.published_at = instance.last_published_at
    # The editor's next edit starts from this revision: it must carry the same date.
    revision.content["published_at"] = instance.published_at
    revision.save(update_fields=["content"])


def connect() -> None:
    from cityportal.news.models import ArticlePage

    page_published.connect(_published, dispatch_uid="contributions-article-published")
    pre_save.connect(
        _dated_at_first_go_live, sender=ArticlePage, dispatch_uid="contributions-article-dated"
    )
