"""CityPortal settings: an embedded default (SQLite, database-backed jobs, local files) that the
environment scales out (PostgreSQL, Redis cache and RQ workers) without code changes."""

import os
import secrets
import socket
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CITYPORTAL_VAR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_megabytes(name: str, default: int) -> int:
    """A size given in MB in the environment, in bytes."""
    return int(os.environ.get(name, str(default))) * 1024 * 1024


def _embedded_secret_key() -> str:
    # A key made once per installation, so no two embedded installs share one.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _embedded_secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "cityportal.core",
    "cityportal.news",
    "cityportal.search",
    "cityportal.opendata",
    "cityportal.contributions",
    "cityportal.feedback",
    "cityportal.nlp",
    "cityportal.monitor",
    "cityportal.events",
    "cityportal.reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "cityportal.core.apps.FrontendCacheConfig",  # Wagtail's, purging after the commit
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "ninja",  # the API docs' Swagger UI from our static files: no CDN, no inline script
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cityportal.core.mail.OneConnectionPerRequest",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cityportal.core.middleware.ContentSecurityPolicyMiddleware",
    "cityportal.core.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cityportal.core.middleware.PublicRequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cityportal.core.signin.IdleSignOutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cityportal.urls"
WSGI_APPLICATION = "cityportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cityportal.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (postgres://…).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'cityportal.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web processes read while the job worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and jobs: local memory and the database queue by default, Redis and RQ when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cityportal"),
        }
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    # Files, not process memory: the web processes and the job worker must see one cache, so a
    # page published by any of them makes every cached copy stale.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    RQ_QUEUES = {}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Wagtail writes to this cache on every image it renders: keep it in process memory, where a
# write costs nothing (rendition rows never change for an image and filter).
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
# RQ: jobs of the tasks safe to run again (below) get RQ's retries for a lost worker; a job that
# raises is not retried (core.workers).
RQ = {
    "QUEUE_CLASS": "cityportal.core.workers.RerunLostJobsQueue",
    "WORKER_CLASS": "cityportal.core.workers.RerunLostJobsWorker",
}
if os.environ.get("TASKS_BACKEND") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Background tasks the job worker's clock enqueues: (dotted path of a django-tasks task, seconds).
PERIODIC_TASKS = [
    # "Did you mean" learns the words of newly published titles.
    ("cityportal.search.tasks.refresh_vocabulary", 3600),
    # Pages a lost index job left out of search, stale, or in it when private or moved: the sweep
    # reads only Wagtail's log since its last run (a few queries when nothing changed).
    ("cityportal.search.tasks.sweep_index", 600),
    # What the log never shows (a raw queryset update of pages, restrictions created or deleted in
    # bulk): every page against its document, keys, titles and times only.
    ("cityportal.search.tasks.reconcile_index", 3600),
    # Agencies hear about content requests nearing their due date and once overdue.
    ("cityportal.contributions.tasks.send_request_reminders_task", 3600),
    # Readers' comments: hash old IP addresses, anonymise or delete past the retention period.
    ("cityportal.feedback.tasks.personal_data_maintenance", 86400),
    # Opinion monitoring: poll the feeds that are due (each has its own period), then spikes.
    ("cityportal.monitor.tasks.poll_sources", 300),
    # Posts left pending by a job that raised, or whose worker died three times (core.workers): a
    # sweep that finds nothing costs one query.
    ("cityportal.monitor.tasks.process_items", 300),
    ("cityportal.monitor.tasks.detect_spikes", 3600),
    # The quarterly programme report: made once after a quarter closes, then e-mailed.
    ("cityportal.reports.tasks.quarterly_report", 86400),
    # Events: the people still on a waiting list when the event begins are told no seat came.
    ("cityportal.events.tasks.tell_left_waiting_task", 300),
    # Events: registrations whose address nobody confirmed in time are deleted (Decree 13).
    ("cityportal.events.tasks.forget_unconfirmed_task", 3600),
    # Mail the server did not take (down, or refusing one message), tried again when due.
    ("cityportal.core.tasks.send_queued_mail", 300),
    # Admin sign-ins past SESSION_COOKIE_AGE: a row each until removed.
    ("cityportal.core.tasks.clear_expired_sessions", 86400),
]

# Tasks the queue (database or RQ) runs again when the worker running them died before they
# finished (killed, out of memory, machine restarted; core.workers), each at most three times in
# all; a task not listed is marked failed instead. Listed only what a second run cannot do twice:
TASKS_RERUN_AFTER_LOST_WORKER = [
    # Search documents and vocabulary are rewritten from the pages, whatever a first run wrote.
    "cityportal.search.tasks.index_pages",
    "cityportal.search.tasks.index_subtree",
    "cityportal.search.tasks.refresh_vocabulary",
    "cityportal.search.tasks.sweep_index",
    "cityportal.search.tasks.reconcile_index",
    # Each reminder, alert, report and "no seat came" is marked done in the row that owns it
    # when its mail is queued (an alert and a report are unique): a rerun finds it done. An
    # outbox message is claimed for an hour before each try, so a rerun leaves it alone.
    "cityportal.contributions.tasks.send_request_reminders_task",
    "cityportal.events.tasks.tell_left_waiting_task",
    "cityportal.monitor.tasks.detect_spikes",
    "cityportal.reports.tasks.quarterly_report",
    "cityportal.core.tasks.send_queued_mail",
    # Hashing, anonymising and deleting past a date leave nothing for a second run to do.
    "cityportal.feedback.tasks.personal_data_maintenance",
    "cityportal.core.tasks.clear_expired_sessions",
    "cityportal.events.tasks.forget_unconfirmed_task",
    # Posts are pending until analysed (claimed with SKIP LOCKED), stored once per source and key.
    "cityportal.monitor.tasks.poll_sources",
    "cityportal.monitor.tasks.process_items",
    # Wagtail's: recomputed from the object (references, focal point), or harmless twice (a
    # file deleted, a URL purged from the front cache).
    "wagtail.tasks.update_reference_index_task",
    "wagtail.images.tasks.set_image_focal_point_task",
    "wagtail.tasks.delete_file_from_storage_task",
    "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task",
    # Wagtail search's (modelsearch), on each save of an indexed object: rewrites its entry.
    "modelsearch.tasks.insert_or_update_object_task",
]
# Database queue (core.workers): a worker is known dead on its own host at once (its lock file
# is free), and on any other host sharing the database once its heartbeat, written every
# TASKS_WORKER_HEARTBEAT_SECONDS, is older than TASKS_WORKER_DEAD_AFTER_SECONDS (three beats
# missed, and one of slack for a busy database). A worker id starts with TASKS_WORKER_HOST; give
# each machine its own (a container's hostname may be shared or change on each start).
TASKS_WORKER_HEARTBEAT_SECONDS = 30
TASKS_WORKER_DEAD_AFTER_SECONDS = 120
TASKS_WORKER_HOST = os.environ.get("TASKS_WORKER_HOST") or socket.gethostname()

# The admin's sign-in (core.signin): wrong passwords allowed in a window (count, seconds) before
# it refuses even the right one until the window ends: per account from one address (a sign-in
# clears it), per account from all addresses together (ten times as many by default: guessing
# spread over many addresses), and per address.
AUTHENTICATION_BACKENDS = ["cityportal.core.signin.SignInBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "cityportal.core.signin.SignInForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "cityportal.core.signin.ResetForm"
LOGIN_FAILURES_PER_USER = (int(os.environ.get("LOGIN_FAILURES_PER_USER", "10")), 900)
LOGIN_FAILURES_PER_USER_ALL_IPS = (
    int(os.environ.get("LOGIN_FAILURES_PER_USER_ALL_IPS", str(10 * LOGIN_FAILURES_PER_USER[0]))),
    900,
)
LOGIN_FAILURES_PER_IP = (int(os.environ.get("LOGIN_FAILURES_PER_IP", "50")), 900)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Django's default fourth: a date of birth or a phone number is no password for the admin.
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# Dates typed day first ("05/12/2026" is 5 December): cityportal/formats/vi.
FORMAT_MODULE_PATH = ["cityportal.formats"]
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Agencies' attachments: never under MEDIA_URL, served only through a view that checks access.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("PLAIN_STATIC_STORAGE")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Readers' comments: links before a comment waits for a moderator, the longest comment, and
# posts allowed per address and per e-mail in a window (count, seconds).
FEEDBACK_MAX_LINKS = 2
# Comments the toxicity model calls offensive or hate with at least this probability are held.
FEEDBACK_TOXICITY_THRESHOLD = float(os.environ.get("FEEDBACK_TOXICITY_THRESHOLD", "0.6"))
FEEDBACK_MAX_LENGTH = 5000
FEEDBACK_RATE_PER_IP = (int(os.environ.get("FEEDBACK_RATE_PER_IP", "5")), 600)
FEEDBACK_RATE_PER_EMAIL = (int(os.environ.get("FEEDBACK_RATE_PER_EMAIL", "10")), 3600)
# Tracking codes asked for that do not exist, per address an hour, before the lookup refuses that
# address (a citizen mistypes a few; a script guessing codes needs millions).
FEEDBACK_LOOKUP_MISSES_PER_IP = (int(os.environ.get("FEEDBACK_LOOKUP_MISSES_PER_IP", "20")), 3600)
# Event registrations and press accreditation requests from one address per hour: enough for
# an office signing up its staff, not for a script taking every seat.
EVENTS_RATE_PER_IP = (int(os.environ.get("EVENTS_RATE_PER_IP", "20")), 3600)
# Double opt-in: a registration counts once its address is confirmed from the link mailed to it,
# valid this many hours (after which the unconfirmed registration is deleted); sending the form
# again mails the link again, not more often than every so many minutes.
EVENTS_CONFIRMATION_HOURS = int(os.environ.get("EVENTS_CONFIRMATION_HOURS", "24"))
EVENTS_CONFIRMATION_RESEND_MINUTES = int(os.environ.get("EVENTS_CONFIRMATION_RESEND_MINUTES", "5"))
# Behind the front proxy, the reader's address is the first of X-Forwarded-For (rate limits).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR") or env_bool(
    "FEEDBACK_TRUST_X_FORWARDED_FOR"  # its earlier name
)
# Days an agency has to answer, by kind of enquiry.
FEEDBACK_DUE_DAYS = {"question": 15, "idea": 30}
FEEDBACK_RETENTION_DAYS = int(os.environ.get("FEEDBACK_RETENTION_DAYS", "730"))
# Commenters' IP addresses are replaced by a keyed hash after this many days (Decree 13/2023).
FEEDBACK_IP_RETENTION_DAYS = int(os.environ.get("FEEDBACK_IP_RETENTION_DAYS", "30"))
# Opinion monitoring: who hears about spikes (besides each watchlist's own recipients).
MONITOR_ALERT_EMAILS = env_list("MONITOR_ALERT_EMAILS", "")
# Networks the feed poller may fetch although they are not public (an agency's intranet feed,
# e.g. "10.20.0.0/16"); any other loopback, private, link-local or reserved address is refused,
# so a feed's links cannot make the server read its own network (monitor.sources.feeds).
MONITOR_FETCH_PRIVATE_ADDRESSES = env_list("MONITOR_FETCH_PRIVATE_ADDRESSES", "")
# Who receives the quarterly programme report when it is made.
REPORT_RECIPIENTS = env_list("REPORT_RECIPIENTS", "")
# `train_models` adds the analysts' corrections to the shared training data.
NLP_EXTRA_LABELS = {
    "sentiment": "cityportal.monitor.corrections.sentiment_labels",
    "topic": "cityportal.monitor.corrections.topic_labels",
    "toxicity": "cityportal.monitor.corrections.toxicity_labels",
}
# Agencies are reminded of a content request this many days before it is due (and once overdue).
CONTRIBUTION_REMINDER_DAYS = int(os.environ.get("CONTRIBUTION_REMINDER_DAYS", "3"))

# Upload limits in bytes (MB in the environment), each checked by its form with a message.
FEEDBACK_ATTACHMENT_MAX_BYTES = env_megabytes("FEEDBACK_ATTACHMENT_MAX_MB", 5)
CONTRIBUTION_MAX_ATTACHMENT_BYTES = env_megabytes("CONTRIBUTION_MAX_ATTACHMENT_MB", 20)
# All of one submission's files together, those sent before a correction included.
CONTRIBUTION_MAX_SUBMISSION_BYTES = env_megabytes("CONTRIBUTION_MAX_SUBMISSION_MB", 100)
# A phone's JPEG is 8-12 MB; it is shrunk to 1600 px on arrival (events.forms).
EVENTS_PHOTO_MAX_BYTES = env_megabytes("EVENTS_PHOTO_MAX_MB", 20)
# Open-data uploads: statistics tables are small; a bigger file is split by year or indicator.
OPENDATA_MAX_UPLOAD_BYTES = env_megabytes("OPENDATA_MAX_UPLOAD_MB", 50)
MONITOR_UPLOAD_MAX_BYTES = env_megabytes("MONITOR_UPLOAD_MAX_MB", 50)
# The largest body a visitor who is not signed in may send (core.middleware): twice what the
# biggest public form takes (an idea's three attachments, or a press photo), so a file a little
# over its limit still gets the form's own message. Larger bodies are refused unread.
PUBLIC_MAX_REQUEST_BYTES = env_megabytes("PUBLIC_MAX_REQUEST_MB", 0) or 2 * max(
    3 * FEEDBACK_ATTACHMENT_MAX_BYTES, EVENTS_PHOTO_MAX_BYTES
)

# E-mail: SMTP when EMAIL_HOST is set, otherwise messages are written under var/mail.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    # Seconds to wait on the server: Django waits for ever, and a server that takes the
    # connection but never answers would hold a worker (or a reader's request) with it.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CityPortal <no-reply@localhost>")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# An admin sign-in is a session, and editors share newsroom PCs: the longest a sign-in lasts,
# in seconds from signing in, however busy (core.signin ends it then, whatever the browser
# keeps), whether closing the browser always ends it ("Remember me" then ignored), and the
# minutes without a request from the editor after which it ends (0: idleness never ends it).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE")
ADMIN_IDLE_TIMEOUT_MINUTES = int(os.environ.get("ADMIN_IDLE_TIMEOUT_MINUTES", "30"))
# Hours a page or snippet form sent as its editor's sign-in ended is kept for them, to be offered
# back on that page after signing in (core.kept_forms); 0: none is kept.
KEPT_FORM_HOURS = int(os.environ.get("KEPT_FORM_HOURS", "2"))
# Behind an HTTPS proxy on another machine, the request reaches gunicorn as plain HTTP: without
# the proxy's word on the scheme, links built from the request (robots.txt, feeds, API URLs)
# say http:// and HSTS is never sent. Only when told: a client could send the header itself.
if env_bool("TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's probe speaks plain HTTP
# HSTS is hard to take back once browsers have it: only when the environment asks.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
# Cookies only over HTTPS once the site is served over it: a site that redirects to HTTPS (or
# pins it with HSTS) but was not told SECURE_COOKIES sent the admin's session cookie in clear
# with the one plain-HTTP request a mistyped or old http:// link makes before the redirect.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool(
    "SECURE_COOKIES", SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS > 0
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's admin previews pages in a frame of its own: SAMEORIGIN, not check --deploy's DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# Content-Security-Policy (core.middleware): public pages run only the site's own script files,
# so markup slipped into a page cannot run. CSP_EXTRA_SOURCES: hosts a deployment adds to every
# kind of resource (a CDN, an analytics service), e.g. "https://cdn.example.vn".
CSP_EXTRA_SOURCES = env_list("CSP_EXTRA_SOURCES", "")
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'", *CSP_EXTRA_SOURCES],
    "script-src": ["'self'", *CSP_EXTRA_SOURCES],
    # The error pages' inline <style> is allowed by its hash (core.middleware.error_page_style);
    # style attributes are refused: charts and video frames are sized by site.css.
    "style-src": ["'self'", *CSP_EXTRA_SOURCES],
    "img-src": ["'self'", "data:", *CSP_EXTRA_SOURCES],
    # The video players articles and events embed (wagtail.embeds' oEmbed providers).
    "frame-src": [
        "'self'",
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.facebook.com",
        *CSP_EXTRA_SOURCES,
    ],
    "frame-ancestors": ["'self'"],  # as X_FRAME_OPTIONS: Wagtail's preview frames the pages
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# Wagtail's admin writes inline scripts and styles (so do our admin views): scripts and styles
# are left alone there; the rest holds.
ADMIN_CONTENT_SECURITY_POLICY = {
    directive: CONTENT_SECURITY_POLICY[directive]
    for directive in ("frame-ancestors", "object-src", "base-uri", "form-action")
}
# Where browsers report what the policies refused (a collector the deployment runs), and, while a
# new embed or analytics host is tried out, whether to only report (Content-Security-Policy-
# Report-Only: nothing refused; frame-ancestors then rests on X_FRAME_OPTIONS alone).
CSP_REPORT_URI = os.environ.get("CSP_REPORT_URI", "")
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY")
if CSP_REPORT_URI:
    for _policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):
        _policy["report-uri"] = [CSP_REPORT_URI]

# Wagtail
WAGTAIL_SITE_NAME = "Chuyên trang Thành phố Hồ Chí Minh"
WAGTAILADMIN_BASE_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# The admin's slug field keeps Vietnamese letters (its ASCII mode mangles them: "Đức" → "djc");
# pages store them transliterated ("duc"), so readers type URLs without diacritics.
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "csv", "txt", "zip"]
# Off: its wrapper gives a video's ratio in a style attribute, which the public pages' policy
# refuses; site.css sizes the video blocks' frames instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests leave the building
TAGGIT_CASE_INSENSITIVE = True

# A front cache (Varnish) is purged when pages change, if one is named. A PURGE it has not
# answered in FRONT_CACHE_TIMEOUT seconds is given up and logged.
FRONT_CACHE_TIMEOUT = int(os.environ.get("FRONT_CACHE_TIMEOUT", "5"))
if os.environ.get("VARNISH_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "cityportal.core.front_cache.HTTPBackend",
            "LOCATION": os.environ["VARNISH_URL"],
        }
    }

# How long anonymous visitors' caches (and a front cache) may keep a public page.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))
# How long Django's cache keeps a rendered public page; publishing anything makes them all stale
# at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"cityportal": {"level": os.environ.get("LOG_LEVEL", "INFO")}},
}
