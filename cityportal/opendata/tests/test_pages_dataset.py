"""The dataset page as a reader (often a reporter) uses it: its metadata, preview table,
chart, downloads, citation, comments and structured data."""

import json
import re

from bs4 import BeautifulSoup
from django.core.files.base import ContentFile

from cityportal.core.models import AdministrativeUnit
from cityportal.opendata.models import (
    Dataset,
    Indicator,
    Observation,
    ResourceVersion,
    Theme,
)

from .conftest import SVG, svgs


def test_dataset_page_shows_metadata_table_chart_downloads_citation_and_api(
    client, population, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    resource = population.resources.get()
    old = ResourceVersion.objects.create(
        resource=resource,
        file=ContentFile(b"x", name="dan-so-2022.csv"),
        original_name="dan-so-2022.csv",
        sha256="0" * 64,
        size=1,
        rows=6,
    )
    response = client.get("/du-lieu/dan-so-trung-binh/")
    html = response.content.decode()
    assert response.status_code == 200
    # Metadata
    assert "Cục Thống kê Thành phố Hồ Chí Minh" in html
    assert ">Dân số và lao động</a>" in html and "dân số" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "Hằng năm" in html and "2021–2023" in html
    assert "Niên giám thống kê" in html and "mailto:danso@example.invalid" in html
    # Preview table, Vietnamese figures, provisional marked: "(sb)" on screen, its words for a
    # screen reader or keyboard user, who never gets an abbr's title
    assert '<td class="num">9.389,7</td>' in html
    assert (
        '9.456,7 <abbr title="số liệu sơ bộ" aria-hidden="true">(sb)</abbr>'
        '<span class="visually-hidden">(số liệu sơ bộ)</span>'
    ) in html
    # Downloads and the earlier version
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="{resource.download_url(fmt)}"' in html
    assert f'href="/du-lieu/tai-ve/{resource.id}/phien-ban/{old.id}/">dan-so-2022.csv</a>' in html
    # The chart: a line per city over three years; the country, ten times either city, would
    # flatten their lines on a shared axis: it is left to the table, and the caption says so
    narrow, wide = svgs(html)  # for phones, for wider screens: the same figures
    for svg in (narrow, wide):
        assert svg.get("role") == "img"
        assert len(svg.findall(f"{SVG}circle")) == 5
    assert "Việt Nam không vẽ trên biểu đồ vì lớn gấp 11 lần Thành phố Hồ Chí Minh" in html
    assert '<th scope="col">Việt Nam</th>' in html
    ids = [svg.find(f"{SVG}title").get("id") for svg in (narrow, wide)]
    assert ids[1] == ids[0].removesuffix("-title") + "-wide-title"  # unique on the page
    assert "Số liệu tính đến 31/3/2024." in html
    # Citation and API example
    year = population.modified_at.year
    assert (
        f"Cục Thống kê Thành phố Hồ Chí Minh ({year}). Dân số trung bình phân theo địa phương "
        "[Bộ dữ liệu]. Cổng Thông tin điện tử Chính phủ" in html
    )
    assert "http://testserver/du-lieu/dan-so-trung-binh/, truy cập ngày " in html
    assert (
        f"curl &quot;http://testserver/api/3/action/datastore_search?resource_id={resource.id}"
        in html
    )
    code = Indicator.objects.get().code
    assert f"http://testserver/api/v1/indicators/{code}/observations" in html
    assert '"@type": "Dataset"' in html


def test_dataset_preview_stops_at_fifty_rows(client, make_dataset):
    wards = AdministrativeUnit.objects.filter(
        level="ward", valid_until=None, parent__code="79"
    ).values_list("code", flat=True)[:60]
    make_dataset([("Số hộ", "hộ", code, 2024, n) for n, code in enumerate(wards)], name="so-ho")
    response = client.get("/du-lieu/so-ho/")
    (resource,) = response.context["resources"]
    assert len(resource.preview) == 50
    assert "50 dòng đầu trong 60 dòng" in response.content.decode()


def preview_table(html: str) -> list[list[str]]:
    """The preview's header and rows, as a screen reader announces the cells."""
    table = BeautifulSoup(html, "html.parser").select_one("table[aria-labelledby^=xem-truoc]")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in table("tr")
    ]


def test_dataset_preview_cites_a_figures_own_source(client, population):
    """The downloads and APIs gave a flash report's figure its own source; the preview left it
    out, so a reporter quoting from the page cited the yearbook for it."""
    Observation.objects.filter(period="2023").update(source="Báo cáo nhanh quý IV/2023")
    html = client.get(population.get_absolute_url()).content.decode()
    header, *rows = preview_table(html)
    assert header[-1] == "Nguồn"
    assert '<th scope="col">Nguồn</th>' in html
    sources = {(row[1], row[2]): row[-1] for row in rows}  # (Địa bàn, Kỳ)
    assert sources[("Thành phố Hồ Chí Minh", "2023")] == "Báo cáo nhanh quý IV/2023"
    assert (
        sources[("Thành phố Hà Nội", "2021")] == "Niên giám thống kê"
    )  # the dataset's, as downloads


def test_dataset_preview_has_no_source_column_when_all_are_the_datasets(client, population):
    Observation.objects.filter(period="2023").update(source="Niên giám thống kê")
    header, *rows = preview_table(client.get(population.get_absolute_url()).content.decode())
    assert "Nguồn" not in header and all(len(row) == len(header) for row in rows)


def test_dataset_preview_cells_carry_their_column_header(client, population):
    """A phone lays each preview row out as a card, each cell labelled by its data-label: the
    label is the header a screen reader announces for that cell, the source column's too."""
    Observation.objects.filter(period="2023").update(source="Báo cáo nhanh quý IV/2023")
    html = client.get(population.get_absolute_url()).content.decode()
    table = BeautifulSoup(html, "html.parser").select_one("table[aria-labelledby^=xem-truoc]")
    header = [th.get_text(strip=True) for th in table.thead("th")]
    assert "Nguồn" in header
    for row in table.tbody("tr"):
        assert [td.get("data-label") for td in row("td")] == header


def test_theme_of_catalogue_is_linked_from_dataset(client, population):
    html = client.get("/du-lieu/dan-so-trung-binh/").content.decode()
    theme = Theme.objects.get(slug="dan-so-lao-dong")
    assert f'href="/du-lieu/?theme={theme.slug}"' in html


def test_readers_comment_on_a_dataset(client, make_dataset):
    from cityportal.feedback.models import Comment

    dataset = make_dataset(name="co-binh-luan")
    Comment.objects.create(
        target=dataset,
        name="Nhà báo dữ liệu",
        email="nha-bao@example.invalid",
        body="Xin thêm số liệu theo phường.",
        status=Comment.Status.APPROVED,
    )
    html = client.get(dataset.get_absolute_url()).content.decode()
    assert "Xin thêm số liệu theo phường." in html and "Nhà báo dữ liệu" in html
    assert "nha-bao@example.invalid" not in html
    assert f"/binh-luan/opendata.dataset:{dataset.pk}/" in html


def test_dataset_description_cannot_break_out_of_the_page_json_ld(client, make_dataset):
    # "<!--<script>" would make an HTML parser read on past the element's own </script>.
    description = "Ghi chú <!--<script> </script><b>đậm</b> & khác"
    make_dataset(
        name="jsonld", title="Bộ </script><script>alert(1)</script>", description=description
    )
    html = client.get("/du-lieu/jsonld/").content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in payload and ">" not in payload
    data = json.loads(payload)
    assert data["description"] == description
    assert data["name"] == "Bộ </script><script>alert(1)</script>"


def test_an_international_licence_is_marked_as_english(client, make_dataset):
    """QA (WCAG 3.1.2): "Creative Commons Attribution 4.0" was read out by a Vietnamese voice;
    the site's own wording for the other licence stays Vietnamese."""
    for license, lang in [(Dataset.License.CC_BY, "en"), (Dataset.License.OTHER, None)]:
        dataset = make_dataset(license=license)
        soup = BeautifulSoup(client.get(f"/du-lieu/{dataset.name}/").content, "html.parser")
        value = soup.find("dt", string="Giấy phép").find_next_sibling("dd")
        assert value.get_text() == dataset.get_license_display()
        marked = value.find(attrs={"lang": True})
        assert (marked["lang"] if marked else None) == lang
        if marked:
            assert marked.get_text() == value.get_text()
