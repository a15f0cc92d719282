"""The report as a PDF in the form of an official Vietnamese report (WeasyPrint)."""

from django.template.loader import render_to_string

from cityportal.core.printing import boxes

from . import template_context

# A chart is kept whole with its caption; one too tall for what is left of a page goes to the
# next and leaves that foot blank. Then, as a typesetter floats a figure, the next KPI's text
# and table fill the foot and the chart follows them, its caption naming its section; kept only
# where it leaves less blank in all and no more pages. Each try lays the report out again.
STRANDING_MM = 20
MAX_TRIES = 3
PX_PER_MM = 96 / 25.4


def render(data: dict) -> bytes:
    return layout(data).write_pdf()


def layout(data: dict):
    """The laid-out document (WeasyPrint's), its charts placed to leave the least blank."""
    deferred: frozenset = frozenset()
    document = _laid_out(data, deferred)
    tried: set[str] = set()
    for _ in range(MAX_TRIES):
        key = _stranded_chart(document, tried)
        if key is None:
            break
        tried.add(key)
        trial = _laid_out(data, deferred | {key})
        if len(trial.pages) <= len(document.pages) and blank_mm(trial) < blank_mm(document):
            deferred, document = deferred | {key}, trial
    return document


def _laid_out(data: dict, deferred: frozenset):
    from weasyprint import HTML

    context = template_context(data, printed=True, deferred=deferred)
    return HTML(string=render_to_string("reports/report_pdf.html", context)).render()


def _foot_and_lowest(page) -> tuple[float, float]:
    """The foot of the page's text area and the lowest thing drawn above it, in CSS px."""
    root = page._page_box
    lowest = root.margin_top
    for box in boxes(root.children[0]):
        if type(box).__name__ in (
            "TextBox",
            "InlineReplacedBox",
            "BlockReplacedBox",
            "TableCellBox",
        ):
            lowest = max(lowest, box.border_box_y() + box.border_height())
    return root.margin_height() - root.margin_bottom, lowest


def blank_bands_mm(document) -> list[float]:
    """The blank band at the foot of each page but the last, in mm."""
    bands = []
    for page in document.pages[:-1]:
        foot, lowest = _foot_and_lowest(page)
        bands.append(max(foot - lowest, 0) / PX_PER_MM)
    return bands


def blank_mm(document) -> float:
    return sum(blank_bands_mm(document))


def _stranded_chart(document, tried: set[str]) -> str | None:
    """The key of the first chart not yet tried that opens a page after a blank band of more than
    STRANDING_MM."""
    for band, page in zip(blank_bands_mm(document), document.pages[1:], strict=True):
        if band <= STRANDING_MM:
            continue
        top = page._page_box.margin_top + 1
        for box in boxes(page._page_box.children[0]):
            if box.element_tag == "figure" and box.element.get("id", "").startswith("figure-"):
                key = box.element.get("id").removeprefix("figure-")
                if box.position_y <= top and key not in tried:
                    return key
                break
    return None
