"""Talks, seminars and press conferences held, and who came. The events app is read lazily."""

from django.db.models import Count

from . import KPI, Result, Row, Unavailable, register


def _events():
    try:
        from cityportal.events.models import EventPage
    except (ImportError, RuntimeError) as error:
        raise Unavailable(str(error)) from error
    return EventPage


def _kinds() -> dict[str, str]:
    return dict(_events().Kind.choices)


def _held(start, end) -> Result:
    EventPage = _events()
    held = EventPage.objects.held_between(start, end)
    counts = dict(
        held.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    rows = [Row(kind, label, counts.get(kind, 0)) for kind, label in EventPage.Kind.choices]
    return Result(sum(counts.values()), rows)


def _people(start, end) -> Result:
    totals = _events().objects.held_between(start, end).totals()
    return Result(
        None,  # three different counts: no total
        [
            Row("registered", "Đăng ký tham dự (đã xác nhận)", totals["registered"]),
            Row("attended", "Có mặt (đã điểm danh)", totals["attended"]),
            Row("accredited", "Phóng viên được cấp thẻ tác nghiệp", totals["accredited"]),
        ],
    )


register(
    KPI(
        "events_held",
        "events",
        "Tọa đàm, hội thảo, họp báo đã tổ chức",
        "Sự kiện đã đăng trên Cổng, không bị hủy, bắt đầu trong quý (và đã bắt đầu tính đến "
        "nay). Kế hoạch có thể đặt cho từng loại: talk (tọa đàm), seminar (hội thảo)…",
        "sự kiện",
        _held,
        row_header="Loại sự kiện",
        scopes=_kinds,
    )
)
register(
    KPI(
        "event_people",
        "events",
        "Người tham dự các sự kiện",
        "Với các sự kiện trên: lượt đăng ký đã xác nhận, lượt có mặt và phóng viên được duyệt "
        "cấp thẻ tác nghiệp.",
        "người",
        _people,
        row_header="",
        scopes=lambda: {
            "registered": "Đăng ký",
            "attended": "Có mặt",
            "accredited": "Phóng viên",
        },
    )
)
