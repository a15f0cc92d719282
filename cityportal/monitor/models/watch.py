"""What the monitoring desk watches for (watchlists: a policy, a project, a place) and what it
raised (alerts)."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cityportal.core.models import AdministrativeUnit, QueuedMail


class WatchlistQuerySet(models.QuerySet):
    def following_something(self):
        """Those with a term or a place: the others (rows older than the rule in clean) follow
        nothing, as Watchlist.follows_nothing says one at a time."""
        places = Watchlist.places.through.objects.filter(watchlist_id=OuterRef("pk"))
        return self.filter(Q(terms__regex=r"\S") | Exists(places))


class Watchlist(models.Model):
    """A policy, a project or a place the leadership wants followed, with its own timeline."""

    name = models.CharField("tên", max_length=200)
    slug = models.SlugField(
        "tên trong đường dẫn",
        unique=True,
        max_length=120,
        help_text="Chữ thường không dấu, nối bằng gạch ngang, ví dụ chong-ngap; để trống: tạo từ tên",
    )
    terms = models.TextField(
        "từ khóa",
        blank=True,
        help_text="Mỗi dòng một từ hoặc cụm từ; có dấu hoặc không dấu đều được",
    )
    places = models.ManyToManyField(
        AdministrativeUnit, blank=True, related_name="+", verbose_name="địa bàn"
    )
    notify = models.TextField(
        "gửi cảnh báo tới", blank=True, help_text="Địa chỉ e-mail, mỗi dòng một địa chỉ"
    )
    active = models.BooleanField("đang theo dõi", default=True)

    objects = WatchlistQuerySet.as_manager()

    class Meta:
        verbose_name = "danh sách theo dõi"
        verbose_name_plural = "danh sách theo dõi"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.splitlines() if t.strip()]

    def unit_ids(self) -> set[int]:
        ids = set()
        for unit in self.places.all():
            ids |= unit.related_unit_ids()
        return ids

    def recipients(self) -> list[str]:
        return [e.strip() for e in self.notify.replace(",", "\n").splitlines() if e.strip()]

    # The places a form is about to save: many-to-many values are set after the row is saved, so
    # clean() reads these when a form gives them, else the stored ones.
    chosen_places = None

    def follows_nothing(self) -> bool:
        """Neither a term nor a place: such a watchlist would count the whole city."""
        if self.term_list():
            return False
        if self.chosen_places is not None:
            return not self.chosen_places
        return self.pk is None or not self.places.exists()

    def clean(self):
        errors = {}
        if self.follows_nothing():
            errors[NON_FIELD_ERRORS] = "Nhập ít nhất một từ khóa hoặc chọn một địa bàn."
        wrong = []
        for address in self.recipients():
            try:
                validate_email(address)
            except ValidationError:
                wrong.append(address)
        if wrong:
            errors["notify"] = f"Địa chỉ e-mail không hợp lệ: {', '.join(wrong)}"
        if errors:
            raise ValidationError(errors)


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(acknowledged_at__isnull=True)

    def unmailed(self, hours: int = 24):
        """Open alerts raised in the last `hours`, about today or yesterday, not yet e-mailed:
        older news is not sent late (a spike found days after, in posts uploaded late or by a
        new watchlist, stands in the admin)."""
        since = timezone.now() - datetime.timedelta(hours=hours)
        recent = timezone.localdate() - datetime.timedelta(days=1)
        return self.open().filter(mailed_at__isnull=True, created_at__gte=since, day__gte=recent)


class Alert(models.Model):
    class Kind(models.TextChoices):
        VOLUME = "volume", "Lượng thảo luận tăng đột biến"
        NEGATIVE = "negative", "Tỉ lệ tiêu cực tăng đột biến"

    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    # "all" or the watchlist's id: a real value, so "one alert a day" is one unique constraint on
    # every database (NULLs never collide).
    scope = models.CharField("phạm vi", max_length=20, default="all", editable=False)
    watchlist = models.ForeignKey(
        Watchlist,
        verbose_name="danh sách theo dõi",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    day = models.DateField("ngày")
    observed = models.FloatField("giá trị")
    baseline = models.FloatField("mức nền")
    message = models.TextField("nội dung")
    created_at = models.DateTimeField("phát hiện lúc", auto_now_add=True)
    acknowledged_at = models.DateTimeField("đã xem lúc", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # When it was e-mailed; empty while the mail server was down (sent again on the next run).
    mailed_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True, editable=False)
    # Its mail in the outbox (waiting for a retry, or given up): deleted with the alert.
    mail = GenericRelation(QueuedMail, content_type_field="about_type", object_id_field="about_id")

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = "cảnh báo"
        verbose_name_plural = "cảnh báo"
        ordering = ["-day", "-created_at"]
        # Detection runs hourly: one alert per kind, scope and day however often it runs.
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope", "day"], name="alert_once_per_day")
        ]

    def __str__(self) -> str:
        return self.message

    def acknowledge(self, user) -> None:
        """Set the alert aside as handled. Its mail still waiting in the outbox for a retry (the
        server was down) would tell of an alert already handled: it is not sent; mail given up
        on no longer needs staff's attention either."""
        with transaction.atomic():
            self.acknowledged_at, self.acknowledged_by = timezone.now(), user
            self.save(update_fields=["acknowledged_at", "acknowledged_by"])
            self.mail.all().delete()
