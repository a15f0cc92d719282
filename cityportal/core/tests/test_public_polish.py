"""The public site on a citizen's phone: the error page, wrapping, buttons and form controls,
announced hints, the events link, sharing tags and legible open-data charts."""

import re

from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from cityportal.core.models import Organisation
from cityportal.feedback.threads import target_key
from cityportal.news.models import SeriesIndexPage, SeriesPage
from cityportal.opendata.models import Dataset, Indicator, Observation, Resource, period_bounds
from cityportal.opendata.tests.conftest import unit


def make_dataset(name: str, rows=(), **fields) -> Dataset:
    """A public dataset with one resource of yearly figures: rows of (unit code, year, value)."""
    organisation = Organisation.objects.get_or_create(
        slug="cuc-thong-ke", defaults={"name": "Cục Thống kê", "kind": "statistics"}
    )[0]
    dataset = Dataset.objects.create(
        name=name, title=fields.pop("title", name), organisation=organisation, **fields
    )
    resource = Resource.objects.create(dataset=dataset, name="Bảng số liệu", format="CSV")
    indicator = Indicator.objects.get_or_create(
        code="dan-so", defaults={"name": "Dân số", "measure": "nghìn người"}
    )[0]
    observations = []
    for code, year, value in rows:
        label, start, end = period_bounds("Y", year)
        observations.append(
            Observation(
                resource=resource,
                indicator=indicator,
                unit=unit(code),
                period=label,
                period_type="Y",
                period_start=start,
                period_end=end,
                value=value,
            )
        )
    Observation.objects.bulk_create(observations)
    dataset.refresh_coverage()
    return dataset


def soup_of(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def css_rule(selector: str) -> str:
    """The declarations of the first top-level rule whose selectors start with `selector`."""
    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    match = re.search(r"(?m)^" + re.escape(selector) + r"[^{]*\{([^}]*)\}", css)
    assert match, selector
    return match.group(1)


def og_tags(soup: BeautifulSoup) -> dict[str, str]:
    return {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}


def test_server_error_page_stands_alone_and_fits_a_phone():
    html = render_to_string("500.html")  # no request, no context processors, no database
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "vi"
    viewport = soup.find("meta", attrs={"name": "viewport"})
    assert viewport["content"] == "width=device-width, initial-scale=1"
    assert soup.find("style") and soup.find("a", href="/").get_text() == "Về trang chủ"
    assert 'rel="stylesheet"' not in html  # nothing to fetch from a server in trouble


def test_dataset_facts_wrap_long_values_instead_of_scrolling_sideways(client, db):
    make_dataset("gso", source="https://github.com/choisy/gso/raw/master/data-raw/pop.csv")
    soup = soup_of(client.get("/du-lieu/gso/"))
    assert "github.com/choisy/gso" in soup.find("dl", class_="dataset-meta").get_text()
    rule = css_rule(".dataset-meta")
    assert "minmax(0, 1fr)" in rule and "max-content 1fr" not in rule
    assert "overflow-wrap: anywhere" in css_rule(".dataset-meta dd")


def test_buttons_and_form_controls_are_comfortable_tap_targets(client, event):
    soup = soup_of(client.get(event.url))
    assert soup.find("a", class_="button", string="Đăng ký tham dự")
    button = css_rule(".button, button.button")
    assert "min-height: 44px" in button and "background: #0b4f8a" in button
    assert "color: #fff" in css_rule(".button:hover")
    assert "min-height: 44px" in css_rule("main input:not(")
    assert "width: 1.25rem" in css_rule("main input[type=checkbox]")


def _described_field(soup: BeautifulSoup, name: str):
    field = soup.find(attrs={"name": name})
    described = field["aria-describedby"]
    return described, soup.find(id=described)


def test_comment_form_hint_is_the_one_the_email_field_points_to(client, make_article):
    article = make_article()
    soup = soup_of(client.get(f"/binh-luan/{target_key(article)}/"))
    described, hint = _described_field(soup, "email")
    assert described == "id_email_helptext"
    assert hint is not None and "không được hiển thị công khai" in hint.get_text()


def test_registration_form_hint_and_errors_are_the_ones_the_email_field_points_to(client, event):
    soup = soup_of(client.get(f"/su-kien/dang-ky/{event.pk}/"))
    described, hint = _described_field(soup, "email")
    assert hint is not None and "không hiển thị công khai" in hint.get_text()

    response = client.post(f"/su-kien/dang-ky/{event.pk}/", {"email": "khong-phai-email"})
    soup = soup_of(response, status=400)
    described, _ = _described_field(soup, "email")
    ids = described.split()
    assert ids == ["id_email_helptext", "id_email_error"]
    assert all(soup.find(id=one) for one in ids)


def test_events_are_linked_from_the_navigation_and_footer(client, events_index):
    soup = soup_of(client.get("/"))
    assert soup.find("nav", class_="site-nav").find("a", href="/su-kien/", string="Sự kiện")
    assert soup.find("footer").find("a", href="/su-kien/")
    nav = soup_of(client.get("/su-kien/")).find("nav", class_="site-nav")
    assert nav.find("a", href="/su-kien/")["aria-current"] == "page"


def test_home_section_and_series_pages_have_description_and_sharing_tags(client, home, section):
    soup = soup_of(client.get("/"))
    og = og_tags(soup)
    assert og["og:type"] == "website" and og["og:url"] == "http://testserver/"
    assert og["og:title"] == home.title and og["og:site_name"]
    assert og["og:description"] == home.intro
    assert soup.find("meta", attrs={"name": "description"})["content"] == home.intro

    section.search_description = "Tin kinh tế, xã hội của Thành phố."
    section.save_revision().publish()
    og = og_tags(soup_of(client.get(section.url)))
    assert og["og:title"] == section.title
    assert og["og:description"] == "Tin kinh tế, xã hội của Thành phố."
    assert og["og:url"] == f"http://testserver{section.url}"

    series = SeriesPage(title="Chuyên đề chuyển đổi số", intro="<p>Hành chính <b>số</b>.</p>")
    SeriesIndexPage.objects.get().add_child(instance=series)
    series.save_revision().publish()
    og = og_tags(soup_of(client.get(series.url)))
    assert og["og:description"] == "Hành chính số."


def test_dataset_page_has_sharing_tags(client, db):
    make_dataset("dan-so", title="Dân số", description="Dân số trung bình hằng năm.")
    og = og_tags(soup_of(client.get("/du-lieu/dan-so/")))
    assert og == {
        "og:type": "website",
        "og:locale": "vi_VN",
        "og:site_name": og["og:site_name"],
        "og:title": "Dân số",
        "og:description": "Dân số trung bình hằng năm.",
        "og:url": "http://testserver/du-lieu/dan-so/",
    }


def test_open_data_charts_are_drawn_for_a_phone_and_a_desktop_and_places_are_checkboxes(client, db):
    city_and_hanoi = [("79", 9166.8), ("01", 8330.8)]
    make_dataset("dan-so", [(code, y, v) for code, v in city_and_hanoi for y in (2021, 2022)])
    url = Indicator.objects.get().get_absolute_url()
    for page in ("/du-lieu/dan-so/", url, url + "?unit=thanh-pho-ho-chi-minh"):
        narrow, wide = soup_of(client.get(page)).find_all("svg")
        # For phones, 360 wide with 16 px text: about 12.8 px when a 320 px phone shows it 288 px
        # wide. For wider screens (site.css switches at 48rem), 640 wide with 12 px text.
        assert "chart-narrow" in narrow["class"] and "chart-wide" in wide["class"], page
        assert narrow["viewbox"].startswith("0 0 360 "), page
        assert {t["font-size"] for t in narrow.find_all("text")} >= {"16"}, page
        assert wide["viewbox"].startswith("0 0 640 "), page
        assert {t["font-size"] for t in wide.find_all("text")} >= {"12"}, page

    soup = soup_of(client.get(url, {"unit": ["thanh-pho-ho-chi-minh", "thanh-pho-ha-noi"]}))
    boxes = soup.find_all("input", attrs={"type": "checkbox", "name": "unit"})
    assert len(boxes) == 2 and all(box.has_attr("checked") for box in boxes)
    assert "Ctrl" not in soup.get_text() and not soup.find("select", attrs={"name": "unit"})


def test_the_404_page_names_no_canonical_address(client, db):
    """A missing page is in Vietnamese and claims no canonical address (its own would tell
    search engines the missing URL is the one to keep)."""
    page = client.get("/khong-co-trang-nay/")
    html = page.content.decode()
    assert page.status_code == 404 and "Không tìm thấy trang" in html
    assert 'rel="canonical"' not in html


def test_a_form_sent_without_its_csrf_cookie_says_why_in_vietnamese(db):
    """A citizen whose form had waited too long (or whose browser blocks cookies) got Django's
    English "Forbidden (403) CSRF verification failed" and no word that the text is kept."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/gop-y/", {"title": "Ngập nước", "body": "Đường ngập sau mưa"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "phiên làm việc đã hết hạn" in html and "Quay lại" in html
    assert "CSRF verification failed" not in html and 'lang="vi"' in html


def test_public_forms_tell_the_browser_what_it_may_fill_in(client, event):
    """WCAG 1.3.5: name and e-mail had no autocomplete purpose (the registration form said "on"),
    so a phone could not offer the citizen's own name and address."""
    for url in ("/gop-y/", f"/su-kien/dang-ky/{event.pk}/"):
        soup = soup_of(client.get(url))
        purposes = {
            field["name"]: field.get("autocomplete")
            for field in soup.select("form input[name]")
            if field["name"] in ("name", "email", "phone", "organisation", "website")
        }
        assert purposes["name"] == "name" and purposes["email"] == "email", url
        assert purposes["phone"] == "tel" and purposes["website"] == "off", url
    assert purposes["organisation"] == "organization"


def margin_left_selectors() -> list[str]:
    """Every selector of site.css (in @media blocks too) whose rule sets a left margin."""
    import tinycss2

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    selectors = []
    while rules:
        rule = rules.pop()
        if rule.type == "at-rule" and rule.content is not None:
            rules += tinycss2.parse_rule_list(rule.content, True, True)
        elif rule.type == "qualified-rule":
            names = [
                d.lower_name
                for d in tinycss2.parse_blocks_contents(rule.content, True, True)
                if d.type == "declaration"
            ]
            if {"margin", "margin-left", "margin-inline-start"} & set(names):
                prelude = tinycss2.serialize(rule.prelude).strip()
                selectors += [s.strip() for s in prelude.split(",")]
    return selectors


def errors_indented(soup: BeautifulSoup, selectors: list[str]) -> dict[str, list[str]]:
    """Each error element of the page with the left-margin selectors that reach it."""
    indented = {}
    for error in soup.select(".error"):
        hits = [s for s in selectors if ":" not in s and any(e is error for e in soup.select(s))]
        indented[error.get("id") or error.get_text(strip=True)] = hits
    return indented


def test_field_errors_sit_flush_under_their_fields_and_only_search_indents_its_own(client, event):
    """`.error { margin-left: .5rem }` was written for the search page's error beside its filter,
    and pushed every public form's field errors half a rem right of the fields they belong to."""
    selectors = margin_left_selectors()
    for url in ("/gop-y/", f"/su-kien/dang-ky/{event.pk}/"):
        indented = errors_indented(soup_of(client.post(url, {"name": ""}), 400), selectors)
        assert indented, url  # the form came back with field errors
        assert not any(indented.values()), (url, indented)
    search = errors_indented(soup_of(client.get("/tim-kiem/", {"start": "ngày mai"})), selectors)
    assert search and all(search.values()), search
