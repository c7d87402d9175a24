"""Smoke tests for the benchmarks (no timing is asserted) and for the fast paths they measure.

The generator must be deterministic and produce resumes of the promised size;
``bench_scoring.py --quick`` must run end to end and write a report with every
section; the array-based unit reading used by the pipeline must agree with
spaCy's own ``doc.sents`` / ``Span.text``, and the analyzer with its plain
reference version.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def gen():
    sys.path.insert(0, str(BENCH))
    try:
        import generate_resumes

        yield generate_resumes
    finally:
        sys.path.remove(str(BENCH))


def test_generator_is_deterministic_and_sized(gen):
    a = list(gen.generate(40, seed=3, with_facts=True))
    b = list(gen.generate(40, seed=3, with_facts=True))
    assert a == b
    assert [t for t, _ in a] != list(gen.generate(40, seed=4))
    for text, facts in a:
        assert 500 <= gen.word_count(text) <= 900
        assert facts["words"] == gen.word_count(text)
        assert facts["archetype"] in gen.ARCHETYPES
    # a realistic pool: some resumes with collaboration bullets, most without
    many = [f for _, f in gen.generate(400, seed=0, with_facts=True)]
    share = sum(1 for f in many if f["collab_bullets"]) / len(many)
    assert 0.1 < share < 0.5


def test_generator_cli_writes_jsonl(tmp_path):
    out = tmp_path / "r.jsonl"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "generate_resumes.py"), "--n", "5", "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 5 and all(r["text"] and r["id"] for r in rows)
    assert "5 resumes" in proc.stderr


@pytest.mark.slow
def test_bench_scoring_quick_writes_report(tmp_path):
    md, js = tmp_path / "RESULTS.md", tmp_path / "figures.json"
    subprocess.run(
        [sys.executable, str(BENCH / "bench_scoring.py"), "--quick", "--n", "50", "--out", str(md), "--json", str(js)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    fig = json.loads(js.read_text())
    for key in ("tokenizer", "keywords", "screener", "two_process", "ratios", "memory", "targets", "machine", "versions"):
        assert key in fig, key
    assert fig["texts"]["n"] == 50
    for part in ("tokenizer", "keywords", "screener"):
        assert fig[part]["resumes_per_s"] > 0 and fig[part]["tokens_per_s"] > 0
    assert set(fig["ratios"]) == {"c_over_a", "c_over_b", "c_over_full_pipeline"}
    assert fig["two_process"]["first_result_s"] is not None
    assert fig["memory"]["main_peak_rss_mb"] > 0
    ex = fig["extraction"]
    assert ex["sets"]["samples PDF"]["pages_per_s"] > 0 and ex["sets"]["samples DOCX"]["docs_per_s"] > 0
    assert ex["sets"]["generated multi-page PDF"]["pages"] > ex["sets"]["generated multi-page PDF"]["files"]
    assert 0 < ex["end_to_end"]["extract_share"] < 1
    text = md.read_text()
    for heading in ("# Scoring-loop benchmark results", "## One process, same texts", "## Two worker processes", "## Memory", "## Extraction", "## Targets"):
        assert heading in text
    assert "c/a" in text and "(a) `spacy.blank" in text
    # the committed report is never overwritten by a test
    assert md.resolve() != (BENCH / "RESULTS.md").resolve()


# ------------------------------------------------------------------ fast paths

_LINE = st.one_of(
    st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;:-•\t$%")), min_size=0, max_size=40),
    st.sampled_from(["EXPERIENCE", "Skills:", "• Led joint campaigns with sales. Then more", "Jan 2019 – Present", "", "   "]),
)


@pytest.fixture(scope="module")
def nlp():
    from collabscreen.pipeline import make_nlp

    return make_nlp()


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(_LINE, min_size=0, max_size=12))
def test_unit_bounds_equal_doc_sents(nlp, lines):
    from collabscreen.pipeline import unit_bounds

    doc = nlp("\n".join(lines))
    ts, te, cs, ce, idx, length = unit_bounds(doc)
    sents = list(doc.sents) if len(doc) else []
    assert list(zip(ts.tolist(), te.tolist(), cs.tolist(), ce.tolist())) == [(s.start, s.end, s.start_char, s.end_char) for s in sents]
    assert [doc.text[a:b] for a, b in zip(cs.tolist(), ce.tolist())] == [s.text for s in sents]
    assert idx.tolist() == [t.idx for t in doc] and length.tolist() == [len(t.text) for t in doc]


def _reference_analyze(text: str, use_lemmas: bool = True, ngram_max: int = 2) -> list[str]:
    """The analyzer as first written, kept in the benchmark's --verify code."""
    sys.path.insert(0, str(BENCH))
    try:
        from bench_scoring import _reference_analyze as ref
    finally:
        sys.path.remove(str(BENCH))
    return ref(text, use_lemmas, ngram_max)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("abcdeRSTz0123456789$%,.'&+ -\n٣")), max_size=80),
    use_lemmas=st.booleans(),
    ngram_max=st.integers(1, 3),
)
def test_analyzer_equals_reference(text, use_lemmas, ngram_max):
    from collabscreen.features import analyze

    assert analyze(text, use_lemmas=use_lemmas, ngram_max=ngram_max) == _reference_analyze(text, use_lemmas, ngram_max)


def test_analyzer_on_resume_words():
    from collabscreen.features import analyze

    text = "Ran joint campaigns with Sales reps; booked 120 meetings, +35% SQLs and $1.2M pipeline"
    assert analyze(text) == _reference_analyze(text)
