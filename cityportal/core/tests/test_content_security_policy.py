"""The Content-Security-Policy: public pages carry it and hold no inline code it would refuse; the
admin gets its looser one; operators add hosts from the environment."""

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from cityportal.core.tests.test_deploy_settings import _run
from cityportal.core.tests.test_public_polish import make_dataset
from cityportal.feedback.threads import target_key
from cityportal.opendata.models import Indicator

DATA_SCRIPTS = {"application/ld+json", "application/json"}  # read, never run
VIDEO_URL = "https://www.youtube.com/watch?v=cityportal-csp"


def stored_video(url: str = VIDEO_URL, src: str = "https://www.youtube.com/embed/x") -> str:
    """A video as Wagtail keeps it after a first oEmbed fetch (YouTube's code, with its size, so
    a responsive wrapper would have a ratio to write): rendering it needs no network."""
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        width=200,
        height=113,
        html=f'<iframe width="200" height="113" src="{src}" frameborder="0" allowfullscreen '
        'title="Lễ khánh thành cầu"></iframe>',
    )
    return url


def inline_code(html: str) -> list[str]:
    """What a script-src 'self' (and style-src 'self') policy refuses: inline scripts, event
    handler attributes, javascript: links, <style> elements, style attributes."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name == "script" and not tag.get("src") and tag.get("type") not in DATA_SCRIPTS:
            found.append(str(tag)[:120])
        if tag.name == "style":
            found.append(str(tag)[:120])
        for name, value in tag.attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag.name} {name}>")
            elif name == "style":
                found.append(f'<{tag.name} style="{value}">')
            elif name in ("href", "src", "action", "formaction") and re.match(
                r"\s*javascript:", str(value), re.I
            ):
                found.append(f"<{tag.name} {name}={value}>")
    return found


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}


@pytest.fixture
def public_pages(make_article, events_index, event) -> list[str]:
    """An article with a chart and a video, an event open for registration, a dataset with a chart
    and its indicator."""
    dataset = make_dataset("dan-so", rows=[("79", 2020, 9227.6), ("79", 2021, 9166.8)])
    article = make_article(
        title="Thành phố vận hành chính quyền hai cấp",
        body=[
            ("paragraph", "<p>Dân số Thành phố qua các năm.</p>"),
            (
                "indicator_chart",
                {"indicator": "dan-so", "units": "79", "chart_type": "line", "caption": "Dân số"},
            ),
            ("video", {"video": stored_video(), "caption": "Lễ khánh thành cầu"}),
        ],
    )
    return [
        "/",
        article.url,
        "/dia-ban/",
        "/du-lieu/",
        "/du-lieu/?q=dan+so",
        dataset.get_absolute_url(),
        Indicator.objects.get(code="dan-so").get_absolute_url(),
        "/tim-kiem/?q=chinh+quyen",
        "/gop-y/",
        f"/binh-luan/{target_key(article)}/",
        "/hoi-dap/",
        events_index.url,
        event.url,
        f"/su-kien/dang-ky/{event.pk}/",
        "/api/v1/docs",
        "/khong-co-trang-nay/",
    ]


def test_public_pages_carry_the_policy_and_no_inline_code_it_refuses(client, public_pages):
    problems = {}
    for path in public_pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], path
        assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'self'"]
        if found := inline_code(response.content.decode()):
            problems[path] = found
    assert problems == {}


def test_an_articles_chart_and_video_are_drawn_without_style_attributes(client, public_pages):
    """The chart's width and the video frame's ratio come from site.css: the policy refuses
    style attributes, which Wagtail's responsive embeds and the charts once wrote."""
    soup = BeautifulSoup(client.get(public_pages[1]).content.decode(), "html.parser")
    charts = soup.select("svg.chart-svg")
    assert [chart["class"][-1] for chart in charts] == ["chart-narrow", "chart-wide"]
    frame = soup.select_one("figure.video iframe")
    assert frame["title"] == "Lễ khánh thành cầu"
    assert [tag for tag in [*charts, frame, frame.parent] if tag.has_attr("style")] == []


def test_the_public_policy_reads_as_asked(client, db):
    directives = policy(client.get("/robots.txt"))
    assert directives["default-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    # As X_FRAME_OPTIONS = SAMEORIGIN: Wagtail's preview frames the site's own pages.
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert not [d for d, sources in directives.items() if "'unsafe-inline'" in sources]
    assert "style-src-attr" not in directives  # style attributes fall under style-src: refused
    assert "https://www.youtube.com" in directives["frame-src"]  # the video blocks' players


def test_the_error_pages_inline_style_is_allowed_by_its_hash(client, db):
    """500.html asks a server in trouble for no stylesheet: its <style> stays, by hash."""
    css = re.search(r"<style>(.*?)</style>", render_to_string("500.html"), re.S)[1]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy(client.get("/"))["style-src"]


def test_the_admin_keeps_its_inline_code_but_not_framing_plugins_or_base(admin_client):
    for path in ("/admin/", "/admin/contributions/", "/django-admin/"):
        directives = policy(admin_client.get(path, follow=True))
        assert directives == {
            "frame-ancestors": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }, path


def test_admin_lists_filter_by_status_without_inline_handlers(admin_client):
    html = admin_client.get("/admin/contributions/").content.decode()
    assert 'data-action="change->w-submit#submit"' in html and "onchange" not in html


def _policy_headers(environment: dict, tmp_path) -> tuple[str, str]:
    """The name and value of the policy header a public page gets, in a process started with
    `environment` (settings read it once, at start)."""
    code = (
        "from django.http import HttpResponse; from django.test import RequestFactory; "
        "from cityportal.core.middleware import ContentSecurityPolicyMiddleware as M; "
        "r = M(lambda r: HttpResponse())(RequestFactory().get('/')); "
        "print(*(f'{h}\\n{v}' for h, v in r.headers.items() if 'Security-Policy' in h))"
    )
    result = _run(code, environment, tmp_path)
    assert result.returncode == 0, result.stderr
    name, value = result.stdout.strip().splitlines()
    return name, value


def test_operators_add_hosts_from_the_environment(tmp_path):
    extra = "https://cdn.example.vn,https://analytics.example.vn"
    _, header = _policy_headers({"CSP_EXTRA_SOURCES": extra}, tmp_path)
    directives = {d.split()[0]: d.split()[1:] for d in header.split("; ")}
    for directive in ("default-src", "script-src", "style-src", "img-src", "frame-src"):
        assert set(extra.split(",")) <= set(directives[directive]), directive
    assert directives["object-src"] == ["'none'"]


def test_operators_collect_reports_and_may_only_report_while_trying_a_new_host(tmp_path):
    collector = "https://csp.example.vn/bao-cao"
    name, header = _policy_headers({"CSP_REPORT_URI": collector}, tmp_path)
    assert name == "Content-Security-Policy"
    assert f"report-uri {collector}" in header.split("; ")
    name, header = _policy_headers({"CSP_REPORT_URI": collector, "CSP_REPORT_ONLY": "on"}, tmp_path)
    assert name == "Content-Security-Policy-Report-Only"
    assert f"report-uri {collector}" in header.split("; ") and "script-src 'self'" in header
    assert "report-uri" not in _policy_headers({}, tmp_path)[1]  # no collector: no reports
