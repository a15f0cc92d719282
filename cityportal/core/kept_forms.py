"""What an editor sent to a page or snippet form of the admin as their sign-in ended: its fields
kept for them alone, offered back on that page once they sign in again, to send once or to
discard. core.signin keeps them; core.wagtail_hooks offers them."""

import enum
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.models import DraftStateMixin
from wagtail.snippets.views import snippets

from .models import KeptForm

# Above this many bytes of names and values nothing is kept: the editor is told, as before.
MAX_BYTES = 2 * 1024 * 1024
# The field the offer adds to what it sends again: the kept form it came from.
RESENT = "cityportal-kept-form"
# In the visitor's session a sign-in leaves when it ends on one of these forms: whose it was,
# which page, until when, and what the editor was told. Wagtail's autosave is most often what
# finds the sign-in over, so the Save clicked after it comes from a visitor: the same browser,
# the same page, within the idle timeout, and what it sends is kept in its turn.
SIGNED_OUT_FROM = "cityportal:signed_out_from"
# Besides: a form with a field named for a password is never kept, whichever view it goes to.
PASSWORD_WORDS = ("password", "passwd", "mat_khau", "mat-khau")

NOT_SAVED = (
    "What you had just sent was not saved; after signing in you will be back on that page to "
    "enter it again."
)
KEPT = (
    "What you had just sent was not saved, but it is kept for you for %(hours)s hours: after "
    "signing in again you will be back on that page, where you can send it again."
)
FILES_NOT_KEPT = "Files you had attached cannot be kept: choose them again and save once more."
OFFER = (
    "What you sent from this page at %(time)s, as your sign-in ended, was not saved. Send it "
    "again as it was sent (the button you pressed too), or discard it."
)
OFFER_FILES = "The files you had attached were not kept: choose them again after sending."
# What sending it again will do, by the button pressed (KeptForm.action), so that an editor on
# deadline does not publish by surprise what they had only meant to save, or the reverse.
WILL_PUBLISH = "Sending it again publishes it at once (the button pressed: Publish)."
WILL_SUBMIT = "Sending it again submits it for approval, without publishing it."
WILL_RESTART_WORKFLOW = (
    "Sending it again submits it for approval again from the workflow's start, without "
    "publishing it."
)
WILL_APPROVE = (
    "Sending it again approves it at its current step of the approval workflow: at the last "
    "step, that publishes it."
)
WILL_TAKE_WORKFLOW_ACTION = "Sending it again takes the approval workflow's action “%(name)s”."
WILL_CANCEL_WORKFLOW = (
    "Sending it again stops its approval workflow and saves a draft, without publishing it."
)
WILL_SAVE_DRAFT = (
    "Sending it again saves a draft (the button pressed: Save draft), without publishing it."
)
WILL_SAVE = "Sending it again saves it (the button pressed: Save): the change takes effect at once."
SEND_AGAIN = "Send again"
DISCARD = "Discard"
DISCARDED = "What was kept from this page has been discarded."


class Kept(enum.StrEnum):
    FIELDS = "fields"
    FIELDS_NOT_FILES = "fields-not-files"
    NOTHING = "nothing"  # too large, or carrying a password


def sentence(kept: Kept) -> str:
    """What the sign-in page tells the editor about what they had sent, in the active language."""
    if kept == Kept.NOTHING:
        return gettext(NOT_SAVED)
    text = gettext(KEPT) % {"hours": settings.KEPT_FORM_HOURS}
    if kept == Kept.FIELDS_NOT_FILES:
        text = f"{text} {gettext(FILES_NOT_KEPT)}"
    return text


def writes_a_page_or_snippet(request) -> bool:
    """Whether `request` goes to a page's or snippet's create or edit view: the only forms kept,
    so the sign-in, account, user and password forms never are."""
    match = request.resolver_match
    if match is None:
        return False
    if match.namespace == "wagtailadmin_pages":  # one router for every page type's views
        return match.url_name in ("add", "edit")
    view_class = getattr(match.func, "view_class", None)
    return isinstance(view_class, type) and issubclass(
        view_class, (snippets.CreateView, snippets.EditView)
    )


def keep(request, user) -> Kept | None:
    """Keep the fields of the POST `request` for `user`, if it writes a page or snippet (None
    otherwise), in place of what they sent to that page before."""
    if request.method != "POST" or not writes_a_page_or_snippet(request):
        return None
    skipped = {"csrfmiddlewaretoken", RESENT}
    fields = [[name, values] for name, values in request.POST.lists() if name not in skipped]
    size = sum(len(n.encode()) + sum(len(v.encode()) for v in vs) for n, vs in fields)
    passwords = any(word in name.casefold() for name, _ in fields for word in PASSWORD_WORDS)
    KeptForm.objects.stale().delete()  # a few rows at most: no periodic sweep needed
    too_long = len(request.path) > 255
    if size > MAX_BYTES or passwords or too_long or settings.KEPT_FORM_HOURS <= 0:
        # What it sent earlier is older than what the editor was typing: offer neither.
        KeptForm.objects.filter(user=user, path=request.path).delete()
        return Kept.NOTHING
    KeptForm.objects.update_or_create(
        user=user,
        path=request.path,
        defaults={"fields": fields, "had_files": bool(request.FILES), "kept_at": timezone.now()},
    )
    return Kept.FIELDS_NOT_FILES if request.FILES else Kept.FIELDS


def remember_sign_out(request, user, kept: Kept) -> None:
    """Mark the visitor's session the ended sign-in left, so what the same browser sends to that
    page within the idle timeout is kept for `user` too."""
    request.session[SIGNED_OUT_FROM] = {
        "user": user.pk,
        "path": request.path,
        # As long as the idle timeout (half an hour when only the sign-in's age ends it).
        "until": int(time.time()) + (settings.ADMIN_IDLE_TIMEOUT_MINUTES or 30) * 60,
        "told": kept.value,
    }


def keep_for_signed_out(request):
    """Keep what a visitor's POST sends to the page whose sign-in ended in this browser: the user
    whose sign-in it was and what to tell them, if it differs from what they were told (None:
    nothing to say)."""
    # The page and snippet forms first, from the URL already resolved: a visitor's comment or
    # question on the public site reads no session here.
    if request.method != "POST" or not writes_a_page_or_snippet(request):
        return None
    mark = request.session.get(SIGNED_OUT_FROM)
    if not mark or mark["path"] != request.path or mark["until"] < time.time():
        return None
    user = get_user_model().objects.filter(pk=mark["user"], is_active=True).first()
    kept = keep(request, user) if user else None
    if kept is None or kept.value == mark["told"]:
        return None
    request.session[SIGNED_OUT_FROM] = {**mark, "told": kept.value}
    return user, kept


def forget_sign_out(session) -> None:
    session.pop(SIGNED_OUT_FROM, None)


def what_sending_again_does(kept: KeptForm, model: type) -> str:
    """The offer's sentence for the button `kept` was sent with, on a form for `model` (a page
    type or snippet model): saving makes a draft of what has drafts, and is live at once else."""
    action, workflow_action = kept.action()
    if action == "publish":
        return gettext(WILL_PUBLISH)
    if action == "submit":
        return gettext(WILL_SUBMIT)
    if action == "restart-workflow":
        return gettext(WILL_RESTART_WORKFLOW)
    if action == "workflow-action" and workflow_action == "approve":
        return gettext(WILL_APPROVE)
    if action == "workflow-action":
        return gettext(WILL_TAKE_WORKFLOW_ACTION) % {"name": workflow_action}
    if action == "cancel-workflow":
        return gettext(WILL_CANCEL_WORKFLOW)
    return gettext(WILL_SAVE_DRAFT if issubclass(model, DraftStateMixin) else WILL_SAVE)


def offer_or_take(request, model: type) -> None:
    """On the page a kept form came from, signed in as its sender: a page shown offers it (a
    Wagtail message with the form that sends it again and the one that discards it, saying what
    sending it does); any form sent from that page takes it, the offer's or the editor's own, so
    it is offered once. `model`: the page type or snippet model the page edits."""
    if request.method == "POST":
        KeptForm.objects.filter(user=request.user, path=request.path).delete()
        return
    kept = KeptForm.objects.waiting_for(request.user, request.path)
    if kept is None:
        return
    text = gettext(OFFER) % {"time": date_format(timezone.localtime(kept.kept_at), "H:i")}
    if kept.had_files:
        text = f"{text} {gettext(OFFER_FILES)}"
    context = {
        "text": text,
        "what_it_does": what_sending_again_does(kept, model),
        "kept": kept,
        "resent_field": RESENT,
        "action": request.get_full_path(),
        "send_again": gettext(SEND_AGAIN),
        "discard": gettext(DISCARD),
    }
    # Shown by the page this request renders, so never stored in the session or a cookie.
    messages.warning(request, render_to_string("core/kept_form_offer.html", context, request))


@require_admin_access
@require_POST
def discard(request, pk: int):
    kept = get_object_or_404(KeptForm, pk=pk, user=request.user)
    kept.delete()
    messages.success(request, gettext(DISCARDED))
    return HttpResponseRedirect(kept.path or reverse("wagtailadmin_home"))
