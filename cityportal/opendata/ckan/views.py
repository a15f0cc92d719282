"""The `/api/3/action/<action>` view: parameters in, CKAN's envelope out; and the actions about
the API itself."""

import json

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import datastore
from . import catalogue, datastore_search, package_search  # noqa: F401 (they register actions)
from .protocol import ACTIONS, ActionError, not_found, register, required


@csrf_exempt  # read only, anonymous, and ckanapi posts JSON without a token
@require_http_methods(["GET", "POST"])
def action(request, action: str) -> JsonResponse:
    """Run one action: parameters from the query string (GET) or a JSON object (POST)."""
    function = ACTIONS.get(action)
    if function is None:
        return _bad_request(f"Action name not known: {action}")
    try:
        data = _request_data(request)
    except ValueError as error:
        return _bad_request(f"JSON Error: {error}")
    help_url = reverse("ckan_action", args=["help_show"])
    envelope = {"help": request.build_absolute_uri(f"{help_url}?name={action}")}
    try:
        envelope |= {"success": True, "result": function(request, data)}
    except datastore.FieldError as error:
        envelope |= {
            "success": False,
            "error": {error.field: [error.message], "__type": "Validation Error"},
        }
        return _json(envelope, status=409)
    except ActionError as error:
        envelope |= {"success": False, "error": error.error}
        return _json(envelope, status=error.status)
    response = _json(envelope)
    if request.method == "GET":
        # Set here, not by the page cache: datasets change without publishing a page.
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _bad_request(message: str) -> JsonResponse:
    """CKAN answers a request it cannot read with a bare JSON string, not the envelope."""
    return _json(f"Bad request - {message}", status=400)


def _request_data(request) -> dict:
    if request.method == "GET":
        return {key: v[0] if len(v) == 1 else v for key, v in request.GET.lists()}
    if not request.body:
        return {}
    data = json.loads(request.body)
    if not isinstance(data, dict):
        raise ValueError(f"Request data JSON decoded to {data!r} but it needs to be a dictionary.")
    return data


@register
def status_show(request, data: dict) -> dict:
    """The site and the CKAN API level this subset follows."""
    return {
        "site_title": settings.WAGTAIL_SITE_NAME,
        "site_url": request.build_absolute_uri("/").rstrip("/"),
        "site_description": "Dữ liệu mở của Thành phố Hồ Chí Minh",
        "ckan_version": "2.10.0",
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": ["datastore", "dcat"],
    }


@register
def help_show(request, data: dict) -> str:
    """What an action does: the target of every response's `help` link."""
    function = ACTIONS.get(required(data, "name"))
    if function is None:
        raise not_found("action")
    return function.__doc__
