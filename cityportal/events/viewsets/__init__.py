"""The events' admin listings, one module per model, grouped in one menu."""

from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .accreditations import AccreditationViewSet
from .coverage import CoverageViewSet
from .registrations import RegistrationViewSet


class EventsGroup(SnippetViewSetGroup):
    menu_label = "Sự kiện, báo chí"
    menu_icon = "date"
    menu_name = "su-kien"
    menu_order = 214
    items = (RegistrationViewSet, AccreditationViewSet, CoverageViewSet)
