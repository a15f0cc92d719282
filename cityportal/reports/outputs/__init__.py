"""The report's renderings (PDF, XLSX, DOCX) and what they share: number formats, charts and the
context the templates read. Each renders a snapshot (snapshot.py), never the live records."""

import datetime

from cityportal.opendata.charts import STANDARD, Canvas, Point, bar_chart, format_number

DASH = "—"
MAX_CHART_BARS = 15
# The printed report draws its charts as wide as the text column (A4 less the official 30 and
# 15 mm margins: 165 mm, 624 CSS px), so that 13 px text prints at 9.75 pt, as its tables' 9.5 pt;
# the standard 640-wide drawing, shrunk to the column, printed its text at 8.5 pt. Its bars are
# packed closer (4 mm bars 7 mm apart): the larger text made each chart a sixth taller.
PRINTED_CANVAS = Canvas(width=624, font=13, row=24)
# A top list in the printed report (PDF, DOCX) stops here: a leader reads the first twenty
# places, not 460 of them; the workbook keeps every row.
PRINTED_ROWS = 20
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def number(value, kind: str = "number") -> str:
    """Vietnamese style (1.234,5); "—" where there is no figure."""
    if value is None:
        return DASH
    if kind == "percent":
        return format_number(value * 100, 1) + "%"
    if kind == "hours" or (isinstance(value, float) and not value.is_integer()):
        return format_number(value, 1)
    return format_number(value, 0)


# A change and its percentage are one unbreakable figure: "-15 (-26,8%)" wrapped as "-15 (-" /
# "26,8%)" in narrow columns. A no-break space joins them, and a fall is signed with the minus
# sign (U+2212), never a line-break point after it, as a hyphen is in Word and LibreOffice; the
# workbook signs its numbers with the same minus (xlsx.CHANGE).
MINUS, NBSP = "\u2212", "\u00a0"


def signed(value: float, decimals: int | None = None) -> str:
    """+3, −1, 0 (a fall that rounds to 0 unsigned); `decimals` None: as number() writes it."""
    text = number(abs(value)) if decimals is None else format_number(abs(value), decimals)
    if value < 0 and text.strip("0.,"):
        return MINUS + text
    return ("+" if value > 0 else "") + text


def change(item: dict) -> str:
    if item.get("change") is None:
        return DASH
    text = signed(item["change"])
    if item.get("change_pct") is not None:
        text += f"{NBSP}({signed(item['change_pct'], 1)}%)"
    return text


def plan_reached(item: dict) -> str:
    if item.get("met") is None:
        return DASH
    verdict = "đạt" if item["met"] else "chưa đạt"
    if item.get("plan_pct") is None:
        return verdict
    return f"{format_number(item['plan_pct'], 0)}% – {verdict}"


# What snapshots stored before a table's columns named their quarters: read as no measure.
UNNAMED_QUARTER = "Quý này"


def quarter_headers(kpi: dict, data: dict) -> tuple[str, str]:
    """A breakdown's two figure columns, each naming its quarter as the rest of the report does
    ("Quý III/2026", "Quý II/2026"), after the measure where the KPI names one ("Lượt xem Quý
    III/2026"): "Quý này" beside "Quý II/2026" made a leader look up which quarter was meant."""
    measure = kpi.get("value_header", "")
    measure = "" if measure == UNNAMED_QUARTER else measure
    return tuple(
        f"{measure} {label}" if measure else label
        for label in (data["label"], data["previous"]["label"])
    )


def is_planned(kpi: dict) -> bool:
    return kpi["target"] is not None or any(r["target"] is not None for r in kpi["rows"] or [])


def chart(kpi: dict, canvas: Canvas = STANDARD) -> str:
    """A bar per row (the largest first, at most MAX_CHART_BARS), as SVG on `canvas`; "" when
    nothing to draw."""
    if not kpi["chart"] or not kpi["rows"] or not any(r["value"] for r in kpi["rows"]):
        return ""
    rows = sorted(kpi["rows"], key=lambda r: -(r["value"] or 0))[:MAX_CHART_BARS]
    colours = colours_of(kpi["key"])
    points = [Point(r["label"], r["value"] or 0, colour=colours.get(r["key"], "")) for r in rows]
    return bar_chart(
        kpi["name"],
        points,
        measure=kpi["unit"],
        chart_id=f"chart-{kpi['key']}",
        # Counts (articles, views, stories) tick 0, 1, 2, not 0,25 of an article.
        whole=all(float(p.value).is_integer() for p in points),
        canvas=canvas,
    )


def colours_of(key: str) -> dict[str, str]:
    """A bar colour per row key of the KPI, where its colours mean something; {} otherwise (also
    for a KPI a stored snapshot names that is no longer defined, or whose app is not there)."""
    from cityportal.reports.kpis import REGISTRY, Unavailable

    kpi = REGISTRY.get(key)
    if kpi is None or kpi.colours is None:
        return {}
    try:
        return kpi.colours()
    except Unavailable:
        return {}


def dates(data: dict) -> tuple[datetime.date, datetime.date]:
    return datetime.date.fromisoformat(data["start"]), datetime.date.fromisoformat(data["end"])


def running_note(data: dict) -> str:
    """For a quarter computed before it closed, what its figures cover: otherwise its dates read
    as the whole quarter's."""
    generated = datetime.datetime.fromisoformat(data["generated_at"])
    if generated.date() > dates(data)[1]:
        return ""
    return f"quý chưa kết thúc, số liệu tính đến {generated:%H:%M} ngày {generated:%d/%m/%Y}"


def period_text(data: dict) -> str:
    """ "Từ ngày 01/07/2021 đến ngày 30/09/2021", and for a running quarter what it covers."""
    start, end = dates(data)
    note = running_note(data)
    return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}" + (f"; {note}" if note else "")


def figures(data: dict):
    """Every figure of the snapshot: each KPI's headline, its rows' and their extra columns'."""
    for group in data["groups"]:
        for kpi in group["kpis"]:
            yield kpi["value"]
            for row in kpi["rows"] or []:
                yield row["value"]
                yield from row["extra"].values()


def no_activity_note(data: dict) -> str:
    """For a quarter in which not one figure is above zero (the portal had records before, but
    nothing dated in this quarter), the note that says so: without it, its tables of zeros read
    as a quarter measured and found wanting. Read from the figures, so a stored report gets it
    too."""
    if any(figure for figure in figures(data)):
        return ""
    return (
        f"{data['label']} không ghi nhận hoạt động nào trên Cổng: không có tin bài, lượt xem, "
        "ý kiến người dân, tin cộng tác của cơ quan, tin dư luận, sự kiện hay bộ dữ liệu nào "
        "trong quý. Các số 0 trong báo cáo là do không có hoạt động được ghi nhận; nếu trong quý "
        "có hoạt động, cần kiểm tra việc cập nhật số liệu trước khi sử dụng báo cáo."
    )


def template_context(data: dict, printed: bool = False, deferred: frozenset = frozenset()) -> dict:
    """The snapshot plus what templates cannot compute: formatted cells and charts; `printed`
    cuts top lists to PRINTED_ROWS (rows with a target always stay) and draws the charts for the
    printed column (PRINTED_CANVAS). The chart of a KPI in `deferred` is printed after the next
    KPI, its caption naming the section it belongs to (pdf.render: a chart that would leave the
    foot of a page blank)."""
    start, end = dates(data)
    generated = datetime.datetime.fromisoformat(data["generated_at"])
    groups = []
    for group in data["groups"]:
        kpis = []
        for n, kpi in enumerate(group["kpis"], 1):
            planned = is_planned(kpi)
            value_header, previous_header = quarter_headers(kpi, data)
            width = 3 + len(kpi["columns"]) + (0 if kpi["columns"] else 1) + 2 * planned
            kpis.append(
                {
                    **kpi,
                    # A trailing space (a definition built by joining sentences) made WeasyPrint
                    # break a justified line early, one word alone on it.
                    "definition": kpi["definition"].strip(),
                    "planned": planned,
                    "value_header": value_header,
                    "previous_header": previous_header,
                    "width": width,
                    "svg": chart(kpi, PRINTED_CANVAS if printed else STANDARD),
                    "cells": cells(kpi, PRINTED_ROWS if printed else None),
                    "ref": f"{group['number']}.{n}",
                }
            )
        groups.append({**group, "kpis": kpis})
    _place_figures([k for g in groups for k in g["kpis"]], deferred)
    return {
        "report": data,
        "groups": groups,
        "summary": [k for g in groups for k in g["kpis"] if in_summary(k)],
        "start": start,
        "end": end,
        "generated": generated,
        "running_note": running_note(data),
        "no_activity_note": no_activity_note(data),
        "period_text": period_text(data),
        "issuer": issuer(),
        "previous_reported_at": (
            datetime.datetime.fromisoformat(data["previous"]["reported_at"])
            if data["previous"].get("reported_at")
            else None
        ),
    }


def _place_figures(kpis: list[dict], deferred: frozenset) -> None:
    """Each KPI's `figures`: the charts printed at its end, its own unless deferred, after one
    deferred from the KPI before it (the last KPI keeps its own)."""
    incoming: list[dict] = []
    for n, kpi in enumerate(kpis):
        own = [kpi] if kpi["svg"] else []
        if kpi["key"] in deferred and n + 1 < len(kpis):
            kpi["figures"], incoming = incoming, own
        else:
            kpi["figures"], incoming = incoming + own, []


def in_summary(kpi: dict) -> bool:
    """Headline figures only: not a top list's, nor one that repeats another KPI's."""
    return kpi.get("in_summary", True) and (kpi["value"] is not None or not kpi["available"])


def cells(kpi: dict, top: int | None = None) -> dict:
    """Formatted figures of the KPI and each row, keyed like the snapshot; of a top list, the
    first `top` rows and those with a target, with `more` telling how many are left out."""

    def of(item):
        return {
            "value": number(item["value"]),
            "previous": number(item["previous"]),
            "target": number(item["target"]),
            "change": change(item),
            "plan": plan_reached(item),
        }

    shown = kpi["rows"] or []
    if top is not None and kpi["ranking"]:
        shown = [r for n, r in enumerate(shown) if n < top or r["target"] is not None]
    rows = [
        {
            "label": r["label"],
            **of(r),
            "extra": [number(r["extra"].get(c["key"]), c["kind"]) for c in kpi["columns"]],
        }
        for r in shown
    ]
    return {**of(kpi), "rows": rows, "more": len(kpi["rows"] or []) - len(shown)}


def issuer() -> dict:
    """Who issues and signs the report; settings may name them (REPORT_ISSUER)."""
    from django.conf import settings

    default = {
        "bodies": ["BAN TUYÊN GIÁO THÀNH ỦY TP.HCM", "CỔNG TTĐT CHÍNH PHỦ"],
        "place": "Thành phố Hồ Chí Minh",
        "reference": "Số:      /BC-PH",
        "signatures": [
            {"body": "ĐẠI DIỆN BAN TUYÊN GIÁO THÀNH ỦY TP.HCM", "name": ""},
            {"body": "ĐẠI DIỆN CỔNG TTĐT CHÍNH PHỦ", "name": ""},
        ],
        "recipients": ["Như trên;", "Thường trực Thành ủy (để báo cáo);", "Lưu: VT."],
    }
    return {**default, **getattr(settings, "REPORT_ISSUER", {})}
