"""Article bodies: plain text or untrusted HTML in, sanitised "paragraph" blocks out.

Wagtail rich text stores HTML. Each top-level element (p, h2, h3, ul, ol, blockquote) becomes one
"paragraph" block of the StreamField, so an editor can move or delete a paragraph on its own.
Images are dropped (they cannot be fetched offline) and counted so the summary can say so.
"""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "b",
    "strong",
    "i",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "br",
}
# Dropped together with everything inside them; other unknown tags are unwrapped (text kept).
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "svg",
    "math",
    "select",
    "textarea",
    "button",
    "head",
    "title",
    "video",
    "audio",
    "canvas",
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
BLOCK_TAGS = {"p", "h2", "h3", "ul", "ol", "blockquote"}
# Wagtail's editor (Draftail) stores bold and italic as <b> and <i>.
RENAMED = {"strong": "b", "em": "i"}
SAPO_MAX = 400

_HTML_TAG = re.compile(
    r"</?(?:p|div|br|h[1-6]|ul|ol|li|a|b|strong|i|em|u|span|img|figure|figcaption|table|tr|td|"
    r"blockquote|script|style|iframe|section|article|header|footer|hr|pre|code|font|center)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_IMG = re.compile(r"<img\b", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Mapped before sanitising, so their text keeps its own paragraph or heading.
_RETAG = [
    (re.compile(r"<(/?)(?:div|section|article|figcaption)\b", re.IGNORECASE), r"<\1p"),
    (re.compile(r"<(/?)h1\b", re.IGNORECASE), r"<\1h2"),
    (re.compile(r"<(/?)h[4-6]\b", re.IGNORECASE), r"<\1h3"),
]
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_EDGE_BREAKS = re.compile(r"^(<\w+>)(?:\s*<br/>)+\s*|\s*(?:<br/>\s*)+(</\w+>)$")
_STARTS_WITH_BLOCK = re.compile(
    r"\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|table|figure|section|article|pre|hr)\b", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """Whether a body is HTML: it has a real tag. "DT50 < 24h" or "<số tiền>" are text."""
    return bool(_HTML_TAG.search(text))


def text_to_blocks(text: str) -> list[str]:
    """Plain text: each non-empty line is a paragraph."""
    return [
        f"<p>{html.escape(line.strip(), quote=False)}</p>"
        for line in text.splitlines()
        if line.strip()
    ]


def html_to_blocks(markup: str, base_url: str | None = None) -> tuple[list[str], int]:
    """Sanitise `markup` and split it into top-level blocks; returns (blocks, images dropped).

    Relative links are resolved against `base_url` when known, and dropped otherwise.
    """
    images = len(_IMG.findall(markup))
    markup = _COMMENT.sub("", markup)
    for pattern, replacement in _RETAG:
        markup = pattern.sub(replacement, markup)
    markup = autop(markup)
    clean = nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )
    splitter = _BlockSplitter()
    splitter.feed(clean)
    splitter.close()
    return splitter.result(), images


def body_to_blocks(
    body: str, *, is_html: bool | None = None, base_url: str | None = None
) -> tuple[list[str], int]:
    """A body of either kind: `is_html=None` decides by looking for tags."""
    if is_html is None:
        is_html = looks_like_html(body)
    if is_html:
        return html_to_blocks(body, base_url)
    return text_to_blocks(body), 0


def autop(markup: str) -> str:
    """WordPress keeps paragraphs as blank lines (wpautop adds <p> when it renders): do the same,
    leaving chunks that already start with a block element alone."""
    if not _BLANK_LINE.search(markup):
        return markup
    chunks = []
    for chunk in _BLANK_LINE.split(markup.replace("\r\n", "\n")):
        if not chunk.strip():
            continue
        if _STARTS_WITH_BLOCK.match(chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(chunks)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (for the sapo, which is plain text), whitespace collapsed."""
    return " ".join(
        html.unescape(
            nh3.clean(markup, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
        ).split()
    )


def sapo_from_blocks(blocks: list[str]) -> str:
    """The first paragraph's text, cut at a word boundary if it is very long (some corpora have
    the whole article as one paragraph)."""
    for block in blocks:
        text = html_to_text(block)
        if text:
            if len(text) <= SAPO_MAX:
                return text
            return text[:SAPO_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


class _BlockSplitter(HTMLParser):
    """Re-serialise sanitised HTML as a list of top-level blocks: loose inline content is wrapped
    in <p>, empty paragraphs and links without an href are dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []  # the block being built
        self.open_tag: str | None = None  # the top-level block element we are inside, if any
        self.depth = 0  # nesting of open_tag inside itself (<blockquote><blockquote>)
        self.unwrapped_links = 0

    def handle_starttag(self, tag, attrs):
        tag = RENAMED.get(tag, tag)
        if self.open_tag is None and tag in BLOCK_TAGS:
            self._flush()
            self.open_tag, self.depth = tag, 0
        elif tag == self.open_tag:
            self.depth += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                self.unwrapped_links += 1
                return
            self.current.append(f'<a href="{html.escape(href)}" rel="{LINK_REL}">')
        elif tag == "br":
            self.current.append("<br/>")
        else:
            self.current.append(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br",):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = RENAMED.get(tag, tag)
        if tag == "br":
            return
        if tag == "a" and self.unwrapped_links:
            self.unwrapped_links -= 1
            return
        self.current.append(f"</{tag}>")
        if tag == self.open_tag:
            if self.depth:
                self.depth -= 1
            else:
                self.open_tag = None
                self._flush()

    def handle_data(self, data):
        self.current.append(html.escape(data, quote=False))

    def _flush(self):
        markup = "".join(self.current).strip()
        self.current = []
        if not markup:
            return
        if self.open_tag is None and not markup.startswith(tuple(f"<{t}>" for t in BLOCK_TAGS)):
            markup = f"<p>{markup}</p>"
        markup = _EDGE_BREAKS.sub(r"\1\2", markup)  # line breaks left where an image was
        if html_to_text(markup):
            self.blocks.append(markup)

    def result(self) -> list[str]:
        self.open_tag = None
        self._flush()
        return self.blocks
