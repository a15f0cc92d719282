"""`manage.py backfill_update_dates [--dry-run]`: the "Cập nhật" date of articles published
before it was recorded (news 0007), read from their publication history."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from wagtail.models import PageLogEntry

from cityportal.core.front_cache import purge_after_commit
from cityportal.core.middleware import bump_content_version
from cityportal.news.models import ArticlePage
from cityportal.news.signals import purge_listings

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


def last_update_from_history(article: ArticlePage) -> datetime.datetime | None:
    """The last publication readers would have been told of as an update: the article's
    publications replayed in order with the rule publishing applies (ArticlePage.stamps_over)."""
    entries = (
        PageLogEntry.objects.filter(page=article, action__in=PUBLISH_ACTIONS)
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    updated_at = correction_at = None
    seen = None  # the version readers saw before this publication
    for entry in entries:
        if entry.revision is None:
            seen = None  # revisions purged: what went live is unknown, so is what changed
            continue
        version = entry.revision.as_object()
        if seen is not None:
            updated_at, correction_at = version.stamps_over(seen, entry.timestamp)
        version.content_updated_at, version.correction_at = updated_at, correction_at
        version.first_published_at = article.first_published_at
        seen = version
    return updated_at


class Command(BaseCommand):
    help = (
        "Date the last update readers could see of live articles that have no such date (those "
        "published before it was recorded), from their revisions. An article with a date is "
        "left as it is: running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list them, change nothing")

    def handle(self, *args, dry_run, **options):
        # Published once, an article cannot have been updated.
        republished = (
            PageLogEntry.objects.filter(action__in=PUBLISH_ACTIONS)
            .values("page_id")
            .annotate(publications=Count("pk"))
            .filter(publications__gte=2)
            .values("page_id")
        )
        undated = ArticlePage.objects.live().filter(
            alias_of=None, content_updated_at=None, pk__in=republished
        )
        candidates, dated = undated.count(), []
        for article in undated.order_by("pk").iterator():
            updated_at = last_update_from_history(article)
            if updated_at is None:
                continue
            when = timezone.localtime(updated_at).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{article.pk} {article.title}: {when}")
            if not dry_run:
                self._record(article, updated_at)
            dated.append(article)
        if dated and not dry_run:
            bump_content_version()
            purge_after_commit(dated)
            purge_listings(dated)
        verb = "would be dated (dry run)" if dry_run else "dated"
        self.stdout.write(
            f"{len(dated)} of {candidates} republished articles without an update date {verb}."
        )

    @staticmethod
    @transaction.atomic
    def _record(article: ArticlePage, updated_at: datetime.datetime) -> None:
        article.content_updated_at = updated_at
        article.save(update_fields=["content_updated_at"], clean=False)
        ArticlePage.objects.filter(alias_of=article).update(content_updated_at=updated_at)
        # As publishing does: the editor's next edit starts from the live revision.
        revision = article.live_revision
        if revision is not None:
            revision.content |= {"content_updated_at": updated_at}
            revision.save(update_fields=["content"])
