"""Readers' comments on what the portal publishes, and the words moderators block.

The commenter's e-mail is stored for moderation, replies and data requests only: no public
template, feed, API or export reads it (a test crawls the public site to make sure)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from cityportal.core.models import FoldedMatchQuerySet
from cityportal.core.text import fold

# The same text from the same address this soon again is the form sent twice (a reload, Back,
# a second tap before the page answered), not a second opinion: kept once.
RESENT_WITHIN = timedelta(hours=1)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def on(self, target):
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def resent(self, target, parent, email: str, body: str):
        """The comment this one repeats (see RESENT_WITHIN), or None: the same words in reply to
        another comment are another reply."""
        since = timezone.now() - RESENT_WITHIN
        return (
            self.on(target)
            .filter(parent=parent, email__iexact=email, body=body, created_at__gte=since)
            .order_by("pk")
            .first()
        )


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
        # Whole words (about sixty characters of Vietnamese) and "…" when it goes on: the
        # moderation screen's heading, breadcrumbs and choosers show this.
        words = Truncator(" ".join(self.body.split())).words(14, truncate="…")
        return f"{self.name}: {words}"

    def moderate(self, status: str, user) -> None:
        self.status, self.moderated_at, self.moderated_by = status, timezone.now(), user
        self.save(update_fields=["status", "moderated_at", "moderated_by"])


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


DESK_PERMISSION = "feedback.change_enquiry"


def _tracking_code() -> str:
    """Eight letters and digits without look-alikes (0/O, 1/I): read out over the phone."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class EnquiryQuerySet(FoldedMatchQuerySet):
    folded_field = "search_text"  # the question and its answer

    def published(self):
        return self.filter(status=Enquiry.Status.PUBLISHED)

    def routed_to_agencies_of(self, user):
        """The enquiries routed to an agency `user` is a member of (see contributions'
        Membership): what an agency's staff answer."""
        return self.filter(agency__memberships__user=user).distinct()

    def visible_to(self, user):
        """Everything for the desk (staff who may change enquiries); for an agency's staff,
        what was routed to their agencies."""
        if user.has_perm(DESK_PERMISSION):
            return self
        return self.routed_to_agencies_of(user)

    def open(self):
        return self.filter(status__in=[Enquiry.Status.RECEIVED, Enquiry.Status.ASSIGNED])

    def resent(self, email: str, title: str, body: str):
        """The enquiry this one repeats (see RESENT_WITHIN), or None."""
        since = timezone.now() - RESENT_WITHIN
        return (
            self.filter(email__iexact=email, title=title, body=body, created_at__gte=since)
            .order_by("pk")
            .first()
        )

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def counts(self) -> dict[str, int]:
        """What the public page reports, like the city's 1022 service: handled, in progress,
        overdue."""
        today = timezone.localdate()
        return self.aggregate(
            handled=models.Count(
                "pk",
                filter=models.Q(
                    status__in=[
                        Enquiry.Status.ANSWERED,
                        Enquiry.Status.PUBLISHED,
                        Enquiry.Status.CLOSED,
                    ]
                ),
            ),
            in_progress=models.Count(
                "pk", filter=models.Q(status__in=[Enquiry.Status.RECEIVED, Enquiry.Status.ASSIGNED])
            ),
            overdue=models.Count(
                "pk",
                filter=models.Q(
                    status__in=[Enquiry.Status.RECEIVED, Enquiry.Status.ASSIGNED],
                    due_date__lt=today,
                ),
            ),
        )


class Enquiry(models.Model):
    """An idea for the city (góp ý – hiến kế) or a question (hỏi – đáp), routed to the agency
    that answers it; answers the desk publishes form the public Q&A."""

    class Kind(models.TextChoices):
        IDEA = "idea", "Góp ý – hiến kế"
        QUESTION = "question", "Hỏi – đáp"

    class Status(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận"
        ASSIGNED = "assigned", "Đã chuyển cơ quan trả lời"
        ANSWERED = "answered", "Đã có trả lời"
        PUBLISHED = "published", "Đã công bố"
        CLOSED = "closed", "Đã đóng"
        # The hidden bot-trap field was filled: kept for a person to check, counted nowhere
        # (a browser's autofill can fill it for a real citizen, hence no harsher name).
        SUSPECT = "suspect", "Cần kiểm tra (nghi gửi tự động)"

    class Topic(models.TextChoices):
        ECONOMY = "kinh-te", "Kinh tế, đầu tư, doanh nghiệp"
        URBAN = "do-thi", "Quy hoạch, đô thị, nhà ở"
        TRANSPORT = "giao-thong", "Giao thông"
        ENVIRONMENT = "moi-truong", "Môi trường"
        ORDER = "an-ninh", "An ninh, trật tự"
        SOCIETY = "xa-hoi", "Giáo dục, y tế, an sinh"
        CULTURE = "van-hoa", "Văn hóa, du lịch"
        ADMIN = "hanh-chinh", "Thủ tục hành chính"
        OTHER = "khac", "Khác"

    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    tracking_code = models.CharField(
        "mã tra cứu", max_length=8, unique=True, default=_tracking_code, editable=False
    )
    topic = models.CharField("lĩnh vực", max_length=20, choices=Topic.choices)
    place = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name="địa bàn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    name = models.CharField("họ tên", max_length=100)
    email = models.EmailField("email")
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    agency = models.ForeignKey(
        "core.Organisation",
        verbose_name="cơ quan trả lời",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    due_date = models.DateField("hạn trả lời")
    answer = models.TextField("trả lời", blank=True)
    answered_at = models.DateTimeField(
        "trả lời lúc", null=True, blank=True, help_text="Lần đầu chuyển sang đã trả lời"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trả lời",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("gửi lúc", default=timezone.now, db_index=True)
    search_text = models.TextField(editable=False, default="")

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name = "góp ý, câu hỏi"
        verbose_name_plural = "góp ý, câu hỏi"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    def save(self, *args, **kwargs):
        if not self.due_date:
            days = settings.FEEDBACK_DUE_DAYS[self.kind]
            self.due_date = timezone.localdate(self.created_at) + timedelta(days=days)
        if self.is_answered and not self.answered_at:
            # The desk's and agencies' forms stamp it by record_answer (which also says whom
            # to tell); this covers answers saved any other way, so the KPIs still count them.
            self.answered_at = timezone.now()
        self.search_text = fold(f"{self.title} {self.body} {self.answer}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("feedback:answer", kwargs={"code": self.tracking_code})

    @property
    def is_answered(self) -> bool:
        return self.status in (self.Status.ANSWERED, self.Status.PUBLISHED)

    def record_answer(self, user) -> bool:
        """Stamp who answered, the first time the enquiry counts as answered (call before
        saving). True then: the citizen is to be told, once."""
        if not self.is_answered or self.answered_at is not None:
            return False
        self.answered_at, self.answered_by = timezone.now(), user
        return True

    @property
    def overdue(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.ASSIGNED) and (
            self.due_date < timezone.localdate()
        )


def _private_storage():
    return storages["private"]


class EnquiryAttachment(models.Model):
    """A file the citizen sent with an idea or question. Never public: the desk and the agency
    the enquiry is routed to download it through a view that checks who asks; the tracking page
    shows its name only."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="feedback/%Y/%m/", storage=_private_storage)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("dung lượng")

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


@receiver(post_delete, sender=EnquiryAttachment)
def _delete_stored_file(sender, instance: EnquiryAttachment, **kwargs) -> None:
    """The stored file goes with its row (erasure, a deleted enquiry), once that is committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
