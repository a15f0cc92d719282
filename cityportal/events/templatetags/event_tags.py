"""Template tags for events: the events index's link in the site's navigation, schema.org Event
data, a link's host, and the summary-article link an article page shows for the events it reports on."""

import json
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cityportal.core.middleware import until_content_changes

from ..calendar import location_of
from ..models import EventIndexPage, EventPage

register = template.Library()
# What json_script escapes (as news_tags.article_jsonld): nothing in the payload starts or ends a
# tag, nor "<!--", after which "<script>" keeps the element open past its "</script>".
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def host_of(url: str) -> str:
    """Where a link leads ("www.youtube.com"): a long video address wraps badly on a phone."""
    return urlsplit(url).hostname or url


@register.simple_tag(takes_context=True)
def events_index_url(context) -> str:
    """The live events index's URL, "" without one: the navigation follows its slug."""
    request = context.get("request")

    def url() -> str:
        index = EventIndexPage.objects.live().first()
        return (index.get_url(request) if index else None) or ""

    return until_content_changes("events-index-url", request, url)  # no query on a page render


@register.simple_tag(takes_context=True)
def event_jsonld(context, event):
    """schema.org Event for search engines and calendars (as news_tags.article_jsonld does for
    articles); no registrant's data is ever part of it."""
    request = context["request"]
    url = event.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if event.cancelled else "EventScheduled"),
        "eventAttendanceMode": f"https://schema.org/{event.attendance_mode}",
        "url": url,
        "inLanguage": "vi",
        "organizer": {
            "@type": "GovernmentOrganization",
            "name": event.organiser.name if event.organiser_id else settings.WAGTAIL_SITE_NAME,
        },
    }
    locations = []
    if event.venue or event.address:
        place = {"@type": "Place", "name": event.venue or event.address}
        address = location_of(event)
        place["address"] = {"@type": "PostalAddress", "streetAddress": address}
        place["address"]["addressCountry"] = "VN"
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations if len(locations) > 1 else locations[0]
    speakers = [{"@type": "Person", "name": s.name} for s in event.speakers.all()]
    if speakers:
        data["performer"] = speakers
    if event.cover_image_id:
        rendition = event.cover_image.get_rendition("fill-1200x630")
        data["image"] = [request.build_absolute_uri(rendition.url)]
    if event.accepts_registrations and not event.cancelled:
        data["isAccessibleForFree"] = True
        if event.capacity:
            data["maximumAttendeeCapacity"] = event.capacity
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.inclusion_tag("events/includes/summarised_events.html")
def summarised_events(article):
    """`{% summarised_events page %}` on an article page: "Bài viết tổng kết sự kiện" with a
    link to each published event this article sums up (found from the event's side)."""
    if article.pk is None:
        return {"events": []}  # the preview of an article not yet saved: nothing points at it
    events = EventPage.objects.published().filter(summary_article=article).order_by("starts_at")
    return {"events": list(events)}
