"""The contributions desk: agencies' press officers submit news, event notices and figure updates;
the portal's editors review them; editors ask agencies for content by a due date."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.db import models, transaction
from django.utils import timezone
from wagtail.images import get_image_model_string

from cityportal.core.models import AdministrativeUnit, Organisation

REVIEW_PERMISSION = "contributions.review_submission"


class Membership(models.Model):
    """A user who acts for an organisation: sends its contributions, answers its enquiries and
    publishes its datasets (opendata.permissions); one user may serve several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


def organisations_of(user):
    """The organisations a user may act for: all for reviewers, their own for contributors."""
    if user.has_perm(REVIEW_PERMISSION):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user)


class ContentRequestQuerySet(models.QuerySet):
    def open(self):
        """Requests no submission answers yet (a declined submission answers nothing)."""
        answered = Submission.objects.filter(request=models.OuterRef("pk")).exclude(
            status=Submission.Status.DECLINED
        )
        return self.filter(~models.Exists(answered))

    def with_answer(self):
        """Each request with `answered_at`: when its first submission (other than a declined
        one) was sent, or None."""
        return self.annotate(
            answered_at=models.Min(
                "submissions__submitted_at",
                filter=~models.Q(submissions__status=Submission.Status.DECLINED),
            )
        )


class ContentRequest(models.Model):
    """What the editors ask an agency for, by when ("số liệu kinh tế - xã hội tháng trước, trước
    ngày 5")."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="requests"
    )
    title = models.CharField("nội dung đề nghị", max_length=255)
    description = models.TextField("yêu cầu chi tiết", blank=True)
    due_date = models.DateField("hạn gửi")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ContentRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "đề nghị cung cấp thông tin"
        verbose_name_plural = "đề nghị cung cấp thông tin"
        ordering = ["due_date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation}, hạn {self.due_date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        # A new due date is a new deadline: its reminders are owed again.
        if self.pk:
            before = ContentRequest.objects.filter(pk=self.pk).values_list("due_date", flat=True)
            if before and before[0] != self.due_date:
                self.reminded_before_at = self.reminded_after_at = None
        super().save(*args, **kwargs)


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Object-level permission: a contributor sees their organisations' submissions only."""
        if user.has_perm(REVIEW_PERMISSION):
            return self
        return self.filter(organisation__memberships__user=user).distinct()


class Submission(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "Tin bài"
        EVENT = "event", "Thông báo sự kiện"
        FIGURES = "figures", "Cập nhật số liệu"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Đã gửi"
        IN_REVIEW = "in_review", "Đang biên tập"
        CHANGES_REQUESTED = "changes_requested", "Cần bổ sung, chỉnh sửa"
        ACCEPTED = "accepted", "Đã tiếp nhận"
        PUBLISHED = "published", "Đã đăng"
        DECLINED = "declined", "Không sử dụng"

    # Who may move a submission from one status to another.
    EDITOR_MOVES = {
        Status.SUBMITTED: {Status.IN_REVIEW, Status.DECLINED},
        Status.IN_REVIEW: {Status.CHANGES_REQUESTED, Status.ACCEPTED, Status.DECLINED},
        Status.CHANGES_REQUESTED: {Status.DECLINED},
    }
    CONTRIBUTOR_MOVES = {Status.CHANGES_REQUESTED: {Status.SUBMITTED}}

    tracking_number = models.CharField("mã theo dõi", max_length=20, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="cơ quan gửi",
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField("tiêu đề", max_length=255)
    lead = models.TextField("sapo", blank=True)
    body = models.TextField("nội dung", help_text="Văn bản; các thẻ HTML không an toàn bị loại bỏ")
    photo_captions = models.TextField(
        "chú thích ảnh",
        blank=True,
        help_text="Mỗi dòng chú thích một ảnh, theo thứ tự đính kèm (để trống dòng của ảnh không "
        "chú thích). Chú thích đi cùng ảnh vào bài và là lời mô tả ảnh cho người đọc dùng trình "
        "đọc màn hình.",
    )
    section = models.ForeignKey(
        "news.SectionPage",
        verbose_name="chuyên mục đề xuất",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    places = models.ManyToManyField(
        AdministrativeUnit, verbose_name="địa bàn", blank=True, related_name="+"
    )
    publish_at = models.DateTimeField("đề nghị đăng lúc", null=True, blank=True)
    event_starts_at = models.DateTimeField("sự kiện bắt đầu", null=True, blank=True)
    event_location = models.CharField("địa điểm", max_length=255, blank=True)
    dataset = models.ForeignKey(
        "opendata.Dataset",
        verbose_name="bộ dữ liệu cần cập nhật",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Với cập nhật số liệu: bảng đính kèm được nhập vào bộ dữ liệu này khi tiếp nhận",
    )
    request = models.ForeignKey(
        ContentRequest,
        verbose_name="theo đề nghị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    decline_reason = models.TextField("lý do không sử dụng", blank=True)
    article = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        editable=False,
    )
    # A form carries a fresh key; posting it twice returns the first submission.
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "bài cộng tác"
        verbose_name_plural = "bài cộng tác"
        ordering = ["-submitted_at"]
        permissions = [("review_submission", "Biên tập bài cộng tác của mọi cơ quan")]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"], name="submission_posted_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.title}"

    def save(self, *args, **kwargs):
        if self.tracking_number:
            return super().save(*args, **kwargs)
        # Numbered from the primary key, so two agencies posting at once never collide.
        self.tracking_number = f"tmp-{uuid.uuid4().hex[:16]}"
        super().save(*args, **kwargs)
        self.tracking_number = f"DG-{self.submitted_at:%Y}-{self.pk:05d}"
        Submission.objects.filter(pk=self.pk).update(tracking_number=self.tracking_number)

    def captions(self) -> list[str]:
        """The agency's caption of each photo, in the order attached ("" for one it left out)."""
        return [line.strip() for line in self.photo_captions.rstrip().splitlines()]

    def is_member(self, user) -> bool:
        return self.organisation.memberships.filter(user=user).exists()

    def allowed_moves(self, user) -> set[str]:
        moves = set()
        if user.has_perm(REVIEW_PERMISSION):
            moves |= self.EDITOR_MOVES.get(self.status, set())
        if self.is_member(user):
            moves |= self.CONTRIBUTOR_MOVES.get(self.status, set())
        return moves

    @transaction.atomic
    def move(self, to: str, user, note: str = "") -> "StatusChange":
        """Change status as `user`; an illegal move is refused and nothing changes."""
        # Judged on the stored status, the row held until commit: of two editors accepting at
        # once (or one page left open since), the second is refused instead of making a
        # second draft article.
        locked = Submission.objects.select_for_update().filter(pk=self.pk)
        self.status = locked.values_list("status", flat=True).get()
        if to not in self.allowed_moves(user):
            raise PermissionDenied(
                f"Không thể chuyển từ “{self.get_status_display()}” sang “{self.Status(to).label}”."
            )
        if to == self.Status.DECLINED and not note.strip():
            raise ValidationError("Cần nêu lý do không sử dụng.")
        if to == self.Status.CHANGES_REQUESTED and not note.strip():
            raise ValidationError("Cần nêu những gì cơ quan cần bổ sung, chỉnh sửa.")
        now = timezone.now()
        change = StatusChange.objects.create(
            submission=self, from_status=self.status, to_status=to, by=user, note=note
        )
        self.status = to
        if to == self.Status.IN_REVIEW and not self.reviewed_at:
            self.reviewed_at = now
        if to in (self.Status.ACCEPTED, self.Status.DECLINED):
            self.decided_at = now
        if to == self.Status.DECLINED:
            self.decline_reason = note
        self.save(update_fields=["status", "reviewed_at", "decided_at", "decline_reason"])
        return change

    def mark_published(self, by=None) -> bool:
        """The newsroom published the article made from it (a system event, not a review);
        False when it was already marked."""
        if self.status != self.Status.ACCEPTED:
            return False
        StatusChange.objects.create(
            submission=self, from_status=self.status, to_status=self.Status.PUBLISHED, by=by
        )
        self.status = self.Status.PUBLISHED
        self.save(update_fields=["status"])
        return True


class StatusChange(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=Submission.Status.choices)
    to_status = models.CharField(max_length=20, choices=Submission.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission.tracking_number}: {self.from_status} → {self.to_status}"


def _private_storage():
    return storages["private"]


class AttachmentQuerySet(models.QuerySet):
    def photos(self):
        """The pictures, in the order the agency attached them."""
        return self.filter(kind=Attachment.Kind.IMAGE).order_by("pk")


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", "Ảnh"
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel"
        CSV = "csv", "CSV"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="contributions/%Y/%m/", storage=_private_storage)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField()
    # The library image a photo became in the draft article: made once, reused if the draft is
    # made again (see photos.py).
    image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = AttachmentQuerySet.as_manager()

    def __str__(self) -> str:
        return self.original_name


class Comment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("ý kiến")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:50]}"
