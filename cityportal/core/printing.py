"""Reading a WeasyPrint layout: the boxes of a page, and the size an SVG chart's text prints at.
The report's page flow reads the first; the tests of every printed document read both."""

SVG = "{http://www.w3.org/2000/svg}"


def boxes(box):
    """`box` and every box under it, depth first."""
    yield box
    for child in getattr(box, "children", []):
        yield from boxes(child)


def chart_text_points(page) -> dict[str, float]:
    """Each SVG chart of a laid-out page, by its title's id: the size its smallest text prints
    at, in pt (the font size times the printed width over the drawing's own; CSS px to pt 0.75).
    """
    sizes = {}
    for box in boxes(page._page_box.children[0]):
        if not str(getattr(box, "element_tag", "")).endswith("svg"):
            continue
        drawn = float(box.element.get("viewBox").split()[2])
        fonts = {float(t.get("font-size")) for t in box.element.iter(f"{SVG}text")}
        title = box.element.get("aria-labelledby").split()[0]
        sizes[title] = min(fonts) * box.width / drawn * 0.75
    return sizes
