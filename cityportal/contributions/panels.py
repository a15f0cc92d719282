"""The dashboard panel: what on the contributions desk needs the user now. Editors see the
submissions waiting for a first look (oldest first) and the requests agencies let slip;
press officers see their organisations' submissions sent back for changes and the requests
still open for them. A fixed number of queries, whatever the backlog."""

from django.db.models import Max, Q
from django.template.loader import get_template
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import REVIEW_PERMISSION, ContentRequest, Submission

S = Submission.Status


def waited(since, now) -> str:
    """How long something has waited, in Vietnamese ("chờ 3 ngày"; Django's Vietnamese catalogue
    lacks the words `timesince` uses)."""
    minutes = int((now - since).total_seconds() // 60)
    if minutes < 1:
        return "vừa gửi"
    if minutes < 60:
        return f"chờ {minutes} phút"
    if minutes < 24 * 60:
        return f"chờ {minutes // 60} giờ"
    return f"chờ {minutes // (24 * 60)} ngày"


def _head(queryset, limit):
    """The first `limit` rows and how many there are in all (counted only when there are more)."""
    items = list(queryset[:limit])
    return items, len(items) if len(items) < limit else queryset.count()


class ContributionsPanel(Component):
    name = "contributions"
    template_name = "contributions/admin/panel.html"
    order = 200  # above Wagtail's own moderation panels
    limit = 10

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        today = timezone.localdate()
        context = {"today": today, "limit": self.limit, "request": parent_context["request"]}
        if user.has_perm(REVIEW_PERMISSION):
            context["to_review"], context["to_review_total"] = _head(
                Submission.objects.filter(status=S.SUBMITTED)
                .select_related("organisation")
                .order_by("submitted_at", "pk"),
                self.limit,
            )
            context["overdue"], context["overdue_total"] = _head(
                ContentRequest.objects.open()
                .filter(due_date__lt=today)
                .select_related("organisation")
                .order_by("due_date", "pk"),
                self.limit,
            )
        if user.memberships.exists():
            # Their own organisations, even for an editor who also serves an agency.
            context["to_revise"], context["to_revise_total"] = _head(
                Submission.objects.filter(
                    status=S.CHANGES_REQUESTED, organisation__memberships__user=user
                )
                .select_related("organisation")
                .annotate(
                    sent_back_at=Max(
                        "changes__at", filter=Q(changes__to_status=S.CHANGES_REQUESTED)
                    )
                )
                .order_by("sent_back_at", "pk"),
                self.limit,
            )
            context["requested"], context["requested_total"] = _head(
                ContentRequest.objects.open()
                .filter(organisation__memberships__user=user)
                .select_related("organisation")
                .order_by("due_date", "pk"),
                self.limit,
            )
        now = timezone.now()
        for submission in context.get("to_review", []):
            submission.waited = waited(submission.submitted_at, now)
        for content_request in context.get("overdue", []) + context.get("requested", []):
            content_request.days_late = (today - content_request.due_date).days
        context["empty"] = not any(
            context.get(key) for key in ("to_review", "overdue", "to_revise", "requested")
        )
        return context

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if context["empty"]:  # nothing needs them (or they have no part in the desk)
            return ""
        return get_template(self.template_name).render(context)
