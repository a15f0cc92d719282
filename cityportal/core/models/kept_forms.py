"""The forms editors sent as their admin sign-in ended, kept to be sent again."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

# The action buttons of Wagtail's edit forms that do more than save, by their names' suffixes.
ACTIONS = ("publish", "submit", "restart-workflow", "workflow-action", "cancel-workflow")


def _kept_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=settings.KEPT_FORM_HOURS)


class KeptFormQuerySet(models.QuerySet):
    def fresh(self):
        return self.filter(kept_at__gt=_kept_since())

    def stale(self):
        return self.filter(kept_at__lte=_kept_since())

    def waiting_for(self, user, path: str):
        """What `user` sent to the admin page at `path` and may send again, if anything."""
        return self.fresh().filter(user=user, path=path).first()


class KeptForm(models.Model):
    """The fields of a page or snippet form an editor sent to the admin as their sign-in ended
    for idleness (core.kept_forms), offered to them alone, once, after they sign in again. A row,
    not a cache entry: every web process sees it, and no cache culling drops it while the
    sign-in page tells the editor it is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)
    # [[name, [value, …]], …] in the order sent: multi-valued fields and the action button too.
    fields = models.JSONField(default=list)
    had_files = models.BooleanField(default=False)
    kept_at = models.DateTimeField(default=timezone.now)

    objects = KeptFormQuerySet.as_manager()

    class Meta:
        verbose_name = "nội dung giữ lại khi hết phiên"
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="one_kept_form_per_user_page")
        ]

    def __str__(self) -> str:
        return self.path

    def action(self) -> tuple[str, str]:
        """The button pressed, as Wagtail's page and snippet edit views read it, in their order:
        "publish", "submit", "restart-workflow", "workflow-action" (with the workflow action's
        name), "cancel-workflow", or "save" when none of theirs was (Save draft, or Save)."""
        sent = {name: values[-1] if values else "" for name, values in self.fields}
        for action in ACTIONS:
            if sent.get(f"action-{action}"):
                return action, sent.get("workflow-action-name", "")
        return "save", ""
