"""Settings for the test suite: the real settings, with tasks run inline and fast password hashing."""

import os

os.environ.setdefault("TASKS_BACKEND", "immediate")

from .settings import *  # noqa: E402,F403
from .settings import CACHES, DATABASES, REDIS_URL, STORAGES, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests see every render (query counts, fresh content); the page cache has tests of its own.
PAGE_CACHE_SECONDS = 0
if not REDIS_URL:
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, as in production (WAL, busy timeout), not shared-cache memory, whose table locks
    # fail at once when the job worker's thread and a test touch the same table.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
