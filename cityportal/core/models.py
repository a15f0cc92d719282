"""Administrative units with validity periods, so 2021 content keeps 2021's districts;
organisations; the outbox of mail the server did not take; the database queue's workers'
heartbeats; and the forms editors sent as their admin sign-in ended, kept to be sent again."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from .text import fold, natural_key

# The two-tier local government reform (Nghị quyết 202/2025/QH15) took effect on 1 July 2025:
# districts were abolished and wards/communes merged.
REFORM_DATE = datetime.date(2025, 7, 1)
CITY_CODE = "79"


class FoldedMatchQuerySet(models.QuerySet):
    """`matching(text)`: every word of `text`, typed with or without diacritics, in the model's
    folded search column (`folded_field`, kept by the model's save)."""

    folded_field = ""

    def matching(self, text: str):
        qs = self
        for word in fold(text).split():
            qs = qs.filter(**{f"{self.folded_field}__contains": word})
        return qs


class AdministrativeUnitQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
        )

    def local(self):
        """The city and its own districts and wards, without the national units the data system
        compares it with (only Ho Chi Minh City's districts and wards are loaded)."""
        return self.filter(
            models.Q(level__in=[AdministrativeUnit.Level.DISTRICT, AdministrativeUnit.Level.WARD])
            | models.Q(level=AdministrativeUnit.Level.PROVINCE, code=CITY_CODE, valid_until=None)
        )

    def in_name_order(self) -> list["AdministrativeUnit"]:
        """By level, then by name as people read it (`natural_key`): "Quận 3" before "Quận 10",
        which `ordering` cannot do in SQL on both databases."""
        return sorted(self, key=lambda unit: (unit.level, natural_key(unit.name)))

    def matching(self, text: str):
        """Units whose name matches `text` with or without diacritics ("thu duc" → Thủ Đức)."""
        return self.filter(name_folded__contains=fold(text).strip())

    def grouped_choices(self, value: str = "pk") -> list[tuple[str, list[tuple]]]:
        """The units as a select's groups: today's before those of an earlier period ("Phường,
        xã, thị trấn (đến 30/6/2025)"), each by level, so hundreds of wards read in the order
        people look for one. Names sorted as the model orders them; `value`, the field each
        option sends."""
        levels = list(AdministrativeUnit.Level.values)
        groups: dict = {}
        for unit in self.select_related("parent"):
            until = unit.valid_until
            key = (until is not None, until, levels.index(unit.level))
            label = unit.get_level_display()
            if until:
                label += f" (đến {until.day}/{until.month}/{until.year})"
            groups.setdefault(key, (label, []))[1].append((getattr(unit, value), str(unit)))
        return [groups[key] for key in sorted(groups)]


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        COUNTRY = "country", "Cả nước"
        REGION = "region", "Vùng kinh tế - xã hội"
        PROVINCE = "province", "Tỉnh, thành phố"
        DISTRICT = "district", "Quận, huyện, thành phố thuộc thành phố"
        WARD = "ward", "Phường, xã, thị trấn"

    code = models.CharField(
        "mã", max_length=10, help_text="Mã đơn vị hành chính của Tổng cục Thống kê"
    )
    name = models.CharField("tên", max_length=120)
    division_type = models.CharField("loại", max_length=40)
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_until = models.DateField("hiệu lực đến", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text="Đơn vị mới tiếp nhận (toàn bộ hoặc một phần) địa bàn của đơn vị này",
    )
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    # Processes that keep a gazetteer of the units (the monitor's) rebuild it when this moves:
    # a rename changes neither the count nor the keys.
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        # By the folded name: "Phường Đa Kao" among the D's, not after Z as code points sort.
        ordering = ["level", "name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_until"], name="unit_code_per_period"),
        ]

    def __str__(self) -> str:
        label = self.name
        if (
            self.level == self.Level.WARD
            and self.parent
            and self.parent.level == self.Level.DISTRICT
        ):
            label = f"{label}, {self.parent.name}"
        if self.valid_until:
            label = f"{label} (đến {self.valid_until:%m/%Y})"
        return label

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("place", kwargs={"slug": self.slug})

    @property
    def is_current(self) -> bool:
        return self.valid_until is None or self.valid_until >= timezone.localdate()

    def related_unit_ids(self) -> set[int]:
        """This unit, the units inside it, and the units whose area it took over or passed on.

        A new ward finds content tagged with the old wards merged into it and their districts;
        an old district finds its wards' content and the content of the wards that replaced them.
        """
        ids = {self.pk}
        ids |= set(AdministrativeUnit.objects.filter(parent=self).values_list("pk", flat=True))
        if self.level == self.Level.PROVINCE:
            # The whole city: old wards sit one level further down, under their districts.
            ids |= set(
                AdministrativeUnit.objects.filter(parent__parent=self).values_list("pk", flat=True)
            )
            return ids
        through = AdministrativeUnit.successors.through
        predecessors = set(
            through.objects.filter(to_administrativeunit_id__in=ids).values_list(
                "from_administrativeunit_id", flat=True
            )
        )
        successors = set(
            through.objects.filter(from_administrativeunit_id__in=ids).values_list(
                "to_administrativeunit_id", flat=True
            )
        )
        ids |= predecessors | successors
        ids |= set(
            AdministrativeUnit.objects.filter(
                pk__in=predecessors, parent__level=self.Level.DISTRICT
            ).values_list("parent_id", flat=True)
        )
        return ids


class Organisation(models.Model):
    """A publisher or answering body: a city department, the statistics office, a ward's
    People's Committee, Thủ Đức City."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Sở, ban, ngành"
        STATISTICS = "statistics", "Cơ quan thống kê"
        LOCAL = "local", "UBND quận, huyện, phường, xã"
        PARTY = "party", "Cơ quan Đảng, đoàn thể"
        PORTAL = "portal", "Cổng thông tin"
        OTHER = "other", "Khác"

    name = models.CharField("tên", max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    description = models.TextField("giới thiệu", blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="địa bàn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    email = models.EmailField("email liên hệ", blank=True)
    website = models.URLField("trang web", blank=True)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QueuedMailQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime | None = None):
        """Waiting messages whose next try is now or past, the longest waiting first."""
        return self.filter(
            status=QueuedMail.Status.WAITING, next_attempt_at__lte=now or timezone.now()
        ).order_by("next_attempt_at", "pk")

    def given_up(self):
        return self.filter(status=QueuedMail.Status.FAILED)

    def waiting(self):
        return self.filter(status=QueuedMail.Status.WAITING)

    def about(self, obj: models.Model):
        """The mail sent about `obj` (`core.mail.send_after_commit(…, about=obj)`)."""
        return self.filter(about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk)


class QueuedMail(models.Model):
    """A message the mail server did not take when it was sent (unreachable, or refusing that
    one), kept as the sender built it to be tried again later (`core.mail.send_queued`); after
    the last try it stays, marked failed, for staff to see. A sent message leaves the table."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Đang chờ gửi lại"
        FAILED = "failed", "Không gửi được"

    from_email = models.CharField("người gửi", max_length=320)
    to = models.JSONField("người nhận", default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    subject = models.TextField("tiêu đề")
    body = models.TextField("nội dung")
    # [content, mimetype] pairs of an EmailMultiAlternatives (an HTML version).
    alternatives = models.JSONField(default=list, blank=True)
    # Files as {"filename", "mimetype", "content" or "base64"}; MIME parts (the events' .ics) as
    # {"mime": the part as text}: see core.mail.
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.WAITING
    )
    attempts = models.PositiveSmallIntegerField("số lần thử", default=1)
    last_error = models.TextField("lỗi lần cuối", blank=True)
    next_attempt_at = models.DateTimeField("thử lại lúc", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("gửi lần đầu lúc", auto_now_add=True)
    # What the mail is about, when the news it carries can go stale before a retry (an alert
    # acknowledged meanwhile): its owner discards what still waits.
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, editable=False
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    about = GenericForeignKey("about_type", "about_id")

    objects = QueuedMailQuerySet.as_manager()

    class Meta:
        verbose_name = "thư chờ gửi lại"
        verbose_name_plural = "thư chờ gửi lại"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def claim(self, until: datetime.datetime) -> bool:
        """Hold this message for one try until `until`: False when another run holds it (its
        next try moved since it was read), so two runs never send it twice."""
        taken = QueuedMail.objects.filter(
            pk=self.pk, status=self.Status.WAITING, next_attempt_at=self.next_attempt_at
        ).update(next_attempt_at=until)
        self.next_attempt_at = until
        return taken == 1


class WorkerHeartbeatQuerySet(models.QuerySet):
    def stale(self):
        """Workers that missed their beats: none for `TASKS_WORKER_DEAD_AFTER_SECONDS`, by the
        database's clock, the one clock every host shares."""
        dead_after = datetime.timedelta(seconds=settings.TASKS_WORKER_DEAD_AFTER_SECONDS)
        return self.filter(beat_at__lt=Now() - dead_after)


class WorkerHeartbeat(models.Model):
    """A database-queue worker that lives: its row is written before it claims a task, beaten
    every `TASKS_WORKER_HEARTBEAT_SECONDS` and deleted when it stops (`core.workers`), so any
    host sharing the database tells a dead worker from one running a long task."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=64)
    # The database's clock, not the host's: hosts' clocks may disagree.
    started_at = models.DateTimeField(db_default=Now())
    beat_at = models.DateTimeField(db_default=Now(), db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = "nhịp của tiến trình nền"
        verbose_name_plural = "nhịp của tiến trình nền"

    def __str__(self) -> str:
        return self.worker_id


# How long a form sent as its sender's sign-in ended is offered back to them.
KEPT_FORM_HOURS = 2


def _kept_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=KEPT_FORM_HOURS)


class KeptFormQuerySet(models.QuerySet):
    def fresh(self):
        return self.filter(kept_at__gt=_kept_since())

    def stale(self):
        return self.filter(kept_at__lte=_kept_since())

    def waiting_for(self, user, path: str):
        """What `user` sent to the admin page at `path` and may send again, if anything."""
        return self.fresh().filter(user=user, path=path).first()


class KeptForm(models.Model):
    """The fields of a page or snippet form an editor sent to the admin as their sign-in ended
    for idleness (core.kept_forms), offered to them alone, once, after they sign in again. A row,
    not a cache entry: every web process sees it, and no cache culling drops it while the
    sign-in page tells the editor it is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)
    # [[name, [value, …]], …] in the order sent: multi-valued fields and the action button too.
    fields = models.JSONField(default=list)
    had_files = models.BooleanField(default=False)
    kept_at = models.DateTimeField(default=timezone.now)

    objects = KeptFormQuerySet.as_manager()

    class Meta:
        verbose_name = "nội dung giữ lại khi hết phiên"
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="one_kept_form_per_user_page")
        ]

    def __str__(self) -> str:
        return self.path
