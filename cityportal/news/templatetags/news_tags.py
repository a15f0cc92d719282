"""Template tags for the public newsroom: navigation and structured data."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Page

from cityportal.core.middleware import until_content_changes
from cityportal.news.models import SectionPage

register = template.Library()

# What json_script escapes: nothing in the payload can start or end a tag.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def site_sections(context) -> list[dict]:
    """The sections in the menu: `title`, `url`, and `current` where the page shown is the
    section or one of its children. Cached until a page is published, unpublished or moved."""
    request = context.get("request")

    def sections():
        menu = SectionPage.objects.live().in_menu().order_by("path")
        return [
            {"title": s.title, "url": s.get_url(request), "path": s.path}
            for s in menu.only("title", "url_path", "path")
        ]

    path = getattr(context.get("page"), "path", "")  # by path: no query for the page's parent
    return [
        {**section, "current": section["path"] in (path, path[: -Page.steplen])}
        for section in until_content_changes("navigation", request, sections)
    ]


@register.simple_tag(takes_context=True)
def article_jsonld(context, article):
    """schema.org NewsArticle for search engines and social platforms."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.sapo,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": article.get_full_url(request)},
        "url": article.get_full_url(request),
        "inLanguage": "vi",
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": settings.WAGTAIL_SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
    }
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    else:
        data["author"] = {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME}
    if article.cover_image_id:
        rendition = article.cover_image.get_rendition("fill-1200x630")
        data["image"] = [request.build_absolute_uri(rendition.url)]
    if article.source_url:
        data["isBasedOn"] = article.source_url
    places = [p.name for p in article.places.all()]
    if places:
        data["contentLocation"] = [{"@type": "Place", "name": name} for name in places]
    keywords = [t.name for t in article.tags.all()]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    # Escaping only "</" let a title with "<!--<script>" put the HTML parser in a state where the
    # closing tag no longer ends the script, hiding the page up to the next script.
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.inclusion_tag("news/includes/share_image.html", takes_context=True)
def share_image(context, image, alt):
    """The Open Graph picture of a page: absolute URL (media may sit on another host, e.g. S3)
    and its size, which Facebook and Zalo need to show it on the first share, not the second."""
    rendition = image.get_rendition("fill-1200x630")
    return {
        "url": context["request"].build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
    }
