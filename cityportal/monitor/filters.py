"""Drill-down filters for the items list: the dashboard's period, watchlist, place, topic and
sentiment carry over, so the list shows the stories the dashboard counted."""

import django_filters
from django import forms
from django.utils.http import urlencode
from wagtail.admin.filters import WagtailFilterSet

from cityportal.core.models import AdministrativeUnit
from cityportal.news.models import SectionPage

from .analysis import Period
from .forms import WatchlistChoiceField
from .models import SENTIMENTS, TOPICS, TOXICITY, Alert, Item, Watchlist


def _sections() -> list[tuple[str, str]]:
    """The portal's content groups by their names (items keep the slug; see classify), and
    any other slug items carry (a section unpublished since, or a custom mapping's)."""
    named = dict(SectionPage.objects.live().order_by("path").values_list("slug", "title"))
    stored = Item.objects.exclude(section="").values_list("section", flat=True).distinct()
    return [*named.items(), *((slug, slug) for slug in sorted(set(stored) - set(named)))]


class WatchlistFilter(django_filters.ModelChoiceFilter):
    field_class = WatchlistChoiceField


class ItemFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["watchlist"].chosen = self.data.get("watchlist")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            # Otherwise an empty list that reads as "nothing matched".
            self.add_error("end", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data


class ItemFilterSet(WagtailFilterSet):
    start = django_filters.DateFilter(
        "published_on", lookup_expr="gte", label="Từ ngày", help_text="Ngày đăng, theo giờ Việt Nam"
    )
    end = django_filters.DateFilter("published_on", lookup_expr="lte", label="Đến ngày")
    watchlist = WatchlistFilter(
        queryset=Watchlist.objects.all(),
        to_field_name="slug",
        method="in_watchlist",
        label="Danh sách theo dõi",
    )
    # The city's own units (today's wards, then the districts and wards before the 2025
    # reform), by slug; the dashboard's place links set it too. Choices: see __init__.
    place = django_filters.ChoiceFilter(method="at_place", label="Địa bàn")
    # Read as the dashboard counts: an analyst's correction wins over the model's label.
    sentiment = django_filters.ChoiceFilter(
        choices=SENTIMENTS, method="read_as_sentiment", label="Sắc thái"
    )
    topic = django_filters.ChoiceFilter(choices=TOPICS, method="read_as_topic", label="Chủ đề")
    toxicity = django_filters.ChoiceFilter(
        choices=TOXICITY, method="read_as_toxicity", label="Độc hại"
    )

    section = django_filters.ChoiceFilter(label="Nhóm nội dung")  # choices: see __init__

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per list (a callable would be read again by every use of the form).
        places = AdministrativeUnit.objects.local().grouped_choices("slug")
        self.filters["place"].extra["choices"] = places
        self.filters["section"].extra["choices"] = _sections()

    class Meta:
        model = Item
        fields = ["source", "kind", "status", "is_primary"]
        form = ItemFilterForm

    def in_watchlist(self, queryset, name, value):
        return queryset.for_watchlist(value)

    def at_place(self, queryset, name, value):
        # A subquery, not a join: an item tagged twice is listed once.
        tagged = Item.places.through.objects.filter(administrativeunit__slug=value)
        return queryset.filter(pk__in=tagged.values("item_id"))

    def read_as_sentiment(self, queryset, name, value):
        return queryset.with_sentiment(value)

    def read_as_topic(self, queryset, name, value):
        return queryset.with_topic(value)

    def read_as_toxicity(self, queryset, name, value):
        return queryset.with_toxicity(value)


class AlertFilterSet(WagtailFilterSet):
    # Only the watchlists that raised an alert: of the desk's fifty, the few with anything to
    # list (and an old one that follows nothing, if it raised some before it was emptied).
    watchlist = django_filters.ModelChoiceFilter(
        queryset=Watchlist.objects.filter(alerts__isnull=False).distinct(),
        label="Danh sách theo dõi",
    )

    class Meta:
        model = Alert
        fields = ["kind", "watchlist", "day"]


def scope_query(period, watchlist) -> dict:
    """A period and a watchlist (or the city) as the desk's pages read them from the URL."""
    scope = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if watchlist:
        scope["watchlist"] = watchlist.slug
    return scope


def drill_query(period, watchlist) -> str:
    """The items list's query string for the stories counted in `period` and the watchlist's
    scope (or the city's): the dashboard's links and an alert's."""
    counted = {"status": Item.Status.PROCESSED, "is_primary": "true"}
    return urlencode({**scope_query(period, watchlist), **counted})


def alert_query(alert) -> str:
    """The items list's query string for what raised `alert`: its day's stories in its scope,
    only the negative ones for a negative-share alert."""
    query = drill_query(Period(alert.day, alert.day), alert.watchlist)
    if alert.kind == Alert.Kind.NEGATIVE:
        query += "&" + urlencode({"sentiment": "negative"})
    return query
