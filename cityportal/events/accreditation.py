"""Reporters' accreditation requests as they arrive, the organisers' decisions on them, and the
door list: who is let in on the day (approved reporters and attendees with a confirmed seat)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notifications
from .models import Accreditation, EventPage, Registration
from .models.press import card_key
from .registration import announced_withdrawn, may_remind


def receive(form) -> None:
    """Store a valid AccreditationForm's request and mail the reporter a receipt. A press card
    already asked for (however typed) keeps its request as it was: the reporter who sent that
    one is mailed instead, and the visitor is answered alike, so the form never tells whether
    a card is accredited for the event."""
    event, number = form.event, form.cleaned_data["press_card_number"]
    try:
        with transaction.atomic():
            # Locked like a registration: two requests with one card typed two ways wait in turn.
            EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
            mail = may_remind(event, f"card:{card_key(number)}")
            earlier = Accreditation.objects.filter(event=event).with_card(number).first()
            if earlier is None:
                notifications.accreditation_received(form.save())
            elif mail:
                notifications.accreditation_repeated(earlier)
    except IntegrityError:  # the same card at the same instant, from another process
        with transaction.atomic():
            earlier = event.accreditations.filter(press_card_number=number).first()
            if mail and earlier is not None:
                notifications.accreditation_repeated(earlier)


class Refused(Exception):
    """A decision that cannot be taken, in words for the organiser."""


def approval_problem(event: EventPage) -> str | None:
    """Why reporters cannot be approved for `event` (they would be e-mailed to come)."""
    if event.cancelled or announced_withdrawn(event):
        return f"Sự kiện “{event.title}” đã hủy: không thể duyệt đăng ký tác nghiệp."
    if event.is_over:
        return f"Sự kiện “{event.title}” đã kết thúc: không thể duyệt đăng ký tác nghiệp."
    return None


def approval_problems(accreditations) -> list[str]:
    """approval_problem for each event among `accreditations` not yet approved, once each."""
    events = {
        a.event_id: a.event for a in accreditations if a.status != Accreditation.Status.APPROVED
    }
    return [problem for event in events.values() if (problem := approval_problem(event))]


def decide(accreditations, status: str, user, note: str | None = None) -> list[Accreditation]:
    """Approve or reject; each reporter whose request changes is e-mailed once, after commit.
    Approving for an event cancelled, withdrawn or over is Refused, and nothing changes."""
    if status == Accreditation.Status.APPROVED and (problems := approval_problems(accreditations)):
        raise Refused(" ".join(problems))
    changed = []
    with transaction.atomic():
        for accreditation in accreditations:
            if accreditation.status == status:
                continue
            accreditation.status = status
            accreditation.decided_at, accreditation.decided_by = timezone.now(), user
            if note is not None:
                accreditation.decision_note = note
            accreditation.save(
                update_fields=["status", "decided_at", "decided_by", "decision_note"]
            )
            if status != Accreditation.Status.PENDING:
                notifications.accreditation_decided(accreditation)
            changed.append(accreditation)
    return changed


@dataclass
class DoorEntry:
    kind: str  # "Báo chí" or "Khách mời"
    name: str
    organisation: str
    detail: str  # press card number, or the end of the phone number
    checked_in: bool


def door_list(event: EventPage) -> list[DoorEntry]:
    press = [
        DoorEntry("Báo chí", a.reporter_name, a.outlet, f"Thẻ {a.press_card_number}", False)
        for a in event.accreditations.approved().order_by("reporter_name", "pk")
    ]
    guests = [
        DoorEntry(
            "Khách mời", r.name, r.organisation, _phone_end(r.phone), r.checked_in_at is not None
        )
        for r in Registration.objects.filter(event=event).door_list()
    ]
    return press + guests


def _phone_end(phone: str) -> str:
    """Enough of a guest's number to tell two people of the same name apart at the door: the
    printed list lies on a desk in the lobby, where anyone passing reads it."""
    digits = "".join(c for c in phone if c.isdigit())
    return f"ĐT …{digits[-3:]}" if len(digits) > 3 else ""
