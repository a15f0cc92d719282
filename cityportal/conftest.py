"""Shared fixtures: the newsroom (places, sections, groups, workflow) is loaded once per test database."""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from cityportal.core.places import load_hcmc_units, load_national_units
from cityportal.news.models import ArticlePage, HomePage, SectionPage
from cityportal.news.newsroom import EDITOR, EDITOR_IN_CHIEF, REPORTER, setup_newsroom

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts and ends with an empty cache: rate-limit counters, cached pages and
    computed snapshots live there (Redis in CI's second run, shared by every test)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_hcmc_units()
        load_national_units()
        setup_newsroom()


@pytest.fixture
def home(db) -> HomePage:
    # A transactional test (a browser's live server) starts from an empty database, without the
    # newsroom the migrations made: it comes back first.
    return HomePage.objects.first() or setup_newsroom()


@pytest.fixture
def section(home) -> SectionPage:
    return SectionPage.objects.get(slug="kinh-te-xa-hoi")


@pytest.fixture
def make_article(section):
    """Create and publish an article: make_article(title="…", parent=…, **fields)."""
    counter = {"n": 0}

    def make(title=None, parent=None, publish=True, **fields):
        counter["n"] += 1
        title = title or f"Bài viết thử {counter['n']}"
        fields.setdefault("sapo", f"Sapo của {title}")
        places = fields.pop("places", [])
        tags = fields.pop("tags", [])
        article = ArticlePage(title=title, live=publish, **fields)
        (parent or section).add_child(instance=article)
        article.places.set(places)
        if tags:
            article.tags.add(*tags)
        revision = article.save_revision()
        if publish:
            revision.publish()
            article.refresh_from_db()
        return article

    return make


@pytest.fixture
def staff(db):
    """Users in each editorial group: staff["reporter"], staff["editor"], staff["chief"]."""
    User = get_user_model()
    users = {}
    for key, group in [("reporter", REPORTER), ("editor", EDITOR), ("chief", EDITOR_IN_CHIEF)]:
        user = User.objects.create_user(f"test-{key}", f"{key}@example.invalid", "pw-Secret-123")
        user.groups.add(Group.objects.get(name=group))
        users[key] = user
    return users


def pytest_collection_modifyitems(config, items):
    """Tests marked `redis` need the Redis named by REDIS_URL: CI's PostgreSQL + Redis run has it;
    the embedded `make test` (no services) deselects them, loudly, rather than skipping."""
    if os.environ.get("REDIS_URL"):
        return
    selected = [item for item in items if item.get_closest_marker("redis") is None]
    deselected = [item for item in items if item.get_closest_marker("redis") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


# Browser tests: Playwright driving Debian's chromium (never a downloaded one).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A small phone: 320 px wide, touch, text sized as on the device."""
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": 320, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


class Inbox:
    """What a real SMTP server on loopback received: (recipients, "subject\\nbody") pairs."""

    def __init__(self):
        self.messages = []
        self.sessions = 0  # SMTP conversations opened (EHLO), to see mail sent over one

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = f"{message['subject']}\n{message.get_content()}"
        self.messages.append((envelope.rcpt_tos, text))
        return "250 OK"


@pytest.fixture
def opendata_site(live_server, transactional_db):
    """The open-data demo behind a live server, for browser tests. A transactional test starts
    from an empty database: units and themes come back first."""
    import importlib

    from cityportal.core.places import load_hcmc_units, load_national_units
    from cityportal.opendata.demo import load_demo_data
    from cityportal.opendata.models import Theme

    load_hcmc_units()
    load_national_units()
    seed = importlib.import_module("cityportal.opendata.migrations.0002_seed_themes")
    for slug, name, code in seed.THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "eu_code": code})
    load_demo_data()
    return live_server.url


@pytest.fixture
def smtp(settings):
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_down(settings):
    """A mail server that cannot be reached: SMTP to a loopback port nobody listens on."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5


class PurgeRecorder(BaseHTTPRequestHandler):
    """A front cache (Varnish) on loopback: the path of each PURGE it is sent goes to the
    server's `purged` list."""

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_cache(settings):
    """The paths a real local HTTP server, named as the front cache, was sent PURGE requests
    for, in order."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cityportal.core.front_cache.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield server.purged
    server.shutdown()
    server.server_close()
