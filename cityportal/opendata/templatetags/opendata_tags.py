"""Template filters for figures as Vietnamese readers write them: 1.234,5 and Quý III/2021."""

import math

from django import template

from cityportal.opendata import charts
from cityportal.opendata.models import LARGEST_EXACT

register = template.Library()


@register.filter
def vi_number(value) -> str:
    """1234.5 → "1.234,5"; empty for a missing figure. A figure stored beyond 2**53 (before
    imports refused them) is not the one published: its digits would be noise."""
    if value is None or value == "":
        return ""
    number = float(value)
    if math.isnan(number):  # PostgreSQL stores one; it is no figure at all
        return "(không phải số)"
    if not math.isfinite(number) or abs(number) > LARGEST_EXACT:
        return "(quá lớn để hiển thị chính xác)"
    return charts.format_number(number)


@register.filter
def period_label(value) -> str:
    return charts.period_label(str(value or ""))


@register.filter
def short_date(value) -> str:
    """28/6/2021, as the statistics office writes dates."""
    return charts.format_date(value)
