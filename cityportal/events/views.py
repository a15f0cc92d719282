"""The public's side of events: the calendar feed, and the per-visitor forms (registration,
cancellation, accreditation) on their own uncached URLs, so event pages stay cookie-free."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cityportal.core import throttle
from cityportal.core.middleware import fresh_until

from . import accreditation as press_desk
from . import registration as seats
from .calendar import calendar_of
from .forms import AccreditationForm, RegistrationForm
from .models import EventIndexPage, EventPage, Registration


def calendar_feed(request):
    """/su-kien/lich.ics: every upcoming event, for calendar applications to subscribe to."""
    events = EventPage.objects.upcoming().select_related("unit")
    response = HttpResponse(
        calendar_of(events, request).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="lich-su-kien.ics"'
    return fresh_until(response, EventPage.objects.calendar_turn())


def _public_event(event_id) -> EventPage:
    """The event under a public URL (its id bounded by converters.DatabaseId)."""
    event = EventPage.objects.published().filter(pk=event_id).first()
    if event is None:
        raise Http404("Không có sự kiện này.")
    return event


TOO_MANY = (
    "Có quá nhiều lượt gửi từ địa chỉ mạng của bạn trong một giờ. Vui lòng thử lại sau; "
    "thông tin bạn vừa nhập vẫn còn dưới đây."
)


def _too_many(request) -> bool:
    limit, seconds = settings.EVENTS_RATE_PER_IP
    return throttle.over_limit("events-ip", throttle.client_ip(request), limit, seconds)


# A reporter correcting the form chooses the photo again each time (a browser forgets it).
PHOTO_READS_PER_REQUEST = 3


def _too_many_photos(request) -> bool:
    """Reading a photo is the costly part, and it happens before the form is judged: a 160 KB
    PNG opens into 49 megapixels (half a gigabyte, a second of CPU). Counted before reading it,
    valid or not; an address sending forms that always fail was otherwise never held."""
    limit, seconds = settings.EVENTS_RATE_PER_IP
    reads = limit * PHOTO_READS_PER_REQUEST
    return throttle.over_limit("events-photo", throttle.client_ip(request), reads, seconds)


def _wants_fragment(request) -> bool:
    return request.GET.get("fragment") == "1" or request.POST.get("fragment") == "1"


@never_cache
def register(request, event_id):
    event = _public_event(event_id)
    fragment = _wants_fragment(request)
    template = "events/includes/registration_form.html" if fragment else "events/register.html"
    context = {"event": event, "fragment": fragment, "seats_left": seats.seats_left(event)}
    if request.method != "POST":
        problem = event.registration_problem()
        form = None if problem else RegistrationForm()
        return render(request, template, {**context, "problem": problem, "form": form})

    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    data = form.cleaned_data
    if data["website"]:  # the honeypot: answered like anyone, kept nowhere
        return render(request, template, {**context, "bot": True})
    if _too_many(request):
        form.add_error(None, TOO_MANY)
        return render(request, template, {**context, "form": form}, status=429)
    try:
        seats.register(
            event,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            organisation=data["organisation"],
        )
    except seats.Refused as refusal:
        form.add_error(None, str(refusal))
        return render(request, template, {**context, "form": form}, status=409)
    # The same page for an address new, awaiting confirmation or already signed up: the mail
    # tells them apart.
    return render(request, template, {**context, "sent": True, **_confirmation_hours()})


def _confirmation_hours() -> dict:
    return {"hours": settings.EVENTS_CONFIRMATION_HOURS}


@never_cache
def confirm(request, token):
    """The link mailed to an address awaiting confirmation. GET asks (mail scanners open links,
    and one must not confirm for a person who never asked); POST confirms."""
    found, event_id = Registration.from_confirm_token(token)
    if found is None:
        event = EventPage.objects.published().filter(pk=event_id).first() if event_id else None
        context = {"event": event, "expired": event_id is not None, **_confirmation_hours()}
        context["events_index"] = EventIndexPage.objects.live().public().first()
        return render(request, "events/confirm.html", context, status=410 if event_id else 404)
    context = {"registration": found, "event": found.event, **_confirmation_hours()}
    if found.status != Registration.Status.PENDING:  # a second click: it stands as it is
        return render(request, "events/confirm.html", {**context, "already": True})
    if request.method != "POST":
        return render(request, "events/confirm.html", context)
    try:
        seats.confirm(found)
    except seats.Refused as refusal:
        context["problem"] = str(refusal)
        return render(request, "events/confirm.html", context, status=409)
    found.refresh_from_db()
    return render(request, "events/confirm.html", {**context, "done": True})


@never_cache
def cancel(request, token):
    """GET asks (mail scanners open links); POST cancels."""
    found = Registration.from_cancel_token(token)
    if found is None:
        return render(request, "events/cancel.html", {"invalid": True}, status=404)
    if found.before_reuse:  # cancelled, then named again by the form: shown as it stands
        found.put_back()  # (not saved: registration.forget_unconfirmed does that, if need be)
    context = {"registration": found, "event": found.event, "token": token}
    if found.status == Registration.Status.CANCELLED:
        return render(request, "events/cancel.html", context)
    if request.method != "POST":  # an event under way says so at once, not after the button
        problem = seats.cancel_problem(found.event)
        return render(request, "events/cancel.html", {**context, "problem": problem})
    try:
        seats.cancel(found)
    except seats.Refused as refusal:
        return render(
            request, "events/cancel.html", {**context, "problem": str(refusal)}, status=409
        )
    return render(request, "events/cancel.html", {**context, "done": True})


@never_cache
def accreditation(request, event_id):
    event = _public_event(event_id)
    context = {"event": event}
    if event.cancelled or event.is_over:
        problem = "Sự kiện đã bị hủy." if event.cancelled else "Sự kiện đã diễn ra."
        return render(request, "events/accreditation.html", {**context, "problem": problem})
    form = AccreditationForm(request.POST or None, request.FILES or None, event=event)
    if request.method != "POST":
        return render(request, "events/accreditation.html", {**context, "form": form})
    if request.FILES and _too_many_photos(request):
        form = AccreditationForm(request.POST, event=event)  # what was typed, the photo unread
        form.add_error(None, TOO_MANY)
        return render(request, "events/accreditation.html", {**context, "form": form}, status=429)
    if not form.is_valid():
        return render(request, "events/accreditation.html", {**context, "form": form}, status=400)
    if _too_many(request):
        form.add_error(None, TOO_MANY)
        return render(request, "events/accreditation.html", {**context, "form": form}, status=429)
    if not form.cleaned_data["website"]:  # the honeypot: answered like anyone, kept nowhere
        press_desk.receive(form)  # a card already asked for is answered alike (see receive)
    return render(request, "events/accreditation.html", {**context, "sent": True})
