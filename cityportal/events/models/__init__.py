"""Events: the pages (talks, seminars, press conferences, livestreams), the public's
registrations, and the press desk (accreditation, coverage)."""

from .pages import EventAgendaItem, EventDocument, EventIndexPage, EventPage, EventSpeaker
from .press import Accreditation, CoverageAssignment
from .registrations import Registration

__all__ = [
    "Accreditation",
    "CoverageAssignment",
    "EventAgendaItem",
    "EventDocument",
    "EventIndexPage",
    "EventPage",
    "EventSpeaker",
    "Registration",
]
