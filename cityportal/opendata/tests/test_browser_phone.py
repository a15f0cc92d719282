"""A citizen on a 320 px phone opens the open-data catalogue and a dataset, and downloads it."""

import pytest

pytestmark = pytest.mark.browser


def test_catalogue_and_dataset_fit_a_phone_and_downloads_are_44px(phone, opendata_site):
    """QA at 320 px: CSV, XLSX and JSON side by side were 33 px tall, a thumb's width apart; the
    catalogue's search box touched the filters' fold under it. The preview table is wider than
    the phone: it scrolls in its own box, the page does not."""
    phone.goto(opendata_site + "/du-lieu/")
    box = phone.locator("form.search-form").bounding_box()
    fold = phone.locator(".facets-toggle > summary").bounding_box()
    assert fold["y"] - (box["y"] + box["height"]) >= 16
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 320

    phone.goto(opendata_site + "/du-lieu/dan-so-trung-binh-1995-2016/")
    downloads = phone.locator("a.download")
    assert downloads.count() >= 3
    heights = [d.bounding_box()["height"] for d in downloads.all()]
    assert [h for h in heights if h < 44] == []
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 320


def test_the_preview_table_scrolls_with_readable_columns_and_shows_there_is_more(
    phone, opendata_site
):
    """QA at 320 px: the preview's columns were squeezed to the screen, "Dân số trung bình" a
    word a line, and nothing showed that "Phân tổ" and "Ghi chú" were further right."""
    phone.goto(opendata_site + "/du-lieu/dan-so-trung-binh-1995-2016/")
    scroller = phone.locator(".table-scroll:has(.preview-table)")
    scroller.scroll_into_view_if_needed()
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1]  # it scrolls in its own box
    row = scroller.locator("tbody tr").first
    line = float(row.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    # "Dân số trung bình" on one line, "Thành phố Hà Nội (đến 06/2025)" on two (were 3 and 4)
    assert row.bounding_box()["height"] < 3 * line
    shades = scroller.evaluate("e => getComputedStyle(e).backgroundAttachment")
    assert shades.replace(" ", "") == "local,local,scroll,scroll"
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 320
