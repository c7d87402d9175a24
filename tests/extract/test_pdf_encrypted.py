"""Encrypted PDFs that open with the empty password (or the one given) are checked as plain ones:
the pre-scan reads their streams decrypted. It used to see only ciphertext, so a flate bomb, a
million text operators, a huge character map or a form fan-out passed it in an encrypted file
that both backends then read. The fixtures are encrypted here (conftest.encrypt_pdf: RC4 128-bit
and AES-128, PDF 1.7's algorithms), and reportlab's own RC4 output is read too."""

from __future__ import annotations

import time

import pytest

from collabscreen import extract_text
from collabscreen.errors import EncryptedDocumentError, UnsafeDocumentError
from collabscreen.extract.pdf import MAX_STREAM_BYTES, MAX_TEXT_ITEMS, check_fanout, check_streams

from .conftest import content_pdf, encrypt_pdf, flate_bomb_pdf, simple_pdf, slow_pdf
from .test_pdf_backends import nested_forms_pdf

BACKENDS = ("pdfium", "pdfminer")
CIPHERS = {"rc4": {}, "aes": {"aes": True}}
LINE = b"BT /F1 12 Tf 72 700 Td (Partnered with field marketing on launches) Tj ET"
#: hostile pages, and what the refusal says
HOSTILE = {
    "flate bomb": (lambda: flate_bomb_pdf(MAX_STREAM_BYTES + 1_000_000), "decompression bomb"),
    "a million text operators": (lambda: slow_pdf(1_000_000, compress=True), "text operators and strings"),
    "character map": (
        lambda: content_pdf(b"begincmap 1 beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange endcmap", compress=True),
        "character map spans",
    ),
    "form fan-out": (lambda: nested_forms_pdf(6, 10), "fan-out"),
}


def _cpu_time(f) -> float:
    t = time.process_time()
    f()
    return time.process_time() - t


def _refusal(data: bytes, backend: str, password: str | None = None) -> UnsafeDocumentError:
    with pytest.raises(UnsafeDocumentError) as e:
        extract_text(data, pdf_backend=backend, password=password)
    return e.value


@pytest.mark.parametrize("cipher", sorted(CIPHERS))
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_pages_are_refused_in_an_encrypted_file_with_an_empty_password(kind, cipher):
    """Each hostile page, encrypted, is refused (E108) by both backends for the same reason as in
    clear, though the check found nothing in its ciphertext. The refusal costs the bounded
    decoding and no more: at most three times the CPU time of refusing the page in clear plus
    reading an ordinary encrypted page (PDFium took 11-26 s on the million ``(a) Tj``, pdfminer.six
    96 s), all measured here, in this process."""
    build, reason = HOSTILE[kind]
    plain = build()
    data = encrypt_pdf(plain, **CIPHERS[cipher])
    if kind == "form fan-out":
        assert check_fanout(data, "x.pdf") == 0  # what the pre-scan saw before
    else:
        assert check_streams(data, "x.pdf") < 1_000  # (a few items spelled by the ciphertext)
    normal = encrypt_pdf(content_pdf(LINE, compress=True), **CIPHERS[cipher])
    for backend in BACKENDS:
        read = min(_cpu_time(lambda: extract_text(normal, pdf_backend=backend)) for _ in range(2))
        errors = []
        clear = _cpu_time(lambda: errors.append(_refusal(plain, backend)))
        encrypted = _cpu_time(lambda: errors.append(_refusal(data, backend)))
        assert [e.code for e in errors] == ["E108", "E108"] and all(reason in str(e) for e in errors)
        assert encrypted <= 3 * (clear + read), (backend, encrypted, clear, read)


@pytest.mark.parametrize("cipher", sorted(CIPHERS))
def test_an_ordinary_encrypted_page_reads_as_the_same_page_in_clear(cipher):
    plain = content_pdf(LINE, compress=True)
    data = encrypt_pdf(plain, **CIPHERS[cipher])
    assert b"Partnered" not in data
    assert check_streams(data, "x.pdf", exact=True) < check_streams(plain, "x.pdf", exact=True) == 3
    for backend in BACKENDS:
        doc, clear = extract_text(data, pdf_backend=backend), extract_text(plain, pdf_backend=backend)
        assert doc.text == clear.text == "Partnered with field marketing on launches"
        assert doc.metadata["encrypted"] is True and clear.metadata["encrypted"] is False
        assert doc.metadata["pdf_backend"] == backend


def test_reportlab_rc4_with_an_empty_user_password_reads_as_in_clear():
    from reportlab.lib.pdfencrypt import StandardEncryption

    lines = ["Jordan Example", "Partnered with field marketing on launches"]
    data = simple_pdf(lines, encrypt=StandardEncryption("", ownerPassword="owner", strength=128))
    for backend in BACKENDS:
        doc = extract_text(data, pdf_backend=backend)
        assert doc.text == extract_text(simple_pdf(lines), pdf_backend=backend).text
        assert doc.metadata["encrypted"] is True


@pytest.mark.parametrize("cipher", sorted(CIPHERS))
def test_a_file_that_needs_a_password_is_checked_with_it(cipher):
    """Without the password: E101; a wrong one: E111; with it, the page is read, and a bomb behind
    the same password is refused (E108)."""
    data = encrypt_pdf(content_pdf(LINE, compress=True), user=b"s3cret", **CIPHERS[cipher])
    bomb = encrypt_pdf(slow_pdf(1_000_000, compress=True), user=b"s3cret", **CIPHERS[cipher])
    for backend in BACKENDS:
        for password, code in ((None, "E101"), ("wrong", "E111")):
            with pytest.raises(EncryptedDocumentError) as e:
                extract_text(data, pdf_backend=backend, password=password)
            assert e.value.code == code
        assert "Partnered" in extract_text(data, pdf_backend=backend, password="s3cret").text
        assert _refusal(bomb, backend, password="s3cret").code == "E108"
        with pytest.raises(EncryptedDocumentError):
            extract_text(bomb, pdf_backend=backend)


def test_an_encryption_the_checks_cannot_decrypt_is_refused_not_read_unchecked():
    """RC4 written as revision 4: PDFium reads it, pdfminer.six's handler (revisions 2 and 3 for
    RC4) does not. The checks cannot see its streams, so both backends refuse it (E101) and say
    why, even when it holds nothing hostile."""
    import pypdfium2 as pdfium

    data = encrypt_pdf(content_pdf(LINE, compress=True), revision=4)
    assert "Partnered" in pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    for backend in BACKENDS:
        with pytest.raises(EncryptedDocumentError) as e:
            extract_text(data, pdf_backend=backend)
        assert e.value.code == "E101" and "Unsupported revision" in str(e.value) and "checked for safety" in str(e.value)


def test_the_text_item_count_of_an_encrypted_file_is_the_count_in_clear():
    from collabscreen.extract.pdf import _decrypter

    for n in (10, 1_000):
        plain = slow_pdf(n, compress=True)
        for kw in CIPHERS.values():
            data = encrypt_pdf(plain, **kw)
            assert check_streams(data, "x.pdf", decrypt=_decrypter(data, "x.pdf", None), exact=True) == check_streams(plain, "x.pdf", exact=True) == 2 * n + 1
    assert MAX_TEXT_ITEMS < 2 * 1_000_000


def test_rc4_is_decrypted_in_linear_time_when_pdfminer_reads():
    """pdfminer.six's pure-Python RC4 is quadratic: a page whose 1 MB content stream is mostly
    spaces took its backend 8.5 s to read, encrypted. Decrypted in C it costs at most three times
    the read in clear (CPU time, measured here)."""
    content = LINE + b" " * 1_000_000
    plain = content_pdf(content)
    data = encrypt_pdf(plain)
    clear = min(_cpu_time(lambda: extract_text(plain, pdf_backend="pdfminer")) for _ in range(2))
    texts = []
    encrypted = _cpu_time(lambda: texts.append(extract_text(data, pdf_backend="pdfminer").text))
    assert texts == ["Partnered with field marketing on launches"]
    assert encrypted <= 3 * clear + 0.05, (encrypted, clear)
