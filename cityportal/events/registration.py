"""Taking a seat: registration with a capacity and a waiting list, confirmed from a link mailed
to the address (double opt-in), cancellation, and promotion of the first person waiting.

A registration sent from the public form awaits confirmation (Status.PENDING) and holds no seat:
seats go to people who showed the address is theirs, in the order they confirmed, so neither a
stranger typing someone's address nor a script inventing addresses can take one. Nothing but
the confirmation link is mailed to an address awaiting confirmation, and one nobody confirms is
deleted when its link expires (forget_unconfirmed), or, if it reused a cancelled registration,
put back as that was.

Every change happens with the event's row locked (SELECT … FOR UPDATE on PostgreSQL; SQLite runs
write transactions one at a time), so two people can never both take the last seat; the unique
(event, email) constraint settles duplicates whatever happens before it.

The public form answers an address already signed up exactly as a new one (same page, same
status, a mail either way): only the mail, to that address, says it was registered before. So
nobody learns from the form whether someone signed up for an event."""

import copy
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from cityportal.core import mail, throttle
from cityportal.feedback.privacy import ERASED_EMAIL_DOMAIN, ERASED_EMAIL_PREFIX

from . import notifications
from .calendar import location_of
from .models import Accreditation, EventPage, Registration
from .models.registrations import confirmation_lifetime

Status = Registration.Status
# In a registrant's history (the registration's, in the admin): who withdrew, who got a seat
# from the waiting list, who was marked present, and when.
CANCELLED = "events.registration_cancelled"
PROMOTED = "events.registration_promoted"
CHECKED_IN = "events.registration_checked_in"
# Mail the forms send in answer, per address (or press card) and event: past this many a day
# the reminders stop, so a form that mails whoever is named in it floods nobody's inbox.
ANSWERS_PER_DAY = 3


class Refused(Exception):
    """Why a registration or cancellation was not taken, in words for the visitor."""


def _locked(event_id) -> EventPage:
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def seats_left(event: EventPage) -> int | None:
    """Free seats, or None when the event has no limit."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - event.registrations.confirmed().count())


def may_remind(event: EventPage, key: str) -> bool:
    """Count one more answer by mail to `key` (an address, a press card) for `event`; False once
    the day's ANSWERS_PER_DAY are used. A new registration counts too (it is always mailed), so
    an address probed again and again is answered the same whether or not it signed up first."""
    key = f"{event.pk}:{key}"
    return not throttle.over_limit("events-answers", key, ANSWERS_PER_DAY, 24 * 3600)


def register(event: EventPage, *, name: str, email: str, phone="", organisation="") -> str:
    """Receive the public form: a new registration awaits confirmation of its address (double
    opt-in) and is mailed the link, nothing else; Refused when the event takes no registration
    now. Returns Status.PENDING, what every visitor is told: check the mailbox.
    An address already seated or waiting keeps its registration as it was (nothing counted
    twice, no second row): its owner is mailed a reminder with their own cancellation link. One
    still awaiting confirmation keeps what was first typed, and is mailed the link again (see
    _answer_again)."""
    email = email.strip().lower()
    try:
        with transaction.atomic():
            event = _locked(event.pk)
            if problem := event.registration_problem():
                raise Refused(problem)
            may_mail = may_remind(event, email)
            existing = event.registrations.filter(email=email).first()
            if existing and existing.status != Status.CANCELLED:
                _answer_again(existing, may_mail)
            else:
                # Someone who cancelled and comes back confirms again, and joins at the end; until
                # then the cancellation is kept aside, as anyone may have typed the address.
                registration = existing or Registration(event=event, email=email)
                if existing:
                    registration.set_aside()
                registration.name, registration.phone = name, phone
                registration.organisation = organisation
                registration.status = Status.PENDING
                registration.created_at = registration.confirmation_sent_at = timezone.now()
                registration.promoted_at = registration.cancelled_at = None
                registration.save()
                notifications.confirm_address(registration)
    except IntegrityError:  # the same address at the same instant, from another process
        with transaction.atomic():
            existing = Registration.objects.filter(event=event, email=email).first()
            if existing and existing.status != Status.CANCELLED:
                _answer_again(existing, may_mail)
    return Status.PENDING


def resend_interval() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.EVENTS_CONFIRMATION_RESEND_MINUTES)


def _answer_again(existing: Registration, may_mail: bool) -> None:
    """The form named an address that has a registration: its owner is mailed what stands (a
    seat, a place in line), or the confirmation link again while it awaits one, not more often
    than every resend_interval() (a script sending the form in a loop mails nobody in a loop),
    and never past the day's ANSWERS_PER_DAY."""
    if not may_mail:
        return
    if existing.status != Status.PENDING:
        notifications.already_registered(existing)
        return
    now = timezone.now()
    resent = Registration.objects.filter(
        pk=existing.pk,
        status=Status.PENDING,
        confirmation_sent_at__lte=now - resend_interval(),
    ).update(confirmation_sent_at=now)
    if resent:
        notifications.confirm_address(existing)


def confirm(registration: Registration) -> str:
    """The owner of the address opened the link and confirmed: a seat if one is free, else a
    place at the end of the waiting list, decided now, under the event's lock (seats go in the
    order addresses are confirmed), and the confirmation with the .ics is mailed. Refused when
    the event takes no registration any more. Returns the registration's status; one confirmed
    already is left as it is (a second click changes nothing)."""
    with transaction.atomic():
        event = _locked(registration.event_id)
        # The row too: forget_unconfirmed, deleting it as its link expires, waits for this.
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        if registration.status != Status.PENDING:
            return registration.status
        if not event.live:
            raise Refused("Sự kiện không còn trên Cổng, không nhận đăng ký.")
        if problem := event.registration_problem():
            raise Refused(problem)
        _take_place(event, registration)
    return registration.status


def _take_place(event: EventPage, registration: Registration) -> None:
    """Seat `registration` (or put it at the end of the waiting list) and mail it so. Call with
    the event locked. Those already waiting go first: a newcomer never jumps the line."""
    promoted = _fill_seats(event)
    registration.status = Status.CONFIRMED if seats_left(event) != 0 else Status.WAITING
    registration.created_at = timezone.now()
    registration.confirmation_sent_at = registration.promoted_at = None
    registration.cancelled_at = registration.before_reuse = None
    registration.save()
    notifications.registered(registration)
    notifications.promoted(promoted)


class AlreadyRegistered(Refused):
    """Staff entered an address already seated or waiting for the event."""


def enter(event: EventPage, *, name: str, email: str, phone="", organisation="") -> Registration:
    """Staff enter a registration by hand (a guest who telephoned, a delegation): the address is
    vouched for by staff, so it skips the confirmation link and takes a seat or a place in line
    at once, like a confirmed one, and is mailed the confirmation. One awaiting confirmation is
    confirmed with what staff typed. AlreadyRegistered for an address seated or waiting."""
    email = email.strip().lower()
    with transaction.atomic():
        event = _locked(event.pk)
        if event.cancelled:
            raise Refused("Sự kiện đã bị hủy, không nhận đăng ký.")
        registration = event.registrations.filter(email=email).first()
        if registration and registration.status in (Status.CONFIRMED, Status.WAITING):
            raise AlreadyRegistered(
                f"{email} đã đăng ký sự kiện này ({registration.get_status_display().lower()})."
            )
        registration = registration or Registration(event=event, email=email)
        registration.name, registration.phone = name, phone
        registration.organisation = organisation
        _take_place(event, registration)
    return registration


def forget_unconfirmed(now=None) -> int:
    """Forget registrations whose address nobody confirmed before the last link mailed expired:
    what a stranger typed about someone is not kept (Decree 13/2023). A new one is deleted; one
    that reused a cancelled registration is put back as that was (name, data, cancellation), so
    the cancellation's record and history stay whole. Returns how many were forgotten."""
    from .privacy import REGISTRATION_LABEL as LABEL
    from .privacy import scrub_log_labels

    now = now or timezone.now()
    expired = Registration.objects.unconfirmed_since(now - confirmation_lifetime())
    with transaction.atomic():
        pks = list(expired.select_for_update().values_list("pk", flat=True))
        # Read again once locked: one confirmed meanwhile stays.
        expired = Registration.objects.filter(pk__in=pks, status=Status.PENDING)
        reused = list(expired.filter(before_reuse__isnull=False))
        for registration in reused:
            registration.put_back()
            registration.save()
        # A row reused before before_reuse was kept has a history naming someone: scrubbed.
        new = expired.filter(before_reuse__isnull=True)
        scrub_log_labels(Registration, new, LABEL)
        _, deleted = new.delete()
    return deleted.get(Registration._meta.label, 0) + len(reused)


def cancel_problem(event: EventPage) -> str | None:
    """Why a registration can no longer be cancelled, in words for the registrant."""
    if event.starts_at <= timezone.now():
        return "Sự kiện đã bắt đầu hoặc đã diễn ra, không thể hủy đăng ký."
    return None


def cancel(registration: Registration) -> list[Registration]:
    """Cancel and give the freed seat to the first person waiting; returns who was promoted."""
    with transaction.atomic():
        event = _locked(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        # Cancelled, and so until someone confirms the address the form named it again with.
        if registration.status == Status.CANCELLED or registration.before_reuse:
            return []
        if problem := cancel_problem(event):
            raise Refused(problem)
        was = registration.status
        registration.status, registration.cancelled_at = Status.CANCELLED, timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = _fill_seats(event, because="cancellation")
        log(
            registration,
            CANCELLED,
            data={"event": event.title, "was": was, "promoted": len(promoted)},
        )
        notifications.cancelled(registration)
        notifications.promoted(promoted)
    return promoted


def promote_waiting(event: EventPage) -> list[Registration]:
    """After the event is edited (a bigger room, no limit any more): the people waiting get
    the seats now free, and are told. Returns who was promoted."""
    with transaction.atomic():
        promoted = _fill_seats(_locked(event.pk))
        notifications.promoted(promoted)
    return promoted


def _fill_seats(event: EventPage, because: str = "seats") -> list[Registration]:
    """Move people from the waiting list into free seats (a cancellation, a bigger room), each
    logged in their history with `because` ("cancellation" or "seats").
    Call with the event locked. A cancelled event gives no seats: nobody is told to come."""
    if event.cancelled or event.starts_at <= timezone.now():
        return []
    free = seats_left(event)
    waiting = event.registrations.waiting()
    chosen = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for registration in chosen:
        registration.status, registration.promoted_at = Status.CONFIRMED, now
        registration.save(update_fields=["status", "promoted_at"])
        log(registration, PROMOTED, data={"event": event.title, "because": because})
    return chosen


def check_in(registrations, user=None) -> int:
    """Mark present those of `registrations` not marked yet, each logged in their history with
    who marked them (the door's bulk action). Returns how many were marked."""
    with transaction.atomic():
        now = timezone.now()
        pending = list(
            Registration.objects.select_for_update()
            .select_related("event")
            .filter(pk__in=[r.pk for r in registrations], checked_in_at__isnull=True)
        )
        Registration.objects.filter(pk__in=[r.pk for r in pending]).update(checked_in_at=now)
        for registration in pending:
            registration.checked_in_at = now
            log(registration, CHECKED_IN, user=user, data={"event": registration.event.title})
    return len(pending)


# How long after an event began the people left on its waiting list are still told: a worker
# stopped for a day catches up; the first run after a deploy does not mail last year's events.
LEFT_WAITING_LOOKBACK = datetime.timedelta(days=3)


@mail.one_connection()
def tell_left_waiting(now=None) -> int:
    """Everyone still waiting when their event began (not cancelled, still on the site) hears
    once that no seat came. Safe to run often and from several workers at once. Returns how
    many were told."""
    now = now or timezone.now()
    waiting = (
        Registration.objects.left_waiting(now, since=now - LEFT_WAITING_LOOKBACK)
        # Not only for the mail (core.mail drops an erased address): an erased person is not
        # told, so is neither marked told nor counted.
        .exclude(email__startswith=ERASED_EMAIL_PREFIX, email__endswith=ERASED_EMAIL_DOMAIN)
        .select_related("event")
        .order_by("pk")
    )
    return sum(tell_no_seat(registration, now) for registration in waiting)


def tell_no_seat(registration: Registration, now) -> bool:
    """Mail `registration` that no seat came, if this run is the one that claims it: the
    conditional UPDATE of told_no_seat_at changes the row for one run only, and the mail goes
    to the outbox in the same transaction (sent after the commit, retried if the server fails)."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration.pk, status=Status.WAITING, told_no_seat_at__isnull=True
        ).update(told_no_seat_at=now)
        if claimed:
            notifications.left_waiting(registration)
    return bool(claimed)


# What a person who signed up plans around: a change to any of these is announced.
SCHEDULE = ("starts_at", "ends_at", "venue", "address", "unit_id", "online_url")


def schedule_of(event: EventPage) -> dict:
    return {
        **{name: getattr(event, name) for name in SCHEDULE},
        "cancelled": event.cancelled,
        "location": location_of(event),
    }


def people_expecting(event: EventPage) -> list[tuple]:
    """Everyone still registered, waiting or accredited, once by address: (email, name, cancel
    URL or "", whether they were sent an .ics)."""
    people = {}
    for r in event.registrations.filter(status__in=[Status.CONFIRMED, Status.WAITING]):
        people.setdefault(
            r.email, (r.email, r.name, r.get_cancel_url(), r.status == Status.CONFIRMED)
        )
    accreditations = event.accreditations.filter(
        status__in=[Accreditation.Status.APPROVED, Accreditation.Status.PENDING]
    )
    for a in accreditations:
        approved = a.status == Accreditation.Status.APPROVED
        people.setdefault(a.email.strip().lower(), (a.email, a.reporter_name, "", approved))
    return list(people.values())


# What the people expecting an event were last told, in the page's history: the latest of the two
# says whether they believe it off (cancelled or taken off the site) or on.
WITHDRAWAL_ANNOUNCED = "events.withdrawal_announced"
RETURN_ANNOUNCED = "events.return_announced"


def announced_withdrawn(event: EventPage) -> bool:
    """Whether people were told the event will not happen and not yet that it is on again."""
    last = (
        PageLogEntry.objects.filter(
            page_id=event.pk, action__in=[WITHDRAWAL_ANNOUNCED, RETURN_ANNOUNCED]
        )
        .order_by("-pk")
        .values_list("action", flat=True)
        .first()
    )
    return last == WITHDRAWAL_ANNOUNCED


def announce_changes(event: EventPage, before: dict) -> int:
    """After the organiser publishes a cancelled or moved event: everyone still registered,
    waiting or accredited is e-mailed once (by address). Nothing for an event already over or
    already cancelled (or withdrawn: they were told then). Returns how many people are told."""
    if before["cancelled"] or before["ends_at"] <= timezone.now():
        return 0
    moved = any(before[name] != getattr(event, name) for name in SCHEDULE)
    if not (event.cancelled or moved):
        return 0
    if event.cancelled and announced_withdrawn(event):
        return 0
    people = people_expecting(event)
    notifications.event_changed(event, before, people)
    if event.cancelled and people:
        log(event, WITHDRAWAL_ANNOUNCED, data={"people": len(people)})
    return len(people)


def announce_return(event: EventPage, before: dict | None) -> int:
    """After a publish: an event people were told is off (unpublished, or published as
    cancelled — `before` is its live schedule, None when it was not live) and that is on again,
    upcoming, is announced to everyone expecting it, once. Returns how many people are told."""
    if not event.live or event.cancelled or event.is_over:
        return 0
    withdrawn = announced_withdrawn(event)
    if not (withdrawn or (before is not None and before["cancelled"])):
        return 0
    people = people_expecting(event)
    notifications.event_returned(event, people)
    if withdrawn or people:  # the history says they now know it is on
        log(event, RETURN_ANNOUNCED, data={"people": len(people)})
    return len(people)


def told_on_withdrawal(event: EventPage) -> int:
    """How many people announce_withdrawal tells, for the organiser's warning: none for an
    event already off the site (they were told then), cancelled or over."""
    if not event.live or event.cancelled or event.is_over or announced_withdrawn(event):
        return 0
    return len(people_expecting(event))


def announce_withdrawal(event: EventPage) -> int:
    """An upcoming event taken off the site (unpublished or deleted while live) will not
    happen for the people expecting it: they are told as for a cancellation, once (an event
    already cancelled or withdrawn told them then)."""
    withdrawn = copy.copy(event)
    withdrawn.cancelled, withdrawn.live = True, False
    return announce_changes(withdrawn, schedule_of(event))
