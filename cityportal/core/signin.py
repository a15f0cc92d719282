"""Signing in to the admin: a ceiling on wrong passwords, the demo's published password
refused on a public host, "Remember me" ignored where sign-ins end with the browser,
password-reset mail held to one an address a quarter hour, and sign-ins ended when left idle
or too old."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.forms.auth import LoginForm, PasswordResetForm

from . import kept_forms
from .middleware import ADMIN_PREFIXES
from .throttle import client_ip, count, forget, over_limit

logger = logging.getLogger(__name__)

# What an editor reads at each ceiling, the most particular first: {minutes} is its window.
LOCKED = {
    "login-user-ip": (
        "Đăng nhập sai quá nhiều lần: tài khoản tạm khóa, xin thử lại sau {minutes} phút."
    ),
    "login-user": (
        "Tài khoản này bị thử mật khẩu sai quá nhiều lần từ nhiều nơi: tạm khóa, xin thử lại sau "
        "{minutes} phút và báo cho quản trị viên."
    ),
    "login-ip": (
        "Quá nhiều lần đăng nhập sai từ địa chỉ mạng này: tạm dừng, xin thử lại sau {minutes} phút."
    ),
}


def _pair(username, ip) -> str:
    return f"{(username or '').casefold()}\n{ip}"


def _ceilings(request, username) -> list[tuple[str, str, tuple[int, int]]]:
    ip = client_ip(request)
    return [
        # Per account from one address: the editor's own typos, or one place guessing. Not per
        # account alone, or anyone who knows an editor's name could keep them locked out.
        ("login-user-ip", _pair(username, ip), settings.LOGIN_FAILURES_PER_USER),
        # Per account from every address, far higher: guessing spread over many addresses.
        ("login-user", (username or "").casefold(), settings.LOGIN_FAILURES_PER_USER_ALL_IPS),
        # Per address, so one address cannot try a password on every account.
        ("login-ip", ip, settings.LOGIN_FAILURES_PER_IP),
    ]


def _reached(request, username) -> tuple[str, int] | None:
    """The first ceiling reached (its kind and window in seconds), or None."""
    for kind, key, (limit, seconds) in _ceilings(request, username):
        if count(kind, key) >= limit:
            return kind, seconds
    return None


def _count_failure(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get("username")
    # A try refused at a ceiling checked no password: counting it would let one address, locked
    # out itself, go on filling the account's count across all addresses.
    if request is None or _reached(request, username):
        return
    for kind, key, (limit, seconds) in _ceilings(request, username):
        over_limit(kind, key, limit, seconds)


def _clear_pair(sender, request=None, user=None, **kwargs) -> None:
    # The right password from here: earlier typos from here no longer count against the editor.
    if request is not None and user is not None:
        forget("login-user-ip", _pair(user.get_username(), client_ip(request)))


def _published_demo_password_on_public_host(password) -> bool:
    # The deployment's names, as load_demo reads them, not the request's Host: a client may send
    # "Host: 127.0.0.1" to the public address when ALLOWED_HOSTS names it too.
    from cityportal.news.demo import DEMO_PASSWORD, LOCAL_HOSTS

    return password == DEMO_PASSWORD and bool(set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS)


class SignInBackend(ModelBackend):
    """Django's own check, after two refusals: an account (from this address, or from all) or an
    address past its wrong-password ceiling (counted in the shared cache, so it holds across web
    processes), and the demo's password, which anyone can read in the README, once the site has
    a public name: a database the demo was loaded into locally keeps its users when the site
    goes public."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and _reached(request, username):
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
        reached = self.request and _reached(self.request, self.cleaned_data.get("username"))
        if reached:
            kind, seconds = reached
            return ValidationError(LOCKED[kind].format(minutes=seconds // 60), code="locked")
        return super().get_invalid_login_error()

    def clean(self):
        cleaned_data = super().clean()
        # Wagtail keeps a sign-in past the browser's closing when "Remember me" is ticked,
        # whatever SESSION_EXPIRE_AT_BROWSER_CLOSE says: on shared newsroom PCs the setting wins.
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE:
            cleaned_data["remember"] = False
        return cleaned_data


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


# When the sign-in began and when its user last asked for anything, in epoch seconds.
SIGNED_IN_AT = "cityportal:signed_in_at"
LAST_ACTIVE_AT = "cityportal:last_active_at"
# The last activity is written at most this often (each write is a database write), so it may
# lag the user's last request by as much: an idle sign-in is ended only once it has been idle
# that much longer than ADMIN_IDLE_TIMEOUT_MINUTES, never earlier than the setting says.
ACTIVITY_RESOLUTION = 60
# What the admin's pages ask by themselves on a timer, the user's hands off: Wagtail's editor
# pings "who else is editing this" every 10 s while its tab is visible. Autosave is not here:
# it posts only when the form has changed, that is when the editor typed.
BACKGROUND_NAMESPACES = {"wagtailadmin_editing_sessions"}

IDLE = "Your session has expired after a period of inactivity. Please sign in again."
TOO_OLD = "Your session has reached its maximum length. Please sign in again."


def _stamp_sign_in(sender, request=None, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = request.session[LAST_ACTIVE_AT] = now
        kept_forms.forget_sign_out(request.session)


def _expiry(session, now: int) -> str | None:
    """Why this signed-in session is over (the message's English text), or None."""
    if now - session[SIGNED_IN_AT] >= settings.SESSION_COOKIE_AGE:
        return TOO_OLD
    idle = settings.ADMIN_IDLE_TIMEOUT_MINUTES * 60
    last_active_at = session.get(LAST_ACTIVE_AT)
    if idle and last_active_at is not None and now - last_active_at > idle + ACTIVITY_RESOLUTION:
        return IDLE
    return None


def _shows_a_page(request) -> bool:
    """Whether the browser shows the answer as a page (a link followed, a form sent), not hands
    it to the admin's scripts (autosave, the preview, a chooser), which would follow a
    redirect to the sign-in page and swallow its message."""
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return False
    return request.headers.get("sec-fetch-dest", "document") == "document" and request.accepts(
        "text/html"
    )


class IdleSignOutMiddleware:
    """End a sign-in left without a request from its user for ADMIN_IDLE_TIMEOUT_MINUTES (0:
    never for idleness), or begun SESSION_COOKIE_AGE seconds ago, whatever it did since: an
    editor who walks away from a shared newsroom PC does not leave the admin open to the next
    person. Django's own expiry cannot do either: it moves on with every write to the session.

    The request that finds the sign-in over goes on as a visitor's, so the admin's views send
    it to the sign-in page with `next`, which brings the editor back; a message there says why.
    A request from the page's scripts is answered 401 instead (the message waits for the next
    page), and the editor's pings neither keep the sign-in alive nor end it. What a page or
    snippet form sent is kept for its user to send again once signed in (core.kept_forms).

    It works in process_view, after the URL is resolved (to tell those pings apart), and sits
    after MessageMiddleware. Visitors who never signed in are not looked at: no session read,
    none written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        if not request.user.is_authenticated:
            self._keep_for_signed_out(request)
            return None
        session, now = request.session, int(time.time())
        # Sessions signed in before this middleware: counted from now.
        session.setdefault(SIGNED_IN_AT, now)
        background = not BACKGROUND_NAMESPACES.isdisjoint(request.resolver_match.namespaces)
        reason = _expiry(session, now)
        if reason is None:
            if settings.ADMIN_IDLE_TIMEOUT_MINUTES and not background:
                if now - session.get(LAST_ACTIVE_AT, 0) >= ACTIVITY_RESOLUTION:
                    session[LAST_ACTIVE_AT] = now
            return None
        if background:
            # Left as it is, so the user's own next request ends it with the message.
            return JsonResponse({"error": "session_expired"}, status=401)
        text = self._sign_out(request, reason)
        if not _shows_a_page(request):
            return JsonResponse({"error": "session_expired", "message": text}, status=401)
        return None

    @staticmethod
    def _sign_out(request, reason: str) -> str:
        user = request.user
        # Read before the sign-in ends: the POST's fields, for this user.
        kept = kept_forms.keep(request, user)
        with translation.override(_admin_language(user)):
            text = gettext(reason)
            if kept is not None:
                text = f"{text} {kept_forms.sentence(kept)}"
            elif request.method == "POST" and request.path.startswith(ADMIN_PREFIXES):
                text = f"{text} {gettext(kept_forms.NOT_SAVED)}"
        logout(request)
        if kept is not None:
            kept_forms.remember_sign_out(request, user, kept)
        messages.warning(request, text)
        return text

    @staticmethod
    def _keep_for_signed_out(request) -> None:
        kept = kept_forms.keep_for_signed_out(request)
        if kept is not None and _shows_a_page(request):
            user, what = kept
            with translation.override(_admin_language(user)):
                messages.warning(request, kept_forms.sentence(what))


def _admin_language(user) -> str:
    """The language the admin speaks to `user`; the sign-in page after is the site's."""
    profile = getattr(user, "wagtail_userprofile", None)
    return profile.get_preferred_language() if profile else settings.LANGUAGE_CODE


def connect() -> None:
    user_login_failed.connect(_count_failure, dispatch_uid="cityportal-login-failed")
    user_logged_in.connect(_clear_pair, dispatch_uid="cityportal-logged-in")
    user_logged_in.connect(_stamp_sign_in, dispatch_uid="cityportal-sign-in-stamp")
