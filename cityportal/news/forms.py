"""The admin's form for newsroom pages."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminPageForm


class NewsroomPageForm(WagtailAdminPageForm):
    """A save or a workflow action from the edit page counts as a change only when the editor
    changed something. Otherwise each "Phê chuẩn" pressed there would save a revision, and with
    WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT the review would start over, for ever."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django tells a changed callable default (published_at = now) by a hidden copy of
            # the first value that Wagtail's panels never render: without it, always "changed".
            field.show_hidden_initial = False
        if self._may_be_undated():
            self.fields["published_at"].required = False
            if self.instance.pk is None or self.instance.dated_on_publish:
                self.initial["published_at"] = None  # not the time the draft was begun

    def _may_be_undated(self) -> bool:
        """An article never published may leave its date blank: it is dated when it goes live
        (ArticlePage.dated_on_publish)."""
        return "published_at" in self.fields and not self.instance.first_published_at

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            # Saved back from the picker, 9:15:42 became 9:15:00: a date moved in the feeds'
            # order by an editor who never touched it.
            if cleaned.get(name) is not None and self._same_minute(name):
                cleaned[name] = self[name].initial
        if self._may_be_undated() and "published_at" not in self.errors:
            undated = cleaned.get("published_at") is None
            self.instance.dated_on_publish = undated
            if undated:
                # Stands in until it goes live: the time it is scheduled to, else now (a
                # preview of a scheduled article showed the moment it was previewed).
                cleaned["published_at"] = cleaned.get("go_live_at") or timezone.now()
        return cleaned

    @cached_property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if not self._same_minute(name)]

    def _same_minute(self, name: str) -> bool:
        """The date-time picker shows minutes: the seconds of an imported article's time,
        which it cannot show, are not a change (and are kept: clean())."""
        field = self.fields[name]
        if not isinstance(field, forms.DateTimeField):
            return False
        try:
            typed = field.to_python(field.widget.value_from_datadict(self.data, self.files, name))
        except ValidationError:
            return False
        stored = self[name].initial
        if not isinstance(stored, datetime.datetime) or typed is None:
            return False
        utc = datetime.UTC
        minute = {"second": 0, "microsecond": 0}
        return stored.astimezone(utc).replace(**minute) == typed.astimezone(utc).replace(**minute)
