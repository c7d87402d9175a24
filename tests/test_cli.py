"""The command line, end to end: real files, the real model, real processes."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collabscreen.batch import read_rows
from collabscreen.cli import EXIT_ERROR, EXIT_FAILED_INPUTS, EXIT_OK, EXIT_USAGE, Progress, main, run

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
BAD = SAMPLES / "bad"
GOOD = sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.suffix != ".json" and p.name != "README.md")
N_BAD = len(json.loads((BAD / "expected.json").read_text(encoding="utf-8")))
HAS_MODEL = (ROOT / "models" / "default" / "model.skops").is_file()
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="trained model not present in models/default")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("NO_COLOR", None)
    return env


# ---------------------------------------------------------------- help, version, usage
@pytest.mark.parametrize("command", [[], ["score"], ["explain"], ["train"], ["evaluate"], ["taxonomy"]])
def test_help_everywhere(command, capsys):
    assert run([*command, "--help"]) == EXIT_OK
    text = capsys.readouterr().out
    assert text.startswith("usage: collabscreen")
    assert "exit codes:" in text and "--debug" in text


def test_version(capsys):
    from collabscreen import __version__

    assert run(["--version"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"collabscreen {__version__}"


def test_usage_errors_exit_2(capsys):
    assert run(["score"]) == EXIT_USAGE  # PATH missing
    assert run(["score", str(SAMPLES), "--jobs", "many"]) == EXIT_USAGE
    assert run(["frobnicate"]) == EXIT_USAGE
    capsys.readouterr()
    code, _, err = cli("score", SAMPLES, "--resume")
    assert code == EXIT_USAGE and "--resume needs --output" in err


def test_main_exits_with_the_code():
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == EXIT_OK
    with pytest.raises(SystemExit) as info:
        main(["score", str(SAMPLES), "--output", "x.xlsx"])
    assert info.value.code == EXIT_ERROR


# ---------------------------------------------------------------- one-line errors
def test_missing_model_is_one_line_without_traceback(tmp_path):
    code, out, err = cli("score", SAMPLES, "--model", tmp_path / "no-model")
    assert code == EXIT_ERROR
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: [E200]") and "no-model" in lines[0] and "collabscreen train" in lines[0]
    assert "Traceback" not in err and out == ""


def test_debug_shows_the_traceback(tmp_path):
    code, _, err = cli("--debug", "explain", GOOD[0], "--model", tmp_path / "no-model")
    assert code == EXIT_ERROR
    assert "Traceback (most recent call last)" in err and "ModelError" in err
    assert err.strip().splitlines()[-1].startswith("error: [E200]")


def test_missing_path_and_bad_output_extension(tmp_path):
    # inputs are checked before the model is loaded
    code, _, err = cli("score", tmp_path / "nowhere", "--model", tmp_path / "no-model")
    assert code == EXIT_ERROR and err.startswith("error: [E100]") and err.count("\n") == 1
    (tmp_path / "empty").mkdir()
    code, _, err = cli("score", tmp_path / "empty", "--model", tmp_path / "no-model")
    assert code == EXIT_ERROR and err.startswith("error: no input files found") and err.count("\n") == 1
    code, _, err = cli("score", SAMPLES, "--include", "*.xyz", "--model", tmp_path / "no-model")
    assert code == EXIT_ERROR and "matching --include/--exclude" in err
    code, _, err = cli("score", SAMPLES, "--output", tmp_path / "out.xlsx")
    assert code == EXIT_ERROR and err.startswith("error: [E401]") and err.count("\n") == 1


@needs_model
def test_missing_input_path_one_line(tmp_path):
    code, _, err = cli("score", tmp_path / "nowhere", "-q")
    assert code == EXIT_ERROR
    assert err.startswith("error: [E100]") and "nowhere" in err and err.count("\n") == 1


# ---------------------------------------------------------------- score
@needs_model
def test_score_samples_prints_ranking_and_writes_csv(tmp_path):
    out_csv = tmp_path / "ranked.csv"
    code, out, err = cli("score", SAMPLES, "--output", out_csv)
    assert code == EXIT_OK, err
    rows = read_rows(out_csv)
    assert len(rows) == len(GOOD) + N_BAD
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(ok) == len(GOOD)
    # the printed table lists the ok files in the file's rank order, then the errors
    lines = out.splitlines()
    table = [ln for ln in lines if ln[:4].strip().isdigit()]
    assert [ln.split()[3] for ln in table] == [Path(r["path"]).name for r in ok]
    assert [int(ln.split()[0]) for ln in table] == list(range(1, len(ok) + 1))
    assert f"could not be read ({N_BAD}):" in out
    assert "bad/encrypted.pdf: EncryptedDocumentError" in out
    # a sensible ranking: labelled strong resumes above the unrelated ones
    labels = json.loads((SAMPLES / "labels.json").read_text())
    grade = [labels[Path(r["path"]).name] for r in ok]
    top5 = grade[:5]
    assert sum(g >= 2 for g in top5) >= 4
    assert all(g <= 1 for g in grade[-4:])
    assert "wrote" in err and "files/s" in err


@needs_model
def test_score_top_min_score_must_have_and_strict(tmp_path):
    code, out, _ = cli("score", SAMPLES, "--top", "3", "--min-score", "0.5", "--must-have", "trade shows", "-q")
    assert code == EXIT_OK
    table = [ln for ln in out.splitlines() if ln[:4].strip().isdigit()]
    assert len(table) <= 3
    assert "missing must-have term(s): trade shows" in out
    code, _, _ = cli("score", SAMPLES, "--strict", "-q")
    assert code == EXIT_FAILED_INPUTS
    code, _, _ = cli("score", *GOOD[:2], "--strict", "-q")
    assert code == EXIT_OK


@needs_model
def test_jsonl_output_has_full_evidence(tmp_path):
    out = tmp_path / "r.jsonl"
    code, _, err = cli("score", *GOOD[:4], "-o", out, "-q")
    assert code == EXIT_OK, err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    for r in rows:
        assert r["n_evidence"] == len(r["evidence"])


def _variant_folder(d: Path, copies: int) -> int:
    """``copies`` variants of every good sample, each with distinct bytes (so distinct hashes)."""
    d.mkdir()
    n = 0
    for k in range(copies):
        for p in GOOD:
            target = d / f"{p.stem}_{k:02d}{p.suffix}"
            target.write_bytes(p.read_bytes() + f"\n%% variant {k}\n".encode())
            n += 1
    return n


@needs_model
def test_kill_and_resume_equals_uninterrupted_run_and_jobs_2(tmp_path):
    folder = tmp_path / "resumes"
    n = _variant_folder(folder, 10)
    # the uninterrupted reference, with two worker processes
    full = tmp_path / "full.csv"
    code, _, err = cli("score", folder, "-o", full, "--jobs", "2", "-q")
    assert code == EXIT_OK, err
    assert len(read_rows(full)) == n

    out = tmp_path / "run.csv"
    partial = tmp_path / "run.csv.partial"
    cmd = [sys.executable, "-m", "collabscreen", "score", str(folder), "-o", str(out), "--jobs", "1", "-q"]
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if partial.exists() and partial.read_bytes().count(b"\n") >= 2:  # header + one row
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be interrupted: " + proc.stderr.read().decode()
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()  # never a half-written final file
    done = read_rows(partial)
    assert 0 < len(done) < n

    resumed = subprocess.run(cmd + ["--resume"], env=_env(), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert not partial.exists()
    rows = read_rows(out)
    assert len(rows) == n and len({r["path"] for r in rows}) == n
    assert sorted((r["path"], r["score"]) for r in rows) == sorted((r["path"], r["score"]) for r in read_rows(full))
    # byte for byte: the resumed output equals the uninterrupted --jobs 2 output
    assert out.read_bytes() == full.read_bytes()
    # and the resumed run reused what the killed one had finished
    again = subprocess.run(cmd + ["--resume"], env=_env(), capture_output=True, text=True, timeout=300)
    assert again.returncode == EXIT_OK
    assert out.read_bytes() == full.read_bytes()


@needs_model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG")
def test_workers_of_a_killed_run_die_with_it_and_resume_works(tmp_path):
    """SIGKILL a --jobs 2 run: its worker processes used to live on, waiting for work for ever
    and holding the output's lock, so --resume refused (E406). They now die with it."""
    folder = tmp_path / "resumes"
    n = _variant_folder(folder, 10)
    out = tmp_path / "run.csv"
    partial = tmp_path / "run.csv.partial"
    cmd = [sys.executable, "-m", "collabscreen", "score", str(folder), "-o", str(out), "--jobs", "2", "-q"]
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
            workers = [int(k) for k in kids.read_text().split()] if kids.exists() else []
            if workers and partial.exists() and partial.read_bytes().count(b"\n") >= 2:
                break
            time.sleep(0.01)
        assert proc.poll() is None and workers, "the run ended before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 30
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers)
    resumed = subprocess.run(cmd + ["--resume"], env=_env(), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == EXIT_OK, resumed.stderr
    assert len(read_rows(out)) == n


@needs_model
def test_python_dash_m_reports_errors_in_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "collabscreen", "explain", str(GOOD[0]), "--model", str(tmp_path / "none")],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == EXIT_ERROR
    assert proc.stderr.startswith("error: [E200]") and proc.stderr.count("\n") == 1


# ---------------------------------------------------------------- explain
@needs_model
def test_explain_shows_evidence_and_highlights_terms_only_when_asked():
    f = SAMPLES / "strong_marketing_ops_lead_scoring.pdf"
    code, plain, _ = cli("explain", f, "--color", "never")
    assert code == EXIT_OK
    assert "\x1b[" not in plain
    assert "band strong" in plain and "category scores" in plain and "evidence (" in plain
    assert "section=experience" in plain and "p=0." in plain
    assert "[MQL]" in plain  # matched terms are marked without colour too
    code, coloured, _ = cli("explain", f, "--color", "always", "--all")
    assert "\x1b[1;36mMQL\x1b[0m" in coloured
    assert "use --all" not in coloured
    # auto: a StringIO is not a terminal, so no colour
    code, auto, _ = cli("explain", f)
    assert "\x1b[" not in auto


@needs_model
def test_explain_bad_file_is_one_line():
    code, _, err = cli("explain", BAD / "encrypted.pdf")
    assert code == EXIT_ERROR and err.startswith("error: [E101]") and "--password" in err
    code, out, _ = cli("explain", BAD / "encrypted.pdf", "--password", "secret")
    assert code == EXIT_OK and "score " in out


# ---------------------------------------------------------------- taxonomy
def test_taxonomy_show_and_export_round_trip(tmp_path):
    from collabscreen.taxonomy import Taxonomy, default_taxonomy

    code, out, _ = cli("taxonomy", "--color", "never")
    tax = default_taxonomy()
    assert code == EXIT_OK and tax.id in out
    for key in tax.category_keys:
        assert key in out
    target = tmp_path / "tax.json"
    code, _, _ = cli("taxonomy", "--export", target)
    assert code == EXIT_OK
    assert Taxonomy.from_file(target) == tax
    code, out, _ = cli("taxonomy", "--taxonomy", target)
    assert code == EXIT_OK
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = cli("taxonomy", "--taxonomy", bad)
    assert code == EXIT_ERROR and err.startswith("error: [E300]") and err.count("\n") == 1


# ---------------------------------------------------------------- progress bar
class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_count_rate_and_eta_only_on_a_terminal():
    tty = _TTY()
    bar = Progress(tty)
    bar(0, 10)
    time.sleep(0.12)
    bar(4, 10)
    bar(10, 10)
    bar.close()
    text = tty.getvalue()
    assert "4/10" in text and "10/10" in text and "files/s" in text and "ETA" in text
    assert text.endswith("\r")
    pipe = io.StringIO()
    bar = Progress(pipe)
    bar(0, 10)
    bar(10, 10)
    bar.close()
    assert pipe.getvalue() == ""
    quiet = _TTY()
    bar = Progress(quiet, enabled=False)
    bar(5, 10)
    assert quiet.getvalue() == ""


# ---------------------------------------------------------------- train and evaluate
def _small_corpus(d: Path, parts: dict[str, tuple[int, int]]) -> Path:
    d.mkdir()
    for name, (a, b) in parts.items():
        src = ROOT / "data" / "corpus" / f"{name}.jsonl"
        lines = src.read_text(encoding="utf-8").splitlines()[a:b]
        (d / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / "data" / "corpus").is_dir(), reason="corpus not present")
def test_train_then_evaluate_reproduces_the_held_out_table(tmp_path):
    corpus = _small_corpus(tmp_path / "corpus", {"part1_b2b_tech": (0, 100), "part2_industrial_health": (0, 100)})
    model_dir = tmp_path / "model"
    # (--no-by-part: each fit takes ~15 s whatever the corpus size)
    code, out, err = cli("train", "--corpus", corpus, "--out", model_dir, "--seed", "3", "--no-by-part", "-q", "--corpus-only", "--C", "2")
    assert code == EXIT_OK, err
    assert "| held-out | model |" in out and "| held-out | keyword baseline |" in out
    assert (model_dir / "meta.json").is_file()
    meta = json.loads((model_dir / "meta.json").read_text())
    assert meta["seed"] == 3 and meta["C"] == 2.0
    # on its own corpus: the recorded split is re-run and agrees with meta.json
    code, ev, err = cli("evaluate", "--corpus", corpus, "--model", model_dir, "--no-by-part")
    assert code == EXIT_OK, err
    assert "re-running its held-out split (seed 3" in ev
    assert "matches the figures recorded in meta.json" in ev
    held = [ln for ln in out.splitlines() if ln.startswith("| held-out")]
    assert held == [ln for ln in ev.splitlines() if ln.startswith("| held-out")]
    # on other labelled rows: the saved model is scored on all of them
    other = _small_corpus(tmp_path / "other", {"part3_consumer_services": (0, 60)})
    code, ev, err = cli("evaluate", "--corpus", other, "--model", model_dir)
    assert code == EXIT_OK, err
    assert "not the training corpus" in ev and "| model | 60 |" in ev
    # the trained model screens files
    code, out, err = cli("score", *GOOD[:3], "--model", model_dir, "-q")
    assert code == EXIT_OK, err
    # a corpus that does not exist is one line
    code, _, err = cli("train", "--corpus", tmp_path / "nope", "--out", tmp_path / "m2")
    assert code == EXIT_ERROR and err.startswith("error: corpus") and err.count("\n") == 1


def test_explain_shows_roles_with_dates_and_recency(tmp_path, capsys):
    resume = tmp_path / "cv.txt"
    resume.write_text(
        "Jane Roe\nExperience\nMarketing Coordinator\nBrightwell Analytics | Atlanta, GA | Jan 2005 – Dec 2009\n"
        "• Co-designed the lead scoring model with the VP of Sales and agreed the MQL definition with the SDR team.\n"
        "Office Manager\nCopperline HR | Portland, OR | Jan 2010 – Present\n• Ordered supplies.\n"
    )
    code, out, _ = cli("explain", resume, "--color", "never", "--as-of", "2024-06-30")
    assert code == EXIT_OK
    assert "Jan 2005 – Dec 2009    Marketing Coordinator · Brightwell Analytics · Atlanta, GA  60 months  evidence #1" in out
    assert "evidence only in a role that ended in 2009 (Marketing Coordinator, Jan 2005 – Dec 2009)" in out
    assert "role=Marketing Coordinator" in out and "recency weighting off" in out
    score_off = float(out.split("score ", 1)[1].split()[0])
    code, out, _ = cli("explain", resume, "--color", "never", "--as-of", "2024-06-30", "--recency")
    assert code == EXIT_OK and "by recency (before: " in out
    assert float(out.split("score ", 1)[1].split()[0]) < score_off
    capsys.readouterr()
    code, _, _ = cli("explain", resume, "--as-of", "last week")
    assert code == EXIT_USAGE and "--as-of must be a date" in capsys.readouterr().err


# ---------------------------------------------------------------- report, Excel, questions
@needs_model
def test_score_writes_report_and_excel_with_every_input(tmp_path):
    from htmlparse import assert_inert_page

    d = tmp_path / "in"
    d.mkdir()
    for p in GOOD[:4] + [BAD / "corrupt.pdf"]:
        shutil.copy(p, d / p.name)
    report, xl, out_csv = d / "report.html", tmp_path / "xl.csv", tmp_path / "out.csv"
    code, out, err = cli("score", d, "--report", report, "--excel", xl, "--output", out_csv, "--min-score", "0.5")
    assert code == EXIT_OK, err
    assert f"wrote {out_csv}, {report}, {xl}" in err
    rows = read_rows(out_csv)
    assert len(rows) == 5 and "report.html" not in {Path(r["path"]).name for r in rows}  # never an input
    assert xl.read_bytes() == b"\xef\xbb\xbf" + out_csv.read_bytes()
    html = report.read_text(encoding="utf-8")
    p = assert_inert_page(html)
    text = " ".join(" ".join(p.data).split())
    assert all(Path(r["path"]).name in "".join(p.data) for r in rows)  # every input is in the report
    n_low = sum(1 for r in rows if r["status"] == "ok" and r["score"] < 0.5)
    assert f"Knocked out ({n_low})" in text and "Files that could not be read (1)" in text
    assert "Interview questions" in text and "CorruptDocumentError" in text


def test_report_and_excel_paths_are_checked_before_screening(tmp_path):
    code, _, err = cli("score", SAMPLES, "--excel", tmp_path / "x.xlsx")
    assert code == EXIT_USAGE and "--excel writes CSV" in err
    code, _, err = cli("score", SAMPLES, "--report", tmp_path / "no" / "r.html")
    assert code == EXIT_ERROR and "[E430] Report" in err and "--report" in err
    code, _, err = cli("score", SAMPLES, "--report", tmp_path / "r.csv", "--excel", tmp_path / "r.csv")
    assert code == EXIT_USAGE and "different files" in err


@needs_model
def test_explain_questions_only_when_asked():
    f = SAMPLES / "strong_marketing_ops_lead_scoring.pdf"
    code, plain, _ = cli("explain", f, "--color", "never")
    assert code == EXIT_OK and "interview questions" not in plain
    code, asked, _ = cli("explain", f, "--color", "never", "--questions")
    assert code == EXIT_OK and "interview questions (7)" in asked
    section = asked.split("interview questions (7)", 1)[1]
    assert "[probe] Shared funnel definitions and KPIs (evidence 2)" in section
    assert "[gap] Sales enablement" in section and "you wrote \u201cwrote the mql" in " ".join(section.split()).lower()
