"""The public site's middleware: pages for anonymous visitors cacheable by browsers and front
caches (Varnish), and kept in Django's cache until something is published, so an announcement
spike costs no rendering; and the Content-Security-Policy every response carries."""

import base64
import datetime
import functools
import hashlib
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

PRIVATE_PREFIXES = ("/admin", "/django-admin", "/healthz", "/documents")
CONTENT_VERSION_KEY = "cityportal:content-version"
# How long `until_content_changes` keeps a value at most: it bounds what a change made without
# Wagtail's signals (a script's add_child) leaves stale, and lets earlier versions' keys expire.
CONTENT_SECONDS = 600


def _fresh_version() -> int:
    # A version never used before, for a key not set yet or culled by a full cache: restarting
    # from 1 would make pages cached under an earlier 1, 2… current again.
    return time.time_ns() // 1000


def content_version() -> int:
    return cache.get_or_set(CONTENT_VERSION_KEY, _fresh_version, timeout=None)


def bump_content_version(**kwargs) -> None:
    """Called when pages are published, unpublished, moved, deleted or made private or public, and
    when the search index is rebuilt: every cached page goes stale."""
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(CONTENT_VERSION_KEY, _fresh_version(), timeout=None)


def until_content_changes(name: str, request, compute):
    """`compute()`, kept in the cache until the content version moves on (a page published,
    unpublished, moved or deleted: core.signals), per host, as pages' URLs depend on the site.
    For what every page shows (the navigation): a render then costs it no query."""
    host = request.get_host() if request else ""
    key = f"cityportal:{name}:{content_version()}:{host}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CONTENT_SECONDS)
    return value


def fresh_until(response, moment: datetime.datetime | None):
    """Let caches keep `response` no later than `moment`: a page whose content turns at a known
    time (an event beginning hides its registration form) must not outlive it by the minutes the
    browser, Varnish and the page cache would otherwise keep it. Returns the response."""
    if moment is not None:
        current = getattr(response, "fresh_until", None)
        response.fresh_until = moment if current is None else min(current, moment)
    return response


def _lifetimes(response) -> tuple[int, int]:
    """Seconds the browser and front cache, and the page cache, may keep `response`."""
    shared, local = settings.PUBLIC_CACHE_SECONDS, settings.PAGE_CACHE_SECONDS
    moment = getattr(response, "fresh_until", None)
    if moment is None:
        return shared, local
    # Rounded down: caches count whole seconds, and rounded up a copy outlived the moment by
    # up to one (a register button served for a second after the start).
    left = max(0, math.floor((moment - datetime.datetime.now(datetime.UTC)).total_seconds()))
    return min(shared, left), min(local, left)


def _is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(PRIVATE_PREFIXES)
    )


class PublicCacheMiddleware:
    """Mark cookie-free anonymous GET responses `public, max-age=N`, drop `Vary: Cookie`, and keep
    successful ones in the cache under the current content version.

    It sits before SessionMiddleware, so it sees the response last. A request that carries no
    session cookie is anonymous for certain; if nothing in the response set a cookie either,
    the page is the same for every anonymous visitor and a shared cache may serve it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = _is_anonymous_read(request)
        key = None
        if anonymous and settings.PAGE_CACHE_SECONDS:
            # Per scheme and host: pages write absolute links from the request (canonical, og:).
            address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
            key = f"cityportal:page:{content_version()}:{address}"
            cached = cache.get(key)
            if cached is not None:
                cached["X-Page-Cache"] = "hit"
                # Its max-age was counted when it was stored: nearer its turn now, if it has one.
                patch_cache_control(cached, max_age=_lifetimes(cached)[0])
                return cached
        response = self.get_response(request)
        if not (
            anonymous
            and response.status_code in (200, 301, 404)
            and not response.cookies
            and not response.has_header("Cache-Control")
        ):
            return response
        shared, local = _lifetimes(response)
        patch_cache_control(response, public=True, max_age=shared)
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        vary = [v for v in vary if v.lower() != "cookie"]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif response.has_header("Vary"):
            del response["Vary"]
        if key and local and response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, local)
        return response


# Wagtail's admin and Django's write inline scripts and styles: ADMIN_CONTENT_SECURITY_POLICY.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def _header(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


@functools.cache
def error_page_style() -> str:
    """The hash source of the <style> the error pages keep inline (standalone.html: a server in
    trouble is asked for no stylesheet), taken from the template so an edit cannot go stale."""
    css = re.search(r"<style>(.*?)</style>", render_to_string("standalone.html"), re.S)[1]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def public_policy() -> str:
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    policy["style-src"] = [*policy["style-src"], error_page_style()]
    return _header(policy)


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy: public pages run only the site's own script files, so
    markup slipped into a page (a comment, an imported article, a dataset's description) cannot
    run. The admin's policy leaves its inline code alone but still refuses plugins, a foreign
    <base>, forms posting elsewhere and framing by other sites.

    It sits before PublicCacheMiddleware, so pages served from the cache carry it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's debug pages (DEBUG only) style and script themselves inline.
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        name = "Content-Security-Policy"
        if getattr(settings, "CSP_REPORT_ONLY", False):
            name += "-Report-Only"
        if request.path.startswith(ADMIN_PREFIXES):
            response.setdefault(name, _header(settings.ADMIN_CONTENT_SECURITY_POLICY))
        else:
            response.setdefault(name, public_policy())
        return response


class PublicRequestSizeMiddleware:
    """Refuse (413) a visitor's request whose body is larger than any public form takes, before
    anything reads it. Django caps form fields kept in memory, not uploaded files: those are
    written to a temporary file whole before the form sees them (and before the CSRF check,
    which reads the POST), so a stranger could send gigabytes to /gop-y/ or any URL. Signed-in
    staff are not capped here: their uploads have the limits of their own forms.

    It sits after AuthenticationMiddleware, to tell the two apart (a session is read only for
    a request that is too large for a visitor)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then either
        limit = settings.PUBLIC_MAX_REQUEST_BYTES
        if length > limit and not request.user.is_authenticated:
            context = {"megabytes": limit // (1024 * 1024)}
            return HttpResponse(render_to_string("413.html", context), status=413)
        return self.get_response(request)
