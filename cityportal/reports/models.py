"""The programme's plan per quarter, the reports generated from it, and the portal's own
anonymous page-view counts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from .quarters import Quarter


def validate_quarter(value: str) -> None:
    try:
        Quarter.parse(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class QuarterPlan(ClusterableModel):
    """Kế hoạch quý: what the two sides of the programme agreed to reach in one quarter."""

    quarter = models.CharField(
        "quý", max_length=6, unique=True, validators=[validate_quarter], help_text="Ví dụ: 2021Q3"
    )
    note = models.TextField("ghi chú", blank=True)

    panels = [FieldPanel("quarter"), FieldPanel("note"), InlinePanel("targets", label="Chỉ tiêu")]

    class Meta:
        verbose_name = "kế hoạch quý"
        verbose_name_plural = "kế hoạch quý"
        ordering = ["-quarter"]

    def __str__(self) -> str:
        return f"Kế hoạch {Quarter.parse(self.quarter).label}"

    def save(self, *args, **kwargs):
        self.quarter = str(Quarter.parse(self.quarter))  # one spelling: "2021q3" → "2021Q3"
        super().save(*args, **kwargs)


def _kpi_choices():
    from .kpis import REGISTRY

    return [(kpi.key, kpi.name) for kpi in REGISTRY.values() if kpi.plannable]


class Target(models.Model):
    plan = ParentalKey(QuarterPlan, on_delete=models.CASCADE, related_name="targets")
    kpi = models.CharField("chỉ tiêu", max_length=40, choices=_kpi_choices)
    scope = models.CharField(
        "phạm vi",
        max_length=120,
        blank=True,
        help_text="Để trống: cả chỉ tiêu. Hoặc mã (slug) của chuyên mục, chuyên đề, cơ quan, "
        "loại sự kiện (talk, seminar…) theo chỉ tiêu",
    )
    value = models.FloatField("mục tiêu")

    panels = [FieldPanel("kpi"), FieldPanel("scope"), FieldPanel("value")]

    class Meta:
        verbose_name = "chỉ tiêu kế hoạch"
        verbose_name_plural = "chỉ tiêu kế hoạch"
        constraints = [
            models.UniqueConstraint(fields=["plan", "kpi", "scope"], name="target_once_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.kpi}{f' ({self.scope})' if self.scope else ''}: {self.value:g}"


def _report_storage():
    # Internal figures (agencies' overdue requests…): kept out of MEDIA_URL, downloaded through
    # an admin view that checks permission.
    return storages["private"]


class QuarterlyReport(models.Model):
    """One generated report: its figures as computed then (JSON), so later reports compare with
    what was reported even after records change, and its files."""

    quarter = models.CharField("quý", max_length=6, validators=[validate_quarter], db_index=True)
    data = models.JSONField()
    pdf = models.FileField(upload_to="reports/", storage=_report_storage, blank=True)
    xlsx = models.FileField(upload_to="reports/", storage=_report_storage, blank=True)
    docx = models.FileField(upload_to="reports/", storage=_report_storage, blank=True)
    scheduled = models.BooleanField("lập tự động", default=False)
    created_at = models.DateTimeField("lập lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    emailed_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True)

    class Meta:
        verbose_name = "báo cáo quý"
        verbose_name_plural = "báo cáo quý"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The daily job may run on two workers at once: still one scheduled report a quarter.
            models.UniqueConstraint(
                fields=["quarter"], condition=models.Q(scheduled=True), name="one_scheduled_report"
            )
        ]

    def __str__(self) -> str:
        return f"Báo cáo {Quarter.parse(self.quarter).label} ({self.created_at:%d/%m/%Y %H:%M})"


class PageViewDay(models.Model):
    """Views of one page on one local day, counted by the beacon (no cookie, address or agent
    kept: only this number)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "lượt xem trong ngày"
        verbose_name_plural = "lượt xem trong ngày"
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="page_view_day_once")]
        # A quarter's sums (all pages, or by page for the most read) read this index alone.
        indexes = [models.Index(fields=["day", "page", "views"], name="page_view_day_sums")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: {self.views}"
