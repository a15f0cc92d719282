"""Registrations in the admin: the list (exported without formulas), status tags, check-in,
and a registration staff enter by hand, which takes its seat as a confirmed one does."""

from django.utils.encoding import force_str
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import DateColumn, StatusTagColumn
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from cityportal.core.viewsets import (
    ExcelCSVMixin,
    PermissionCheckedChooserViewSet,
    StrictFiltersMixin,
)
from cityportal.opendata.exports import neutralise

from .. import registration as seats
from ..models import Registration


class StrictSnippetIndexView(StrictFiltersMixin, SnippetIndexView):
    """The events' listings: an invalid filter lists (and exports) nothing, not every row."""


def _csv_text(value):
    return neutralise(force_str(value))


class RegistrationIndexView(ExcelCSVMixin, StrictSnippetIndexView):
    # What the public typed is never a formula in Excel (Wagtail's XLSX keeps it as text).
    custom_field_preprocess = {
        field: {"csv": _csv_text} for field in ("name", "email", "phone", "organisation")
    }

    def to_row_dict(self, item):
        """The status in words, as the listing shows it (Wagtail writes the codes); times are
        Vietnam's (ExcelCSVMixin)."""
        row = super().to_row_dict(item)
        row["status"] = item.get_status_display()
        return row


class StaffRegistrationForm(WagtailAdminModelForm):
    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def _get_validation_exclusions(self):
        """Not (event, email) unique here: an address awaiting confirmation is confirmed by the
        staff's entry, and one seated or waiting is refused by name; registration.enter settles
        it, under the event's lock."""
        return super()._get_validation_exclusions() | {"email"}


class RegistrationCreateView(CreateView):
    """Staff enter a registration by hand (a guest who telephoned): the address is vouched for,
    so it takes a seat or a place in line at once through the same lock the public's
    confirmation takes (registration.enter), and is mailed the confirmation with the .ics."""

    def get_panel(self):
        panels = [FieldPanel(name) for name in ("event", "name", "email", "phone", "organisation")]
        return ObjectList(panels, base_form_class=StaffRegistrationForm).bind_to_model(Registration)

    def get_form_class(self):
        # The viewset hands every view the edit form (all read-only but the check-in time).
        return self.panel.get_form_class()

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            form.instance = seats.enter(
                data["event"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                organisation=data["organisation"],
            )
        except seats.Refused as refusal:
            form.add_error(
                "email" if isinstance(refusal, seats.AlreadyRegistered) else None, str(refusal)
            )
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return super().form_valid(form)

    def save_instance(self):
        """Saved by registration.enter already; logged as created by this staff member."""
        log(self.form.instance, "wagtail.create", user=self.request.user)
        return self.form.instance


def _status_tag_is_primary(registration) -> bool:
    return registration.status == Registration.Status.CONFIRMED


class RegistrationViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedChooserViewSet
    model = Registration
    icon = "group"
    menu_label = "Đăng ký tham dự"
    base_url_path = "events/registrations"
    admin_url_namespace = "events_registrations"
    add_view_enabled = True  # staff entries take their seat through registration.enter
    add_view_class = RegistrationCreateView
    copy_view_enabled = False
    list_display = [
        "name",
        "event",
        # A tag, so a registration awaiting e-mail confirmation (no seat yet) stands out.
        StatusTagColumn(
            "status",
            label="Trạng thái",
            accessor="get_status_display",
            primary=_status_tag_is_primary,
            sort_key="status",
        ),
        "organisation",
        DateColumn("created_at", label="Đăng ký lúc", sort_key="created_at"),
        "checked_in_at",
        DateColumn("cancelled_at", label="Hủy lúc", sort_key="cancelled_at"),
    ]
    list_filter = ["status", "event"]
    search_fields = ["name", "email", "organisation"]  # staff may look a person up by e-mail
    search_backend_name = None
    list_export = [
        "event",
        "name",
        "email",
        "phone",
        "organisation",
        "status",
        "created_at",
        "checked_in_at",  # who came, for the report after the event
        "cancelled_at",  # who withdrew, and when (last: organisers' sheets read columns by place)
    ]
    index_view_class = RegistrationIndexView
    panels = [
        FieldPanel("event", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("phone", read_only=True),
        FieldPanel("organisation", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("checked_in_at"),
    ]

    def get_queryset(self, request):
        return Registration.objects.select_related("event")
