"""The contributions desk in the admin: submissions for agencies and editors, requests and the
scorecard for editors."""

import datetime

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from cityportal.core.viewsets import AdminScreen, StrictIndexView

from . import notifications, views
from .forms import ContentRequestForm, DueDateField
from .models import REVIEW_PERMISSION, ContentRequest, Membership
from .scorecard import scorecard


class ContentRequestCreateView(CreateView):
    """One form, one request per agency chosen."""

    def save_instance(self):
        first, *others = self.form.cleaned_data["organisation"]
        request = self.form.instance
        # The editor who asks hears of it when the request runs overdue.
        request.organisation, request.created_by = first, self.request.user
        super().save_instance()
        self.others = [
            ContentRequest.objects.create(
                organisation=organisation,
                title=request.title,
                description=request.description,
                due_date=request.due_date,
                created_by=self.request.user,
            )
            for organisation in others
        ]
        for other in self.others:
            log(other, "wagtail.create", user=self.request.user)
        notifications.requested([request, *self.others])
        return request

    def get_success_message(self, instance):
        if not self.others:
            return super().get_success_message(instance)
        return f"Đã gửi đề nghị “{instance.title}” tới {len(self.others) + 1} cơ quan."


def standing(request: ContentRequest) -> str:
    """Answered, late or waiting, as an editor on deadline reads the listing."""
    today = timezone.localdate()
    if request.answered_at is not None:
        sent = timezone.localtime(request.answered_at).date()
        late = (sent - request.due_date).days
        return f"Đã gửi {sent:%d/%m/%Y}" + (f", trễ {late} ngày" if late > 0 else "")
    if request.due_date < today:
        return f"Quá hạn {(today - request.due_date).days} ngày"
    return "Chưa gửi"


class ContentRequestIndexView(StrictIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_answer()


class ContentRequestViewSet(ModelViewSet):
    model = ContentRequest
    add_view_class = ContentRequestCreateView
    icon = "date"
    menu_label = "Đề nghị cung cấp tin"
    add_to_admin_menu = False
    form_fields = ["organisation", "title", "description", "due_date"]
    list_display = [
        "title",
        "organisation",
        "due_date",
        Column("standing", label="Tình trạng", accessor=standing),
    ]
    list_filter = ["organisation"]
    index_view_class = ContentRequestIndexView

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "due_date":  # the edit form's, as the new request's
            kwargs["form_class"] = DueDateField
        return super().formfield_for_dbfield(db_field, **kwargs)

    def get_form_class(self, for_update=False):
        # Editing changes one request; asking is for one agency or several.
        return super().get_form_class(for_update) if for_update else ContentRequestForm


content_requests = ContentRequestViewSet("content_requests")


class MembershipViewSet(ModelViewSet):
    """Who acts for which agency: sends its contributions, answers its citizens' enquiries,
    publishes its open data. A press officer may serve several."""

    model = Membership
    icon = "group"
    menu_label = "Thành viên cơ quan"
    # The viewset's own item: shown only to those with a permission on memberships.
    add_to_settings_menu = True
    form_fields = ["user", "organisation"]
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]
    index_view_class = StrictIndexView


memberships = MembershipViewSet("memberships")


class ScorecardView(AdminScreen, TemplateView):
    template_name = "contributions/admin/scorecard.html"
    page_title = "Đánh giá cộng tác theo cơ quan"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        start = _date(self.request.GET.get("from"), quarter_start)
        end = _date(self.request.GET.get("to"), today)
        return super().get_context_data(rows=scorecard(start, end), start=start, end=end, **kwargs)


def _date(value, default):
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("contributions/", views.submission_list, name="contribution_list"),
        path("contributions/new/", views.submission_create, name="contribution_create"),
        path("contributions/<int:pk>/", views.submission_detail, name="contribution_detail"),
        path("contributions/<int:pk>/edit/", views.submission_edit, name="contribution_edit"),
        path("contributions/<int:pk>/move/", views.submission_move, name="contribution_move"),
        path(
            "contributions/<int:pk>/files/<int:attachment_pk>/",
            views.attachment_download,
            name="contribution_attachment",
        ),
        path("reports/contributions/", ScorecardView.as_view(), name="contribution_scorecard"),
    ]


@hooks.register("register_admin_viewset")
def register_requests():
    return content_requests


@hooks.register("register_admin_viewset")
def register_memberships():
    return memberships


class ContributorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVIEW_PERMISSION) or request.user.memberships.exists()


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ContributorMenuItem(
        "Bài cộng tác", reverse("contribution_list"), icon_name="mail", order=210
    )


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVIEW_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return ReviewerMenuItem(
        "Đề nghị cung cấp tin", reverse("content_requests:index"), icon_name="date", order=211
    )


@hooks.register("register_reports_menu_item")
def register_scorecard_menu_item():
    return ReviewerMenuItem(
        "Cộng tác theo cơ quan", reverse("contribution_scorecard"), icon_name="table", order=901
    )


@hooks.register("construct_homepage_panels")
def add_contributions_panel(request, panels):
    from .panels import ContributionsPanel

    panels.append(ContributionsPanel())
