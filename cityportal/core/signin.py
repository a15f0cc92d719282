"""Signing in to the admin: a ceiling on wrong passwords, the demo's published password
refused on a public host, and password-reset mail held to one an address a quarter hour."""

import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.admin.forms.auth import LoginForm, PasswordResetForm

from .throttle import client_ip, count, over_limit

logger = logging.getLogger(__name__)


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


def _published_demo_password_on_public_host(password) -> bool:
    # The deployment's names, as load_demo reads them, not the request's Host: a client may send
    # "Host: 127.0.0.1" to the public address when ALLOWED_HOSTS names it too.
    from cityportal.news.demo import DEMO_PASSWORD, LOCAL_HOSTS

    return password == DEMO_PASSWORD and bool(set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS)


class SignInBackend(ModelBackend):
    """Django's own check, after two refusals: an account or address past its wrong-password
    ceiling (counted in the shared cache, so it holds across web processes), and the demo's
    password, which anyone can read in the README, once the site has a public name: a database
    the demo was loaded into locally keeps its users when the site goes public."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and _locked(request, username):
            raise PermissionDenied  # ends authenticate(); user_login_failed is still sent
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and _published_demo_password_on_public_host(password):
            logger.warning(
                "Refused %s: the published demo password, with ALLOWED_HOSTS naming a public "
                "host. Set a password of its own (manage.py changepassword).",
                user.get_username(),
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


class ResetForm(PasswordResetForm):
    """Wagtail's password-reset form, sending at most one mail to an address per quarter hour
    and twenty from one client address an hour: anyone may type a colleague's address, and a
    script could bury an editor's inbox (or the mail server's reputation) in reset mail. A
    refused request is answered as a sent one, as Django answers an unknown address."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].casefold()
        flooded = request is not None and over_limit("reset-ip", client_ip(request), 20, 3600)
        if over_limit("reset-email", email, 1, 900) or flooded:
            logger.info("Password reset mail held back by its rate limit")
            return
        return super().save(*args, request=request, **kwargs)


def connect() -> None:
    user_login_failed.connect(_count_failure, dispatch_uid="cityportal-login-failed")
