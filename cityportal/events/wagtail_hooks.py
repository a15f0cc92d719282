"""The organisers' and the newsroom's admin for events: registrations (with check-in), reporters'
accreditation (filters, bulk approve or reject, the photo), the door list, and the coverage
board by week."""

import datetime
import time

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from cityportal.core.bulk_actions import ConfirmedBulkAction
from cityportal.core.viewsets import (
    ExcelCSVMixin,
    PermissionCheckedChooserViewSet,
    StrictFiltersMixin,
)
from cityportal.opendata.exports import neutralise

from . import accreditation as press_desk
from . import converters  # noqa: F401 - registers db_id
from . import registration as seats
from .admin_views import accreditation_photo, door_list_view
from .models import Accreditation, CoverageAssignment, EventPage, Registration


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    return [
        path("events/<db_id:event_id>/door-list/", door_list_view, name="events_door_list"),
        path(
            "events/accreditations/<db_id:pk>/photo/",
            accreditation_photo,
            name="events_accreditation_photo",
        ),
    ]


def _door_list_button(page, user, priority):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("events.view_registration"):
        yield Button(
            "Danh sách ra vào",
            url=reverse("events_door_list", args=[page.pk]),
            icon_name="list-ul",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name=None, next_url=None):
    yield from _door_list_button(page, user, 50)


@hooks.register("register_page_listing_more_buttons")
def event_listing_buttons(page, user, next_url=None):
    yield from _door_list_button(page, user, 50)


# --- Taking an event off the site --------------------------------------------------------------

WARNING_HOLDS = 15 * 60  # seconds: an organiser who left and comes back days later is warned again
EXPECTING = (
    "{subject} còn {count} người đăng ký, đang chờ chỗ hoặc đăng ký tác nghiệp. {action} "
    "sẽ gửi thư báo sự kiện bị hủy tới từng người. Nếu chỉ cần sửa nội dung, hãy sửa rồi đăng "
    "lại; nếu sự kiện bị hủy, nên chọn “đã hủy” rồi đăng lại để trang vẫn báo cho người tìm đến."
    "{confirm}"
)


def _expecting(pages, with_descendants: bool) -> int:
    """How many people unpublishing `pages` would tell (their live events too, when they go)."""
    events = {page.pk: page for page in pages if isinstance(page, EventPage)}
    for page in pages if with_descendants else []:
        events.update((e.pk, e) for e in EventPage.objects.descendant_of(page).live())
    return sum(seats.told_on_withdrawal(event) for event in events.values())


def _subject(page) -> str:
    if isinstance(page, EventPage):
        return f"Sự kiện “{page.title}”"
    return f"Các sự kiện sắp diễn ra dưới trang “{page.title}”"


UNPUBLISH = ("Thu hồi xuất bản", " Bấm “Có, thu hồi xuất bản” lần nữa nếu vẫn muốn thu hồi.")
DELETE = ("Xóa trang (cùng danh sách đăng ký)", " Bấm “Có, xóa” lần nữa nếu vẫn muốn xóa.")


def _warn_once(request, key: str, subject: str, count: int, action=UNPUBLISH):
    """The first click only warns, on the same confirmation page; the second, within
    WARNING_HOLDS, goes through (None)."""
    warned_at = request.session.pop(key, 0)
    if time.time() - warned_at < WARNING_HOLDS:
        return None
    request.session[key] = time.time()
    verb, confirm = action
    text = EXPECTING.format(subject=subject, count=count, action=verb, confirm=confirm)
    messages.warning(request, text)
    return redirect(request.get_full_path())


@hooks.register("before_unpublish_page")
def confirm_withdrawal(request, page):
    """Unpublishing an upcoming event (or the events index with its events) mails everyone
    expecting it a cancellation, which cannot be taken back: warned first (_warn_once)."""
    with_descendants = bool(request.POST.get("include_descendants"))
    if not (count := _expecting([page], with_descendants)):
        return None
    return _warn_once(request, f"events-withdrawal-warned-{page.pk}", _subject(page), count)


@hooks.register("before_bulk_action")
def confirm_bulk_withdrawal(request, action_type, objects, action_view):
    """Unpublishing or deleting pages chosen in the page listing mails the same cancellations:
    the same warning first, for the same selection (a deleted page takes its events with it)."""
    if action_type not in ("unpublish", "delete") or not issubclass(action_view.model, Page):
        return None
    deleting = action_type == "delete"
    with_descendants = deleting or action_view.cleaned_form.cleaned_data["include_descendants"]
    pages = [page.specific for page in objects]
    if not (count := _expecting(pages, with_descendants)):
        return None
    chosen = ",".join(str(pk) for pk in sorted(page.pk for page in pages))
    if len(pages) == 1:
        subject = _subject(pages[0])
    else:
        subject = "Các sự kiện sắp diễn ra trong những trang đã chọn"
    key = f"events-withdrawal-warned-{action_type}-{chosen}"
    return _warn_once(request, key, subject, count, DELETE if deleting else UNPUBLISH)


@hooks.register("before_delete_page")
def warn_before_deleting(request, page):
    if request.method == "GET" and isinstance(page, EventPage):
        if count := seats.told_on_withdrawal(page):
            text = EXPECTING.format(
                subject=_subject(page), count=count, action=DELETE[0], confirm=""
            )
            messages.warning(request, text)


@hooks.register("register_log_actions")
def register_announcement_log_actions(actions):
    """In the event's history: who was told it is off, and who that it is on again."""

    @actions.register_action(seats.WITHDRAWAL_ANNOUNCED)
    class WithdrawalAnnounced(LogFormatter):
        label = "Báo sự kiện bị hủy"

        def format_message(self, log_entry):
            return f"Đã gửi thư báo sự kiện bị hủy tới {log_entry.data.get('people', 0)} người"

    @actions.register_action(seats.RETURN_ANNOUNCED)
    class ReturnAnnounced(LogFormatter):
        label = "Báo sự kiện diễn ra trở lại"

        def format_message(self, log_entry):
            people = log_entry.data.get("people", 0)
            return f"Đã gửi thư báo sự kiện diễn ra trở lại tới {people} người"


PROMOTED_BECAUSE = {
    "cancellation": "có người hủy đăng ký",
    "seats": "sự kiện có thêm chỗ trống",
}


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    """In a registration's history (and the site history): a registrant who withdrew, got a seat
    from the waiting list, or was marked present at the door, and when."""

    @actions.register_action(seats.CANCELLED)
    class RegistrationCancelled(LogFormatter):
        label = "Hủy đăng ký tham dự"

        def format_message(self, log_entry):
            data = log_entry.data
            was = Registration.Status(data["was"]).label.lower()
            text = f"Tự hủy đăng ký tham dự “{data['event']}” trước giờ diễn ra ({was})"
            if promoted := data.get("promoted"):
                text += f"; {promoted} người trong danh sách chờ được nhận chỗ"
            return text

    @actions.register_action(seats.PROMOTED)
    class RegistrationPromoted(LogFormatter):
        label = "Nhận chỗ từ danh sách chờ"

        def format_message(self, log_entry):
            data = log_entry.data
            text = f"Được nhận chỗ tham dự “{data['event']}” từ danh sách chờ"
            if because := PROMOTED_BECAUSE.get(data.get("because")):
                text += f" ({because})"
            return text

    @actions.register_action(seats.CHECKED_IN)
    class RegistrationCheckedIn(LogFormatter):
        label = "Đánh dấu có mặt"

        def format_message(self, log_entry):
            return f"Đánh dấu có mặt tại “{log_entry.data['event']}”"


# --- Registrations -----------------------------------------------------------------------------


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


# --- Accreditation -----------------------------------------------------------------------------


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


# --- Coverage board ----------------------------------------------------------------------------


class CoverageFilterSet(WagtailFilterSet):
    week = django_filters.DateFilter(
        label="Tuần có ngày",
        method="in_week",
        help_text="Lịch tác nghiệp từ thứ Hai đến Chủ nhật của tuần có ngày này",
    )

    class Meta:
        model = CoverageAssignment
        fields = ["status", "reporter", "event"]

    def in_week(self, queryset, name, value):
        return queryset.in_week(value)


def _week(assignment) -> str:
    year, week, _ = assignment.date.isocalendar()
    monday = assignment.date - datetime.timedelta(days=assignment.date.weekday())
    return f"Tuần {week}/{year} (từ {monday:%d/%m})"


class CoverageViewSet(SnippetViewSet):
    index_view_class = StrictSnippetIndexView
    chooser_viewset_class = PermissionCheckedChooserViewSet
    model = CoverageAssignment
    icon = "calendar-alt"
    menu_label = "Lịch tác nghiệp"
    base_url_path = "events/coverage"
    admin_url_namespace = "events_coverage"
    filterset_class = CoverageFilterSet
    list_display = [
        "date",
        Column("week", label="Tuần", accessor=_week),
        Column("subject", label="Sự kiện, đề tài", accessor="subject"),
        "reporter",
        "status",
    ]
    search_fields = ["topic", "note"]
    search_backend_name = None
    ordering = ["date", "pk"]
    panels = [
        FieldPanel("date"),
        FieldPanel("event"),
        FieldPanel("topic"),
        FieldPanel("reporter"),
        FieldPanel("status"),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        # This week and what comes after, unless a filter asks for another week.
        queryset = CoverageAssignment.objects.select_related("event", "reporter")
        if not request.GET.get("week"):
            monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
            queryset = queryset.filter(date__gte=monday)
        return queryset


class EventsGroup(SnippetViewSetGroup):
    menu_label = "Sự kiện, báo chí"
    menu_icon = "date"
    menu_name = "su-kien"
    menu_order = 214
    items = (RegistrationViewSet, AccreditationViewSet, CoverageViewSet)


register_snippet(EventsGroup)


# --- Bulk actions ------------------------------------------------------------------------------


REFUSED_IN_BULK = (
    " Chưa đăng ký nào được duyệt: hãy bỏ chọn các đăng ký của sự kiện đó rồi duyệt lại."
)


class DecisionBulkAction(ConfirmedBulkAction):
    models = [Accreditation]
    noun = "đăng ký tác nghiệp"
    status = ""

    def prepare_action(self, objects, objects_without_access):
        """A refused approval says why and changes none of the chosen requests."""
        if self.status == Accreditation.Status.APPROVED:
            if problems := press_desk.approval_problems(objects):
                messages.error(self.request, " ".join(problems) + REFUSED_IN_BULK)
                return redirect(self.next_url)
        return None

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return len(press_desk.decide(objects, cls.status, user)), 0


@hooks.register("register_bulk_action")
class ApproveAccreditationBulkAction(DecisionBulkAction):
    display_name = "Duyệt"
    action_type = "approve_accreditation"
    aria_label = "Duyệt các đăng ký tác nghiệp đã chọn"
    action_priority = 10
    status = Accreditation.Status.APPROVED


@hooks.register("register_bulk_action")
class RejectAccreditationBulkAction(DecisionBulkAction):
    display_name = "Từ chối"
    action_type = "reject_accreditation"
    aria_label = "Từ chối các đăng ký tác nghiệp đã chọn"
    action_priority = 20
    status = Accreditation.Status.REJECTED
    button_class = "serious"
    classes = {"serious"}


@hooks.register("register_bulk_action")
class CheckInBulkAction(ConfirmedBulkAction):
    models = [Registration]
    display_name = "Đánh dấu có mặt"
    noun = "người"
    action_type = "check_in"
    aria_label = "Đánh dấu có mặt những người đã chọn"
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return seats.check_in(objects, user), 0
