"""What the events desk holds about a person (sign-ups and press accreditations, known by e-mail
like everything in `feedback.privacy`, which calls these for its export and its erasure)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, Lower, Trim
from wagtail.models import ModelLogEntry

from .models import Accreditation, Registration

REGISTRATION_LABEL = "Đăng ký tham dự #"


def _of(model, email: str):
    return model.objects.alias(_email=Lower(Trim("email"))).filter(_email=email)


def export(email: str) -> dict:
    """`email` already normalised (stripped, lower case)."""
    return {
        "event_registrations": [
            {
                "event": r.event.title,
                "name": r.name,
                "email": r.email,
                "phone": r.phone,
                "organisation": r.organisation,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
                # A cancelled sign-up as it was, kept while the form's new one awaits confirmation.
                "before_reuse": r.before_reuse,
            }
            for r in _of(Registration, email).select_related("event")
        ],
        "press_accreditations": [
            {
                "event": a.event.title,
                "name": a.reporter_name,
                "outlet": a.outlet,
                "press_card_number": a.press_card_number,
                "email": a.email,
                "phone": a.phone,
                "photo": bool(a.photo),
                "status": a.status,
                "created_at": a.created_at.isoformat(),
            }
            for a in _of(Accreditation, email).select_related("event")
        ],
    }


def erase(email: str, name: str, erased_email) -> int:
    """Sign-ups and accreditations kept as counts (an event's attendance stays true) without the
    person: no name, address, phone, organisation or card number; badge photos deleted from
    storage once this commits; their labels in Wagtail's history (which name the person) too.
    Returns how many records changed."""
    # A cancelled sign-up the form reused can no longer be confirmed (its link names the address
    # erased): it is put back as it was, then made anonymous, so nothing kept aside outlives this.
    for registration in _of(Registration, email).filter(before_reuse__isnull=False):
        registration.put_back()
        registration.save()
    scrub_log_labels(Registration, _of(Registration, email), REGISTRATION_LABEL)
    scrub_log_labels(Accreditation, _of(Accreditation, email), "Đăng ký tác nghiệp #")
    registrations = _of(Registration, email).update(
        name=name, email=erased_email, phone="", organisation=""
    )
    accreditations = list(_of(Accreditation, email))
    photos = [(a.photo.storage, a.photo.name) for a in accreditations if a.photo]
    Accreditation.objects.filter(pk__in=[a.pk for a in accreditations]).update(
        reporter_name=name,
        email=erased_email,
        phone="",
        # Unique per event: each erased card keeps a number of its own.
        press_card_number=Concat(Value("XOA-"), Cast("pk", CharField())),
        photo="",
    )

    def delete_photos():
        for storage, path in photos:
            storage.delete(path)

    transaction.on_commit(delete_photos)
    return registrations + len(accreditations)


def scrub_log_labels(model, records, label: str) -> None:
    """Wagtail's history keeps each record's label as it was ("name (status)"): replace it."""
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in records.values_list("pk", flat=True)],
    ).update(label=Concat(Value(label), F("object_id"), output_field=CharField()))
