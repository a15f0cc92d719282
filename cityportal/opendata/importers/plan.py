"""Validate a table into an import plan, then write it all or nothing.

A plan is what the editor sees before anything is written: how many figures, which indicators
and areas, a preview of the first rows, and every problem by row and column. `apply` writes a
plan without errors inside one transaction."""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from cityportal.core.middleware import bump_content_version
from cityportal.core.models import AdministrativeUnit
from cityportal.core.text import fold, has_diacritics, slugify_vi

from ..models import Dataset, Indicator, Observation, Resource, ResourceVersion
from .areas import AreaResolver
from .layout import CodedArea, Record, detect, name_from_title
from .reading import Rejected, Table, read_table
from .values import (
    CellError,
    either_way,
    is_missing,
    is_percent,
    notation_votes,
    parse_date,
    parse_number,
    parse_status,
)

MAX_REPORTED = 200  # problems listed; the count is always exact
PERCENT_MEASURES = {"%", "phan tram", "percent", "ty le %"}  # folded


@dataclass
class Options:
    indicator: str = ""  # when the table has no indicator column
    measure: str = ""
    area: str = ""  # code or name of the area when the table has no area column
    period: str = ""  # the period of a table that has no period column or year headers
    source: str = ""
    as_of: datetime.date | None = None
    sheet: str | None = None
    skip_unknown_areas: bool = False  # the yearbook's "Other provinces", "Oil and gas" rows
    decimal_mark: str = ""  # "," or "." when the editor says it; else read from the figures


@dataclass
class Issue:
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            p
            for p in (
                f"dòng {self.line}" if self.line else "",
                self.column and f"cột '{self.column}'",
            )
            if p
        )
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Draft:
    indicator: tuple[str, str]  # (name, measure)
    unit: AdministrativeUnit
    period: tuple
    breakdown: str
    value: float
    provisional: bool
    as_of: datetime.date | None
    note: str
    source: str
    line: int


@dataclass
class Plan:
    name: str
    format: str
    data: bytes
    title: str = ""
    shape: str = ""
    drafts: list[Draft] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    missing: int = 0
    skipped_areas: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.drafts)

    def error(self, line, column, message) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(Issue(line, column, message))

    def indicators(self) -> list[tuple[str, str]]:
        return sorted({d.indicator for d in self.drafts})

    def units(self) -> list[AdministrativeUnit]:
        return sorted({d.unit for d in self.drafts}, key=lambda u: (u.level, u.name))

    def periods(self) -> tuple[str, str] | None:
        if not self.drafts:
            return None
        ordered = sorted(self.drafts, key=lambda d: d.period[1])
        return ordered[0].period[0], ordered[-1].period[0]

    def preview(self, limit: int = 20) -> list[Draft]:
        return self.drafts[:limit]

    @property
    def layout(self) -> str:
        """How the table was read, in the importer's words."""
        return SHAPES.get(self.shape, "không đọc được bố cục")

    def summary(self) -> str:
        lines = [f"{self.name}: {self.layout}{'' if self.ok else ' — không nhập'}"]
        if self.drafts:
            first, last = self.periods()
            lines.append(
                f"  {len(self.drafts)} số liệu, {len(self.indicators())} chỉ tiêu, "
                f"{len(self.units())} địa bàn, kỳ {first}–{last}; {self.missing} ô trống bỏ qua"
            )
        for name, count in sorted(self.skipped_areas.items()):
            lines.append(f"  bỏ qua {count} số liệu của '{name}' (không phải địa bàn đã biết)")
        lines += [f"  chú ý: {w}" for w in self.warnings]
        lines += [f"  lỗi {issue}" for issue in self.errors]
        if self.error_count > len(self.errors):
            lines.append(f"  … và {self.error_count - len(self.errors)} lỗi khác")
        return "\n".join(lines)


# How a table was read (layout.detect), said to the person importing it.
SHAPES = {
    "tidy": "mỗi dòng một số liệu",
    "wide": "mỗi năm một cột",
    "long": "một cột năm, mỗi loại một cột",
    "cross-section": "một kỳ cho cả bảng, mỗi cột một biến thể",
}


def plan_file(name: str, data: bytes, options: Options, areas: AreaResolver | None = None) -> Plan:
    plan = Plan(name=name, format="XLSX" if data[:4] == b"PK\x03\x04" else "CSV", data=data)
    try:
        table = read_table(name, data, options.sheet)
    except Rejected as error:
        plan.error(None, "", str(error))
        return plan
    plan_table(plan, table, options, areas or AreaResolver())
    return plan


def plan_table(plan: Plan, table: Table, options: Options, areas: AreaResolver) -> None:
    plan.title, plan.warnings = table.title, list(table.warnings)
    indicator, measure = options.indicator, options.measure
    if not indicator:
        indicator, measure = name_from_title(table.title or Path(table.name).stem, measure)
    shape = detect(
        table, indicator, measure, areas.knows, options.period, given=bool(options.indicator)
    )
    plan.shape = shape.kind
    plan.warnings += shape.notes
    for line, column, message in shape.errors:
        plan.error(line, column, message)
    if shape.kind == "unknown":
        return  # whether it has an area column is then anyone's guess
    vietnamese = any(has_diacritics(h) for h in table.header)
    comma = _decimal_commas(plan, shape.records, options.decimal_mark, vietnamese)
    default_area = options.area
    if not shape.area_column and not default_area:
        plan.error(None, "", "Bảng không có cột địa bàn: hãy cho biết địa bàn của số liệu.")
        return
    # "12,5%": a figure that says its unit says it for every figure of its indicator.
    in_percent = {fold(r.indicator) for r in shape.records if is_percent(r.value)}
    seen: dict[tuple, int] = {}
    for record in shape.records:
        if comma[record.column] is None:
            continue  # the column is refused as a whole
        if fold(record.indicator) in in_percent and not _percent_measure(plan, record):
            continue
        draft = _draft(plan, record, comma[record.column], areas, default_area, options)
        if draft is None:
            continue
        key = (
            fold(draft.indicator[0]),
            draft.indicator[1],
            draft.unit.pk,
            draft.period[0],
            draft.breakdown,
        )
        if key in seen:
            plan.error(
                record.line,
                record.column,
                f"số liệu trùng: {draft.indicator[0]}, {draft.unit.name}, {draft.period[0]}"
                f"{', ' + draft.breakdown if draft.breakdown else ''} đã có ở dòng {seen[key]}",
            )
            continue
        seen[key] = record.line
        plan.drafts.append(draft)
    if not plan.drafts and not plan.error_count:
        plan.error(None, "", "Bảng không có số liệu nào.")


def _decimal_commas(
    plan: Plan, records: list[Record], given: str, vietnamese: bool
) -> dict[str, bool | None]:
    """Whether each value column writes a decimal comma, judged from all its figures; a column
    that cannot tell ("512.000" only) follows the file's other columns, as one program wrote
    them all. When nothing tells, a table headed in Vietnamese writes Vietnamese (no Vietnamese
    writes a decimal point, and agencies' tables of round figures are common); under any other
    header the column is refused: read either way, it is 1000 times off."""
    if given:
        return defaultdict(lambda: given == ",")
    by_column = defaultdict(list)
    for record in records:
        by_column[record.column].append(record.value)
    votes = {column: notation_votes(cells) for column, cells in by_column.items()}
    overall = sum(vote for vote, _ in votes.values())
    commas = {}
    for column, (vote, either) in votes.items():
        vote = vote or overall
        if not vote and either and not vietnamese:
            plan.error(
                None,
                column,
                f"không rõ cách viết số: {either_way(either)}, và không số nào khác trong tệp "
                "cho biết. Hãy chọn “Dấu thập phân” (lệnh import_dataset: --decimal-mark , "
                "hoặc --decimal-mark .), hoặc bỏ dấu ngăn cách hàng nghìn trong tệp.",
            )
            commas[column] = None
        else:  # a tie ("7,5" and "12.5"): one is refused whichever wins; the header's language
            commas[column] = vote > 0 or (not vote and vietnamese)
    return commas


def _percent_measure(plan: Plan, record: Record) -> bool:
    """Give a record of an indicator written in "%" that unit; False (and an error) when its
    unit of measure says something else: which of the two is right cannot be guessed."""
    if not record.measure:
        record.measure = "%"
    elif fold(record.measure).strip() not in PERCENT_MEASURES and is_percent(record.value):
        plan.error(
            record.line,
            record.column,
            f"'{record.value}' là phần trăm nhưng đơn vị tính là '{record.measure}'",
        )
        return False
    return True


def _draft(plan, record: Record, comma, areas, default_area, options) -> Draft | None:
    if is_missing(record.value):
        plan.missing += 1
        return None
    try:
        value = parse_number(record.value, comma)
        provisional = record.provisional or parse_status(record.status)
        as_of = parse_date(record.as_of) if not is_missing(record.as_of) else options.as_of
    except CellError as error:
        plan.error(record.line, record.column, str(error))
        return None
    area = record.area if record.area is not None and str(record.area).strip() else default_area
    if isinstance(area, CodedArea):
        unit, problem = areas.resolve_coded(area.code, area.name, record.period[1])
        known = areas.knows(area.name) or bool(areas.by_padded_code(area.code))
    else:
        unit, problem, known = areas.resolve(area, record.period[1]), "", areas.knows(area)
    if unit is None:
        if options.skip_unknown_areas and not known:
            plan.skipped_areas[str(area)] = plan.skipped_areas.get(str(area), 0) + 1
        else:
            plan.error(
                record.line,
                "",
                problem
                or f"địa bàn '{area}' không có hoặc không rõ ràng vào kỳ {record.period[0]}",
            )
        return None
    if not record.indicator:
        plan.error(record.line, record.column, "thiếu tên chỉ tiêu")
        return None
    return Draft(
        indicator=(record.indicator[:255], record.measure[:60]),
        unit=unit,
        period=record.period,
        breakdown=record.breakdown[:200],
        value=value,
        provisional=provisional,
        as_of=as_of,
        note=record.note[:500],
        source=(record.source or options.source)[:300],
        line=record.line,
    )


@dataclass
class Target:
    """Where a plan goes: a dataset (created if new) and the resource named within it."""

    dataset: Dataset
    resource_name: str
    user: object = None
    themes: list = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str = ""  # for a dataset that cites none yet


def apply(plans_and_targets: list[tuple[Plan, Target]]) -> list[ResourceVersion | None]:
    """Write every plan or none. A resource whose file is unchanged gets no new version (None).
    Files stored before a failure are removed with the rolled-back rows."""
    bad = [plan for plan, _ in plans_and_targets if not plan.ok]
    if bad:
        raise ValueError(f"{len(bad)} bảng còn lỗi; không ghi gì.")
    versions = []
    try:
        with transaction.atomic():
            indicators = _IndicatorCache()
            for plan, target in plans_and_targets:
                versions.append(_write(plan, target, indicators))
                if target.source and not target.dataset.source:
                    target.dataset.source = target.source
                    target.dataset.save(update_fields=["source", "search_text", "modified_at"])
                if target.themes:
                    target.dataset.themes.add(*target.themes)
                if target.tags:
                    target.dataset.tags.add(*target.tags)
            for dataset in {target.dataset for _, target in plans_and_targets}:
                dataset.refresh_coverage()
            transaction.on_commit(bump_content_version)  # cached pages show the new figures
    except BaseException:
        for version in versions:
            if version is not None:
                version.file.delete(save=False)
        raise
    return versions


def _write(plan: Plan, target: Target, indicators: "_IndicatorCache") -> ResourceVersion | None:
    dataset = target.dataset
    if dataset._state.adding:
        dataset.save()
    resource, _ = Resource.objects.get_or_create(
        dataset=dataset,
        name=target.resource_name,
        defaults={"format": plan.format, "position": dataset.resources.count()},
    )
    digest = hashlib.sha256(plan.data).hexdigest()
    latest = resource.versions.first()
    if latest and latest.sha256 == digest:
        return None
    resource.observations.all().delete()
    # A new indicator is filed under the theme of the dataset it first comes in with.
    theme = target.themes[0] if target.themes else dataset.themes.first()
    Observation.objects.bulk_create(
        (
            Observation(
                resource=resource,
                indicator=indicators.get(*d.indicator, theme=theme),
                unit=d.unit,
                period=d.period[0],
                period_type=d.period[3],
                period_start=d.period[1],
                period_end=d.period[2],
                breakdown=d.breakdown,
                value=d.value,
                provisional=d.provisional,
                as_of=d.as_of,
                note=d.note,
                source=d.source,
            )
            for d in plan.drafts
        ),
        batch_size=2000,
    )
    version = ResourceVersion(
        resource=resource,
        original_name=plan.name[:255],
        sha256=digest,
        size=len(plan.data),
        rows=len(plan.drafts),
        created_by=target.user,
    )
    version.file.save(plan.name.rsplit("/", 1)[-1], ContentFile(plan.data), save=False)
    version.save()
    # New figures change the table and its dataset as much as an edit does: the page's date,
    # DCAT's dct:modified, CKAN's metadata_modified and the sitemap all read modified_at.
    # Stamped inside apply()'s transaction, so a failed import dates nothing.
    Resource.objects.filter(pk=resource.pk).update(
        format=plan.format, modified_at=version.created_at
    )
    Dataset.objects.filter(pk=dataset.pk).update(modified_at=version.created_at)
    dataset.modified_at = version.created_at
    return version


class _IndicatorCache:
    """Indicators by (folded name, measure): an existing one is reused, a new one created once."""

    def __init__(self):
        self.known = {(i.name_folded, i.measure): i for i in Indicator.objects.all()}
        self.codes = set(Indicator.objects.values_list("code", flat=True))

    def get(self, name: str, measure: str, theme=None) -> Indicator:
        key = (fold(name), measure)
        if key not in self.known:
            base = slugify_vi(f"{name} {measure}", 110) or "chi-tieu"
            code, n = base, 1
            while code in self.codes:
                n += 1
                code = f"{base}-{n}"
            self.codes.add(code)
            self.known[key] = Indicator.objects.create(
                code=code, name=name, measure=measure, theme=theme
            )
        return self.known[key]
