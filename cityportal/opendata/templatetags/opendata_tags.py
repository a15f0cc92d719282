"""Template filters for figures as Vietnamese readers write them: 1.234,5 and Quý III/2021."""

from django import template

from cityportal.opendata import charts

register = template.Library()


@register.filter
def vi_number(value) -> str:
    """1234.5 → "1.234,5"; empty for a missing figure."""
    if value is None or value == "":
        return ""
    return charts.format_number(float(value))


@register.filter
def period_label(value) -> str:
    return charts.period_label(str(value or ""))


@register.filter
def short_date(value) -> str:
    """28/6/2021, as the statistics office writes dates."""
    return charts.format_date(value)
