"""Signing in to the admin: a ceiling on wrong passwords, and the demo's published password
refused on a public host."""

import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http.request import split_domain_port
from wagtail.admin.forms.auth import LoginForm

from .throttle import client_ip, count, over_limit

logger = logging.getLogger(__name__)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}


def _limits(request, username) -> list[tuple[str, str, tuple[int, int]]]:
    # Per account, so a password cannot be guessed from many addresses; per address, so one
    # address cannot try a password on every account.
    return [
        ("login-user", (username or "").casefold(), settings.LOGIN_FAILURES_PER_USER),
        ("login-ip", client_ip(request), settings.LOGIN_FAILURES_PER_IP),
    ]


def _locked(request, username) -> bool:
    return any(count(kind, key) >= limit for kind, key, (limit, _) in _limits(request, username))


def _count_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is not None:
        for kind, key, (limit, seconds) in _limits(request, credentials.get("username")):
            over_limit(kind, key, limit, seconds)


def _published_demo_password_on_public_host(request, password) -> bool:
    from cityportal.news.demo import DEMO_PASSWORD

    if password != DEMO_PASSWORD or request is None:
        return False
    host, _port = split_domain_port(request.get_host())
    return host not in LOCAL_HOSTS


class SignInBackend(ModelBackend):
    """Django's own check, after two refusals: an account or address past its wrong-password
    ceiling (counted in the shared cache, so it holds across web processes), and the demo's
    password, which anyone can read in the README, from outside this machine: a database the
    demo was loaded into locally keeps its users when the site goes public."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and _locked(request, username):
            raise PermissionDenied  # ends authenticate(); user_login_failed is still sent
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and _published_demo_password_on_public_host(request, password):
            logger.warning(
                "Refused %s: the published demo password, on %s. Set a password of its own "
                "(manage.py changepassword).",
                user.get_username(),
                request.get_host(),
            )
            return None
        return user


class SignInForm(LoginForm):
    """Wagtail's sign-in form, saying so when the ceiling is reached: an editor who then types
    the right password would otherwise read "wrong password" and doubt it."""

    def get_invalid_login_error(self):
        if self.request is not None and _locked(self.request, self.cleaned_data.get("username")):
            minutes = settings.LOGIN_FAILURES_PER_USER[1] // 60
            return ValidationError(
                f"Đăng nhập sai quá nhiều lần: tài khoản tạm khóa, xin thử lại sau {minutes} phút.",
                code="locked",
            )
        return super().get_invalid_login_error()


def connect() -> None:
    user_login_failed.connect(_count_failure, dispatch_uid="cityportal-login-failed")
