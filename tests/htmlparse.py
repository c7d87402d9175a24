"""One HTML collector for the tests of the HTML views (display, report): tags, attributes, text, style blocks."""

from __future__ import annotations

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
