"""`collabscreen score/explain --job/--query`, end to end with the real model."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from collabscreen.batch import columns, read_rows
from collabscreen.cli import EXIT_ERROR, EXIT_OK, run
from collabscreen.taxonomy import default_taxonomy

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
JOBS = ROOT / "data" / "jobs"
PICK = [
    "strong_marketing_ops_lead_scoring.pdf",
    "strong_revops_leader.docx",
    "generic_trade_show_sales_rep.txt",
    "unrelated_registered_nurse.pdf",
]


def cli(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_bad_query_exits_1_with_the_column_before_any_file_is_read(tmp_path):
    # the input path does not exist: the query is refused first
    code, out, err = cli("score", tmp_path / "missing", "--query", "sales AND (marketing OR crm")
    assert code == EXIT_ERROR and out == ""
    lines = err.splitlines()
    assert lines[0] == "error: [E412] query: unbalanced '(' at column 11"
    assert lines[1:] == ["  sales AND (marketing OR crm", "  " + " " * 10 + "^"]
    code, _, err = cli("explain", tmp_path / "missing.pdf", "--query", "NEAR/3 x")
    assert code == EXIT_ERROR and "'NEAR/3' needs a term before it at column 1" in err


def test_a_bad_job_file_is_one_line(tmp_path):
    bad = tmp_path / "job.yaml"
    bad.write_text("title: x\nrequired: [lead scoring, 'sales AND']\n", encoding="utf-8")
    code, _, err = cli("score", SAMPLES, "--job", bad)
    assert code == EXIT_ERROR
    assert err.count("\n") == 1 and "E413" in err and "required[1] 'sales AND'" in err


def test_score_with_a_job_and_a_query(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in PICK:
        shutil.copy(SAMPLES / name, folder / name)
    jd = folder / "job.txt"  # a job description inside the folder is not screened as a candidate
    shutil.copy(JOBS / "revops_manager.txt", jd)
    out_file = tmp_path / "ranked.jsonl"
    code, out, err = cli(
        "score", folder, "--job", jd, "--query", "sales NEAR/10 marketing", "-o", out_file, "--color", "never", "-q"
    )
    assert code == EXIT_OK, err
    rows = read_rows(out_file)
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in rows) == sorted(PICK)
    assert list(rows[0]) == columns(default_taxonomy().category_keys, "jsonl")
    for r in rows:
        assert r["job"].startswith("Revenue Operations Manager#")
        d = r["job_detail"]
        assert r["job_match"] == d["score"] and r["combined"] == d["combined"]
        assert r["combined"] == round(0.7 * r["score"] + 0.3 * r["job_match"], 6)
        assert d["query"] == "sales NEAR/10 marketing"
    qualified = [r for r in rows if r["excluded"] == "no"]
    assert [r["combined"] for r in qualified] == sorted((r["combined"] for r in qualified), reverse=True)
    nurse = next(r for r in rows if "nurse" in r["path"])
    assert nurse["excluded"] == "yes" and nurse["reason"] == "missing must-have term(s): Salesforce"
    lead = next(r for r in rows if "lead_scoring" in r["path"])
    assert lead["excluded"] == "no" and "lead scoring" in lead["job_terms"]
    assert "rank by" in out and "job" in out.splitlines()[1]


def test_explain_shows_the_job_match():
    code, out, _ = cli(
        "explain", SAMPLES / "strong_marketing_ops_lead_scoring.pdf", "--job", JOBS / "revops_manager.yaml",
        "--query", '"lead scoring" AND sales', "--color", "never",
    )
    assert code == EXIT_OK
    part = out[out.index("job match for Revenue Operations Manager") :]
    assert "rank by" in part and "x collaboration" in part and "x job" in part
    assert "must have (1/1):" in part and "found   Salesforce" in part
    assert 'query matched: ((sales OR marketing) NEAR/10 (mql* OR sql* OR sla OR "lead scoring")) AND ("lead scoring" AND sales)' in part
    assert "section=experience" in part
