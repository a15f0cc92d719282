"""One quarter's report as plain data (JSON): every KPI with its definition, its figure, the
previous quarter's and the plan's. The dashboard, the PDF, the workbook and the document all
render this, and a stored report keeps it as it was computed."""

import datetime
import time
from dataclasses import asdict

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from . import plan
from .kpis import GROUPS, KPI, Result, Row, evaluate, in_order, shared_queries
from .models import PageViewDay, QuarterlyReport
from .quarters import Quarter

NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LIVE_SECONDS = 300
VERSION_KEY = "reports:live:version"


class NothingToReport(ValueError):
    """A quarter with nothing to count: refused rather than made into a report of zeros that
    reads like a real one."""


def first_record_day() -> datetime.date | None:
    """The local day of the earliest record the KPIs count (articles, citizens' feedback,
    contributions, monitored items, datasets, page views); None while there is none. A quarter
    that ends before it can only report zeros."""
    from cityportal.contributions.models import Submission
    from cityportal.feedback.models import Comment, Enquiry
    from cityportal.news.models import ArticlePage
    from cityportal.opendata.models import Dataset

    moments = [
        ArticlePage.objects.exclude(first_published_at=None).aggregate(m=Min("published_at"))["m"],
        Comment.objects.aggregate(m=Min("created_at"))["m"],
        Enquiry.objects.aggregate(m=Min("created_at"))["m"],
        Submission.objects.aggregate(m=Min("submitted_at"))["m"],
        Dataset.objects.aggregate(m=Min("created_at"))["m"],
    ]
    days = [timezone.localdate(moment) for moment in moments if moment is not None]
    days.append(PageViewDay.objects.aggregate(m=Min("day"))["m"])
    try:
        from cityportal.monitor.models import Item
    except (ImportError, RuntimeError):  # the monitor is optional, as for its KPIs
        pass
    else:
        days.append(Item.objects.aggregate(m=Min("published_on"))["m"])
    return min((day for day in days if day is not None), default=None)


def check(quarter: Quarter, today: datetime.date | None = None) -> str:
    """NothingToReport for a quarter not begun or ending before the portal's first record;
    for a quarter still running, the note that says so (empty otherwise)."""
    today = today or timezone.localdate()
    if quarter.start > today:
        raise NothingToReport(
            f"{quarter.label} chưa bắt đầu (từ {quarter.start:%d/%m/%Y}): chưa có gì để báo cáo."
        )
    first = first_record_day()
    if first is None:
        raise NothingToReport(
            "Cổng chưa có dữ liệu nào (bài viết, ý kiến, bộ dữ liệu…) để báo cáo."
        )
    if quarter.end < first:
        raise NothingToReport(
            f"{quarter.label} kết thúc trước khi Cổng có dữ liệu (bản ghi sớm nhất ngày "
            f"{first:%d/%m/%Y}): báo cáo sẽ toàn số 0."
        )
    if quarter.end >= today:
        return f"{quarter.label} chưa kết thúc: số liệu tính đến hết ngày {today:%d/%m/%Y}."
    return ""


def live(quarter: Quarter, *, refresh: bool = False) -> dict:
    """The quarter's figures as they stand, shared by the dashboard and its downloads for up to
    LIVE_SECONDS: over a million monitored items a snapshot takes seconds, and a leader who reads
    the page and then downloads its PDF gets the same figures. A changed plan or a new stored
    report (the previous quarter's figures) starts afresh; `refresh` recomputes now. A quarter
    `check` refuses raises NothingToReport."""
    check(quarter)
    # A version evicted from the cache comes back as a new one, never as an old number.
    key = f"reports:live:{quarter}:{cache.get_or_set(VERSION_KEY, time.time_ns, None)}"
    data = None if refresh else cache.get(key)
    if data is None:
        data = build(quarter)
        cache.set(key, data, LIVE_SECONDS)
    return data


def forget_live() -> None:
    """Every cached live snapshot is stale (the plan or a stored report changed)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set
        cache.set(VERSION_KEY, time.time_ns(), None)


def build(quarter: Quarter, now: datetime.datetime | None = None) -> dict:
    """The previous quarter's figures come from its latest stored report when there is one (what
    was reported then, and half the work); otherwise, and for KPIs added since, computed now."""
    previous = quarter.previous()
    targets = plan.targets(quarter)
    # Only a report made after that quarter closed: one made while it ran has part of it.
    reported = QuarterlyReport.objects.filter(
        quarter=str(previous), created_at__date__gt=previous.end
    ).first()
    earlier = _results(reported.data) if reported else {}
    with shared_queries():
        kpis = [
            _entry(
                kpi,
                evaluate(kpi, quarter.start, quarter.end),
                earlier[kpi.key]
                if kpi.key in earlier
                else evaluate(kpi, previous.start, previous.end),
                targets,
            )
            for kpi in in_order()
        ]
    groups = []
    for key, title in GROUPS.items():
        members = [k for k in kpis if k["group"] == key]
        if members:
            groups.append(
                {"key": key, "number": NUMERALS[len(groups) + 1], "title": title, "kpis": members}
            )
    return {
        "quarter": str(quarter),
        "label": quarter.label,
        "start": quarter.start.isoformat(),
        "end": quarter.end.isoformat(),
        "previous": {
            "quarter": str(previous),
            "label": previous.label,
            "reported_at": reported.data["generated_at"] if reported else None,
        },
        "generated_at": timezone.localtime(now).isoformat(timespec="seconds"),
        "has_plan": bool(targets),
        "groups": groups,
    }


def _results(data: dict) -> dict[str, Result | None]:
    """A stored snapshot's figures, as results again (None where it had no data)."""
    results = {}
    for group in data["groups"]:
        for kpi in group["kpis"]:
            rows = kpi["rows"]
            results[kpi["key"]] = (
                Result(
                    kpi["value"],
                    None if rows is None else [Row(r["key"], r["label"], r["value"]) for r in rows],
                )
                if kpi["available"]
                else None
            )
    return results


def _entry(kpi: KPI, current: Result | None, before: Result | None, targets: dict) -> dict:
    value = current.value if current else None
    prev_value = before.value if before else None
    target = targets.get((kpi.key, ""))
    return {
        "key": kpi.key,
        "group": kpi.group,
        "name": kpi.name,
        "definition": kpi.definition,
        "unit": kpi.unit,
        "better": kpi.better,
        "ranking": kpi.ranking,
        "chart": kpi.chart,
        "in_summary": kpi.in_summary,
        "total_label": kpi.total_label,
        "row_header": kpi.row_header,
        "value_header": kpi.value_header,
        "columns": [asdict(c) for c in kpi.columns],
        "available": current is not None,
        "value": value,
        "previous": prev_value,
        "target": target,
        **plan.compare(value, prev_value, target, kpi.better),
        "rows": None
        if current is None or current.rows is None
        else _rows(kpi, current, before, targets),
    }


def _rows(kpi: KPI, current: Result, before: Result | None, targets: dict) -> list[dict]:
    """The quarter's rows beside the previous quarter's; for a breakdown (not a top list), a
    scope seen only last quarter or only in the plan is shown too, at 0."""
    prev_rows = {r.key: r.value for r in before.rows or []} if before else {}
    rows = list(current.rows)
    if not kpi.ranking:
        seen = {r.key for r in rows}
        planned = [scope for (key, scope) in targets if key == kpi.key and scope]
        labels = {r.key: r.label for r in before.rows or []} if before else {}
        if planned and kpi.scopes:
            labels = {**kpi.scopes(), **labels}
        for key in dict.fromkeys([*prev_rows, *planned]):
            if key not in seen:
                rows.append(Row(key, labels.get(key, key), 0))
    out = []
    for row in rows:
        if before is None:
            previous = None
        elif row.key in prev_rows:
            previous = prev_rows[row.key]
        else:  # absent from last quarter's breakdown: none then; from its top list: unknown
            previous = None if kpi.ranking else 0
        target = targets.get((kpi.key, row.key))
        out.append(
            {
                "key": row.key,
                "label": row.label,
                "value": row.value,
                "previous": previous,
                "target": target,
                "extra": row.extra,
                **plan.compare(row.value, previous, target, kpi.better),
            }
        )
    return out
