"""The newsroom publishing an article made from a submission marks the submission published."""

from wagtail.signals import page_published


def _published(sender, instance, revision=None, **kwargs) -> None:
    from .models import Submission

    for submission in Submission.objects.filter(article_id=instance.pk):
        submission.mark_published(by=getattr(revision, "user", None))


def connect() -> None:
    page_published.connect(_published, dispatch_uid="contributions-article-published")
