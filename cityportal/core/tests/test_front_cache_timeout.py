"""A front cache that takes the connection and never answers holds no process: each purge gives
up after FRONT_CACHE_TIMEOUT seconds, says so in the log, and the rest of its batch is not
sent to a cache that is not answering."""

import logging
import socket
import threading
import time

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from .test_deploy_settings import _run

URLS = [f"http://localhost/{path}" for path in ("", "kinh-te-xa-hoi/", "feeds/rss/", "a/", "b/")]


def logged_only_by_the_front_cache(caplog) -> bool:
    """Logged, not raised: an error escaping the backend is logged by the task runner instead."""
    return {record.name for record in caplog.records} == {"wagtail.frontendcache"}


def test_a_front_cache_that_never_answers_holds_the_purge_for_one_timeout(settings, caplog):
    with socket.socket() as silent:  # the kernel accepts; nobody ever answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(len(URLS))
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "cityportal.core.front_cache.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{silent.getsockname()[1]}",
            }
        }
        settings.FRONT_CACHE_TIMEOUT = 1
        started = time.monotonic()
        # In a thread, so that a purge waiting for ever fails this test instead of hanging it.
        purging = threading.Thread(target=purge_urls_from_cache, args=[URLS], daemon=True)
        with caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"):
            purging.start()
            purging.join(timeout=30)
        assert not purging.is_alive(), "the purge is still waiting for the front cache"
        assert time.monotonic() - started < 10
        silent.setblocking(False)
        tried = 0
        while True:
            try:
                silent.accept()[0].close()
            except BlockingIOError:
                break
            tried += 1
    assert tried == 1  # one wait, not one per URL
    assert "Couldn't purge 'http://localhost/' from HTTP cache" in caplog.text
    assert "timed out" in caplog.text and "4 more URLs not purged" in caplog.text
    assert logged_only_by_the_front_cache(caplog)


def test_a_front_cache_that_hangs_up_is_logged_and_every_url_still_tried(settings, caplog):
    """A cache restarting closes the connection unanswered: Wagtail's backend raised that (urllib
    wraps no error of reading the answer), failing the purge task with the rest of its URLs."""
    with socket.socket() as rude:
        rude.bind(("127.0.0.1", 0))
        rude.listen(len(URLS))

        def hang_up():
            for _ in URLS:
                rude.accept()[0].close()

        threading.Thread(target=hang_up, daemon=True).start()
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "cityportal.core.front_cache.HTTPBackend",
                "LOCATION": f"http://127.0.0.1:{rude.getsockname()[1]}",
            }
        }
        settings.FRONT_CACHE_TIMEOUT = 5
        with caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"):
            purge_urls_from_cache(URLS)
    assert caplog.text.count("Couldn't purge") == len(URLS)
    assert logged_only_by_the_front_cache(caplog)


def test_the_front_cache_timeout_comes_from_the_environment(tmp_path):
    read = (
        "from django.conf import settings as s; "
        "print(s.FRONT_CACHE_TIMEOUT, s.WAGTAILFRONTENDCACHE['varnish']['BACKEND'])"
    )
    varnish = {"VARNISH_URL": "http://127.0.0.1:6081"}
    default = _run(read, varnish, tmp_path).stdout.split()
    assert default == ["5", "cityportal.core.front_cache.HTTPBackend"]
    assert _run(read, {**varnish, "FRONT_CACHE_TIMEOUT": "2"}, tmp_path).stdout.split()[0] == "2"
