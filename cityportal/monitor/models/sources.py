"""What the monitoring desk listens to: news feeds, uploaded exports, the portal's own voices and
hand-entered notes, each with its polling state and health."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


class SourceQuerySet(models.QuerySet):
    def with_recent_counts(self, days: int = 7):
        """`recent_items`: items published over the last `days` days (by their own time: an
        upload of a year of posts is not a year's worth in one day), and `items_count`: all of
        them, for the health column (counted, not kept: erasure and deletion keep it true)."""
        since = timezone.now() - datetime.timedelta(days=days)
        return self.annotate(
            recent_items=models.Count("items", filter=Q(items__published_at__gte=since)),
            items_count=models.Count("items"),
        )

    def due(self, now=None):
        """Active feeds whose next poll time has come (back-off pushes it later after errors)."""
        now = now or timezone.now()
        return self.filter(active=True, kind=Source.Kind.FEED).filter(
            Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now)
        )


class Source(models.Model):
    class Kind(models.TextChoices):
        FEED = "feed", "Nguồn tin RSS/Atom"
        UPLOAD = "upload", "Dữ liệu mạng xã hội (tải lên)"
        MANUAL = "manual", "Nhập tay"
        PORTAL = "portal", "Bình luận và góp ý trên cổng"

    name = models.CharField("tên nguồn", max_length=200)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.FEED)
    url = models.URLField("địa chỉ feed", max_length=500, blank=True)
    active = models.BooleanField("đang theo dõi", default=True)
    poll_minutes = models.PositiveIntegerField("chu kỳ lấy tin (phút)", default=30)
    fetch_full_text = models.BooleanField(
        "lấy toàn văn",
        default=True,
        help_text="Khi feed chỉ có tóm tắt, tải trang bài viết và trích nội dung chính",
    )
    # Politeness: conditional GET validators and back-off state.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_fetch_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Health, shown on the sources page.
    last_fetch_at = models.DateTimeField("lần lấy gần nhất", null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField("lần thành công", null=True, blank=True, editable=False)
    last_error = models.TextField("lỗi gần nhất", blank=True, editable=False)
    # What a poll that succeeded still has to say (a feed read despite being malformed, entries
    # stored without their link or date): shown as a warning, never counted as a failure.
    last_warning = models.TextField("cảnh báo gần nhất", blank=True, editable=False)
    consecutive_errors = models.PositiveIntegerField(default=0, editable=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = "nguồn theo dõi"
        verbose_name_plural = "nguồn theo dõi"
        ordering = ["name"]
        constraints = [
            # The portal's own voices and the hand-entered notes each have one source, which the
            # sync and the manual-entry form find by kind.
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind__in=["portal", "manual"]),
                name="one_portal_and_one_manual_source",
                violation_error_message="Đã có một nguồn loại này; hệ thống chỉ dùng một.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    # Polling writes only its own fields: an editor may pause or rename the source meanwhile.
    POLL_FIELDS = [
        "etag",
        "last_modified",
        "next_fetch_at",
        "last_fetch_at",
        "last_success_at",
        "last_error",
        "last_warning",
        "consecutive_errors",
    ]

    def record_success(self, *, etag="", last_modified="", warnings=(), now=None):
        """A poll that read its source; its `warnings` replace the last poll's (none clears
        them). Pass `warnings=None` when nothing was read (a 304): the last ones still hold."""
        now = now or timezone.now()
        self.last_fetch_at = self.last_success_at = now
        self.etag, self.last_modified = etag or "", last_modified or ""
        self.last_error, self.consecutive_errors = "", 0
        if warnings is not None:
            self.last_warning = "; ".join(warnings)[:2000]
        self.next_fetch_at = now + datetime.timedelta(minutes=self.poll_minutes)
        self._save_poll()

    def record_error(self, message: str, now=None):
        """Back off exponentially (poll period × 2^errors, at most a day) so a broken site is
        not hammered, and keep the message for the sources page."""
        now = now or timezone.now()
        self.last_fetch_at = now
        self.last_error = message[:2000]
        self.consecutive_errors += 1
        delay = min(self.poll_minutes * 2**self.consecutive_errors, 24 * 60)
        self.next_fetch_at = now + datetime.timedelta(minutes=delay)
        self._save_poll()

    def _save_poll(self) -> None:
        # An UPDATE of these fields only: a source deleted meanwhile stays deleted, quietly.
        Source.objects.filter(pk=self.pk).update(**{f: getattr(self, f) for f in self.POLL_FIELDS})
