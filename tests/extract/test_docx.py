from __future__ import annotations

import io
import zipfile

import pytest

from collabscreen.errors import CorruptDocumentError, EmptyDocumentError, UnsafeDocumentError, UnsupportedFormatError
from collabscreen.extract import extract_text

from .conftest import docx_bytes, replace_member, zip_bytes


def test_table_layout_in_document_order(table_docx):
    doc = extract_text(table_docx)
    assert doc.format == "docx"
    lines = doc.text.splitlines()
    order = [
        "Jordan Example | jordan@example.com",  # header first
        "Summary paragraph before the table",
        "MERGED TITLE ROW",
        "SKILLS",
        "Salesforce CRM",
        "EXPERIENCE",
        "\u2022 Ran joint campaigns with marketing",
        "2019 - 2021",
        "Nested cell text",
        "Last right cell",
        "Closing paragraph after the table",
        "References available on request",  # footer last
    ]
    pos = [lines.index(t) for t in order]
    assert pos == sorted(pos)
    # merged cells are read once
    assert doc.text.count("MERGED TITLE ROW") == 1
    assert doc.text.count("SKILLS") == 1
    assert doc.metadata["tables"] == 2


def test_docx_breaks_and_tabs():
    def build(d):
        p = d.add_paragraph("Line one")
        r = p.add_run()
        r.add_break()
        r.add_text("Line two\tafter tab")

    doc = extract_text(docx_bytes(build))
    assert doc.text.splitlines() == ["Line one", "Line two after tab"]


def test_docx_text_box_read_once(plain_docx):
    """A Word text box is stored twice (DrawingML + VML fallback); read it once."""
    box = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Text box content</w:t></w:r></w:p>'
        "</w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Text box content</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    z = zipfile.ZipFile(io.BytesIO(plain_docx))
    xml = z.read("word/document.xml").decode("utf-8")
    xml = xml.replace("<w:t>Jordan Example</w:t></w:r>", "<w:t>Jordan Example</w:t></w:r>" + box, 1)
    doc = extract_text(replace_member(plain_docx, "word/document.xml", xml.encode("utf-8")))
    assert doc.text.count("Text box content") == 1
    assert doc.text.index("Jordan Example") < doc.text.index("Text box content")


def test_docx_deleted_text_is_skipped(plain_docx):
    z = zipfile.ZipFile(io.BytesIO(plain_docx))
    xml = z.read("word/document.xml").decode("utf-8")
    xml = xml.replace(
        "<w:t>Jordan Example</w:t></w:r>",
        "<w:t>Jordan Example</w:t></w:r><w:del><w:r><w:delText>DELETED</w:delText></w:r></w:del>",
        1,
    )
    doc = extract_text(replace_member(plain_docx, "word/document.xml", xml.encode("utf-8")))
    assert "DELETED" not in doc.text


def test_docx_zip_bomb_refused(plain_docx):
    bomb = replace_member(plain_docx, "word/media/padding.bin", b"\0" * 3_000_000)
    with pytest.raises(UnsafeDocumentError) as e:
        extract_text(bomb)
    assert e.value.code == "E108" and "ratio" in str(e.value)


@pytest.mark.parametrize(
    "decl",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
        b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
)
def test_docx_xml_entities_refused(plain_docx, decl, tmp_path):
    z = zipfile.ZipFile(io.BytesIO(plain_docx))
    xml = z.read("word/document.xml")
    head, rest = xml.split(b"?>", 1)
    p = tmp_path / "evil.docx"
    p.write_bytes(replace_member(plain_docx, "word/document.xml", head + b"?>" + decl + rest))
    with pytest.raises(UnsafeDocumentError, match="evil.docx") as e:
        extract_text(p)
    assert "DOCTYPE" in str(e.value)


def test_docx_bad_zip(plain_docx, tmp_path):
    p = tmp_path / "cut.docx"
    p.write_bytes(plain_docx[: len(plain_docx) // 2])
    with pytest.raises(CorruptDocumentError, match="cut.docx"):
        extract_text(p)


def test_docx_missing_part(plain_docx):
    z = zipfile.ZipFile(io.BytesIO(plain_docx))
    members = {i.filename: z.read(i) for i in z.infolist() if i.filename != "word/_rels/document.xml.rels"}
    members["word/document.xml"] = b"<not xml"
    with pytest.raises(CorruptDocumentError):
        extract_text(zip_bytes(members))


def test_docx_empty_document():
    with pytest.raises(EmptyDocumentError) as e:
        extract_text(docx_bytes(lambda d: None))
    assert e.value.code == "E109"


def test_xlsx_and_pptx_unsupported():
    xlsx = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    with pytest.raises(UnsupportedFormatError, match="Excel"):
        extract_text(xlsx)
    pptx = zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
    with pytest.raises(UnsupportedFormatError, match="PowerPoint"):
        extract_text(pptx)
    with pytest.raises(UnsupportedFormatError, match="zip archive"):
        extract_text(zip_bytes({"a.txt": b"hello"}))
