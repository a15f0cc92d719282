"""Watchlists in the admin: a policy, a project or a place the desk follows."""

from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cityportal.core.text import fold

from ..forms import WatchlistForm
from ..models import Watchlist


class WatchlistIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        # Typed with or without diacritics ("ngap" finds "Chống ngập"); watchlists are few.
        if not self.is_searching:
            return queryset
        wanted = fold(self.search_query).strip()
        found = [w.pk for w in queryset if wanted in fold(f"{w.name} {w.terms}")]
        return queryset.filter(pk__in=found)


class WatchlistViewSet(ModelViewSet):
    model = Watchlist
    index_view_class = WatchlistIndexView
    icon = "pick"
    menu_label = "Danh sách theo dõi"
    list_display = ["name", BooleanColumn("active", label="Đang theo dõi")]
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("name", "slug", "terms", "places", "notify", "active")],
        base_form_class=WatchlistForm,
    )
    search_fields = ["name", "terms"]
    search_backend_name = None
