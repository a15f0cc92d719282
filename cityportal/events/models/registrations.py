"""The public's registrations for an event: addresses awaiting confirmation, confirmed seats and
the waiting list."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .pages import EventPage

CANCEL_SALT = "events.registration.cancel"
CONFIRM_SALT = "events.registration.confirm"


def confirmation_lifetime() -> datetime.timedelta:
    """How long a confirmation link holds, and a registration nobody confirmed is kept."""
    return datetime.timedelta(hours=settings.EVENTS_CONFIRMATION_HOURS)


# What the public form rewrites when it reuses a cancelled registration (registration.register).
REUSE_KEEPS = (
    "name",
    "phone",
    "organisation",
    "status",
    "created_at",
    "confirmation_sent_at",
    "promoted_at",
    "cancelled_at",
)


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")

    def pending(self):
        return self.filter(status=Registration.Status.PENDING)

    def unconfirmed_since(self, moment):
        """Awaiting confirmation, the last link mailed before `moment`."""
        return self.pending().filter(confirmation_sent_at__lt=moment)

    def door_list(self):
        return self.confirmed().order_by("name", "pk")

    def left_waiting(self, now, since):
        """Still on the waiting list of an event that began (after `since`, before `now`) and
        goes ahead, and not told yet that no seat came (registration.tell_left_waiting)."""
        return self.filter(
            status=Registration.Status.WAITING,
            told_no_seat_at__isnull=True,
            event__live=True,
            event__cancelled=False,
            event__starts_at__lte=now,
            event__starts_at__gt=since,
        )


class Registration(models.Model):
    class Status(models.TextChoices):
        # Sent from the public form; nobody has shown yet that the address is theirs (double
        # opt-in): no seat, no place in line, no mail but the confirmation link.
        PENDING = "pending", "Chờ xác nhận email"
        CONFIRMED = "confirmed", "Đã có chỗ"
        WAITING = "waiting", "Danh sách chờ"
        CANCELLED = "cancelled", "Đã hủy"

    event = models.ForeignKey(
        EventPage, verbose_name="sự kiện", on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField("họ tên", max_length=100)
    email = models.EmailField("email")
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    organisation = models.CharField("cơ quan, đơn vị", max_length=200, blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices)
    # For a confirmed or waiting registration, when its address was confirmed (or staff entered
    # it): the waiting list's order.
    created_at = models.DateTimeField("đăng ký lúc", default=timezone.now)
    promoted_at = models.DateTimeField("có chỗ từ danh sách chờ lúc", null=True, blank=True)
    cancelled_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(
        "gửi thư xác nhận email lúc",
        null=True,
        blank=True,
        help_text="Đăng ký chưa xác nhận được xóa khi đường dẫn trong thư cuối cùng hết hạn",
    )
    checked_in_at = models.DateTimeField("có mặt lúc", null=True, blank=True)
    told_no_seat_at = models.DateTimeField(
        "báo không có chỗ lúc",
        null=True,
        blank=True,
        help_text="Người còn trong danh sách chờ khi sự kiện bắt đầu được báo qua email",
    )
    # A cancelled registration whose address the public form named again is reused (one row per
    # address and event): what it was waits here until the address is confirmed, and is put back
    # if nobody confirms, so a stranger's attempt neither deletes nor rewrites the cancellation.
    before_reuse = models.JSONField("trước khi đăng ký lại", null=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "đăng ký tham dự"
        verbose_name_plural = "đăng ký tham dự"
        ordering = ["event", "created_at", "pk"]
        constraints = [
            # The last word on duplicates, whatever the view checked before.
            models.UniqueConstraint(fields=["event", "email"], name="registration_once_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def set_aside(self) -> None:
        """Keep what this cancelled registration is before the public form reuses it."""
        values = {name: getattr(self, name) for name in REUSE_KEEPS}
        self.before_reuse = {
            name: value.isoformat() if isinstance(value, datetime.datetime) else value
            for name, value in values.items()
        }

    def put_back(self) -> None:
        """Undo a reuse nobody confirmed: the registration is again what set_aside() kept."""
        for name, value in self.before_reuse.items():
            setattr(self, name, self._meta.get_field(name).to_python(value))
        self.before_reuse = None

    @property
    def cancel_token(self) -> str:
        return signing.dumps(self.pk, salt=CANCEL_SALT)

    def get_cancel_url(self) -> str:
        return reverse("events:cancel", kwargs={"token": self.cancel_token})

    @classmethod
    def from_cancel_token(cls, token: str):
        """The registration a cancellation link names, or None for a forged or mangled link."""
        try:
            pk = signing.loads(token, salt=CANCEL_SALT)
        except signing.BadSignature:
            return None
        return cls.objects.select_related("event").filter(pk=pk).first()

    def _address_check(self) -> str:
        # Ties a link to the address it was mailed to without putting the address in the URL:
        # a row reused, or erased, since the link was sent is not confirmed by it.
        return salted_hmac(CONFIRM_SALT, self.email).hexdigest()[:16]

    @property
    def confirm_token(self) -> str:
        return signing.dumps([self.pk, self.event_id, self._address_check()], salt=CONFIRM_SALT)

    def get_confirm_url(self) -> str:
        return reverse("events:confirm", kwargs={"token": self.confirm_token})

    @classmethod
    def from_confirm_token(cls, token: str) -> tuple:
        """(registration, event id) a confirmation link names. (None, None) for a forged or
        mangled link; (None, event id) for a link expired, or whose registration is gone (it
        expired and was deleted, or the address was erased)."""
        try:
            pk, event_id, check = signing.loads(
                token, salt=CONFIRM_SALT, max_age=confirmation_lifetime()
            )
        except signing.SignatureExpired:
            pk, event_id, check = signing.loads(token, salt=CONFIRM_SALT)
            return None, event_id
        except (signing.BadSignature, ValueError, TypeError):
            return None, None
        found = cls.objects.select_related("event").filter(pk=pk, event_id=event_id).first()
        if found is None or not constant_time_compare(found._address_check(), check):
            return None, event_id
        return found, event_id
