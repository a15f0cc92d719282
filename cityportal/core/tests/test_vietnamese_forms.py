"""Forms read and answer as Vietnamese write: dates day first, messages in Vietnamese."""

import datetime

from django import forms
from django.utils import timezone, translation


class Dated(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


def test_a_typed_date_is_read_day_first_and_iso_still_reads():
    with translation.override("vi"):
        form = Dated({"day": "05/12/2026", "moment": "25/12/2026 08:30"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 12, 5)  # not 12 May
        moment = timezone.localtime(form.cleaned_data["moment"])
        assert (moment.date(), moment.hour, moment.minute) == (datetime.date(2026, 12, 25), 8, 30)
        # The admin's and browsers' date pickers send ISO dates: still read.
        picked = Dated({"day": "2026-12-05", "moment": "2026-12-25 08:30"})
        assert picked.is_valid(), picked.errors
        assert picked.cleaned_data["day"] == datetime.date(2026, 12, 5)
        refused = Dated({"day": "12/25/2026", "moment": "2026-12-25 08:30"})
        assert not refused.is_valid()  # month first is no date to a Vietnamese reader


def test_browsers_date_fields_still_get_iso_values():
    """A type=date field shows nothing for a value not in ISO form: the monitor's and search's
    period pickers would have come back empty."""
    with translation.override("vi"):
        widget = forms.DateInput(attrs={"type": "date"})
        assert 'value="2026-12-05"' in widget.render("day", datetime.date(2026, 12, 5))
        local = forms.DateTimeInput(attrs={"type": "datetime-local"})
        html = local.render("at", datetime.datetime(2026, 12, 5, 8, 30))
        assert 'value="2026-12-05 08:30:00"' in html


def test_a_null_character_is_refused_in_vietnamese():
    """Django's Vietnamese catalogue left "Null characters are not allowed." in English: a
    search or a comment pasted with a NUL read it on the public site and in the admin."""

    class Typed(forms.Form):
        text = forms.CharField()

    with translation.override("vi"):
        form = Typed({"text": "ngập\x00nước"})
        assert not form.is_valid()
        assert form.errors["text"] == ["Không được có ký tự rỗng (NUL) trong nội dung."]
