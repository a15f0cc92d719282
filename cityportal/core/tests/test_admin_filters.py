"""Every admin listing of the project's models with filters lists nothing under an invalid filter
(a misspelt day, a choice no longer there), instead of Wagtail's default of dropping the filters
and listing, and exporting, every row as if it were the filtered list."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .listings import project_viewsets

GARBAGE = "khong-hop-le-0"


def _filterset_class(viewset):
    """The filters of the viewset's listing as its index view builds them (from list_filter, or
    a filterset_class of the viewset's or the view's own), the view made as construct_view
    makes it."""
    view_class = viewset.index_view_class
    kwargs = {**viewset.get_common_view_kwargs(), **viewset.get_index_view_kwargs()}
    view = view_class(
        **{k: v for k, v in kwargs.items() if hasattr(view_class, k) and v is not viewset.UNDEFINED}
    )
    return view.filterset_class


def _filtered_listings() -> list:
    listings = []
    for viewset in project_viewsets():
        if not isinstance(viewset, ModelViewSet) or _filterset_class(viewset) is None:
            continue
        name = viewset.get_url_name("list" if isinstance(viewset, SnippetViewSet) else "index")
        listings.append(pytest.param(name, id=name))
    return sorted(listings, key=lambda param: param.id)


LISTINGS = _filtered_listings()


def test_the_listings_walked_include_every_app_s_filtered_listing():
    walked = {param.id for param in LISTINGS}
    for name in [
        "monitor_item:index",
        "monitor_alert:index",
        "feedback_comments:list",
        "enquiries:index",
        "content_requests:index",
        "datasets:index",
        "indicators:index",
        "organisations:index",
        "events_registrations:list",
    ]:
        assert name in walked


@pytest.mark.parametrize("url_name", LISTINGS)
def test_an_invalid_filter_lists_nothing_under_its_error(admin_client, url_name):
    """Each filter field in turn gets a value it cannot read. The listing is emptied by the
    view (its query asks for nothing, so an empty table in the test database proves nothing
    either way) and the field says what is wrong."""
    url = reverse(url_name)
    listing = admin_client.get(url)
    assert listing.status_code == 200
    assert not listing.context["paginator"].object_list.query.is_empty()
    checked = []
    for field_name, field in listing.context["filters"].form.fields.items():
        # A range (a period) reads two parameters: "created_at_after", "created_at_before".
        keys = [field_name + suffix for suffix in getattr(field.widget, "widgets_names", [""])]
        response = admin_client.get(url, {key: GARBAGE for key in keys})
        if response.context["filters"].is_valid():
            continue  # a yes/no filter reads anything else as "either"
        checked.append(field_name)
        paginator = response.context["paginator"]
        assert paginator.object_list.query.is_empty(), (url_name, field_name)
        assert paginator.count == 0 and not list(response.context["object_list"])
        soup = BeautifulSoup(response.content, "html.parser")
        error = soup.select_one(f'[data-contentpath="{field_name}"] .error-message')
        assert error is not None and error.get_text(strip=True), (url_name, field_name)
    assert checked, f"{url_name}: no filter field refused {GARBAGE!r}"
