"""Agencies' contributions: the contributions desk's own scorecard, per agency."""

from cityportal.contributions.scorecard import scorecard
from cityportal.core.models import Organisation

from . import KPI, Column, Result, Row, register


def _by_agency(start, end) -> Result:
    rows = [
        Row(
            r.organisation.slug,
            r.organisation.name,
            r.submitted,
            {
                "accepted": r.accepted,
                "published": r.published,
                "declined": r.declined,
                "median_review_hours": r.median_review_hours,
                "requests": r.requests,
                "overdue": r.overdue,
            },
        )
        for r in scorecard(start, end)
    ]
    return Result(sum(r.value for r in rows), rows)


register(
    KPI(
        "contributions_by_agency",
        "agencies",
        "Bài cộng tác theo cơ quan",
        "Bài cơ quan gửi trong quý (theo ngày gửi) và tình trạng hiện nay; tiếp nhận gồm cả đã "
        "đăng. Thời gian xử lý: trung vị số giờ từ khi gửi đến khi biên tập viên mở xem hoặc "
        "quyết định. Đề nghị: đề nghị cung cấp tin có hạn trong quý; quá hạn: chưa có bài trả "
        "lời khi đã qua hạn. Kế hoạch so với số bài gửi.",
        "bài",
        _by_agency,
        row_header="Cơ quan",
        value_header="Đã gửi",
        columns=(
            Column("accepted", "Tiếp nhận"),
            Column("published", "Đã đăng"),
            Column("declined", "Không sử dụng"),
            Column("median_review_hours", "Xử lý (giờ, trung vị)", "hours"),
            Column("requests", "Đề nghị"),
            Column("overdue", "Quá hạn"),
        ),
        scopes=lambda: dict(Organisation.objects.values_list("slug", "name")),
    )
)
