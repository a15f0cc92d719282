from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from . import engine
from .forms import SearchForm
from .models import SearchTerm

PER_PAGE = 20
MAX_PAGES = 50
# Places stand apart, a few above the results: "thu duc" names some forty former wards of
# Thủ Đức in their titles, which would bury the news about it.
PLACES_SHOWN = 4


class _Counted:
    """A sequence of `total` results of which only the current page is fetched, so Django's
    Paginator can number pages without loading them."""

    def __init__(self, total):
        self.total = total

    def __len__(self):
        return self.total

    def count(self):
        return self.total

    def __getitem__(self, index):
        return []  # the page's hits come from the engine, not from here


def search(request):
    form = SearchForm(request.GET)
    form.is_valid()  # invalid filters are left out, with their messages; the rest still search
    text = form.cleaned_data.get("q", "")
    arguments = form.search_arguments()
    filtered = any(v for k, v in arguments.items() if k != "order")
    # Deep pages cost the database most and nobody reads them; a narrower query helps more.
    # get_page turns a mistyped or too-large ?trang= into the first or last page.
    deepest = Paginator(_Counted(PER_PAGE * MAX_PAGES), PER_PAGE)
    page_number = asked = deepest.get_page(request.GET.get("trang")).number
    places_too = not arguments["kind"]
    if places_too:
        arguments["exclude_kind"] = "place"

    def page(number):
        # A filter with no words lists its newest documents: what a reader who picked a section
        # and pressed Tìm expects, rather than a blank page.
        return engine.search(
            text,
            limit=PER_PAGE,
            offset=(number - 1) * PER_PAGE,
            browse=filtered,
            **arguments,
        )

    results = page(page_number)
    paginator = Paginator(_Counted(min(results.total, PER_PAGE * MAX_PAGES)), PER_PAGE)
    if page_number > paginator.num_pages:
        # Past the last page (an old link, a hand-edited ?trang=): show the last one, not
        # "Tìm thấy 3 kết quả" above an empty list (or no places box when only places match).
        page_number = paginator.num_pages
        results = page(page_number)
    page_obj = paginator.get_page(page_number) if results.total else None
    places = None
    if places_too and results.query and page_number == 1:
        arguments_for_places = {
            **arguments,
            "kind": "place",
            "exclude_kind": "",
            "order": "relevance",
        }
        places = engine.search(text, limit=PLACES_SHOWN, suggest=False, **arguments_for_places)
    if results.query and asked == 1:  # a search counts once, not once per page
        SearchTerm.record(text, results.total + (places.total if places else 0))
    query_string = request.GET.copy()
    query_string.pop("trang", None)
    response = render(
        request,
        "search/search.html",
        {
            "form": form,
            "text": text,
            "results": results,
            "places": places,
            "page_obj": page_obj,
            "query_string": query_string.urlencode(),
            "filtered": filtered,
        },
    )
    # Short-lived in browsers and a front cache; not in Django's page cache, so searches are
    # counted for the editors' report.
    patch_cache_control(response, public=True, max_age=60)
    return response
