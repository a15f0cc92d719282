"""Vietnamese date formats for templates: "Thứ Hai, 28/6/2021"."""

from django import template
from django.utils import timezone

from cityportal.core.text import weekday_vi

register = template.Library()


@register.filter
def vi_date(value) -> str:
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{weekday_vi(value)}, {value.day}/{value.month}/{value.year}"


@register.filter
def vi_datetime(value) -> str:
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{vi_date(value)}, {value:%H:%M}"
