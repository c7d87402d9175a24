"""The Screener end to end on real files with the real model."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabscreen import Screener
from conftest import SAMPLES

UNRELATED = [
    "Administered medication to 30 patients per shift and charted vitals.",
    "Taught algebra and geometry to three classes of 28 students.",
    "Maintained the hospital's infection-control log.",
    "Repaired hydraulic systems on regional aircraft.",
    "Prepared monthly bank reconciliations and accruals.",
    "Volunteer: coached an under-12 football team.",
    "Certified in CPR and first aid.",
    "Designed load-bearing steel frames for warehouses.",
]

STRONG = """Experience
Marketing Operations Manager | Acme | 2019 - Present
• Partnered with the VP of Sales to define MQL and SQL criteria and a hand-off SLA.
• Built a lead scoring model with the SDR team and routed leads in Salesforce within one hour.
"""


def test_samples_rank_by_their_grades(screener, sample_files):
    labels = json.loads((SAMPLES / "labels.json").read_text())
    scores = {p.name: screener.screen(p).score for p in sample_files}
    strong = [scores[n] for n, g in labels.items() if g == 3]
    weak = [scores[n] for n, g in labels.items() if g == 0]
    assert min(strong) > max(weak)
    assert screener.screen(SAMPLES / "keyword_stuffed_skills.docx").band != "strong"


def test_result_has_explanations(screener):
    r = screener.screen(SAMPLES / "strong_marketing_ops_lead_scoring.pdf")
    assert r.ok and r.band == "strong" and r.format == "pdf"
    assert r.evidence and all(e.weight >= 0.5 for e in r.evidence)
    for e in r.evidence:
        for span in e.parts or [e]:
            assert r.text[span.start_char : span.end_char] == span.text
        assert e.page >= 1 and e.section
        assert (e.kind == "hybrid_role") == bool(e.parts)
    assert set(r.category_scores) >= {"funnel_kpis", "joint_work"}
    d = json.loads(r.to_json())
    assert d["score"] == r.score and d["model_version"] == screener.model_version


def test_same_input_same_score_from_path_bytes_and_file_object(screener):
    p = SAMPLES / "strong_revops_leader.docx"
    a = screener.screen(p)
    b = screener.screen(p.read_bytes())
    with open(p, "rb") as fh:
        c = screener.screen(fh)
    assert a.score == b.score == c.score
    assert a.evidence == b.evidence == c.evidence
    assert Screener(keep_text=True).screen(p).to_dict() == a.to_dict()


def test_screen_many_streams_errors_as_rows(screener):
    inputs = [SAMPLES / "strong_revops_leader.docx", SAMPLES / "bad" / "corrupt.pdf", b"", SAMPLES / "bad" / "encrypted.pdf"]
    out = list(screener.screen_many(inputs, batch_size=2))
    assert [r.status for r in out] == ["ok", "error", "error", "error"]
    assert out[1].error_type == "CorruptDocumentError" and "corrupt.pdf" in out[1].error
    assert out[3].error_type == "EncryptedDocumentError"


def test_parallel_equals_serial(screener, sample_files):
    serial = [r.to_dict() for r in screener.screen_many(sample_files[:6])]
    parallel = [r.to_dict() for r in screener.screen_many(sample_files[:6], n_process=2, batch_size=2)]
    assert serial == parallel


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(UNRELATED), min_size=1, max_size=8), st.integers(0, 4))
def test_appending_unrelated_sentences_never_creates_evidence(screener, extra, where):
    base = screener.screen_text(STRONG)
    lines = STRONG.splitlines()
    pos = min(where + 2, len(lines))
    text = "\n".join(lines[:pos] + extra + lines[pos:])
    more = screener.screen_text(text)
    cats = lambda r: {e.category for e in r.evidence}  # noqa: E731
    assert cats(more) <= cats(base)
    for k, v in more.category_scores.items():
        assert v <= base.category_scores[k] + 1e-6
    assert more.score <= base.score + 1e-6


SENTENCES = [
    "Partnered with sales leadership to define MQL and SQL criteria",
    "Exceeded quota by 140% selling payroll software to mid-market accounts",
    "Wrote battlecards and trained 40 reps on competitive positioning",
    "Managed the SEO content calendar and grew organic traffic 60%",
    "No exposure to marketing automation or lead routing",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(SENTENCES),
    st.lists(st.booleans(), min_size=80, max_size=80),
    st.sampled_from([" ", "  ", "\t", " \t "]),
    st.sampled_from(["", " ", "\t", "  "]),
)
def test_case_and_white_space_do_not_change_a_sentence_label(screener, sentence, flips, sep, pad):
    varied = "".join(c.upper() if f else c.lower() for c, f in zip(sentence, flips + [False] * len(sentence)))
    varied = pad + sep.join(varied.split(" ")) + pad
    a, b = screener.classify([sentence, varied])
    assert a["label"] == b["label"]
    assert a["probability"] == pytest.approx(b["probability"], abs=1e-9)


def test_classify_separates_evidence_from_hard_negatives(screener):
    out = screener.classify(SENTENCES)
    assert [o["label"] for o in out] == [1, 0, 1, 0, 0]
    assert out[4]["negated"]


def test_custom_taxonomy_and_thresholds(tmp_path):
    from collabscreen.taxonomy import Taxonomy

    tax = Taxonomy.default().extend({"joint_programs": ["hackathon with sales"]})
    path = tmp_path / "tax.json"
    tax.to_file(path)
    s = Screener(taxonomy=path, strong=0.99, some=0.98)
    assert s.taxonomy.version.endswith("+custom")
    assert "joint_programs" in s.classify(["Ran a hackathon with sales every quarter"])[0]["categories"]
    r = s.screen_text(STRONG)
    assert r.band == ("strong" if r.score >= 0.99 else "some" if r.score >= 0.98 else "none")
    assert "custom" in r.taxonomy_version


def test_parallel_workers_run_exactly_the_callers_pipeline():
    """A custom pipeline (blank English + sentencizer) and the caller's job give the same results with 2 processes."""
    import spacy

    from collabscreen import JobProfile, Screener

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"overwrite": True})  # runs after collabscreen_lines: punctuation only
    s = Screener(nlp=nlp, job=JobProfile(required=("lead scoring", "trade show*"), query="sales OR marketing"))
    paths = [SAMPLES / "strong_marketing_ops_lead_scoring.pdf", SAMPLES / "generic_trade_show_sales_rep.txt", SAMPLES / "sales_only_account_executive.txt"]
    serial = [r.to_dict() for r in s.screen_many(paths)]
    parallel = [r.to_dict() for r in s.screen_many(paths, n_process=2, batch_size=1)]
    assert serial == parallel
    assert [r["job_match"]["parts"]["required"] for r in parallel] == [0.5, 0.5, 0.0]
    assert [r["n_sentences"] for r in serial] != [r.n_sentences for r in Screener().screen_many(paths)]


def test_a_pipeline_a_worker_cannot_rebuild_is_a_clear_error_not_a_hang(monkeypatch):
    import spacy
    from spacy.language import Language

    from collabscreen import Screener
    from collabscreen.errors import CollabscreenError

    if not Language.has_factory("test_defined_only_here"):

        @Language.component("test_defined_only_here")
        def local(doc):
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("test_defined_only_here")
    s = Screener(nlp=nlp)
    files = [SAMPLES / "sales_only_account_executive.txt"] * 2
    # forked workers inherit the pipeline as it is: the same results as in this process
    monkeypatch.setenv("COLLABSCREEN_START_METHOD", "fork")
    assert [r.to_dict() for r in s.screen_many(files, n_process=2, batch_size=1)] == [r.to_dict() for r in s.screen_many(files)]
    # workers that rebuild it from its config cannot import the component: a clear error
    monkeypatch.setenv("COLLABSCREEN_START_METHOD", "spawn")
    with pytest.raises(CollabscreenError, match=r"(?s)E404.*n_process=1"):
        list(s.screen_many(files, n_process=2, batch_size=1))


def test_a_persistent_pool_is_reused_and_gives_the_serial_results(screener, sample_files):
    """Screener.workers(n): later screen_many(n_process=n) calls reuse the same worker
    processes (a long-running service); first batches are small so results flow at once."""
    from collabscreen.engine import WorkerPool

    files = sample_files[:5]
    serial = [r.to_dict() for r in screener.screen_many(files)]
    with screener.workers(2) as pool:
        assert isinstance(pool, WorkerPool) and screener._pool is pool
        pids = pool.pids
        assert len(pids) == 2
        first = [r.to_dict() for r in screener.screen_many(files, n_process=2, batch_size=4)]
        second = [r.to_dict() for r in screener.screen_many(files, n_process=2, batch_size=4)]
        assert pool.pids == pids
    assert first == second == serial
    assert pool.closed
    screener.close()
    assert screener._pool is None


def test_wording_lines_are_lines_of_the_resume_and_explain_lists_them(screener, tmp_path):
    """The lines credited for their wording are the resume's own lines, best first, each with a
    positive part; a resume without sales or marketing lines has none."""
    import io

    from collabscreen import ExtractedText
    from collabscreen.cli import run

    res = screener.screen(SAMPLES / "strong_sdr_manager_marketing_handoff.md")
    assert res.wording and res.text is not None
    parts = [w.part for w in res.wording]
    assert parts == sorted(parts, reverse=True) and all(p > 0 for p in parts)
    for w in res.wording:
        assert res.text[w.start_char : w.end_char].split() == w.text.split()
    assert res.to_dict()["wording"][0]["text"] == res.wording[0].text
    plain = screener.screen(ExtractedText(text="Registered nurse.\nAdministered medication and monitored patients.", format="txt", sha256=""))
    assert plain.wording == ()
    out = io.StringIO()
    assert run(["explain", str(SAMPLES / "strong_sdr_manager_marketing_handoff.md"), "--color", "never"], stdout=out) == 0
    assert "wording that raised the score" in out.getvalue()


def _killer_pipeline(marker):
    """A blank English pipeline whose last component kills its own process on a line
    'KILL-ALWAYS', and on 'KILL-ONCE' the first time only (it leaves ``marker`` behind); on
    'HANG-ALWAYS' it never returns."""
    import os
    import signal

    import spacy
    from spacy.language import Language

    if not Language.has_factory("test_kills_its_process"):

        @Language.component("test_kills_its_process")
        def kill(doc):
            once = os.environ.get("COLLABSCREEN_TEST_KILL_MARKER")
            if "HANG-ALWAYS" in doc.text:
                import time

                time.sleep(3600)  # as a C call that never returns: no time limit interrupts it here
            if "KILL-ALWAYS" in doc.text or ("KILL-ONCE" in doc.text and once and not os.path.exists(once)):
                if "KILL-ONCE" in doc.text:
                    open(once, "w").close()
                os.kill(os.getpid(), signal.SIGKILL)
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("test_kills_its_process")
    return nlp


@pytest.mark.timeout(300)
@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="forked workers inherit the test's component")
def test_a_worker_process_that_dies_hangs_nothing_and_loses_no_file(monkeypatch, tmp_path):
    """A worker killed by its file (a crash in a C library, the OOM killer) used to hang
    screen_many for ever (multiprocessing.Pool waits for the lost task). Now the batches
    in flight are run again one file per task, and those lost again each alone: a file that
    kills its worker both times it runs alone is an error row (E199); one that killed it only
    once is screened (whenever that once was); the rest are unchanged."""
    import spacy

    monkeypatch.setenv("COLLABSCREEN_START_METHOD", "fork")
    monkeypatch.setenv("COLLABSCREEN_TEST_KILL_MARKER", str(tmp_path / "killed-once"))
    body = "Experience\\nMarketing Manager | Acme | 2019 - Present\\n• Partnered with the VP of Sales on joint webinars and lead scoring.\\n"
    files = []
    for k in range(7):
        extra = {2: "KILL-ALWAYS\\n", 5: "KILL-ONCE\\n"}.get(k, "")
        f = tmp_path / f"r{k}.txt"
        f.write_text(body + f"• Ran {k + 2} campaigns.\\n" + extra)
        files.append(f)
    s = Screener(nlp=_killer_pipeline(tmp_path / "killed-once"))
    reference = Screener(nlp=spacy.blank("en"))  # the same pipeline without the killer
    expected = [r.to_dict() for r in reference.screen_many(files)]
    with s.workers(2) as pool:
        first = pool.pids
        got = list(s.screen_many(files, n_process=2, batch_size=3))
        assert pool.restarts >= 2 and pool.pids != first
    assert [r.source for r in got] == [str(f) for f in files]
    assert got[2].status == "error" and got[2].error_code == "E199" and "died each time" in got[2].error
    assert (tmp_path / "killed-once").exists()
    for k in (0, 1, 3, 4, 5, 6):
        assert got[k].to_dict() == expected[k], k


@pytest.mark.timeout(300)
@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="forked workers inherit the test's component")
def test_a_worker_that_never_answers_is_killed_and_its_file_is_an_e113_row(monkeypatch, tmp_path):
    """A worker stuck where no time limit reaches (one PDFium call, a deadlock) used to hold
    the run for ever. Past file_timeout * (2 * files + 2) its pool is killed, and the file that
    hangs alone twice is an error row (E113); the others are screened as in one process."""
    import spacy

    monkeypatch.setenv("COLLABSCREEN_START_METHOD", "fork")
    body = "Experience\nMarketing Manager | Acme | 2019 - Present\n• Partnered with the VP of Sales on joint webinars.\n"
    files = []
    for k in range(4):
        f = tmp_path / f"h{k}.txt"
        f.write_text(body + f"• Ran {k + 2} campaigns.\n" + ("HANG-ALWAYS\n" if k == 1 else ""))
        files.append(f)
    s = Screener(nlp=_killer_pipeline(tmp_path / "unused"), file_timeout=0.5)
    expected = [r.to_dict() for r in Screener(nlp=spacy.blank("en"), file_timeout=0.5).screen_many(files)]
    got = list(s.screen_many(files, n_process=2, batch_size=1))
    assert [r.source for r in got] == [str(f) for f in files]
    assert got[1].status == "error" and got[1].error_code == "E113"
    for k in (0, 2, 3):
        assert got[k].to_dict() == expected[k], k
