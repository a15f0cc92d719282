"""Public pages of the data system: the catalogue, a dataset, an indicator across units and time."""

import datetime
import json
from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cityportal.core.models import CITY_CODE, AdministrativeUnit, Organisation
from cityportal.core.text import fold

from . import charts
from .exports import CONTENT_TYPES, TABLE_ORDER, check_visible
from .models import Dataset, Indicator, Observation, Resource, Theme

PER_PAGE = 20
PREVIEW_ROWS = 50
CHARTS_PER_RESOURCE = 6
FORMATS = ("csv", "xlsx", "json")
FACET_SHOWN = 10  # values of a filter listed before "more"
JSON_IN_HTML = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def _unit_label(name, valid_until) -> str:
    return f"{name} (đến {valid_until:%m/%Y})" if valid_until else name


# The catalogue's filters: GET parameter → how it narrows the datasets. "unit" is the place
# (địa bàn) a dataset has figures for, which is what a reporter looks for ("Thủ Đức", "Hà Nội");
# units of measure are shown on each indicator instead.
FILTERS = {
    "theme": lambda qs, v: qs.filter(themes__slug=v),
    "organisation": lambda qs, v: qs.filter(organisation__slug=v),
    "format": lambda qs, v: qs.filter(pk__in=Resource.objects.filter(format=v).values("dataset")),
    "unit": lambda qs, v: qs.filter(units__slug=v),
}


def _facet_values(name: str, datasets) -> list[tuple[str, str, int]]:
    """(value, label, number of datasets) for one filter, over `datasets`."""
    if name == "theme":
        themes = Theme.objects.filter(datasets__in=datasets).annotate(n=Count("datasets"))
        return [(t.slug, t.name, t.n) for t in themes]
    if name == "organisation":
        organisations = Organisation.objects.filter(datasets__in=datasets).annotate(
            n=Count("datasets")
        )
        return [(o.slug, o.name, o.n) for o in organisations]
    if name == "format":
        formats = (
            Resource.objects.filter(dataset__in=datasets)
            .values_list("format")
            .annotate(n=Count("dataset", distinct=True))
            .order_by("format")
        )
        return [(f, f, n) for f, n in formats]
    units = (
        AdministrativeUnit.objects.filter(datasets_covering__in=datasets)
        .values_list("slug", "name", "valid_until", "level", "code")
        .annotate(n=Count("datasets_covering", distinct=True))
        .order_by()
    )
    return [
        (slug, _unit_label(name, until), n) for slug, name, until, *_, n in _in_place_order(units)
    ]


def _in_place_order(units):
    """The city this portal serves first, today's before the one of before 2025: in name order
    it came twelfth among the provinces, behind "Thêm … lựa chọn", on its own portal. Then by
    level and name, a unit of today before the same name's older one."""

    def key(unit):
        _, name, until, level, code, _ = unit
        city = level == AdministrativeUnit.Level.PROVINCE and code == CITY_CODE
        older = (until is not None, until or datetime.date.min)  # never a date beside None
        return (not city, charts.LEVEL_ORDER.get(level, 9), fold(name), older)

    return sorted(units, key=key)


FACET_LABELS = {
    "theme": "Chủ đề",
    "organisation": "Cơ quan công bố",
    "format": "Định dạng",
    "unit": "Địa bàn",
}


def catalogue(request):
    text = request.GET.get("q", "").strip()[:300]
    chosen = {name: request.GET.get(name, "").strip() for name in FILTERS}
    base = Dataset.objects.public()
    if text:
        base = base.matching(text)

    def narrowed(skip: str = ""):
        datasets = base
        for name, value in chosen.items():
            if value and name != skip:
                datasets = FILTERS[name](datasets, value)
        return datasets

    facets = []
    for name, label in FACET_LABELS.items():
        # Each filter counts what the *other* filters leave, so a reader can switch theme
        # without first clearing the one chosen.
        values = []
        for value, value_label, n in _facet_values(name, narrowed(skip=name)):
            selected = value == chosen[name]
            query = request.GET.copy()
            query.pop("trang", None)
            if selected:
                query.pop(name)
            else:
                query[name] = value
            values.append(
                {"label": value_label, "count": n, "selected": selected, "query": query.urlencode()}
            )
        more = values[FACET_SHOWN:]
        facets.append(
            {
                "name": name,
                "label": label,
                "values": values[:FACET_SHOWN],
                "more": more,
                "more_selected": any(v["selected"] for v in more),
            }
        )

    datasets = narrowed().select_related("organisation").prefetch_related("themes", "resources")
    page_obj = Paginator(datasets, PER_PAGE).get_page(request.GET.get("trang"))
    for dataset in page_obj:
        dataset.formats = sorted({r.format for r in dataset.resources.all()})
    indicators = []
    if text:
        indicators = Indicator.objects.matching(text).published()[:10]
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "text": text,
        "page_obj": page_obj,
        "facets": facets,
        "filtered": any(chosen.values()),
        "indicators": indicators,
        "chosen": chosen,
        "query_string": query.urlencode(),
    }
    return render(request, "opendata/catalogue.html", context)


def _previews(dataset) -> dict:
    """The first PREVIEW_ROWS observations of each resource, in download order, in one query."""
    rows = (
        Observation.objects.filter(resource__dataset=dataset)
        .select_related("indicator", "unit")
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=F("resource_id"),
                order_by=[F(field).asc() for field in TABLE_ORDER],
            )
        )
        .filter(row__lte=PREVIEW_ROWS)
        .order_by("resource_id", "row")
    )
    previews = defaultdict(list)
    for observation in rows:
        previews[observation.resource_id].append(observation)
    return previews


def _dataset_charts(dataset) -> tuple[dict, dict]:
    """A chart for each of the first indicators of each resource (their totals, or their first
    breakdown when there is no total), and each resource's indicators, in two queries."""
    combos = (
        Observation.objects.filter(resource__dataset=dataset)
        .values_list("resource_id", "indicator_id", "indicator__code")
        .annotate(breakdown=Min("breakdown"))
        .order_by("resource_id", "indicator__name")
    )
    indicators = defaultdict(list)
    wanted = Q(pk__in=[])
    for resource_id, indicator_id, code, breakdown in combos:
        indicators[resource_id].append(code)
        if len(indicators[resource_id]) <= CHARTS_PER_RESOURCE:
            wanted |= Q(resource_id=resource_id, indicator_id=indicator_id, breakdown=breakdown)
    observations = (
        Observation.objects.filter(wanted).series().order_by("period_start", "unit__name")
    )
    grouped = defaultdict(list)
    for observation in observations:
        grouped[observation.resource_id, observation.indicator_id].append(observation)
    by_resource = defaultdict(list)
    for (resource_id, _), rows in grouped.items():
        indicator = rows[0].indicator
        title = indicator.name + (f" - {rows[0].breakdown}" if rows[0].breakdown else "")
        chart_id = f"bieu-do-{str(resource_id)[:8]}-{indicator.code}"
        chart = charts.auto_chart(chart_id, title, rows, indicator.measure)
        chart.link = indicator.get_absolute_url()
        by_resource[resource_id].append(chart)
    for chart_list in by_resource.values():
        chart_list.sort(key=lambda c: fold(c.title))
    return by_resource, indicators


def _temporal(dataset) -> str:
    start, end = dataset.temporal_start, dataset.temporal_end
    if not (start and end):
        return ""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{charts.format_date(start)}–{charts.format_date(end)}"


def _jsonld(dataset, url: str, resources, tags, request) -> str:
    """schema.org Dataset, which dataset search engines read."""
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.description or dataset.title,
        "url": url,
        "identifier": str(dataset.id),
        "inLanguage": "vi",
        "isAccessibleForFree": True,
        "dateModified": dataset.modified_at.isoformat(),
        "creator": {"@type": "GovernmentOrganization", "name": dataset.organisation.name},
        "keywords": [t.name for t in tags] + [t.name for t in dataset.themes.all()],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f"{r.name} ({fmt.upper()})",
                "encodingFormat": CONTENT_TYPES[fmt].split(";")[0],
                "contentUrl": request.build_absolute_uri(r.download_url(fmt)),
            }
            for r in resources
            for fmt in FORMATS
        ],
    }
    if dataset.license_url:
        data["license"] = dataset.license_url
    if dataset.temporal_start and dataset.temporal_end:
        data["temporalCoverage"] = f"{dataset.temporal_start}/{dataset.temporal_end}"
    if dataset.spatial:
        data["spatialCoverage"] = {"@type": "Place", "name": dataset.spatial.name}
    # As json_script: with "<" escaped, no "</script>" closes the element early and no
    # "<!--<script" in a description makes the parser run past its end over the page.
    payload = json.dumps(data, ensure_ascii=False).translate(JSON_IN_HTML)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def dataset_detail(request, name):
    dataset = get_object_or_404(
        # Not tags: taggit's prefetch matches no row when the object's key is a UUID.
        Dataset.objects.select_related("organisation", "spatial").prefetch_related("themes"),
        name=name,
    )
    check_visible(request, dataset)
    resources = list(
        dataset.resources.annotate(observation_count=Count("observations")).prefetch_related(
            "versions"
        )
    )
    tags = list(dataset.tags.all())
    previews = _previews(dataset)
    resource_charts, resource_indicators = _dataset_charts(dataset)
    base_url = request.build_absolute_uri("/").rstrip("/")
    for resource in resources:
        resource.preview = previews.get(resource.id, [])
        # A figure from another publication than the dataset's (a flash report) is cited, as
        # the downloads cite it: a column, only when some previewed figure has such a source.
        resource.cites_sources = any(o.source not in ("", dataset.source) for o in resource.preview)
        resource.charts = resource_charts.get(resource.id, [])
        resource.indicator_codes = resource_indicators.get(resource.id, [])
        resource.downloads = [(fmt.upper(), resource.download_url(fmt)) for fmt in FORMATS]
        resource.api_examples = [
            f'curl "{base_url}/api/3/action/datastore_search?resource_id={resource.id}&limit=5"'
        ] + [
            f'curl "{base_url}/api/v1/indicators/{code}/observations"'
            for code in resource.indicator_codes[:1]
        ]
    # An edit of the metadata counts as much as a new table version; versions stored before
    # imports dated their dataset are counted too.
    updated = max(
        [dataset.modified_at, *(v.created_at for r in resources for v in r.versions.all())]
    )
    url = request.build_absolute_uri(dataset.get_absolute_url())
    today = timezone.localdate()
    citation = (
        f"{dataset.organisation.name} ({timezone.localtime(updated).year}). {dataset.title} "
        f"[Bộ dữ liệu]. Cổng Thông tin điện tử Chính phủ - {settings.WAGTAIL_SITE_NAME}. "
        f"{url}, truy cập ngày {charts.format_date(today)}."
    )
    context = {
        "dataset": dataset,
        "resources": resources,
        "license_url": dataset.license_url,
        "temporal": _temporal(dataset),
        "updated": updated,
        "citation": citation,
        "tags": tags,
        "jsonld": _jsonld(dataset, url, resources, tags, request),
    }
    return render(request, "opendata/dataset.html", context)


def indicator_detail(request, code):
    """Compare units in one period (bars, `?year=`) or follow units over time (a line,
    `?unit=<slug>`, repeatable); `?breakdown=` picks the breakdown, the total by default."""
    indicators = Indicator.objects.select_related("theme")
    if not request.user.has_perm("opendata.view_dataset"):
        # Only in datasets not yet public: its name and description are not public either.
        indicators = indicators.published()
    indicator = get_object_or_404(indicators, code=code)
    figures = Observation.objects.public().filter(indicator=indicator)
    breakdowns = sorted(set(figures.values_list("breakdown", flat=True)), key=fold)
    breakdown = request.GET.get("breakdown", breakdowns[0] if breakdowns else "")
    if breakdown not in breakdowns:
        breakdown = breakdowns[0] if breakdowns else ""
    figures = figures.filter(breakdown=breakdown)
    periods = list(dict.fromkeys(figures.order_by("period_start").values_list("period", flat=True)))
    units = sorted(
        set(figures.values_list("unit__slug", "unit__name", "unit__valid_until", "unit__level")),
        key=lambda u: (charts.LEVEL_ORDER.get(u[3], 9), fold(u[1]), u[2] or 0),
    )
    unit_slugs = {u[0] for u in units}
    chosen_units = [s for s in request.GET.getlist("unit") if s in unit_slugs][: charts.MAX_SERIES]
    year = request.GET.get("year", "")
    if year not in periods:
        year = periods[-1] if periods else ""
    mode = "line" if chosen_units or len(units) == 1 else "bar"
    if mode == "line":
        figures = figures.filter(unit__slug__in=chosen_units or unit_slugs)
    else:
        figures = figures.filter(period=year)
    observations = charts.distinct_figures(
        figures.select_related("unit", "indicator", "resource__dataset").order_by(
            "period_start", "unit__name", "unit_id", "-resource__modified_at"
        )
    )
    title = indicator.name + (f" - {breakdown}" if breakdown else "")
    chart = None
    if observations and mode == "line":
        shown = {o.unit for o in observations}
        ordered = [u for slug in chosen_units for u in shown if u.slug == slug] or list(shown)
        chart = charts.time_chart("bieu-do", title, observations, indicator.measure, ordered)
    elif observations:
        chart = charts.compare_chart(
            "bieu-do",
            f"{title}, {charts.period_label(year)}",
            observations,
            indicator.measure,
        )
    # A line spliced from several tables says which periods each gives (see sources_by_period).
    spans = charts.sources_by_period(observations) if mode == "line" else []
    datasets = (
        Dataset.objects.public()
        .filter(pk__in=Observation.objects.filter(indicator=indicator).values("resource__dataset"))
        .only("name", "title")
    )
    context = {
        "indicator": indicator,
        "chart": chart,
        "mode": mode,
        "breakdowns": breakdowns,
        "breakdown": breakdown,
        "periods": [(p, charts.period_label(p)) for p in periods],
        "year": year,
        "units": [(slug, _unit_label(name, until)) for slug, name, until, _ in units],
        "chosen_units": chosen_units,
        "max_units": charts.MAX_SERIES,
        "datasets": datasets,
        "spliced": spans if len(spans) > 1 else [],
    }
    return render(request, "opendata/indicator.html", context)
