"""Per-agency figures for a period: what they sent, what was used, how fast the desk reviewed,
which requests they let slip. The editors' page and the quarterly report read the same rows."""

import datetime
import statistics
from dataclasses import dataclass

from django.utils import timezone

from cityportal.core.models import Organisation

from .models import ContentRequest, Submission


@dataclass
class Row:
    organisation: Organisation
    submitted: int = 0
    accepted: int = 0  # accepted or published
    published: int = 0
    declined: int = 0
    review_hours: list[float] | None = None
    requests: int = 0
    overdue: int = 0

    @property
    def median_review_hours(self) -> float | None:
        return statistics.median(self.review_hours) if self.review_hours else None


def scorecard(start: datetime.date, end: datetime.date) -> list[Row]:
    """Submissions sent from `start` to `end` (inclusive) and requests due in that period.
    Review time runs from sending to the first review (or to the decision, if that came first)."""
    rows: dict[int, Row] = {}

    def row(organisation):
        return rows.setdefault(organisation.pk, Row(organisation, review_hours=[]))

    submissions = Submission.objects.filter(
        submitted_at__date__gte=start, submitted_at__date__lte=end
    ).select_related("organisation")
    for s in submissions:
        r = row(s.organisation)
        r.submitted += 1
        r.accepted += s.status in (Submission.Status.ACCEPTED, Submission.Status.PUBLISHED)
        r.published += s.status == Submission.Status.PUBLISHED
        r.declined += s.status == Submission.Status.DECLINED
        first_look = min((t for t in (s.reviewed_at, s.decided_at) if t), default=None)
        if first_look:
            r.review_hours.append((first_look - s.submitted_at).total_seconds() / 3600)
    today = timezone.localdate()
    requests = ContentRequest.objects.filter(due_date__gte=start, due_date__lte=end)
    still_open = set(requests.open().values_list("pk", flat=True))
    for request in requests.select_related("organisation"):
        r = row(request.organisation)
        r.requests += 1
        r.overdue += request.pk in still_open and request.due_date < today
    return sorted(rows.values(), key=lambda r: r.organisation.name)
