"""Citizens' comments, ideas and questions: received, answered, overdue, how fast."""

import statistics

from django.db.models import Count, F, Q
from django.utils import timezone

from cityportal.feedback.models import Comment, Enquiry

from ..quarters import local_bounds
from . import KPI, Result, Row, register


def _received(start, end) -> Result:
    since, until = local_bounds(start, end)
    comments = (
        Comment.objects.filter(created_at__gte=since, created_at__lt=until, official=False)
        .exclude(status=Comment.Status.SPAM)
        .count()
    )
    enquiries = (
        Enquiry.objects.filter(created_at__gte=since, created_at__lt=until)
        .exclude(status=Enquiry.Status.SUSPECT)
        .aggregate(
            ideas=Count("pk", filter=Q(kind=Enquiry.Kind.IDEA)),
            questions=Count("pk", filter=Q(kind=Enquiry.Kind.QUESTION)),
        )
    )
    rows = [
        Row("comments", "Bình luận", comments),
        Row("ideas", Enquiry.Kind.IDEA.label, enquiries["ideas"]),
        Row("questions", Enquiry.Kind.QUESTION.label, enquiries["questions"]),
    ]
    return Result(sum(r.value for r in rows), rows)


def answered(start, end):
    since, until = local_bounds(start, end)
    return Enquiry.objects.filter(answered_at__gte=since, answered_at__lt=until)


def _answered(start, end) -> Result:
    return Result(answered(start, end).count())


def _overdue(start, end) -> Result:
    due = Enquiry.objects.filter(due_date__gte=start, due_date__lte=end)
    still_open = due.overdue(timezone.localdate()).count()
    late = due.filter(answered_at__date__gt=F("due_date")).count()
    return Result(
        still_open + late,
        [
            Row("open", "Chưa trả lời, đã quá hạn", still_open),
            Row("late", "Trả lời sau hạn", late),
        ],
    )


def _response_days(start, end) -> Result:
    spans = [
        (answered_at - created_at).total_seconds() / 86400
        for created_at, answered_at in answered(start, end).values_list("created_at", "answered_at")
    ]
    return Result(round(statistics.median(spans), 1) if spans else None)


register(
    KPI(
        "feedback_received",
        "feedback",
        "Ý kiến người dân gửi đến",
        "Bình luận của bạn đọc (không tính spam và trả lời chính thức của cơ quan), góp ý – "
        "hiến kế và câu hỏi gửi trong quý (không tính bản nghi gửi tự động).",
        "ý kiến",
        _received,
        row_header="Loại",
        scopes=lambda: {"comments": "Bình luận", "ideas": "Góp ý", "questions": "Câu hỏi"},
    )
)
register(
    KPI(
        "enquiries_answered",
        "feedback",
        "Góp ý, câu hỏi đã được trả lời",
        "Góp ý, câu hỏi có trả lời lần đầu trong quý (có thể gửi từ quý trước).",
        "ý kiến",
        _answered,
    )
)
register(
    KPI(
        "enquiries_overdue",
        "feedback",
        "Góp ý, câu hỏi quá hạn trả lời",
        "Góp ý, câu hỏi có hạn trả lời trong quý mà đến nay vẫn chưa trả lời dù đã qua hạn, "
        "hoặc đã trả lời sau hạn.",
        "ý kiến",
        _overdue,
        better="lower",
        row_header="Tình trạng",
    )
)
register(
    KPI(
        "response_days",
        "feedback",
        "Thời gian trả lời người dân (trung vị)",
        "Trung vị số ngày từ khi người dân gửi đến khi có trả lời, của các góp ý, câu hỏi "
        "được trả lời trong quý.",
        "ngày",
        _response_days,
        better="lower",
    )
)
