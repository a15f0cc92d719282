"""E-mail to people who registered and to reporters who asked for accreditation. Messages are
sent once the change is committed; each goes to one person, and a confirmed seat carries the
event as an .ics file for their calendar."""

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from cityportal.core import mail
from cityportal.core.templatetags.vi_format import vi_datetime

from .calendar import calendar_of, location_of

FOOTER = "Thư được gửi tự động, xin đừng trả lời thư này."


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _when(starts_at, ends_at) -> str:
    end = timezone.localtime(ends_at)
    same_day = timezone.localtime(starts_at).date() == end.date()
    return (
        f"{vi_datetime(starts_at)} - {f'{end:%H:%M}' if same_day else vi_datetime(end)} "
        "(giờ Việt Nam)"
    )


def _when_and_where(event) -> str:
    lines = [f"Thời gian: {_when(event.starts_at, event.ends_at)}"]
    if location := location_of(event):
        lines.append(f"Địa điểm: {location}")
    if event.online_url:
        lines.append(f"Trực tuyến: {event.online_url}")
    lines.append(f"Trang sự kiện: {event.full_url}")
    return "\n".join(lines)


def _message(to: str, subject: str, body: str, event=None) -> EmailMessage:
    message = mail.message(subject, f"{body}\n\n-- \n{FOOTER}", [to])
    if event is not None:
        calendar = calendar_of([event], name=event.title, attendee=to)
        # Mail clients read the method from the part's header (iMIP, RFC 6047) too.
        part = MIMEText(calendar.to_ical().decode(), "calendar", "utf-8")
        part.set_param("method", str(calendar["METHOD"]))
        part.add_header("Content-Disposition", "attachment", filename=f"{event.slug}.ics")
        message.attach(part)
    return message


def _send(messages: list[EmailMessage]) -> None:
    # After commit; a mail server that is down must not undo or hide a registration. One
    # connection for the lot: a cancelled event tells hundreds of people from one click.
    mail.send_after_commit(messages)


def _cancel_line(registration) -> str:
    return (
        "Nếu không thể tham dự, vui lòng hủy đăng ký để nhường chỗ cho người khác:\n"
        + _absolute(registration.get_cancel_url())
    )


def _place_in_line(registration) -> int:
    waiting = registration.event.registrations.waiting()
    return waiting.filter(created_at__lte=registration.created_at).count()


def confirm_address(registration) -> None:
    """The one mail an address awaiting confirmation gets: the link to confirm, and what to do
    if someone else typed it. No .ics, no cancellation link: nothing is registered yet. The name
    is what was typed (it holds no link: forms.without_links)."""
    event = registration.event
    hours = settings.EVENTS_CONFIRMATION_HOURS
    body = (
        f"Chào {registration.name},\n\nChúng tôi vừa nhận một lượt đăng ký tham dự "
        f"“{event.title}” bằng địa chỉ email này. Để hoàn tất đăng ký, vui lòng mở đường dẫn "
        f"dưới đây trong vòng {hours} giờ và bấm “Xác nhận đăng ký”:\n"
        f"{_absolute(registration.get_confirm_url())}\n\n"
        "Chỗ tham dự được dành cho người đã xác nhận, theo thứ tự xác nhận; khi sự kiện hết "
        "chỗ, bạn vào danh sách chờ.\n\n"
        "Nếu không phải bạn đăng ký, bạn không cần làm gì: đăng ký chưa xác nhận sẽ tự động bị "
        f"xóa sau {hours} giờ và bạn sẽ không nhận thêm thư nào về sự kiện này.\n\n"
        f"{_when_and_where(event)}"
    )
    subject = f"Xác nhận email để hoàn tất đăng ký: {event.title}"
    _send([_message(registration.email, subject, body)])


def registered(registration) -> None:
    event, name = registration.event, registration.name
    if registration.status == registration.Status.CONFIRMED:
        subject = f"Xác nhận đăng ký: {event.title}"
        body = (
            f"Chào {name},\n\nBạn đã đăng ký tham dự “{event.title}”.\n\n{_when_and_where(event)}"
            "\n\nTệp lịch (.ics) đính kèm để bạn thêm sự kiện vào lịch của mình.\n\n"
            + _cancel_line(registration)
        )
        _send([_message(registration.email, subject, body, event)])
        return
    subject = f"Bạn đang trong danh sách chờ: {event.title}"
    body = (
        f"Chào {name},\n\nSự kiện “{event.title}” đã hết chỗ. Bạn đứng thứ "
        f"{_place_in_line(registration)} trong danh sách chờ; chúng tôi sẽ báo qua email ngay "
        f"khi có chỗ cho bạn.\n\n{_when_and_where(event)}\n\n"
        "Nếu không còn muốn chờ, bạn có thể hủy tại:\n" + _absolute(registration.get_cancel_url())
    )
    _send([_message(registration.email, subject, body)])


def already_registered(registration) -> None:
    """The form was sent again with an address already seated or waiting: nothing changed, and
    only its owner hears so (the form answered as for anyone new), with their own links. The
    name is the one they registered with; what was typed this time is not repeated to them."""
    event = registration.event
    confirmed = registration.status == registration.Status.CONFIRMED
    if confirmed:
        standing = "bạn đã có chỗ."
    else:
        standing = (
            f"bạn đứng thứ {_place_in_line(registration)} trong danh sách chờ; chúng tôi sẽ báo "
            "qua email ngay khi có chỗ cho bạn."
        )
    body = (
        f"Chào {registration.name},\n\nChúng tôi vừa nhận một lượt đăng ký tham dự "
        f"“{event.title}” bằng địa chỉ email này. Địa chỉ này đã đăng ký từ trước nên không có "
        f"đăng ký mới; đăng ký của bạn được giữ nguyên: {standing}\n\n"
        "Nếu không phải bạn gửi lượt đăng ký này, bạn không cần làm gì.\n\n"
        f"{_when_and_where(event)}\n\n"
    )
    if confirmed:
        body += "Tệp lịch (.ics) đính kèm để bạn thêm sự kiện vào lịch của mình.\n\n"
    body += (
        "Muốn đổi thông tin đã đăng ký (họ tên, điện thoại, cơ quan), hãy hủy đăng ký rồi đăng ký "
        "lại (khi sự kiện đã hết chỗ, đăng ký lại sẽ vào cuối danh sách chờ). Hủy đăng ký tại:\n"
        + _absolute(registration.get_cancel_url())
    )
    subject = f"Bạn đã đăng ký từ trước: {event.title}"
    _send([_message(registration.email, subject, body, event if confirmed else None)])


def promoted(registrations) -> None:
    messages = []
    for registration in registrations:
        event = registration.event
        body = (
            f"Chào {registration.name},\n\nĐã có chỗ cho bạn tại “{event.title}”: bạn không còn "
            f"trong danh sách chờ.\n\n{_when_and_where(event)}\n\n"
            "Tệp lịch (.ics) đính kèm để bạn thêm sự kiện vào lịch của mình.\n\n"
            + _cancel_line(registration)
        )
        messages.append(
            _message(registration.email, f"Đã có chỗ cho bạn: {event.title}", body, event)
        )
    _send(messages)


def left_waiting(registration) -> None:
    """The event began and no seat came free for someone on its waiting list: told kindly, once,
    that they need do nothing, and where to follow it from afar."""
    event = registration.event
    body = (
        f"Chào {registration.name},\n\nSự kiện “{event.title}” đã bắt đầu lúc "
        f"{vi_datetime(event.starts_at)} (giờ Việt Nam). Rất tiếc, đến giờ bắt đầu vẫn chưa có "
        "chỗ trống nào cho bạn trong danh sách chờ, nên lần này ban tổ chức chưa thể đón bạn "
        "tham dự trực tiếp. Bạn không cần làm gì thêm.\n\n"
        "Cảm ơn bạn đã quan tâm và kiên nhẫn chờ."
    )
    if event.online_url and not event.is_over:
        body += f" Bạn vẫn có thể theo dõi sự kiện trực tuyến tại: {event.online_url}"
    body += (
        "\n\nTài liệu và thông tin về sự kiện được cập nhật tại trang sự kiện: "
        f"{event.full_url}\nMong được đón bạn ở những sự kiện sau."
    )
    _send([_message(registration.email, f"Chưa có chỗ cho bạn: {event.title}", body)])


def cancelled(registration) -> None:
    event = registration.event
    body = (
        f"Chào {registration.name},\n\nĐăng ký của bạn cho “{event.title}” đã được hủy. "
        "Cảm ơn bạn đã báo trước."
    )
    if event.live and not event.cancelled:  # no invitation to a cancelled or withdrawn event
        body += f" Bạn có thể đăng ký lại tại {event.full_url} nếu còn chỗ."
    _send([_message(registration.email, f"Đã hủy đăng ký: {event.title}", body)])


def accreditation_received(accreditation) -> None:
    """The reporter hears the request arrived (and a card already used hears nothing new on the
    page: see accreditation_repeated). Nothing typed but the name, which holds no link, goes
    into this mail to an address nobody confirmed."""
    event = accreditation.event
    body = (
        f"Chào {accreditation.reporter_name},\n\nBan tổ chức đã nhận đăng ký tác nghiệp của bạn "
        f"tại “{event.title}” và sẽ xem xét, trả lời qua email này.\n\n{_when_and_where(event)}"
    )
    subject = f"Đã nhận đăng ký tác nghiệp: {event.title}"
    _send([_message(accreditation.email, subject, body)])


STANDING = {
    "pending": "đang chờ ban tổ chức xem xét; kết quả sẽ được gửi qua email này.",
    "approved": "đã được ban tổ chức chấp thuận.",
    "rejected": "chưa được ban tổ chức chấp thuận.",
}


def accreditation_repeated(accreditation) -> None:
    """A request came again with a press card already asked for: the page answered as for a
    new one, and the reporter who sent the first request (to their address, not the one typed
    this time) hears that it stands unchanged."""
    event = accreditation.event
    body = (
        f"Chào {accreditation.reporter_name},\n\nBan tổ chức vừa nhận thêm một đăng ký tác "
        f"nghiệp tại “{event.title}” với số thẻ nhà báo {accreditation.press_card_number}. Thẻ "
        "này đã được đăng ký từ trước nên đăng ký mới không được ghi nhận; đăng ký trước của bạn "
        f"được giữ nguyên và {STANDING[accreditation.status]}\n\n"
        "Nếu không phải bạn gửi đăng ký này, bạn không cần làm gì. Muốn thay đổi thông tin, vui "
        f"lòng liên hệ ban tổ chức theo thông tin trên trang sự kiện: {event.full_url}"
    )
    subject = f"Đăng ký tác nghiệp đã có từ trước: {event.title}"
    _send([_message(accreditation.email, subject, body)])


def accreditation_decided(accreditation) -> None:
    event = accreditation.event
    note = f"\n\nGhi chú của ban tổ chức: {accreditation.decision_note}"
    note = note if accreditation.decision_note else ""
    if accreditation.status == accreditation.Status.APPROVED:
        subject = f"Đăng ký tác nghiệp được chấp thuận: {event.title}"
        body = (
            f"Chào {accreditation.reporter_name},\n\nBan tổ chức đã chấp thuận đăng ký tác nghiệp "
            f"của bạn ({accreditation.outlet}) tại “{event.title}”.\n\n{_when_and_where(event)}\n\n"
            "Vui lòng mang theo thẻ nhà báo số "
            f"{accreditation.press_card_number} và đến sớm 30 phút để làm thủ tục.{note}"
        )
        _send([_message(accreditation.email, subject, body, event)])
    elif accreditation.status == accreditation.Status.REJECTED:
        subject = f"Đăng ký tác nghiệp chưa được chấp thuận: {event.title}"
        body = (
            f"Chào {accreditation.reporter_name},\n\nRất tiếc, ban tổ chức chưa thể chấp thuận "
            f"đăng ký tác nghiệp của bạn tại “{event.title}”.{note}\n\n"
            "Thông cáo báo chí và tài liệu sự kiện sẽ được đăng tại " + event.full_url
        )
        _send([_message(accreditation.email, subject, body)])


def event_changed(event, before: dict, people) -> None:
    """The organiser cancelled the event (or took it off the site), or moved it (time, place or
    livestream link): each person still expecting it is told once, with the updated calendar
    entry where they had one.
    `before` is the event's schedule as it was; `people` are (email, name, cancel URL or "",
    had an .ics) of everyone still registered, waiting or accredited."""
    title = event.title
    was = f"{_when(before['starts_at'], before['ends_at'])}"
    messages = []
    for email, name, cancel_url, had_ics in people:
        if event.cancelled:
            subject = f"Sự kiện bị hủy: {title}"
            body = (
                f"Chào {name},\n\nBan tổ chức thông báo: sự kiện “{title}”, dự kiến diễn ra "
                f"{was}, đã bị hủy. Thành thật xin lỗi bạn vì sự bất tiện này."
            )
            if event.live:  # an event taken off the site has no page to point to
                body += f"\n\nThông tin thêm tại trang sự kiện: {event.full_url}"
        else:
            subject = f"Thay đổi thời gian, địa điểm: {title}"
            where = f", {before['location']}" if before["location"] else ""
            body = (
                f"Chào {name},\n\nSự kiện “{title}” mà bạn đăng ký có thay đổi (trước đây: "
                f"{was}{where}). Thông tin mới:\n\n{_when_and_where(event)}"
            )
            if had_ics:
                body += "\n\nTệp lịch (.ics) đính kèm đã được cập nhật theo thông tin mới."
            if cancel_url:
                body += (
                    "\n\nNếu không còn tham dự được, vui lòng hủy đăng ký để nhường chỗ cho "
                    "người khác:\n" + _absolute(cancel_url)
                )
        messages.append(_message(email, subject, body, event if had_ics else None))
    _send(messages)


def event_returned(event, people) -> None:
    """People told the event was cancelled (or taken off the site) hear that it is on again, with
    the time and place now and, where they had one, a calendar entry to put back."""
    messages = []
    for email, name, cancel_url, had_ics in people:
        body = (
            f"Chào {name},\n\nBan tổ chức thông báo: sự kiện “{event.title}”, trước đây được báo "
            f"là bị hủy, sẽ diễn ra trở lại. Thông tin hiện tại:\n\n{_when_and_where(event)}"
        )
        if had_ics:
            body += "\n\nTệp lịch (.ics) đính kèm để bạn đưa sự kiện trở lại lịch của mình."
        if cancel_url:
            body += (
                "\n\nNếu không còn tham dự được, vui lòng hủy đăng ký để nhường chỗ cho "
                "người khác:\n" + _absolute(cancel_url)
            )
        subject = f"Sự kiện diễn ra trở lại: {event.title}"
        messages.append(_message(email, subject, body, event if had_ics else None))
    _send(messages)
