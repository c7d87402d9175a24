"""One HTML collector for the tests of the HTML views (display, report): tags, attributes, text, style blocks."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Collected(HTMLParser):
    """Every start tag, every ``(attribute, value)``, the text outside ``<style>`` (``data``) and inside it (``styles``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.data: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    @property
    def attr_names(self) -> list[str]:
        return [k for k, _ in self.attrs]

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.data).append(data)


def parse(html: str) -> Collected:
    p = Collected()
    p.feed(html)
    p.close()
    return p


# every element the report writes itself; anything else came from a resume
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "div", "span", "b", "br", "wbr", "a",
    "mark", "table", "thead", "tbody", "tr", "th", "td", "ol", "ul", "li", "section", "figure", "figcaption",
    "svg", "line", "rect", "text", "g",
}  # fmt: skip


def assert_inert_page(html: str) -> Collected:
    """A whole page (the report) holds no element, attribute or URL the library did not write itself."""
    p = parse(html)
    assert set(p.tags) <= PAGE_TAGS, set(p.tags) - PAGE_TAGS
    assert "script" not in p.tags and "img" not in p.tags
    assert p.tags.count("style") == 1 and len(p.styles) == 1, "resume text reached the style block"
    assert not [k for k, _ in p.attrs if k.startswith("on") or k in ("src", "srcset", "action", "formaction")]
    hrefs = [v for k, v in p.attrs if k == "href"]
    assert all(h.startswith("#") for h in hrefs), hrefs
    assert not re.search(r"url\(|@import|https?:", p.styles[0])
    for k, v in p.attrs:
        if k in ("style", "href"):
            assert "url(" not in v and "javascript:" not in v.lower(), (k, v)
    # no attribute holds a URL but the SVG namespace (a URL in resume text is only text)
    assert not [(k, v) for k, v in p.attrs if ("://" in v or v.startswith("//")) and (k, v) != ("xmlns", "http://www.w3.org/2000/svg")]
    return p
