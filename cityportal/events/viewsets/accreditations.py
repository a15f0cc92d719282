"""Reporters' accreditation in the admin: filters, the decision form and the badge photo."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import (
    EditView,
    SnippetViewSet,
)

from cityportal.core.viewsets import (
    PermissionCheckedChooserViewSet,
)

from .. import accreditation as press_desk
from ..models import Accreditation
from .registrations import StrictSnippetIndexView


def _photo_link(accreditation):
    if not accreditation.photo:  # the demo's reporters sent none (the public form requires one)
        return "–"
    url = reverse("events_accreditation_photo", args=[accreditation.pk])
    return format_html('<a href="{}" target="_blank" rel="noopener">Xem ảnh</a>', url)


class AccreditationDecisionForm(WagtailAdminModelForm):
    def clean_status(self):
        """An approval for an event cancelled or over is refused beside the field: the reporter
        would be e-mailed to come."""
        status = self.cleaned_data["status"]
        if status == Accreditation.Status.APPROVED != self.instance.status:
            if problem := press_desk.approval_problem(self.instance.event):
                raise ValidationError(problem)
        return status


class AccreditationEditView(EditView):
    """A status changed here is a decision: stamped, and the reporter is e-mailed."""

    def save_instance(self):
        old = Accreditation.objects.filter(pk=self.object.pk).values_list("status", flat=True).get()
        instance = super().save_instance()
        if instance.status != old:
            decided, instance.status = instance.status, old
            press_desk.decide([instance], decided, self.request.user, instance.decision_note)
        return instance


class AccreditationViewSet(SnippetViewSet):
    index_view_class = StrictSnippetIndexView
    chooser_viewset_class = PermissionCheckedChooserViewSet
    model = Accreditation
    icon = "user"
    menu_label = "Đăng ký tác nghiệp"
    base_url_path = "events/accreditations"
    admin_url_namespace = "events_accreditations"
    add_view_enabled = False  # reporters ask through the public form
    copy_view_enabled = False
    list_display = [
        "reporter_name",
        "outlet",
        "press_card_number",
        "event",
        "status",
        Column("photo", label="Ảnh", accessor=_photo_link),
        DateColumn("created_at", label="Gửi lúc", sort_key="created_at"),
    ]
    list_filter = ["status", "event", "outlet"]
    search_fields = ["reporter_name", "outlet", "press_card_number", "email"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("event", read_only=True),
            FieldPanel("reporter_name", read_only=True),
            FieldPanel("outlet", read_only=True),
            FieldPanel("press_card_number", read_only=True),
            FieldPanel("email", read_only=True),
            FieldPanel("phone", read_only=True),
            FieldPanel("status"),
            FieldPanel("decision_note"),
        ],
        base_form_class=AccreditationDecisionForm,
    )

    def get_queryset(self, request):
        return Accreditation.objects.select_related("event")

    edit_view_class = AccreditationEditView
