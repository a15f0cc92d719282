"""The places picker: a select of administrative units that a script turns into a search box
with the chosen places as removable chips. Without the script the plain select still works."""

import re

from django import forms

from .places import UNIT_ABBREVIATIONS
from .text import fold

_NON_WORD = re.compile(r"[\W_]+")


def search_words(label: str) -> str:
    """The folded words a place is found by, each unit's kind also as people shorten it:
    "Phường 5, Quận 3" → "phuong 5 quan 3 p 5 p5 q 3 q3"; "Thành phố Thủ Đức" also "tp thu duc".
    The script folds what is typed the same way ("P.5" → "p 5") and looks for its words here,
    first for them in that order."""
    written = [" ".join(_NON_WORD.sub(" ", fold(label)).split())]
    for part in re.split(r"[,(]", fold(label)):  # the unit, then its district, then its period
        name = " ".join(_NON_WORD.sub(" ", part).split())
        for kind, shorts in UNIT_ABBREVIATIONS.items():
            if name.startswith(kind + " "):
                rest = name.removeprefix(kind + " ")
                written += [f"{short} {rest}" for short in shorts]
                written += [short + rest for short in shorts if rest.isdigit()]
    return " ".join(dict.fromkeys(written))


class PlacesWidget(forms.SelectMultiple):
    """Pick places (địa bàn) from hundreds by typing part of a name, with or without diacritics
    or as an abbreviation ("thu duc", "p.5", "q1"). The messages the script shows come from
    here, in Vietnamese, as data attributes."""

    template_name = "core/widgets/places.html"

    class Media:
        css = {"all": ["core/places-widget.css"]}
        js = ["core/places-widget.js"]

    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": 10, **(attrs or {})}, choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["messages"] = {
            "search": "Gõ tên để tìm địa bàn, như “thu duc”, “p.5”, “q1”",
            "chosen": "Địa bàn đã chọn",
            "none-chosen": "Chưa chọn địa bàn nào",
            "remove": "Bỏ",
            "added": "Đã chọn",
            "removed": "Đã bỏ",
            "results": "kết quả; dùng phím mũi tên để chọn, Enter để thêm",
            "no-match": "Không có địa bàn nào khớp",
        }
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-search"] = search_words(str(label))
        unit = getattr(value, "instance", None)  # a model field's choice; grouped ones are pks
        if getattr(unit, "valid_until", None):
            option["attrs"]["data-past"] = True  # found after the units in force today
        return option
