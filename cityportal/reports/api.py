"""`POST /api/v1/hit`: the page-view counter's one route (pageviews.py says what is kept), in
the JSON API so that its schema documents it like every other route."""

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from ninja import Form, Router, Status

from cityportal.api.schemas import Error

from .pageviews import count_view

router = Router(tags=["pageviews"])


@router.post(
    "/hit",
    response={204: None, 400: Error},
    url_name="page_hit",
    summary="Count one view of a page",
    description="Posted by the page's script (form field `page`: the page's id) once a page is "
    "shown. Nothing is set on the reader's browser and nothing about the reader is kept.",
)
def hit(request, response: HttpResponse, page: Form[str] = ""):
    add_never_cache_headers(response)
    if refused := count_view(request, page):
        return Status(400, {"detail": refused})
    return Status(204, None)
