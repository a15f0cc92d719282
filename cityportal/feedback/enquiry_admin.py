"""The desk's side of ideas and questions: routing to an agency, the answer, publishing or closing
(a model viewset), and the download of what citizens attached, for the desk and the agency."""

from django.shortcuts import get_object_or_404
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.side_panels import StatusSidePanel
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from cityportal.core.uploads import serve_private
from cityportal.core.viewsets import StrictFiltersMixin

from . import notifications
from .models import Enquiry, EnquiryAttachment

ANSWERED_LOG_ACTION = "feedback.enquiry_answered"


def tell_citizen_if_first_answer(enquiry: Enquiry, user, first: bool) -> None:
    """After `record_answer` and the save: the citizen hears of the first answer, once; the
    history records who gave it."""
    if first:
        log(enquiry, ANSWERED_LOG_ACTION, user=user)
        notifications.enquiry_answered(enquiry)


class EnquiryDeskForm(WagtailAdminModelForm):
    def save(self, commit=True):
        # The citizen is told once, when the enquiry first reaches "answered" or "published".
        first = self.instance.record_answer(self.for_user)
        enquiry = super().save(commit)
        tell_citizen_if_first_answer(enquiry, self.for_user, first)
        return enquiry

    def clean(self):
        data = super().clean()
        status = data.get("status")
        # Routing moves a new enquiry on; an answer is needed before it counts as answered.
        if data.get("agency") and status == Enquiry.Status.RECEIVED:
            data["status"] = Enquiry.Status.ASSIGNED
        if status in (Enquiry.Status.ANSWERED, Enquiry.Status.PUBLISHED) and not data.get("answer"):
            self.add_error("answer", "Cần nội dung trả lời trước khi chuyển trạng thái này.")
        return data


class AttachmentsPanel(Panel):
    """The files sent with the enquiry, as download links through the permission-checked view."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "feedback/admin/attachments_panel.html"

        def is_shown(self):
            return bool(self.instance.pk) and self.instance.attachments.exists()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["attachments"] = self.instance.attachments.all()
            return context


class ReadOnlyPanel(FieldPanel):
    """A read-only field that may be empty (no ward, not answered yet): "Không có", not
    Wagtail's "None"."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        return "Không có" if value is None else super().format_value_for_display(value)


class EnquiryIndexView(StrictFiltersMixin, IndexView):
    def get_base_queryset(self):
        return Enquiry.objects.select_related("agency")  # a column of the listing


class StatusToggle(StatusSidePanel.SidePanelToggle):
    """The status button in the header, whose error badge read "None": Wagtail counts the
    form's scheduling errors (`form and len(…)`), but renders the header without the form. No
    form there, and no scheduling fields on an enquiry: nothing to count."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["count"] = context["count"] or 0
        return context


class EnquiryEditView(EditView):
    def get_side_panels(self):
        panels = super().get_side_panels()
        for panel in panels:
            if isinstance(panel, StatusSidePanel):
                panel.toggle = StatusToggle(panel)
        return panels


class EnquiryViewSet(ModelViewSet):
    model = Enquiry
    index_view_class = EnquiryIndexView
    edit_view_class = EnquiryEditView
    icon = "help"
    menu_label = "Góp ý, hỏi đáp"
    add_to_admin_menu = True
    menu_order = 260
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("tracking_code", read_only=True),
                    FieldPanel("kind", read_only=True),
                    FieldPanel("topic", read_only=True),
                    ReadOnlyPanel("place"),
                    FieldPanel("title", read_only=True),
                    FieldPanel("body", read_only=True),
                    FieldPanel("name", read_only=True),
                    FieldPanel("email", read_only=True),
                    FieldPanel("phone", read_only=True),
                ],
                heading="Nội dung người dân gửi",
            ),
            AttachmentsPanel(heading="Tệp đính kèm"),
            FieldPanel("status"),
            FieldPanel("agency"),
            FieldPanel("due_date"),
            FieldPanel("answer"),
            ReadOnlyPanel("answered_by"),
            ReadOnlyPanel("answered_at"),
        ],
        base_form_class=EnquiryDeskForm,
    )
    list_display = ["tracking_code", "title", "kind", "status", "agency", "due_date"]
    list_filter = ["status", "kind", "topic", "agency"]
    search_fields = ["title", "tracking_code", "search_text"]
    search_backend_name = None


enquiries = EnquiryViewSet("enquiries")


def attachment_download(request, pk, attachment_pk):
    """/admin/feedback/enquiries/<pk>/files/<attachment_pk>/: for the desk, and for members of
    the agency the enquiry is routed to; anyone else gets a 404, whatever the URL."""
    enquiry = get_object_or_404(Enquiry.objects.visible_to(request.user), pk=pk)
    attachment = get_object_or_404(EnquiryAttachment, pk=attachment_pk, enquiry=enquiry)
    return serve_private(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
