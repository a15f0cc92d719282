"""The city's data system: datasets published by organisations, their resources (files, with
every earlier version kept), and observations of indicators by administrative unit and period."""

import datetime
import math
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from cityportal.core.models import AdministrativeUnit, FoldedMatchQuerySet, Organisation
from cityportal.core.text import fold


class Theme(models.Model):
    """A subject of the catalogue, mapped to the EU data-theme vocabulary harvesters expect."""

    name = models.CharField("tên", max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    eu_code = models.CharField(
        "mã chủ đề EU",
        max_length=4,
        help_text="publications.europa.eu/resource/authority/data-theme, ví dụ ECON, SOCI",
    )

    class Meta:
        verbose_name = "chủ đề dữ liệu"
        verbose_name_plural = "chủ đề dữ liệu"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DatasetTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "Dataset", on_delete=models.CASCADE, related_name="tagged_items"
    )


class DatasetQuerySet(FoldedMatchQuerySet):
    folded_field = "search_text"  # title, description and source

    def public(self):
        return self.filter(private=False)

    def catalogued(self):
        """Public datasets with what the catalogue says of them, in five queries. Tags come
        through their through model: taggit's own prefetch misses UUID keys on SQLite."""
        tags = DatasetTag.objects.select_related("tag").order_by("tag__name")
        return (
            self.public()
            .select_related("organisation", "spatial")
            .prefetch_related("themes", "resources", models.Prefetch("tagged_items", queryset=tags))
        )


class Dataset(models.Model):
    class License(models.TextChoices):
        CC_BY = "cc-by-4.0", "Creative Commons Attribution 4.0 (CC BY 4.0)"
        CC0 = "cc-zero", "Creative Commons CC0 1.0"
        ODC_BY = "odc-by", "Open Data Commons Attribution (ODC-BY)"
        OTHER = "other-at", "Ghi nguồn khi sử dụng lại"

    class Frequency(models.TextChoices):
        ANNUAL = "ANNUAL", "Hằng năm"
        QUARTERLY = "QUARTERLY", "Hằng quý"
        MONTHLY = "MONTHLY", "Hằng tháng"
        IRREGULAR = "IRREG", "Không định kỳ"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(
        "tên định danh", max_length=100, unique=True, help_text="Dùng trong địa chỉ và API"
    )
    title = models.CharField("tiêu đề", max_length=255)
    description = models.TextField("mô tả", blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="cơ quan công bố",
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name="chủ đề", blank=True, related_name="datasets"
    )
    tags = TaggableManager("từ khóa", through=DatasetTag, blank=True)
    license = models.CharField(
        "giấy phép", max_length=20, choices=License.choices, default=License.CC_BY
    )
    frequency = models.CharField(
        "tần suất cập nhật", max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    source = models.CharField(
        "nguồn số liệu", max_length=500, blank=True, help_text="Ví dụ: Niên giám thống kê 2016"
    )
    contact_name = models.CharField("người liên hệ", max_length=200, blank=True)
    contact_email = models.EmailField("email liên hệ", blank=True)
    temporal_start = models.DateField("số liệu từ", null=True, blank=True)
    temporal_end = models.DateField("số liệu đến", null=True, blank=True)
    spatial = models.ForeignKey(
        AdministrativeUnit,
        verbose_name="phạm vi địa lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    units = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name="địa bàn có số liệu",
        blank=True,
        editable=False,
        related_name="datasets_covering",
        help_text="Kept by refresh_coverage(): the catalogue filters by place without "
        "scanning every observation.",
    )
    private = models.BooleanField("chưa công khai", default=False)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    modified_at = models.DateTimeField("cập nhật", auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = "bộ dữ liệu"
        verbose_name_plural = "bộ dữ liệu"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.description} {self.source}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("opendata:dataset", kwargs={"name": self.name})

    @property
    def license_url(self) -> str:
        return LICENSE_URLS.get(self.license, "")

    @property
    def tag_names(self) -> list[str]:
        """Uses the `tagged_items` prefetched by `catalogued()`."""
        return [item.tag.name for item in self.tagged_items.all()]

    def refresh_coverage(self) -> None:
        """Temporal coverage, the places with figures and each table's indicators follow the
        observations, so the catalogue and the sitemap never claim more."""
        observations = Observation.objects.filter(resource__dataset=self)
        span = observations.aggregate(
            start=models.Min("period_start"), end=models.Max("period_end")
        )
        self.temporal_start, self.temporal_end = span["start"], span["end"]
        Dataset.objects.filter(pk=self.pk).update(
            temporal_start=self.temporal_start, temporal_end=self.temporal_end
        )
        self.units.set(observations.values_list("unit", flat=True).distinct())
        for resource in self.resources.all():
            given = resource.observations.values_list("indicator", flat=True)
            resource.indicators.set(given.distinct().order_by())


LICENSE_URLS = {
    Dataset.License.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Dataset.License.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Dataset.License.ODC_BY: "https://opendatacommons.org/licenses/by/1-0/",
}


class Resource(models.Model):
    """One table of a dataset. Its id is stable across versions; the API serves its current
    observations and every uploaded file stays downloadable as an earlier version."""

    class Format(models.TextChoices):
        CSV = "CSV", "CSV"
        XLSX = "XLSX", "XLSX"
        JSON = "JSON", "JSON"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField("tên", max_length=255)
    description = models.TextField("mô tả", blank=True)
    format = models.CharField("định dạng gốc", max_length=10, choices=Format.choices)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    indicators = models.ManyToManyField(
        "Indicator",
        verbose_name="chỉ tiêu có số liệu",
        blank=True,
        editable=False,
        related_name="resources",
        help_text="Kept by Dataset.refresh_coverage(): the sitemap dates indicators by their "
        "tables' uploads without reading every observation.",
    )

    class Meta:
        verbose_name = "bảng dữ liệu"
        verbose_name_plural = "bảng dữ liệu"
        ordering = ["dataset", "position", "name"]

    def __str__(self) -> str:
        return self.name

    def download_url(self, fmt: str = "csv") -> str:
        return reverse("opendata:download", kwargs={"resource_id": self.id, "fmt": fmt})


class ResourceVersion(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    file = models.FileField("tệp gốc", upload_to="opendata/%Y/%m/")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    rows = models.PositiveIntegerField("số quan sát")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "phiên bản"
        verbose_name_plural = "phiên bản"
        ordering = ["resource", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.created_at:%d/%m/%Y %H:%M})"


class IndicatorQuerySet(FoldedMatchQuerySet):
    folded_field = "name_folded"

    def published(self):
        """Indicators with at least one public observation (an index probe each, no scan)."""
        public = Observation.objects.public().filter(indicator=models.OuterRef("pk"))
        return self.filter(models.Exists(public))


class Indicator(models.Model):
    """A measured quantity (GRDP, population, registered FDI…) with its unit of measure."""

    code = models.SlugField("mã", max_length=120, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=255)
    measure = models.CharField(
        "đơn vị tính", max_length=60, blank=True, help_text="Ví dụ: nghìn người, tỷ đồng, %"
    )
    description = models.TextField("giải thích", blank=True)
    theme = models.ForeignKey(
        Theme, verbose_name="chủ đề", null=True, blank=True, on_delete=models.SET_NULL
    )
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.measure})" if self.measure else self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("opendata:indicator", kwargs={"code": self.code})


class Period(models.TextChoices):
    YEAR = "Y", "Năm"
    QUARTER = "Q", "Quý"
    MONTH = "M", "Tháng"


# Beyond 2**53 a double no longer holds every whole number, so a stored figure may not be the
# one published. Imports refuse such figures; some were stored before they did.
LARGEST_EXACT = 2**53


def finite(value: float | None) -> float | None:
    """A stored figure as the downloads and APIs give it. An infinity (or PostgreSQL's NaN),
    stored before imports refused them, is no number: JSON has no word for it (strict readers
    refuse `Infinity`) and a spreadsheet none either, so it is given as missing."""
    return value if value is not None and math.isfinite(value) else None


# A figure's own texts and their folded copies, which datastore_search's `q` reads: a LIKE on
# a stored column, the same on SQLite and PostgreSQL, where folding every row's text at query
# time would be slow on either and give different results (PostgreSQL's unaccent is not `fold`).
FOLDED_TEXTS = {"breakdown": "breakdown_folded", "note": "note_folded", "source": "source_folded"}


class ObservationQuerySet(models.QuerySet):
    """bulk_create() and update() skip save(): they fold the texts they are given too, so
    datastore_search finds a figure however its texts were written."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for observation in objs:
            observation.fold_texts()
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        for field, folded in FOLDED_TEXTS.items():
            if isinstance(kwargs.get(field), str):
                kwargs[folded] = fold(kwargs[field])
        return super().update(**kwargs)

    def public(self):
        return self.filter(resource__dataset__private=False)

    def inexact(self):
        """Figures beyond LARGEST_EXACT: infinities too, and NaN, which PostgreSQL sorts above
        them all (SQLite stores NaN as NULL, which the column refuses)."""
        return self.filter(models.Q(value__gt=LARGEST_EXACT) | models.Q(value__lt=-LARGEST_EXACT))

    def series(self):
        """In time order, with what a chart or table shows beside the value (its source too)."""
        return self.select_related("unit", "indicator", "resource__dataset").order_by(
            "period_start", "unit__name"
        )


class Observation(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="observations")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField("kỳ", max_length=10, help_text="2021, 2021-Q3 hoặc 2021-07")
    period_type = models.CharField(max_length=1, choices=Period.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    breakdown = models.CharField(
        "phân tổ", max_length=200, blank=True, help_text="Ví dụ: Nam, Thành thị; trống là tổng số"
    )
    value = models.FloatField("giá trị")
    provisional = models.BooleanField("sơ bộ", default=False)
    as_of = models.DateField("số liệu tính đến", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    source = models.CharField(
        "nguồn", max_length=300, blank=True, help_text="Để trống khi trùng nguồn của bộ dữ liệu"
    )
    # Text, not CharField: folding may lengthen a text (a Hangul syllable becomes three letters).
    # db_default: rows inserted by SQL (benchmarks, fixes by hand) with empty texts stay right.
    breakdown_folded = models.TextField(editable=False, default="", db_default="")
    note_folded = models.TextField(editable=False, default="", db_default="")
    source_folded = models.TextField(editable=False, default="", db_default="")

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "indicator", "unit", "period", "breakdown"],
                name="observation_once_per_resource",
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "unit", "period_start"]),
            models.Index(fields=["resource", "period_start"]),
            # datastore_search pages through a table in _id order.
            models.Index(fields=["resource", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}, {self.unit.name}, {self.period}: {self.value}"

    def save(self, *args, update_fields=None, **kwargs):
        self.fold_texts()
        if update_fields is not None:
            update_fields = {*update_fields}
            update_fields |= {FOLDED_TEXTS[f] for f in update_fields if f in FOLDED_TEXTS}
        super().save(*args, update_fields=update_fields, **kwargs)

    def fold_texts(self) -> None:
        for field, folded in FOLDED_TEXTS.items():
            setattr(self, folded, fold(getattr(self, field)))

    @property
    def status(self) -> str:
        return "provisional" if self.provisional else "final"

    @property
    def exact(self) -> bool:
        """Whether the stored value can be drawn and printed as the figure published."""
        return math.isfinite(self.value) and abs(self.value) <= LARGEST_EXACT


def period_bounds(
    period_type: str, year: int, number: int = 1
) -> tuple[str, datetime.date, datetime.date]:
    """The canonical label and first and last day of a year, quarter or month."""
    if period_type == Period.YEAR:
        return str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if period_type == Period.QUARTER:
        first = datetime.date(year, 3 * number - 2, 1)
        label = f"{year}-Q{number}"
        months = 3
    else:
        first = datetime.date(year, number, 1)
        label = f"{year}-{number:02d}"
        months = 1
    end_month = first.month + months
    following = datetime.date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    return label, first, following - datetime.timedelta(days=1)
