"""ODT, RTF, HTML, text and Markdown."""

from __future__ import annotations

import codecs

import pytest

from collabscreen.errors import EmptyDocumentError, UnsafeDocumentError
from collabscreen.extract import extract_text

from .conftest import odt_bytes, replace_member

RESUME = "Jos\u00e9 M\u00fcller \u2013 Sales & Marketing\n\u201cPartnered with demand gen\u201d on MQL handoff\nCaf\u00e9 r\u00e9sum\u00e9 \u20ac500k pipeline\n"


def test_odt():
    doc = extract_text(odt_bytes(["Worked with the sales team", "Second paragraph"], bullets=["Lead scoring"]))
    assert doc.format == "odt"
    assert doc.text.splitlines() == [
        "Jordan Example",
        "Worked with the sales team",
        "Second paragraph",
        "\u2022 Lead scoring",
    ]


def test_odt_with_doctype_refused():
    data = odt_bytes(["x"])
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
    head, rest = xml.split(b"?>", 1)
    evil = head + b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + rest
    with pytest.raises(UnsafeDocumentError):
        extract_text(replace_member(data, "content.xml", evil))


def test_rtf():
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}"
        rb"\f0 Jos\'e9 Example\par "
        rb"Partnered with marketing\par "
        rb"{\pict\pngblip 89504e47}"
        rb"Caf\u233? r\'e9sum\'e9\par }"
    )
    doc = extract_text(rtf)
    assert doc.format == "rtf"
    assert doc.text.splitlines() == ["Jos\u00e9 Example", "Partnered with marketing", "Caf\u00e9 r\u00e9sum\u00e9"]


def test_html_drops_scripts_and_keeps_blocks():
    html = b"""<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style>
    <script>alert('x'); document.write('INJECTED')</script></head>
    <body><h1>Jordan   Example</h1><noscript>NOSCRIPT</noscript><template>TEMPLATE</template>
    <p>Worked with
       marketing on <b>lead scoring</b></p><!-- a comment -->
    <ul><li>Co-ran trade shows</li><li>Built battlecards</li></ul>
    <table><tr><td>2019</td><td>Account Executive</td></tr></table>
    <div>Line<br>break</div></body></html>"""
    doc = extract_text(html)
    assert doc.format == "html"
    for bad in ("alert", "INJECTED", "color:red", "NOSCRIPT", "TEMPLATE", "a comment"):
        assert bad not in doc.text
    lines = doc.text.splitlines()
    for want in ["Jordan Example", "Worked with marketing on lead scoring", "\u2022 Co-ran trade shows",
                 "\u2022 Built battlecards", "2019", "Account Executive", "Line", "break"]:
        assert want in lines


def test_html_by_extension_hint(tmp_path):
    p = tmp_path / "cv.html"
    p.write_bytes(b"Intro text<p>Para one</p><p>Para two</p>")
    doc = extract_text(p)
    assert doc.format == "html"
    assert "Para one" in doc.text.splitlines()


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-8", b""),
    ],
)
def test_text_encodings(encoding, bom):
    doc = extract_text(bom + RESUME.encode(encoding))
    assert doc.format == "text"
    assert doc.text == RESUME.strip()
    assert not doc.warnings


def test_cp1252_text(tmp_path):
    p = tmp_path / "resume.txt"
    p.write_bytes(RESUME.encode("cp1252"))
    doc = extract_text(p)
    assert doc.text == RESUME.strip()
    assert doc.metadata["encoding"] == "cp1252"


def test_mojibake_text_repaired():
    broken = RESUME.encode("utf-8").decode("cp1252", errors="replace")
    assert "\u00e2\u20ac" in broken
    doc = extract_text(broken.encode("utf-8"))
    assert doc.text == RESUME.strip()
    assert any("mojibake" in w for w in doc.warnings)


def test_markdown():
    md = b"# Jordan Example\n\n## Experience\n\n- **Partnered** with [marketing](https://example.com) on MQLs\n* Ran __joint__ events\n\n---\n\n| Year | Role |\n|---|---|\n| 2020 | AE |\n"
    doc = extract_text(md)
    assert doc.format == "markdown"
    assert doc.text.splitlines() == [
        "Jordan Example",
        "",
        "Experience",
        "",
        "\u2022 Partnered with marketing (https://example.com) on MQLs",
        "\u2022 Ran joint events",
        "",
        "Year | Role",
        "2020 | AE",
    ]


def test_markdown_extension_hint(tmp_path):
    p = tmp_path / "cv.md"
    p.write_text("Jordan Example\n**Sales** lead\n", encoding="utf-8")
    doc = extract_text(p)
    assert doc.format == "markdown"
    assert doc.text == "Jordan Example\nSales lead"


def test_whitespace_only_text_is_empty():
    with pytest.raises(EmptyDocumentError) as e:
        extract_text(" \n\t\n\u200b\u00a0".encode("utf-8"))
    assert e.value.code == "E109"
