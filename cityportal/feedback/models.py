"""Readers' comments on what the portal publishes, and the words moderators block.

The commenter's e-mail is stored for moderation, replies and data requests only: no public
template, feed, API or export reads it (a test crawls the public site to make sure)."""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cityportal.core.text import fold


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def on(self, target):
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        REJECTED = "rejected", "Từ chối"
        SPAM = "spam", "Spam"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)  # page ids are integers, dataset ids UUIDs
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self",
        verbose_name="trả lời bình luận",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField("họ tên", max_length=100)
    email = models.EmailField("email")
    body = models.TextField("nội dung")
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    held_because = models.CharField(
        "lý do chờ duyệt", max_length=255, blank=True, help_text="Vì sao bộ lọc giữ lại"
    )
    official = models.BooleanField(
        "trả lời chính thức", default=False, help_text="Trả lời của cơ quan, biên tập viên"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người viết (cán bộ)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notify = models.BooleanField("báo qua email khi được duyệt hoặc trả lời", default=False)
    ip_address = models.CharField(
        max_length=64, blank=True, help_text="Địa chỉ IP; thay bằng mã băm sau thời hạn lưu"
    )
    ip_hashed = models.BooleanField(default=False)
    created_at = models.DateTimeField("gửi lúc", default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "bình luận"
        verbose_name_plural = "bình luận"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:60]}"

    def moderate(self, status: str, user) -> None:
        self.status, self.moderated_at, self.moderated_by = status, timezone.now(), user
        self.save(update_fields=["status", "moderated_at", "moderated_by"])


def hash_ip(ip: str) -> str:
    """A keyed hash: still groups one address's comments, no longer says which address."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]


class BlockedWord(models.Model):
    """A word or phrase that holds a comment for a moderator (never drops it)."""

    phrase = models.CharField("từ, cụm từ", max_length=100, unique=True)
    phrase_folded = models.CharField(max_length=100, editable=False, db_index=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "từ bị chặn"
        verbose_name_plural = "từ bị chặn"
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase

    def save(self, *args, **kwargs):
        self.phrase_folded = fold(self.phrase).strip()
        super().save(*args, **kwargs)
