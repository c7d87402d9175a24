"""Batch scoring end to end: real sample files, the real model, real output files."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabscreen.batch import (
    DEFAULT_SKIP,
    columns,
    file_sha256,
    iter_inputs,
    read_rows,
    run_batch,
)
from collabscreen.errors import CollabscreenError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
BAD = SAMPLES / "bad"
EXPECTED = {
    name: (v["error"] if isinstance(v, dict) else v.split()[0])
    for name, v in json.loads((BAD / "expected.json").read_text(encoding="utf-8")).items()
}
GOOD = sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.suffix not in (".json",) and p.name != "README.md")

needs_model = pytest.mark.skipif(
    not (ROOT / "models" / "default" / "model.skops").is_file(), reason="trained model not present in models/default"
)


@pytest.fixture(scope="module")
def screener():
    if not (ROOT / "models" / "default" / "model.skops").is_file():
        pytest.skip("trained model not present in models/default")
    from collabscreen.engine import Screener

    return Screener()


@pytest.fixture()
def mixed(tmp_path):
    """A folder of 6 good resumes (one in a sub-folder) and every bad input."""
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for p in GOOD[:5]:
        shutil.copy(p, d / p.name)
    shutil.copy(GOOD[5], d / "sub" / GOOD[5].name)
    for name in EXPECTED:
        shutil.copy(BAD / name, d / name)
    return d


def _core(rows):
    return sorted((r["path"], r["status"], r["score"], r["band"], r["error_type"], r["sha256"]) for r in rows)


# ---------------------------------------------------------------- iter_inputs
def test_iter_inputs_samples_folder():
    got = list(iter_inputs([SAMPLES]))
    names = [p.name for p in got]
    assert "labels.json" not in names and "expected.json" not in names
    assert "README.md" not in names  # README* is in DEFAULT_SKIP
    for p in GOOD:
        assert p in got
    for name in EXPECTED:  # unsupported formats are tried, not skipped
        assert BAD / name in got
    assert len(got) == len(set(got))
    assert got == list(iter_inputs([SAMPLES]))


def test_iter_inputs_overlapping_paths_yield_each_file_once():
    f = GOOD[0]
    got = list(iter_inputs([SAMPLES, BAD, f, SAMPLES / ".." / "samples" / f.name]))
    assert len(got) == len({p.resolve() for p in got})
    assert len(got) == len(list(iter_inputs([SAMPLES])))


def test_iter_inputs_explicit_file_include_exclude_and_skip(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "notes.json").write_text("{}")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "b.txt").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x")
    (tmp_path / ".d.txt").write_text("x")
    (tmp_path / "out.csv").write_text("x")
    names = lambda it: sorted(p.relative_to(tmp_path).as_posix() for p in it)  # noqa: E731
    assert names(iter_inputs([tmp_path])) == ["a.txt", "drafts/b.txt"]
    # named explicitly: always taken
    assert names(iter_inputs([tmp_path / "README.md"])) == ["README.md"]
    # an include glob overrides the default skip list and restricts the walk
    assert names(iter_inputs([tmp_path], include=["*.md"])) == ["README.md"]
    # exclude by relative path or by name
    assert names(iter_inputs([tmp_path], exclude=["drafts/*"])) == ["a.txt"]
    assert names(iter_inputs([tmp_path], exclude=["a.txt"])) == ["drafts/b.txt"]
    assert names(iter_inputs([tmp_path / "a.txt"], exclude=["a.*"])) == []
    # the run's own output is never an input, even when it has a resume-like name
    (tmp_path / "out.jsonl.txt").write_text("x")
    assert "out.jsonl.txt" not in names(iter_inputs([tmp_path], skip=[tmp_path / "out.jsonl.txt"]))


def test_iter_inputs_missing_path_raises_before_yielding(tmp_path):
    with pytest.raises(CollabscreenError) as info:
        list(iter_inputs([SAMPLES, tmp_path / "nope"]))
    assert info.value.code == "E100" and "nope" in str(info.value)


_names = st.sampled_from(["a.txt", "b.pdf", "c.docx", "README.md", "x.json", ".hid.txt", "d.md", "e", "f.csv"])
_trees = st.recursive(
    st.dictionaries(_names, st.none(), max_size=4),
    lambda children: st.dictionaries(st.sampled_from(["s1", "s2", ".git", "s 3"]), children, max_size=3).map(
        lambda d: {k: v for k, v in d.items()}
    ),
    max_leaves=12,
)


def _make(root: Path, tree) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, sub in (tree or {}).items():
        if sub is None:
            (root / name).write_text(name)
        else:
            _make(root / name, sub)


def _expected_files(root: Path) -> set[Path]:
    import fnmatch

    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        rel_parts = Path(dirpath).relative_to(root).parts
        if any(p.startswith(".") for p in rel_parts):
            continue
        for f in filenames:
            if f.startswith(".") or any(fnmatch.fnmatch(f, pat) for pat in DEFAULT_SKIP):
                continue
            out.add((Path(dirpath) / f).resolve())
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=_trees, extra=st.lists(st.integers(0, 50), max_size=4))
def test_iter_inputs_never_loses_or_duplicates(tree, extra):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "r"
        _make(root, tree if isinstance(tree, dict) else {})
        expected = _expected_files(root)
        # pass the root plus some of its sub-folders and files again: overlaps must not duplicate
        everything = sorted(p for p in root.rglob("*"))
        more = [everything[i % len(everything)] for i in extra] if everything else []
        got = list(iter_inputs([root, *more]))
        resolved = [p.resolve() for p in got]
        assert len(resolved) == len(set(resolved))
        # files named explicitly are taken; folders named explicitly (even hidden ones) are walked
        for p in more:
            expected |= {p.resolve()} if p.is_file() else _expected_files(p)
        assert set(resolved) == expected
        assert got == list(iter_inputs([root, *more]))  # deterministic


# ---------------------------------------------------------------- run_batch
def test_mixed_folder_every_input_once_with_status(screener, mixed, tmp_path):
    out = tmp_path / "ranked.csv"
    summary = run_batch(screener, [mixed], out)
    inputs = sorted(str(p) for p in iter_inputs([mixed]))
    rows = read_rows(out)
    assert sorted(r["path"] for r in rows) == inputs
    assert summary.n_inputs == len(inputs) == 6 + len(EXPECTED)
    assert summary.n_ok == 6 and summary.n_error == len(EXPECTED)
    by_name = {Path(r["path"]).name: r for r in rows}
    for name, what in EXPECTED.items():
        r = by_name[name]
        assert r["status"] == "error"
        assert r["error_type"] == what, (name, r["error"])
        assert r["error"] and name in r["error"]
        assert r["sha256"] == file_sha256(mixed / name)
        assert r["score"] is None
    for r in rows:
        if r["status"] == "ok":
            assert 0.0 <= r["score"] <= 1.0 and r["band"] in ("strong", "some", "none")
            assert r["model_version"] == screener.model_version
    # ranked: ok rows by score, errors last; rank numbers all rows
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    ok = [r for r in rows if r["status"] == "ok"]
    assert [r["score"] for r in ok] == sorted((r["score"] for r in ok), reverse=True)
    assert all(r["status"] == "error" for r in rows[len(ok) :])
    assert not out.with_name(out.name + ".partial").exists()


def test_output_order_matches_rank_results(screener, tmp_path):
    from collabscreen.ranking import rank_results

    files = GOOD[:8]
    summary = run_batch(screener, files, must_have=["sales"])
    screener.keep_text = True
    try:
        results = list(screener.screen_many(files))
    finally:
        screener.keep_text = False
    ranking = rank_results(results, must_have=["sales"])
    assert [r["path"] for r in summary.rows] == [c.result.source for c in ranking]
    assert [r["excluded"] == "yes" for r in summary.rows] == [c.excluded for c in ranking]
    for r, c in zip(summary.rows, ranking):
        assert r["score"] == c.result.score
        assert (r["reason"] or "") == c.reason


def test_csv_and_jsonl_round_trip(screener, mixed, tmp_path):
    s_csv = run_batch(screener, [mixed], tmp_path / "r.csv")
    s_jsonl = run_batch(screener, [mixed], tmp_path / "r.jsonl")
    rows_csv = read_rows(tmp_path / "r.csv")
    rows_jsonl = read_rows(tmp_path / "r.jsonl")
    cols_csv = columns(screener.taxonomy.category_keys, "csv")
    assert list(rows_csv[0]) == cols_csv
    assert list(rows_jsonl[0]) == columns(screener.taxonomy.category_keys, "jsonl")
    # CSV values read back equal what was written, typed
    assert rows_csv == [{c: r.get(c) for c in cols_csv} for r in s_csv.rows]
    assert rows_jsonl == [{c: r.get(c) for c in rows_jsonl[0]} for r in s_jsonl.rows]
    assert [{c: r[c] for c in cols_csv} for r in rows_jsonl] == rows_csv
    # JSON Lines keeps the full evidence list
    best = rows_jsonl[0]
    assert best["n_evidence"] == len(best["evidence"]) > 0
    assert best["evidence"][0]["text"].split() and best["top_evidence"] == " ".join(best["evidence"][0]["text"].split())
    # every CSV row is one physical line (evidence text with newlines would break resume)
    assert len((tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()) == len(rows_csv) + 1


def test_unsupported_output_extension_and_missing_pyarrow(screener, tmp_path):
    with pytest.raises(CollabscreenError) as info:
        run_batch(screener, GOOD[:1], tmp_path / "out.xlsx")
    assert info.value.code == "E401"
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(CollabscreenError) as info:
            run_batch(screener, GOOD[:1], tmp_path / "out.parquet")
        assert info.value.code == "E402"
        assert not (tmp_path / "out.parquet.partial").exists()
    else:
        run_batch(screener, GOOD[:3], tmp_path / "out.parquet")
        rows = read_rows(tmp_path / "out.parquet")
        assert len(rows) == 3 and isinstance(rows[0]["evidence"], list)


def _interrupted_copy(out: Path, keep: int, tail: str) -> None:
    """Turn a finished output into what a killed run leaves: a partial file with
    ``keep`` complete rows and half a row, and no final file."""
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[:1] if out.suffix == ".csv" else []
    body = lines[len(header) :]
    partial = out.with_name(out.name + ".partial")
    partial.write_text("".join(header + body[:keep]) + body[keep][: len(body[keep]) // 2] + tail, encoding="utf-8")
    out.unlink()


@pytest.mark.parametrize("ext", [".csv", ".jsonl"])
def test_resume_after_interruption_equals_uninterrupted_run(screener, mixed, tmp_path, ext):
    full = tmp_path / f"full{ext}"
    run_batch(screener, [mixed], full)
    out = tmp_path / f"run{ext}"
    run_batch(screener, [mixed], out)
    # rows are written best first; keep 3 ok rows as if the run was killed there
    _interrupted_copy(out, keep=3, tail="")
    assert len(read_rows(out.with_name(out.name + ".partial"))) == 3
    summary = run_batch(screener, [mixed], out, resume=True)
    assert summary.n_reused == 3
    assert summary.n_screened == summary.n_inputs - 3  # errors are retried
    assert _core(read_rows(out)) == _core(read_rows(full))
    assert out.read_bytes() == full.read_bytes()  # same bytes
    assert not out.with_name(out.name + ".partial").exists()


def test_resume_is_keyed_by_content_not_path(screener, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for p in GOOD[:4]:
        shutil.copy(p, d / p.name)
    out = tmp_path / "r.jsonl"
    first = run_batch(screener, [d], out)
    assert first.n_screened == 4
    # a renamed file, a duplicate under a new name, and one changed file
    (d / GOOD[0].name).rename(d / ("renamed_" + GOOD[0].name))
    shutil.copy(d / GOOD[1].name, d / ("copy_" + GOOD[1].name))
    changed = d / GOOD[2].name
    changed.write_bytes(changed.read_bytes() + b"\n")
    again = run_batch(screener, [d], out, resume=True)
    assert again.n_inputs == 5
    assert again.n_screened == 1 and again.n_reused == 4
    rows = read_rows(out)
    paths = [r["path"] for r in rows]
    # the old row of the renamed file's old path is kept (not an input of this run)
    assert str(d / GOOD[0].name) in paths
    current = [r for r in rows if r["path"] in set(again.inputs)]
    assert sorted(r["path"] for r in current) == sorted(again.inputs)
    fresh = run_batch(screener, [d])
    assert _core(current) == _core(fresh.rows)


def test_resume_with_another_model_version_rescreens(screener, tmp_path):
    out = tmp_path / "r.csv"
    run_batch(screener, GOOD[:3], out)
    text = out.read_text(encoding="utf-8").replace(screener.model_version, "older-model")
    out.write_text(text, encoding="utf-8")
    summary = run_batch(screener, GOOD[:3], out, resume=True)
    assert summary.n_reused == 0 and summary.n_screened == 3
    rows = read_rows(out)
    assert len(rows) == 3 and {r["model_version"] for r in rows} == {screener.model_version}


def test_jobs_2_equals_jobs_1(screener, mixed, tmp_path):
    one = run_batch(screener, [mixed], tmp_path / "one.jsonl", jobs=1)
    two = run_batch(screener, [mixed], tmp_path / "two.jsonl", jobs=2)
    assert two.jobs == 2
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert one.rows == two.rows


def test_progress_is_called_for_every_row(screener, mixed):
    calls = []
    summary = run_batch(screener, [mixed], progress=lambda done, total: calls.append((done, total)))
    n = summary.n_inputs
    assert calls[0] == (0, n) and calls[-1] == (n, n)
    assert [d for d, _ in calls] == list(range(n + 1))


def test_run_batch_with_must_have_terms_leaves_the_callers_screener_unchanged(screener, tmp_path):
    assert screener.keep_text is False
    s = run_batch(screener, [GOOD[0]], tmp_path / "out.csv", must_have=["salesforce"])
    assert s.n_inputs == 1 and screener.keep_text is False


# ---------------------------------------------------------------- Excel CSV, results for reports
def test_excel_csv_is_the_csv_output_with_a_bom(screener, mixed, tmp_path):
    from collabscreen.batch import write_excel

    out = tmp_path / "out.csv"
    summary = run_batch(screener, [mixed], out)
    xl = write_excel(tmp_path / "xl.csv", summary.rows, screener.taxonomy.category_keys)
    assert xl.read_bytes() == b"\xef\xbb\xbf" + out.read_bytes()  # one CSV writer, one escaping rule
    assert read_rows(xl) == read_rows(out)


def test_excel_cells_are_formula_safe_and_read_back(tmp_path):
    from collabscreen.batch import result_row, write_excel
    from collabscreen.types import ScreeningResult

    hostile = ["=HYPERLINK(\"http://x.example\",\"cv\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    rows = []
    for i, h in enumerate(hostile):
        r = ScreeningResult(source=h, score=0.0, band="none", category_scores={}, evidence=(), status="error",
                            error=h, error_type="CorruptDocumentError", warnings=(f"w{h}",))  # fmt: skip
        rows.append(result_row(r, path=h, category_keys=["joint_work"]) | {"rank": i + 1})
    xl = write_excel(tmp_path / "xl.csv", rows, ["joint_work"])
    import csv
    import io

    cells = [c for row in csv.reader(io.StringIO(xl.read_text(encoding="utf-8-sig"))) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    back = read_rows(xl)
    assert [r["path"] for r in back] == [r["path"] for r in rows]
    assert [r["error"] for r in back] == [" ".join(h.split()) or None for h in hostile]


def test_ranking_of_a_run_uses_the_results_and_rebuilds_reused_jsonl_rows(screener, mixed, tmp_path):
    out = tmp_path / "out.jsonl"
    results: dict = {}
    first = run_batch(screener, [mixed], out, on_result=results.__setitem__, must_have=["salesforce"])
    assert sorted(results) == sorted(first.inputs)
    ranked = first.ranking(results, min_score=0.1)
    assert [c.rank for c in ranked] == list(range(1, len(first.inputs) + 1))
    assert sorted(c.result.source for c in ranked) == sorted(first.inputs)  # every input, once
    assert all(c.result is results[c.result.source] for c in ranked)
    knocked = [c for c in ranked if c.excluded and c.result.ok]
    assert knocked and all(c.reason for c in knocked)
    assert all(not c.result.ok for c in ranked if c.excluded and not c.reason)
    # a resumed run screens only the failed files again; the rows of the others give back
    # the same evidence and questions (without the role names: rows hold no roles)
    retried: dict = {}
    again = run_batch(screener, [mixed], out, resume=True, must_have=["salesforce"], on_result=retried.__setitem__)
    assert again.n_reused == first.n_ok and not [r for r in retried.values() if r.ok]
    rebuilt = again.ranking({}, min_score=0.1)
    assert [c.result.source for c in rebuilt] == [c.result.source for c in ranked]
    for a, b in zip(ranked, rebuilt):
        assert (a.excluded, a.reason) == (b.excluded, b.reason)
        assert a.result.evidence == b.result.evidence
        # rows hold no roles, so a rebuilt question cannot name the role; the rest is the same
        same = [(q.category, q.kind, q.evidence_ref, q.text.split("\u201d")[-1]) for q in a.result.questions]
        assert same == [(q.category, q.kind, q.evidence_ref, q.text.split("\u201d")[-1]) for q in b.result.questions]
        assert (a.result.score, a.result.category_scores, a.result.error) == (b.result.score, b.result.category_scores, b.result.error)


def test_ranking_of_reused_csv_rows_screens_them_again(screener, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLES / "strong_revops_leader.docx", d)
    out = tmp_path / "out.csv"
    run_batch(screener, [d], out)
    again = run_batch(screener, [d], out, resume=True)
    assert again.n_reused == 1
    with pytest.raises(KeyError, match="strong_revops_leader"):
        again.ranking({})
    (c,) = again.ranking({}, screener=screener)
    assert c.result.evidence == screener.screen(d / "strong_revops_leader.docx").evidence


def test_folder_walk_never_takes_a_report_for_a_resume(tmp_path):
    from collabscreen.report import write_report

    shutil.copy(SAMPLES / "generic_sales_marketing_coordinator.html", tmp_path / "cv.html")
    write_report([], tmp_path / "report.html")
    (tmp_path / "page.htm").write_text("<html><head><title>collabscreen report</title></head><body>Sold.</body></html>")
    assert [p.name for p in iter_inputs([tmp_path])] == ["cv.html", "page.htm"]
    assert [p.name for p in iter_inputs([tmp_path / "report.html"])] == ["report.html"]  # named: always taken
