"""The shared sample resumes (data/samples) and the real-resume development
set (../shared/dev-resumes). Skipped when the folders are absent."""

from __future__ import annotations

import json
import re

import pytest

from collabscreen.errors import (
    CollabscreenError,
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    NoTextLayerError,
    UnsupportedFormatError,
)
from collabscreen.extract import extract_text
from collabscreen.extract._repair import repair_text

from .conftest import DEV, SAMPLES

RESUME_SUFFIXES = {".pdf", ".docx", ".odt", ".rtf", ".html", ".htm", ".txt", ".md"}
MOJIBAKE = ("\u00e2\u20ac", "\u00c2", "\u00ef\u00bc")

good_samples = sorted(
    p for p in SAMPLES.glob("*") if p.is_file() and p.suffix.lower() in RESUME_SUFFIXES and p.stem.lower() != "readme"
) if SAMPLES.is_dir() else []
bad_dir = SAMPLES / "bad"
bad_samples = sorted(
    p for p in bad_dir.glob("*") if p.is_file() and p.name.lower() not in {"readme.md", "expected.json"}
) if bad_dir.is_dir() else []


def expected_error(name: str) -> type[CollabscreenError]:
    n = name.lower()
    if n.startswith("encrypted"):
        return EncryptedDocumentError
    if n.startswith(("corrupt", "truncated", "broken")):
        return CorruptDocumentError
    if n.startswith("empty"):
        return EmptyDocumentError
    if n.startswith(("scanned", "image_only")):
        return NoTextLayerError
    if n.endswith(".doc") or n.startswith(("unsupported", "not_really")):
        return UnsupportedFormatError
    return CollabscreenError


@pytest.mark.skipif(not good_samples, reason="data/samples not present")
@pytest.mark.parametrize("path", good_samples, ids=lambda p: p.name)
def test_sample_extracts(path):
    doc = extract_text(path)
    assert len(doc.text) > 200
    assert doc.source == str(path)
    for m in MOJIBAKE:
        assert m not in doc.text
    assert "\n\n\n" not in doc.text
    assert extract_text(path) == doc  # deterministic


@pytest.mark.skipif(not bad_samples, reason="data/samples/bad not present")
@pytest.mark.parametrize("path", bad_samples, ids=lambda p: p.name)
def test_bad_sample_raises_its_error(path):
    err = expected_error(path.name)
    with pytest.raises(err) as e:
        extract_text(path)
    assert path.name in str(e.value)
    assert e.value.code and str(e.value).startswith(f"[{e.value.code}]")
    manifest = bad_dir / "expected.json"
    if manifest.is_file():
        want = json.loads(manifest.read_text()).get(path.name)
        if want:
            assert e.value.code == want["code"]
            assert type(e.value).__name__ == want["error"]


@pytest.mark.skipif(not (bad_dir / "expected.json").is_file(), reason="no expected.json")
def test_bad_sample_password():
    for name, want in json.loads((bad_dir / "expected.json").read_text()).items():
        m = re.search(r"password='([^']+)'", want.get("note", ""))
        if m and (bad_dir / name).is_file():
            doc = extract_text(bad_dir / name, password=m.group(1))
            assert doc.text.strip()
            with pytest.raises(EncryptedDocumentError) as e:
                extract_text(bad_dir / name, password=m.group(1) + "x")
            assert e.value.code == "E111"


# ---------------------------------------------------------------- dev set

DEV_LABELS = DEV / "labels.jsonl"


@pytest.fixture(scope="module")
def dev_docs():
    if not DEV_LABELS.is_file():
        pytest.skip("../shared/dev-resumes not present")
    rows = [json.loads(line) for line in DEV_LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    paths = [DEV / r["file"] for r in rows]
    # pdfminer is pure Python and slow: use both cores (results do not depend on it)
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2) as pool:
        docs = list(pool.map(extract_text, paths, chunksize=4))
    return list(zip(rows, docs))


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.mark.devset
def test_dev_set_extracts_without_mojibake(dev_docs):
    assert len(dev_docs) == 120
    for row, doc in dev_docs:
        assert doc.format == "pdf"
        assert len(doc.text) > 300, row["id"]
        for m in MOJIBAKE:
            assert m not in doc.text, (row["id"], m)


@pytest.mark.devset
def test_dev_set_evidence_phrases_found(dev_docs):
    missing, total = [], 0
    for row, doc in dev_docs:
        phrase = row.get("evidence") or ""
        if not phrase:
            continue
        total += 1
        # the phrases are quoted from the raw text layer: repair them the same way
        want = _collapse(repair_text(phrase)[0])
        if want not in _collapse(doc.text):
            missing.append((row["id"], phrase))
    print(f"\ndev-set evidence phrases found: {total - len(missing)}/{total}")
    assert total > 50
    assert len(missing) <= 2, missing
