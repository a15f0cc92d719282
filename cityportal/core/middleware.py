"""Let a browser or front cache (Varnish) keep public pages shown to anonymous visitors."""

from django.conf import settings
from django.utils.cache import patch_cache_control

PRIVATE_PREFIXES = ("/admin", "/django-admin", "/healthz")


class PublicCacheMiddleware:
    """Mark cookie-free anonymous GET responses `public, max-age=N` and drop `Vary: Cookie`.

    It sits before SessionMiddleware, so it sees the response last. A request that carries no
    session cookie is anonymous for certain; if nothing in the response set a cookie either,
    the page is the same for every anonymous visitor and a shared cache may serve it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code in (200, 301, 404)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not response.cookies
            and not request.path.startswith(PRIVATE_PREFIXES)
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            vary = [v for v in vary if v.lower() != "cookie"]
            if vary:
                response["Vary"] = ", ".join(vary)
            elif response.has_header("Vary"):
                del response["Vary"]
        return response
