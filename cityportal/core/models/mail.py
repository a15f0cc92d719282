"""The outbox of mail the server did not take."""

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


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
