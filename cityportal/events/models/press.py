"""The press desk: reporters' accreditation for an event, and who in the newsroom covers what."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from .pages import EventPage


def _private_storage():
    return storages["private"]


class AccreditationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Accreditation.Status.PENDING)

    def approved(self):
        return self.filter(status=Accreditation.Status.APPROVED)

    def with_card(self, number: str):
        """Requests with this press card, however its spaces, dashes and dots were typed."""
        return self.alias(card=_card_key(Upper("press_card_number"))).filter(card=card_key(number))


def card_key(number: str) -> str:
    """A press card number as compared: "AB 12345", "ab-12345" and "AB12345" are one card."""
    return re.sub(r"[\s.\-]", "", number.upper())


def _card_key(expression):
    for mark in (" ", "-", "."):
        expression = Replace(expression, Value(mark), Value(""))
    return expression


class Accreditation(models.Model):
    """A reporter's request to cover an event on site (đăng ký tác nghiệp)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        REJECTED = "rejected", "Từ chối"

    event = models.ForeignKey(
        EventPage, verbose_name="sự kiện", on_delete=models.CASCADE, related_name="accreditations"
    )
    reporter_name = models.CharField("họ tên phóng viên", max_length=100)
    outlet = models.CharField("cơ quan báo chí", max_length=200)
    press_card_number = models.CharField("số thẻ nhà báo", max_length=30)
    email = models.EmailField("email")
    phone = models.CharField("điện thoại", max_length=30)
    # The photo on the badge; private, shown to organisers only through the admin.
    photo = models.FileField(
        "ảnh chân dung", upload_to="events/press/%Y/%m/", storage=_private_storage
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision_note = models.CharField(
        "ghi chú gửi phóng viên", max_length=500, blank=True, help_text="Ví dụ: lý do từ chối"
    )
    created_at = models.DateTimeField("gửi lúc", default=timezone.now)
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AccreditationQuerySet.as_manager()

    class Meta:
        verbose_name = "đăng ký tác nghiệp"
        verbose_name_plural = "đăng ký tác nghiệp"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "press_card_number"], name="accreditation_once_per_card"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter_name} ({self.outlet})"


class CoverageAssignmentQuerySet(models.QuerySet):
    def in_week(self, day: datetime.date):
        """Assignments of the Monday-to-Sunday week that contains `day`."""
        monday = day - datetime.timedelta(days=day.weekday())
        return self.filter(date__gte=monday, date__lt=monday + datetime.timedelta(days=7))


class CoverageAssignment(models.Model):
    """The coverage board (lịch tác nghiệp): who covers which event or topic, on which day."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Đã phân công"
        COVERING = "covering", "Đang tác nghiệp"
        FILED = "filed", "Đã nộp bài"
        PUBLISHED = "published", "Đã đăng"
        DROPPED = "dropped", "Hủy"

    event = models.ForeignKey(
        EventPage,
        verbose_name="sự kiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coverage",
    )
    topic = models.CharField("đề tài", max_length=255, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="phóng viên",
        on_delete=models.PROTECT,
        related_name="coverage_assignments",
    )
    date = models.DateField("ngày", default=timezone.localdate)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    note = models.TextField("ghi chú", blank=True)

    objects = CoverageAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "phân công tác nghiệp"
        verbose_name_plural = "lịch tác nghiệp"
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.subject}"

    @property
    def subject(self) -> str:
        return self.event.title if self.event_id else self.topic

    def clean(self):
        super().clean()
        if not self.event_id and not self.topic.strip():
            raise ValidationError({"topic": "Chọn một sự kiện hoặc ghi đề tài cần tác nghiệp."})
