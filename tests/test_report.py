"""The HTML report: self-contained, complete, and inert whatever the resumes and file names hold."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from htmlparse import assert_inert_page as assert_inert
from htmlparse import parse

from collabscreen.engine import error_result
from collabscreen.errors import CorruptDocumentError
from collabscreen.ranking import rank_results
from collabscreen.report import report_html, score_histogram_svg, write_report
from collabscreen.types import Evidence, JobMatch, RankedCandidate, Role, ScreeningResult, TermMatch

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

PWN = "document.title='pwned'"
# each line is read as collaboration evidence by the shipped model
HOSTILE_TEXT = f"""Jordan Example
Field Marketing Manager | Acme <b>Corp</b> | 2019 - Present
<script>{PWN}</script> Built the account-based marketing program with six strategic AEs "><img src=x onerror="{PWN}">, and we wrote account plans together in Salesforce.
Ran a weekly pipeline review with the sales team and agreed the MQL-to-SQL hand-off SLA, see javascript:{PWN} </style><style>body{{background:url(http://evil.example/x.png)}}</style>.
Co-ran 14 trade shows a year with the enterprise account executives <a href="javascript:alert(1)">link</a> and routed every booth lead to the owning AE.
"""
HOSTILE_NAME = f'cv"><img src=x onerror="{PWN}">.txt'
HOSTILE_BITS = [f"<script>{PWN}</script>", f'"><img src=x onerror="{PWN}">', f"javascript:{PWN}", "</style><style>", '<a href="javascript:alert(1)">']

# ---------------------------------------------------------------- fixtures
def _match(score: float, matched: tuple, missing: tuple) -> JobMatch:
    return JobMatch(
        score=score, combined=score, collaboration=score, weights={"collaboration": 0.7, "job": 0.3}, parts={},
        # missing terms are required, not must-haves: the candidate is not knocked out
        required=tuple(TermMatch(term=t, matched=True, count=1) for t in matched) + tuple(TermMatch(term=t, matched=False) for t in missing),
        emphasis={"funnel_kpis": 0.9},
    )


def _strong_hostile() -> ScreeningResult:
    """A hand-built strong result whose every resume-derived field is hostile, with roles and a job match."""
    texts = [f"Co-defined the MQL criteria with sales <script>{PWN}</script>", f'Ran webinars with AEs "><img src=x onerror="{PWN}">']
    ev = tuple(
        Evidence(text=t, category=c, categories=(c,), probability=0.95, weight=0.95, section="experience",
                 start_char=i * 100, end_char=i * 100 + len(t), page=1, role=f"<i>role {i}</i>", terms=("mql", "webinars"))
        for i, (t, c) in enumerate(zip(texts, ["funnel_kpis", "joint_programs"]))
    )  # fmt: skip
    role = Role(f"Head of <script>{PWN}</script>", f'Acme "><img src=x onerror="{PWN}">', "javascript:alert(1)",
                "2019-04", None, 68, True, (ev[0],), dates=f"04/2019 <b>{PWN}</b>")  # fmt: skip
    return ScreeningResult(
        source=f"/tmp/in/<script>{PWN}</script>.pdf", score=0.91, band="strong",
        category_scores={"funnel_kpis": 0.9, "joint_programs": 0.8, "joint_work": 0.0}, evidence=ev,
        warnings=(f"warning </style><script>{PWN}</script>",), roles=(role,),
        job_match=_match(0.7, (f"<b>{PWN}</b>",), ("</td></tr></table><script>x</script>",)),
    )  # fmt: skip


@pytest.fixture(scope="module")
def hostile_ranking(screener):
    real = screener.screen_text(HOSTILE_TEXT, source=HOSTILE_NAME)
    assert len(real.evidence) >= 3, "the hostile lines must be evidence for this test to test anything"
    failed = error_result(f"bad/{HOSTILE_NAME}", CorruptDocumentError(f"{HOSTILE_NAME}: broken <script>{PWN}</script>"))
    knocked = screener.screen_text("Partnered with sales on webinars and lead scoring.", source=f"k{HOSTILE_NAME}")
    ranked = list(rank_results([real, _strong_hostile(), failed]))
    ranked.insert(2, RankedCandidate(rank=3, result=knocked, excluded=True, reason=f'missing "><img src=x onerror="{PWN}">'))
    return ranked


# ---------------------------------------------------------------- hostile text
def test_hostile_text_and_names_stay_inert_and_visible(hostile_ranking):
    html = report_html(hostile_ranking, title=f"Report <script>{PWN}</script>")
    p = assert_inert(html)
    text = "".join(p.data)
    for bit in HOSTILE_BITS:  # escaped, not dropped: the reader sees what the resume says
        assert bit in text, bit
    assert HOSTILE_NAME in text and f"Report <script>{PWN}</script>" in text
    assert f"Head of <script>{PWN}</script>" in text and "</td></tr></table><script>x</script>" in text
    assert "&lt;script&gt;" in html and "<script" not in html.lower()


def test_the_inertness_check_catches_unescaped_markup(hostile_ranking):
    html = report_html(hostile_ranking)
    for injected in ('<img src=x onerror="alert(1)">', "<script>alert(1)</script>", '<a href="javascript:x">a</a>',
                     '<style>b{background:url(http://x.example/a)}</style>'):  # fmt: skip
        with pytest.raises(AssertionError):
            assert_inert(html.replace("</h1>", "</h1>" + injected, 1))


# ---------------------------------------------------------------- content
def test_report_holds_ranking_knockouts_failures_roles_and_questions(hostile_ranking):
    html = report_html(hostile_ranking, generated=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc))
    p = parse(html)
    text = " ".join(" ".join(p.data).split())
    assert "generated 2026-01-02 03:04 UTC" in text
    assert "Knocked out (1)" in text and "Files that could not be read (1)" in text
    assert "CorruptDocumentError" in text and "broken <script>" in text
    # roles with dates, the job match, probes and gaps
    assert "Apr 2019 \u2013 present (68 months)" in text and "javascript:alert(1)" in text
    assert "Job match" in text and "missing: </td></tr></table>" in text
    assert "probe" in p.data and "gap" in p.data
    assert "The job puts weight on shared funnel definitions and KPIs." in text
    # every fragment link points at an element of the page
    ids = {v for k, v in p.attrs if k == "id"}
    assert {v[1:] for k, v in p.attrs if k == "href"} <= ids


def test_plain_results_are_ranked_and_sections_follow_the_ranking(screener):
    results = [screener.screen(SAMPLES / n) for n in ("unrelated_registered_nurse.pdf", "strong_revops_leader.docx")]
    html = report_html(results)
    assert html.index("strong_revops_leader.docx") < html.index("unrelated_registered_nurse.pdf")
    assert html.count('class="candidate"') == 2
    assert report_html(results, max_candidates=1).count('class="candidate"') == 1


def test_write_report_replaces_the_file(tmp_path, hostile_ranking):
    path = tmp_path / "r.html"
    path.write_text("old", encoding="utf-8")
    assert write_report(hostile_ranking, path) == path
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_histogram_counts_every_score_in_its_bin():
    scores = [(0.0, "none"), (0.05, "none"), (0.45, "some"), (0.99, "strong"), (1.0, "strong")]
    svg = score_histogram_svg(scores, thresholds={"some": 0.4, "strong": 2 / 3})
    titles = re.findall(r"<title>(\d+) (\w+) candidates? scoring ([\d.]+)", svg)
    assert sorted(titles) == [("1", "some", "0.4"), ("2", "none", "0.0"), ("2", "strong", "0.9")]
    assert svg.count("stroke-dasharray") == 2
    assert "<title>" not in score_histogram_svg([])


# ---------------------------------------------------------------- in a browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


def _dump_dom(page: Path, tmp_path: Path) -> str:
    run = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_in_chromium_no_script_runs(tmp_path, hostile_ranking):
    # the detector works: the same payload, unescaped, changes the title
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><head><title>safe</title></head><body>{HOSTILE_BITS[1]}</body></html>", "utf-8")
    assert "<title>pwned</title>" in _dump_dom(control, tmp_path)

    page = write_report(hostile_ranking, tmp_path / "report.html", title="safe")
    dom = _dump_dom(page, tmp_path)
    assert "<title>safe</title>" in dom and "pwned</title>" not in dom
    p = parse(dom)
    assert "img" not in p.tags and "script" not in p.tags
    text = "".join(p.data)
    assert all(bit in text for bit in HOSTILE_BITS)
