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


def test_a_table_wider_than_the_phone_shows_there_is_more_to_its_right(phone, opendata_site):
    """QA at 320 px: nothing showed that "Phân tổ" and "Ghi chú" were further right of the
    preview's figure (kept on the screen: opendata's test_browser). A shade at the edge says so.
    The preview is cards at 320 px now (below); a chart's table of places still scrolls."""
    phone.goto(opendata_site + "/du-lieu/dan-so-trung-binh-1995-2016/")
    phone.locator(".chart-table > summary").first.click()
    scroller = phone.locator(".chart-table .table-scroll").first
    scroller.scroll_into_view_if_needed()
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] > widths[1]  # it scrolls in its own box
    shades = scroller.evaluate("e => getComputedStyle(e).backgroundAttachment")
    assert shades.replace(" ", "") == "local,local,scroll,scroll"
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 320


# The preview's first row: each cell's box, its label (the "::before" text) and one line's height.
PREVIEW_ROW = """() => {
  const table = document.querySelector(".preview-table");
  const headers = [...table.tHead.rows[0].cells].map(th => th.textContent.trim());
  const cells = {};
  [...table.tBodies[0].rows[0].cells].forEach((td, i) => {
    const box = td.getBoundingClientRect(), style = getComputedStyle(td);
    cells[headers[i]] = {left: box.left, right: box.right, top: box.top, width: box.width,
      height: box.height, line: parseFloat(style.lineHeight),
      label: getComputedStyle(td, "::before").content, empty: !td.textContent.trim()};
  });
  const scroller = table.closest(".table-scroll");
  return {cells, width: window.innerWidth, scrolls: scroller.scrollWidth > scroller.clientWidth};
}"""


def test_a_preview_row_reads_as_a_card_on_a_320px_phone(phone, opendata_site):
    """QA at 320 px: the preview's indicator and place wrapped a word a line, squeezed by the
    columns beside them. Each row is now a card: the names across the screen, then the figure,
    then the period, breakdown and note labelled by their column's header. The page's screen
    reader still finds a table, its headers and its cells."""
    phone.goto(opendata_site + "/du-lieu/dan-so-trung-binh-1995-2016/")
    phone.locator(".preview-table tbody tr").first.scroll_into_view_if_needed()
    row = phone.evaluate(PREVIEW_ROW)
    cells, width = row["cells"], row["width"]
    for name in ("Chỉ tiêu", "Địa bàn"):  # at most two lines, across most of the screen
        assert cells[name]["height"] <= 2 * cells[name]["line"] + 1, (name, cells[name])
        assert cells[name]["width"] >= 0.8 * width, (name, cells[name])
    figure = cells["Giá trị"]
    assert not row["scrolls"] and 0 <= figure["left"] and figure["right"] <= width, figure
    assert figure["top"] > cells["Địa bàn"]["top"]  # under the names, before the period
    assert figure["top"] < cells["Kỳ"]["top"] < cells["Phân tổ"]["top"] < cells["Ghi chú"]["top"]
    for name in ("Kỳ", "Phân tổ", "Đơn vị tính"):
        assert cells[name]["right"] <= width and name in cells[name]["label"], (name, cells[name])
    assert all(c["height"] == 0 for c in cells.values() if c["empty"]), cells  # no bare "Ghi chú:"
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 320

    # Chromium's own accessibility tree: the cards are still a table's cells under its headers.
    tree = phone.context.new_cdp_session(phone).send("Accessibility.getFullAXTree")["nodes"]
    roles = [node.get("role", {}).get("value") for node in tree if not node.get("ignored")]
    names = {
        node["name"]["value"]
        for node in tree
        if node.get("role", {}).get("value") == "columnheader" and "name" in node
    }
    assert "table" in roles and roles.count("cell") >= 7
    assert {"Chỉ tiêu", "Giá trị", "Phân tổ", "Ghi chú"} <= names
