"""The portal's own page-view counter: a few lines of script on every page post the page's id
here once it is shown, so pages served by the front cache count too. Nothing about the reader
is kept (no cookie, address or browser): only a number per page per day. A reload in the same
tab counts once (the script remembers the page in the tab's sessionStorage, which never leaves
the browser); a script posting in a loop is held to HITS_PER_MINUTE from one address (a keyed
hash of it counted in the cache for a minute), which a carrier's shared address never reaches
with real readers, and to PAGE_HITS_PER_HOUR for any one page, so that one machine cannot lift
an article into the quarterly report's top ten. A browser posting from another site's page
(Origin, Sec-Fetch-Site) is not counted: any site could otherwise have its visitors' browsers
post hits for a page of its choosing, from as many addresses as it has visitors."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http.request import split_domain_port, validate_host
from django.utils import timezone
from wagtail.models import Page

from cityportal.core import throttle

from .models import PageViewDay

HITS_PER_MINUTE = 120
# Readers behind one address (a carrier's, an office's) who open the same page: a hot article
# read by half of them still stays under this.
PAGE_HITS_PER_HOUR = 60
LIVE_SECONDS = 300  # how long "page N is live" is trusted: a hit costs one UPDATE, not two

# Crawlers, link previews, monitors and scripted clients. Most never run the script; this
# catches the headless ones that do.
BOT = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|headless|lighthouse|monitor|curl|wget|python|"
    r"http-client|java/|go-http|phantom|scrapy|facebookexternalhit|zalo.*(link|share)",
    re.I,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT.search(user_agent))


def record_view(page_id: int, day=None) -> None:
    """Add one view, atomically: concurrent hits on a new day race to insert; the loser adds."""
    day = day or timezone.localdate()
    rows = PageViewDay.objects.filter(page_id=page_id, day=day)
    if rows.update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            PageViewDay.objects.create(page_id=page_id, day=day, views=1)
    except IntegrityError:
        rows.update(views=F("views") + 1)


def count_view(request, page: str) -> str | None:
    """Count one view of page `page` (its id as posted); the reason it is refused, if it is.
    Bots are answered alike but not counted: nothing to learn from the answer."""
    # ASCII only: "²" is a digit to str.isdigit() but not to int().
    if not re.fullmatch(r"[0-9]{1,12}", page):
        return "page: số định danh của trang"
    if is_bot(request.headers.get("User-Agent", "")) or _from_another_site(request):
        return None
    page_id = int(page)
    if not _is_live(page_id):
        return "Không có trang này"
    address = throttle.client_ip(request)
    if throttle.over_limit("page-view", address, HITS_PER_MINUTE, 60):
        return None
    if not throttle.over_limit(f"page-view-{page_id}", address, PAGE_HITS_PER_HOUR, 3600):
        record_view(page_id)
    return None


def _from_another_site(request) -> bool:
    """The portal's own script posts from its pages (same origin); a browser says so, a page
    elsewhere cannot make it say otherwise."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin is None:  # older browsers send none on a same-origin POST
        return False
    try:
        host, _ = split_domain_port(urlsplit(origin).netloc)
    except ValueError:  # not a URL ("null" parses, as no host)
        return True
    return not host or not validate_host(host, settings.ALLOWED_HOSTS)


def _is_live(page_id: int) -> bool:
    """Only "live" is remembered: a page published a second ago counts at once."""
    key = f"pageviews:live:{page_id}"
    if cache.get(key):
        return True
    live = Page.objects.live().filter(pk=page_id, depth__gt=1).exists()
    if live:
        cache.set(key, True, LIVE_SECONDS)
    return live
