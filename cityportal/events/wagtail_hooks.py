"""The organisers' and the newsroom's admin for events: the door list, warnings before an event
with registrations is taken off the site, history labels, bulk approve / reject / check-in, and
the menu of listings (registrations, accreditation, the coverage board: `viewsets/`)."""

import time

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from cityportal.core.bulk_actions import ConfirmedBulkAction

from . import accreditation as press_desk
from . import converters  # noqa: F401 - registers db_id
from . import registration as seats
from .admin_views import accreditation_photo, door_list_view
from .models import Accreditation, EventPage, Registration
from .viewsets import EventsGroup


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
