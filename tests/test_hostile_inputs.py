"""Inputs that once took a whole run down (issue 10, part 1), kept as regression fixtures.

Each used to make ``collabscreen score DIR`` exit 1 with no output (and
``--resume`` hit it again): text longer than spaCy's ``max_length`` (a 2.1 MB
.txt, a DOCX of 3.6 M characters), a file name that is not valid UTF-8, a FIFO
or a ``/dev/zero`` symlink named on the command line (hung while hashing).
Large fixtures are generated here, deterministically.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from collabscreen.batch import display_path, file_sha256, read_rows, run_batch
from collabscreen.errors import ExtractionError, FileTooLargeError
from collabscreen.extract import MAX_CHARS, extract_text, open_regular

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
GOOD = SAMPLES / "strong_marketing_ops_lead_scoring.pdf"
POSIX = os.name == "posix"


# ---------------------------------------------------------------- generators
def long_text(n_chars: int, seed: int = 0) -> str:
    """Resume-like lines of varied words, ``n_chars`` long (does not compress like a bomb)."""
    rng = random.Random(seed)
    words = "partnered with marketing on lead scoring webinars pipeline accounts quota region team built ran managed".split()
    words += [f"w{i}" for i in range(3000)]
    out, n = [], 0
    while n < n_chars:
        line = " ".join(rng.choice(words) for _ in range(12)) + ".\n"
        out.append(line)
        n += len(line)
    return "".join(out)[:n_chars]


def write_long_docx(path: Path, n_chars: int) -> None:
    import docx

    d = docx.Document()
    text = long_text(n_chars, seed=1).replace("\n", " ")
    for i in range(0, len(text), 4000):  # few long paragraphs: python-docx is slow per paragraph
        d.add_paragraph(text[i : i + 4000])
    d.save(path)


@pytest.fixture(scope="module")
def screener():
    from collabscreen import Screener

    return Screener()


# ---------------------------------------------------------------- text too long
def test_text_longer_than_the_limit_is_a_clear_error_not_a_spacy_valueerror(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text(long_text(2_100_000), encoding="utf-8")
    with pytest.raises(FileTooLargeError, match=r"E112.*huge\.txt.*2,100,000 characters.*max_chars") as e:
        extract_text(p)
    assert e.value.code == "E112"
    # the limit is configurable, and a text under it is read
    assert len(extract_text(p, max_chars=3_000_000).text) > MAX_CHARS


def test_a_docx_of_3_6_million_characters_is_a_clear_error(tmp_path):
    p = tmp_path / "huge.docx"
    write_long_docx(p, 3_600_000)
    with pytest.raises(FileTooLargeError, match="E112"):
        extract_text(p)


def test_screener_refuses_overlong_extracted_text_and_screen_text(screener):
    from collabscreen.types import ExtractedText

    text = long_text(MAX_CHARS + 10)
    doc = ExtractedText(text=text, format="text", sha256="0" * 64, source="given.txt")
    with pytest.raises(FileTooLargeError, match="E112.*given.txt"):
        screener.screen(doc)
    with pytest.raises(FileTooLargeError, match="E112"):
        screener.screen_text(text)
    (row,) = list(screener.screen_many([doc]))
    assert row.status == "error" and row.error_code == "E112"


# ---------------------------------------------------------------- not regular files
@pytest.mark.skipif(not POSIX, reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "devzero"])
def test_fifos_and_devices_are_refused_without_blocking(tmp_path, kind):
    p = tmp_path / "resume.txt"
    if kind == "fifo":
        os.mkfifo(p)
    else:
        p.symlink_to("/dev/zero")
    with pytest.raises(ExtractionError, match="E100.*not a regular file"):
        open_regular(p)
    with pytest.raises(ExtractionError, match="E100"):
        extract_text(p)
    assert file_sha256(p) == ""


# ---------------------------------------------------------------- non-UTF-8 names
@pytest.mark.skipif(not POSIX or sys.platform == "darwin", reason="needs a file system that keeps arbitrary bytes in names")
def test_non_utf8_file_name_is_a_row_with_an_escaped_path_and_resume_reuses_it(screener, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    raw = os.path.join(os.fsencode(d), b"caf\xe9_resume.txt")
    with open(raw, "wb") as fh:
        fh.write(b"Account executive. Partnered with product marketing to rebuild lead scoring and ran joint webinars with the SDR team.\n")
    for ext in ("csv", "jsonl"):
        out = tmp_path / f"out.{ext}"
        s = run_batch(screener, [d], out)
        assert s.n_ok == 1
        (row,) = read_rows(out)
        assert row["path"].endswith("caf\\xe9_resume.txt")
        out.read_bytes().decode("utf-8")  # the output is valid UTF-8
        again = run_batch(screener, [d], out, resume=True)
        assert again.n_reused == 1 and again.n_screened == 0
    assert display_path(os.fsdecode(raw)).endswith("caf\\xe9_resume.txt")


# ---------------------------------------------------------------- one bad input, whole run
def _hostile_folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(GOOD, d / GOOD.name)
    (d / "huge.txt").write_text(long_text(2_100_000), encoding="utf-8")
    write_long_docx(d / "huge.docx", 3_600_000)
    if POSIX and sys.platform != "darwin":
        with open(os.path.join(os.fsencode(d), b"bad\xffname.txt"), "wb") as fh:
            fh.write(b"Sold software to retailers and met quota.\n")
    return d


def test_batch_with_every_run_killer_finishes_with_a_row_for_each(screener, tmp_path):
    d = _hostile_folder(tmp_path)
    out = tmp_path / "out.jsonl"
    s = run_batch(screener, [d], out)
    rows = {Path(r["path"]).name: r for r in read_rows(out)}
    assert s.n_inputs == len(rows) == len(os.listdir(d))
    assert rows[GOOD.name]["status"] == "ok"
    assert rows["huge.txt"]["error_code"] == rows["huge.docx"]["error_code"] == "E112"
    resumed = run_batch(screener, [d], out, resume=True)
    assert resumed.n_inputs == s.n_inputs and resumed.n_reused == s.n_ok


def test_an_unexpected_failure_inside_the_pipeline_costs_only_that_file(tmp_path):
    """A pipeline component that raises on one text (a real spaCy component, not a mock)."""
    import spacy
    from spacy.language import Language

    from collabscreen import Screener

    if not Language.has_factory("test_explodes_on_marker"):

        @Language.component("test_explodes_on_marker")
        def explode(doc):
            if "EXPLODE" in doc.text:
                raise RuntimeError("boom inside the pipeline")
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("test_explodes_on_marker")
    s = Screener(nlp=nlp)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Ran joint webinars with the sales team.\nEXPLODE\n")
    b.write_text("Partnered with marketing on lead scoring.\n")
    ra, rb = list(s.screen_many([a, b], batch_size=2))
    assert ra.status == "error" and ra.error_code == "E199" and "boom inside the pipeline" in ra.error
    assert rb.status == "ok"


@pytest.mark.skipif(not POSIX, reason="FIFOs and /dev/zero are POSIX")
def test_cli_with_a_fifo_and_dev_zero_on_the_command_line_finishes(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.pdf"
    zero.symlink_to("/dev/zero")
    out = tmp_path / "out.csv"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "collabscreen", "score", str(fifo), str(zero), str(GOOD), "-o", str(out), "--jobs", "1"]
    for extra in ([], ["--resume"]):
        proc = subprocess.run(cmd + extra, env=env, capture_output=True, text=True, timeout=180)
        assert proc.returncode == 0, proc.stderr
        rows = {Path(r["path"]).name: r for r in read_rows(out)}
        assert rows["pipe.pdf"]["error_code"] == rows["zero.pdf"]["error_code"] == "E100"
        assert "not a regular file" in rows["pipe.pdf"]["error"]
        assert rows[GOOD.name]["status"] == "ok"
    json.dumps(rows)  # every row is plain data
