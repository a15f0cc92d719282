import contextlib
import datetime
import functools
import http.server
import ssl
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cityportal.monitor import pipeline
from cityportal.monitor.analysts import ANALYSTS
from cityportal.monitor.models import Item, Source
from cityportal.monitor.pipeline import links, places


@pytest.fixture(autouse=True)
def fresh_caches():
    """The gazetteer and the recent-titles list are per process: rebuild them for each test."""
    places.reset()
    links.reset()
    yield
    places.reset()
    links.reset()


class Site(http.server.BaseHTTPRequestHandler):
    """Routes from the test: path → (status, headers, body bytes)."""

    routes: dict = {}
    hits: list = []

    def do_GET(self):
        self.hits.append((self.path, dict(self.headers)))
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if callable(route):
            route = route(self)
            if route is None:
                return
        status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(address: str = "127.0.0.1", tls: ssl.SSLContext | None = None):
    """A real HTTP server on `address` (HTTPS with a `tls` context); `handler.routes[path] =
    (status, headers, body)`."""
    handler = type("TestSite", (Site,), {"routes": {}, "hits": []})
    server = http.server.ThreadingHTTPServer((address, 0), functools.partial(handler))
    if tls:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.base = f"{'https' if tls else 'http'}://{address}:{server.server_address[1]}"
    try:
        yield handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(settings):
    """A real HTTP server on 127.0.0.1; `site.routes[path] = (status, headers, body)`. The feed
    poller may fetch from it: it refuses loopback addresses unless the setting allows them."""
    settings.MONITOR_FETCH_PRIVATE_ADDRESSES = ["127.0.0.1"]
    with serving() as handler:
        yield handler


@pytest.fixture
def upload_source(db):
    """A source for uploaded exports of social-media posts."""
    return Source.objects.create(name="Fanpage", kind=Source.Kind.UPLOAD)


@pytest.fixture
def analyst(db):
    """A member of the opinion analysts' group."""
    user = get_user_model().objects.create_user(
        "analyst", "analyst@example.invalid", "pw-Secret-123"
    )
    user.groups.add(Group.objects.get(name=ANALYSTS))
    return user


@pytest.fixture
def heard(request, db):
    """An upload source with the test module's POSTS, one a day back from now, analysed."""
    source = Source.objects.create(name="Nhóm cư dân", kind=Source.Kind.UPLOAD)
    for n, text in enumerate(request.module.POSTS):
        moment = timezone.now() - datetime.timedelta(days=n)
        Item.objects.create(source=source, key=str(n), text=text, published_at=moment, reactions=n)
    pipeline.process_pending()
    return source
