"""The admin for readers' voices: the comments queue (a snippet listing with bulk approve, reject
and spam), the official reply, the blocked-words list, personal-data requests, and ideas and
questions (the desk's viewset in enquiry_admin, the agencies' pages in agency_views)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from cityportal.core.bulk_actions import ConfirmedBulkAction
from cityportal.core.middleware import bump_content_version
from cityportal.core.viewsets import PermissionCheckedChooserViewSet, StrictFiltersMixin

from . import agency_views, notifications
from .admin_views import PERSONAL_DATA_PERMISSION, PersonalDataView, ReplyView
from .enquiry_admin import ANSWERED_LOG_ACTION, attachment_download, enquiries
from .models import BlockedWord, Comment
from .moderation import after_moderation, moderate

Status = Comment.Status


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action("feedback.approved", "Duyệt bình luận", "Đã duyệt bình luận")
    actions.register_action("feedback.rejected", "Từ chối bình luận", "Đã từ chối bình luận")
    actions.register_action("feedback.spam", "Đánh dấu spam", "Đã đánh dấu bình luận là spam")
    actions.register_action("feedback.pending", "Trả về chờ duyệt", "Đã trả bình luận về chờ duyệt")
    actions.register_action("feedback.reply", "Trả lời chính thức", "Đã trả lời chính thức")


@hooks.register("after_delete_snippet")
def refresh_pages_after_delete(request, instances):
    if any(isinstance(i, Comment) and i.status == Status.APPROVED for i in instances):
        transaction.on_commit(bump_content_version)


# --- The queue ---------------------------------------------------------------------------------


def _excerpt(comment: Comment) -> str:
    return Truncator(" ".join(comment.body.split())).chars(90)


def _target_link(comment: Comment):
    target = comment.target
    if target is None:
        return "—"
    url = notifications.target_url(target)
    title = getattr(target, "title", str(target))
    if not url:
        return title
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, title)


class CommentIndexView(StrictFiltersMixin, IndexView):
    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        if field_name != "excerpt":
            return super()._get_title_column(field_name, column_class, **kwargs)
        return self._get_title_column_class(column_class)(
            "excerpt",
            label="Bình luận",
            accessor=_excerpt,
            get_url=self.get_edit_url,
            **kwargs,
        )

    def get_add_url(self):
        return None  # comments come from readers; the newsroom answers with a reply

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                Button(
                    "Trả lời chính thức",
                    url=reverse("feedback_comments:reply", args=[instance.pk]),
                    icon_name="comment-add",
                    priority=15,
                )
            )
        return buttons


class CommentCreateView(CreateView):
    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class CommentEditView(EditView):
    """Change the status (recorded as a moderation, with its e-mails) or the official flag."""

    def save_instance(self):
        old = Comment.objects.filter(pk=self.object.pk).values_list("status", flat=True).get()
        instance = super().save_instance()
        if instance.status != old:
            instance.moderate(instance.status, self.request.user)
            after_moderation([(instance, old)], instance.status, self.request.user)
        elif "official" in self.form.changed_data and instance.status == Status.APPROVED:
            transaction.on_commit(bump_content_version)
        return instance

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                "Trả lời chính thức",
                url=reverse("feedback_comments:reply", args=[self.object.pk]),
                icon_name="comment-add",
            )
        ]
        if url := notifications.target_url(self.object.target):
            buttons.append(HeaderButton("Xem trang", url=url, icon_name="link-external"))
        return buttons


class PendingMenuItemMixin:
    def render_component(self, request):
        return LinkMenuItemComponent(
            self.name,
            f"Bình luận chờ duyệt ({Comment.objects.pending().count()})",
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class CommentViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedChooserViewSet
    model = Comment
    icon = "comment"
    menu_label = "Bình luận chờ duyệt"
    menu_name = "binh-luan"
    base_url_path = "feedback/comments"
    admin_url_namespace = "feedback_comments"
    index_view_class = CommentIndexView
    add_view_class = CommentCreateView
    edit_view_class = CommentEditView
    copy_view_enabled = False
    list_display = [
        "excerpt",
        "name",
        Column("target", label="Bài, dữ liệu", accessor=_target_link),
        "status",
        "held_because",
        DateColumn("created_at", label="Gửi lúc", sort_key="created_at"),
    ]
    list_filter = ["status", "official", "created_at"]
    search_fields = ["name", "body", "email"]  # staff may look a reader up by e-mail
    search_backend_name = None
    list_per_page = 50
    panels = [
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("body", read_only=True),
        FieldPanel("held_because", read_only=True),
        FieldPanel("status"),
        FieldPanel("official"),
    ]

    @cached_property
    def menu_item_class(self):
        return type("PendingCommentsMenuItem", (PendingMenuItemMixin, super().menu_item_class), {})

    def get_queryset(self, request):
        # Pending first, newest first within each status.
        return (
            Comment.objects.select_related("content_type")
            .prefetch_related("target")
            .annotate(
                _queue=Case(
                    When(status=Status.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("_queue", "-created_at", "-pk")
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/reply/", ReplyView.as_view(), name="reply"),
        ]


class BlockedWordViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedChooserViewSet
    model = BlockedWord
    icon = "warning"
    menu_label = "Từ bị chặn"
    base_url_path = "feedback/blocked-words"
    admin_url_namespace = "feedback_blocked_words"
    list_display = ["phrase", "note"]
    search_fields = ["phrase", "note"]
    search_backend_name = None
    form_fields = ["phrase", "note"]
    copy_view_enabled = False


class FeedbackGroup(SnippetViewSetGroup):
    menu_label = "Ý kiến bạn đọc"
    menu_icon = "comment"
    menu_name = "y-kien-ban-doc"
    menu_order = 212
    items = (CommentViewSet, BlockedWordViewSet)


register_snippet(FeedbackGroup)


# --- Bulk actions ------------------------------------------------------------------------------


class CommentBulkAction(ConfirmedBulkAction):
    """Approve, reject or mark as spam the selected comments (GET: confirm; POST: do it)."""

    models = [Comment]
    noun = "bình luận"
    status: str = ""
    no_access_message = "Bạn không có quyền duyệt các bình luận này:"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        changed = moderate(objects, cls.status, user)
        return len(changed), 0


@hooks.register("register_bulk_action")
class ApproveBulkAction(CommentBulkAction):
    display_name = "Duyệt"
    action_type = "approve"
    aria_label = "Duyệt các bình luận đã chọn"
    action_priority = 10
    status = Status.APPROVED
    verb = "duyệt"


@hooks.register("register_bulk_action")
class RejectBulkAction(CommentBulkAction):
    display_name = "Từ chối"
    action_type = "reject"
    aria_label = "Từ chối các bình luận đã chọn"
    action_priority = 20
    status = Status.REJECTED
    verb = "từ chối"
    button_class = "serious"
    classes = {"serious"}


@hooks.register("register_bulk_action")
class SpamBulkAction(CommentBulkAction):
    display_name = "Đánh dấu spam"
    action_type = "spam"
    aria_label = "Đánh dấu spam các bình luận đã chọn"
    action_priority = 25
    status = Status.SPAM
    verb = "đánh dấu spam"
    button_class = "serious"
    classes = {"serious"}


# --- Personal data requests (Decree 13/2023/NĐ-CP): the view is in admin_views ------------------


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [
        path(
            "feedback/personal-data/",
            PersonalDataView.as_view(),
            name="feedback_personal_data",
        )
    ]


@hooks.register("register_log_actions")
def register_personal_data_log_actions(actions):
    actions.register_action(
        "feedback.personal_data_export",
        "Xuất dữ liệu cá nhân",
        "Đã xuất dữ liệu cá nhân của một bạn đọc",
    )
    actions.register_action(
        "feedback.personal_data_erase",
        "Xóa dữ liệu cá nhân",
        "Đã xóa dữ liệu cá nhân của một bạn đọc theo yêu cầu",
    )


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERSONAL_DATA_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        "Dữ liệu cá nhân bạn đọc",
        reverse("feedback_personal_data"),
        name="du-lieu-ca-nhan",
        icon_name="user",
        order=900,
    )


# --- Ideas and questions: the desk's viewset, and the agencies' own pages ----------------------


@hooks.register("register_admin_viewset")
def register_enquiries():
    return enquiries


@hooks.register("register_admin_urls")
def register_enquiry_urls():
    return [
        path(
            "feedback/agency-enquiries/",
            agency_views.agency_enquiry_list,
            name="feedback_agency_enquiries",
        ),
        path(
            "feedback/agency-enquiries/<int:pk>/",
            agency_views.agency_enquiry,
            name="feedback_agency_enquiry",
        ),
        path(
            "feedback/enquiries/<int:pk>/files/<int:attachment_pk>/",
            attachment_download,
            name="feedback_enquiry_attachment",
        ),
    ]


@hooks.register("register_log_actions")
def register_enquiry_log_actions(actions):
    actions.register_action(ANSWERED_LOG_ACTION, "Trả lời góp ý, câu hỏi", "Đã trả lời")


class AgencyEnquiriesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.memberships.exists()


@hooks.register("register_admin_menu_item")
def register_agency_enquiries_menu_item():
    return AgencyEnquiriesMenuItem(
        "Hỏi đáp giao cơ quan",
        reverse("feedback_agency_enquiries"),
        name="hoi-dap-co-quan",
        icon_name="help",
        order=261,
    )
