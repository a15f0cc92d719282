"""The data system's own endpoints under /api/v1/: indicators, their series, and datasets."""

import datetime
import uuid
from typing import Literal

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from cityportal.api.schemas import BlankIsUnset, absolute, answers, limit_offset
from cityportal.core.models import AdministrativeUnit

from .models import Dataset, Indicator, Observation, Period, Resource, finite, period_bounds

router = Router(tags=["data"])
# Years 1000-2999 in ASCII digits: year 0 or the month after 9999-12 is no date (a 500 before).
PERIOD = r"^([12][0-9]{3}(-Q[1-4]|-(0[1-9]|1[0-2]))?)?$"
DOWNLOADS = ("csv", "xlsx", "json")
TOTAL = "total"  # the `breakdown` that asks for totals only, whose breakdown is empty


Pages = limit_offset(100, 1000)


class IndicatorOut(Schema):
    code: str
    name: str
    measure: str = Field(description="đơn vị tính")
    theme: str | None = Field(None, alias="theme.slug", description="slug chủ đề")
    url: str = Field(description="trang chỉ tiêu")

    @staticmethod
    def resolve_url(indicator: Indicator, context) -> str:
        return absolute(context, indicator.get_absolute_url())


class UnitOut(Schema):
    code: str
    name: str
    slug: str
    level: str
    valid_until: datetime.date | None = Field(description="ngày cuối còn hiệu lực, nếu đã giải thể")


class IndicatorDetail(IndicatorOut):
    """What a client needs to ask for a series: where and how the indicator is broken down."""

    description: str
    units: list[UnitOut] = Field(description="các địa bàn có số liệu")
    breakdowns: list[str] = Field(description="các phân tổ; chuỗi rỗng là tổng số")
    datasets: list[str] = Field(description="tên định danh các bộ dữ liệu có chỉ tiêu này")

    @staticmethod
    def resolve_units(indicator: Indicator):
        return AdministrativeUnit.objects.filter(pk__in=_public_of(indicator).values("unit"))

    @staticmethod
    def resolve_breakdowns(indicator: Indicator) -> list[str]:
        return sorted(set(_public_of(indicator).values_list("breakdown", flat=True)))

    @staticmethod
    def resolve_datasets(indicator: Indicator):
        having = Dataset.objects.filter(resources__observations__in=_public_of(indicator))
        return having.distinct().order_by("name").values_list("name", flat=True)


SERIES_FIELDS = [
    "period",
    "period_start",
    "period_end",
    "breakdown",
    "value",
    "provisional",
    "as_of",
    "note",
    "source",
    "resource_id",
]


class ObservationOut(Schema):
    unit_code: str = Field(alias="unit.code")
    unit_name: str = Field(alias="unit.name")
    period: str = Field(description="2021, 2021-Q3 hoặc 2021-07")
    period_start: datetime.date
    period_end: datetime.date
    breakdown: str = Field(description="phân tổ; chuỗi rỗng là tổng số")
    value: float | None = Field(description="null khi số liệu lưu không phải là số hữu hạn")
    status: Literal["provisional", "final"] = Field(description="sơ bộ hoặc chính thức")
    as_of: datetime.date | None = Field(description="số liệu tính đến ngày")
    note: str
    source: str
    dataset: str = Field(alias="resource.dataset.name", description="bộ dữ liệu công bố")
    resource_id: uuid.UUID

    @staticmethod
    def resolve_value(observation: Observation) -> float | None:
        return finite(observation.value)

    @staticmethod
    def resolve_source(observation: Observation) -> str:
        return observation.source or observation.resource.dataset.source


class ResourceOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    format: str = Field(description="định dạng tệp gốc")
    downloads: dict[str, str] = Field(description="địa chỉ tải về theo định dạng (csv, xlsx, json)")

    @staticmethod
    def resolve_downloads(resource: Resource, context) -> dict[str, str]:
        return {fmt: absolute(context, resource.download_url(fmt)) for fmt in DOWNLOADS}


class DatasetOut(Schema):
    id: uuid.UUID
    name: str
    title: str
    description: str
    organisation: str = Field(alias="organisation.name", description="cơ quan công bố")
    themes: list[str] = Field(description="slug các chủ đề")
    tags: list[str]
    license: str
    frequency: str = Field(description="mã tần suất EU: ANNUAL, QUARTERLY, MONTHLY, IRREG")
    source: str
    temporal_start: datetime.date | None
    temporal_end: datetime.date | None
    modified_at: datetime.datetime
    url: str = Field(description="trang bộ dữ liệu")
    resources: list[ResourceOut]

    @staticmethod
    def resolve_themes(dataset: Dataset) -> list[str]:
        return [theme.slug for theme in dataset.themes.all()]

    @staticmethod
    def resolve_tags(dataset: Dataset) -> list[str]:
        return dataset.tag_names

    @staticmethod
    def resolve_url(dataset: Dataset, context) -> str:
        return absolute(context, dataset.get_absolute_url())

    @staticmethod
    def resolve_resources(dataset: Dataset):
        return dataset.resources.all()


# As the catalogue's search box: each word is a condition, and thousands of them are a 500.
Q_MAX_LENGTH = 300


class IndicatorParams(BlankIsUnset):
    q: str = Field("", max_length=Q_MAX_LENGTH, description="tên chỉ tiêu, có dấu hoặc không dấu")
    theme: str = Field("", description="slug chủ đề, ví dụ kinh-te")


class SeriesParams(BlankIsUnset):
    unit: str = Field("", description="mã (79) hoặc slug địa bàn")
    breakdown: str = Field("", description=f"phân tổ, ví dụ Nam; `{TOTAL}` chỉ lấy tổng số")
    from_: str = Field(
        "", alias="from", pattern=PERIOD, description="từ kỳ: 2019, 2021-Q3, 2021-07"
    )
    to: str = Field("", pattern=PERIOD, description="đến kỳ, như `from`")


class DatasetParams(BlankIsUnset):
    q: str = Field("", max_length=Q_MAX_LENGTH, description="từ khóa, có dấu hoặc không dấu")
    theme: str = Field("", description="slug chủ đề")
    organisation: str = Field("", description="slug cơ quan công bố")


def _public_of(indicator: Indicator):
    return Observation.objects.public().filter(indicator=indicator).order_by()


def _cacheable(response: HttpResponse) -> None:
    # Set here, not by the page cache: datasets change without publishing a page.
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)


def _bounds(label: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of "2021", "2021-Q3" or "2021-07"."""
    year, _, part = label.partition("-")
    if not part:
        return period_bounds(Period.YEAR, int(year))[1:]
    if part.startswith("Q"):
        return period_bounds(Period.QUARTER, int(year), int(part[1:]))[1:]
    return period_bounds(Period.MONTH, int(year), int(part))[1:]


@router.get(
    "/indicators",
    response=answers(list[IndicatorOut], 422),
    url_name="indicators",
    summary="Các chỉ tiêu có số liệu công khai",
)
@paginate(Pages)
def indicators(request, response: HttpResponse, params: Query[IndicatorParams]):
    found = Indicator.objects.published().select_related("theme")
    if params.q:
        found = found.matching(params.q)
    if params.theme:
        found = found.filter(theme__slug=params.theme)
    _cacheable(response)
    return found.order_by("name", "code")


@router.get(
    "/indicators/{code}",
    response=answers(IndicatorDetail, 404),
    url_name="indicator",
    summary="Một chỉ tiêu: các địa bàn, phân tổ và bộ dữ liệu có số liệu",
)
def indicator(request, response: HttpResponse, code: str):
    _cacheable(response)
    return get_object_or_404(Indicator.objects.published().select_related("theme"), code=code)


@router.get(
    "/indicators/{code}/observations",
    response=answers(list[ObservationOut], 404, 422),
    url_name="indicator_observations",
    summary="Chuỗi số liệu của một chỉ tiêu theo thời gian",
)
@paginate(Pages)
def observations(request, response: HttpResponse, code: str, params: Query[SeriesParams]):
    indicator = get_object_or_404(Indicator.objects.published().select_related("theme"), code=code)
    series = Observation.objects.public().filter(indicator=indicator)
    if params.unit:
        # Both the city before the 2025 reform and after it have the code 79: a series spans both.
        units = AdministrativeUnit.objects.filter(Q(code=params.unit) | Q(slug=params.unit))
        unit_ids = list(units.values_list("pk", flat=True))
        if not unit_ids:
            raise HttpError(422, f"Không có địa bàn {params.unit!r}.")
        series = series.filter(unit__in=unit_ids)
    if params.breakdown:
        series = series.filter(breakdown="" if params.breakdown == TOTAL else params.breakdown)
    if params.from_:
        series = series.filter(period_start__gte=_bounds(params.from_)[0])
    if params.to:
        series = series.filter(period_end__lte=_bounds(params.to)[1])
    _cacheable(response)
    # Only what ObservationOut reads: a dataset's description is long and a series is many rows.
    return (
        series.select_related("unit", "resource__dataset")
        .only(
            *SERIES_FIELDS,
            "unit__code",
            "unit__name",
            "resource__dataset__name",
            "resource__dataset__source",
        )
        .order_by("period_start", "unit__name", "breakdown", "pk")
    )


@router.get(
    "/datasets",
    response=answers(list[DatasetOut], 422),
    url_name="datasets",
    summary="Các bộ dữ liệu công khai, mới cập nhật trước",
)
@paginate(Pages)
def datasets(request, response: HttpResponse, params: Query[DatasetParams]):
    found = Dataset.objects.catalogued()
    if params.q:
        found = found.matching(params.q)
    if params.theme:
        found = found.filter(themes__slug=params.theme)
    if params.organisation:
        found = found.filter(organisation__slug=params.organisation)
    _cacheable(response)
    return found.order_by("-modified_at", "name")


@router.get(
    "/datasets/{name}",
    response=answers(DatasetOut, 404),
    url_name="dataset",
    summary="Một bộ dữ liệu công khai và các bảng của nó",
)
def dataset(request, response: HttpResponse, name: str):
    _cacheable(response)
    return get_object_or_404(Dataset.objects.catalogued(), name=name)
