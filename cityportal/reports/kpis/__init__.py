"""The programme's key figures: each KPI has a key, a Vietnamese name, the definition shown
beside it, a unit and a `compute(start, end)` over local dates (both included).

A KPI gives a headline `value`, `rows` broken down by a scope (a section's slug, an agency's
slug…), or both. Rows are what a plan's targets with a scope compare against."""

import contextlib
import contextvars
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

GROUPS = {
    "content": "Thông tin đăng tải",
    "audience": "Lượt xem của bạn đọc",
    "agencies": "Cộng tác của các cơ quan, đơn vị",
    "feedback": "Tiếp nhận và trả lời ý kiến người dân",
    "opinion": "Dư luận xã hội",
    "events": "Tọa đàm, sự kiện",
    "opendata": "Dữ liệu mở",
}


class Unavailable(Exception):
    """The records a KPI reads do not exist here (an app not installed): "chưa có dữ liệu"."""


@dataclass
class Row:
    key: str
    label: str
    value: float | None
    extra: dict = field(default_factory=dict)


@dataclass
class Result:
    value: float | None = None
    rows: list[Row] | None = None


@dataclass(frozen=True)
class Column:
    """An extra column of a KPI's rows (the scorecard's accepted, declined…)."""

    key: str
    header: str
    kind: str = "number"  # number | percent | hours


@dataclass(frozen=True)
class KPI:
    key: str
    group: str
    name: str
    definition: str
    unit: str
    compute: Callable[[datetime.date, datetime.date], Result]
    better: str = "higher"  # or "lower" (response time): how the plan is met
    plannable: bool = True
    ranking: bool = False  # rows are a top list: not merged with the previous quarter's
    row_header: str = ""
    value_header: str = ""
    columns: tuple[Column, ...] = ()
    chart: bool = False
    total_label: str = "Tổng"  # the row under the breakdown, when the value is not its sum
    in_summary: bool = True  # False where the headline repeats another KPI's
    scopes: Callable[[], dict[str, str]] | None = None  # every scope a target may name
    # A bar colour per row key where colour means something (sentiment), read when drawn
    colours: Callable[[], dict[str, str]] | None = None


REGISTRY: dict[str, KPI] = {}


def register(kpi: KPI) -> KPI:
    REGISTRY[kpi.key] = kpi
    return kpi


_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("kpi_memo", default=None)


@contextlib.contextmanager
def shared_queries():
    """Within one report, KPIs reading the same costly query (the monitor's summary) run it
    once; outside, every call computes afresh."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once(key, compute: Callable):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def in_order() -> list[KPI]:
    """Group by group, as the report's sections run; within a group, as registered."""
    groups = list(GROUPS)
    return sorted(REGISTRY.values(), key=lambda kpi: groups.index(kpi.group))


def evaluate(kpi: KPI, start: datetime.date, end: datetime.date) -> Result | None:
    """The KPI's result, or None when its records are not there."""
    try:
        return kpi.compute(start, end)
    except Unavailable:
        return None


from . import agencies, audience, content, events, feedback, opendata, opinion  # noqa: E402,F401
