"""What `manage.py check --deploy` says of the settings the environment chooses."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7Qw-" + "x9Lp2Vd8Rt4Zs6Mn3Bc5Hf7Jg1Ka0We" * 2,
    "ALLOWED_HOSTS": "tphcm.chinhphu.vn",
    "CSRF_TRUSTED_ORIGINS": "https://tphcm.chinhphu.vn",
    "SECURE_COOKIES": "1",
}


def _run(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        # the test run's own (DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests) are no deployment's
        if not key.startswith(("SECURE_", "TRUST_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    environment |= {
        "CITYPORTAL_VAR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "cityportal.settings",
    }
    environment |= env
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _check_deploy(env: dict, tmp_path) -> str:
    result = _run(
        "from django.core.management import call_command; call_command('check', deploy=True)",
        env,
        tmp_path,
    )
    return result.stdout + result.stderr


def test_https_behind_a_trusted_proxy_passes_check_deploy(tmp_path):
    https = PRODUCTION | {
        "TRUST_X_FORWARDED_PROTO": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
    }
    output = _check_deploy(https, tmp_path)
    # Left to the operator: HSTS for every subdomain of the host, and the browsers' preload list.
    assert set(re.findall(r"\(([\w.]+)\)", output)) == {"security.W005", "security.W021"}, output


def test_hsts_and_the_proxy_header_are_off_unless_asked_for(tmp_path):
    # `make run` on http://127.0.0.1: no HSTS pinned into the browser, no header believed.
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"
    )
    assert _run(code, {}, tmp_path).stdout.split() == ["None", "0", "False"]
    asked = _run(code, {"TRUST_X_FORWARDED_PROTO": "on"}, tmp_path).stdout
    assert asked.startswith("('HTTP_X_FORWARDED_PROTO', 'https')")


def test_cookies_are_https_only_once_the_site_redirects_to_https(tmp_path):
    """An operator who turns on the redirect (or HSTS) and forgets SECURE_COOKIES still gets
    cookies a plain-HTTP request never carries; SECURE_COOKIES=off still says otherwise."""
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    assert _run(code, {}, tmp_path).stdout.split() == ["False", "False"]
    for https in ({"SECURE_SSL_REDIRECT": "on"}, {"SECURE_HSTS_SECONDS": "3600"}):
        assert _run(code, https, tmp_path).stdout.split() == ["True", "True"], https
    told = {"SECURE_SSL_REDIRECT": "on", "SECURE_COOKIES": "off"}
    assert _run(code, told, tmp_path).stdout.split() == ["False", "False"]


def test_a_trusted_proxys_scheme_makes_links_https(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/robots.txt", HTTP_HOST="testserver", HTTP_X_FORWARDED_PROTO="https")
    assert "Sitemap: https://testserver/sitemap.xml" in response.content.decode()


def test_the_health_probe_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt").status_code == 301
