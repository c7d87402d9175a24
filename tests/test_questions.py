"""Interview guide: the rules of collabscreen.questions, on hand-built results and real screenings."""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabscreen.questions import (
    QUOTE_CHARS,
    STRONG_WEIGHT,
    evidence_role,
    interview_questions,
    job_emphasis,
    question_bank,
)
from collabscreen.taxonomy import default_taxonomy
from collabscreen.types import Evidence, EvidencePart, Question, ScreeningResult

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
CATS = list(default_taxonomy().category_keys)


def ev(text: str, category: str | None, weight: float, start: int = 0, terms: tuple[str, ...] = (), **kw: Any) -> Evidence:
    return Evidence(
        text=text, category=category, categories=(), probability=weight, weight=weight, section="experience",
        start_char=start, end_char=start + len(text), page=1, terms=terms, **kw,
    )


def result(evidence: tuple[Evidence, ...] = (), **kw: Any) -> ScreeningResult:
    kw.setdefault("category_scores", {k: 0.0 for k in CATS})
    return ScreeningResult(source="cv.txt", score=0.5, band="some", evidence=evidence, **kw)


# ---------------------------------------------------------------- the bank
def test_bank_covers_every_taxonomy_category_with_a_default_probe():
    bank = question_bank()
    assert bank["version"]
    for entry in [bank["default"], *(bank["categories"][k] for k in CATS)]:
        assert entry["missing"].endswith(("?", ".")) and entry["weak"].endswith("?")
        assert entry["probes"] and not entry["probes"][-1].get("terms"), "the last probe is the default"
        assert all(p["ask"].endswith("?") for p in entry["probes"])
    names = {f for t in bank["templates"].values() for _, f, _, _ in string.Formatter().parse(t) if f}
    assert names == {"quote", "role", "ask", "label", "question"}


def test_bank_is_the_packaged_json_file():
    path = ROOT / "src" / "collabscreen" / "data" / "questions.json"
    assert question_bank() == json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- rules
def test_strong_evidence_gets_a_probe_that_quotes_it_and_asks_by_its_terms():
    e = ev("\u2022 Co-defined the MQL criteria and the lead scoring model with the VP of Sales.", "funnel_kpis", 0.95, terms=("mql",))
    qs = {q.category: q for q in interview_questions(result((e,)))}
    q = qs["funnel_kpis"]
    assert q.kind == "probe" and q.evidence_ref == 0
    assert "\u201cCo-defined the MQL criteria and the lead scoring model with the VP of Sales\u201d" in q.text
    assert "who else was in the room" in q.text.lower()  # the MQL probe, not the default
    assert all(qs[k].kind == "gap" and qs[k].evidence_ref is None for k in CATS if k != "funnel_kpis")


def test_probe_without_matching_terms_uses_the_category_default():
    e = ev("Ran the quarterly planning offsite for both departments.", "funnel_kpis", 0.9)
    q = interview_questions(result((e,)))[CATS.index("funnel_kpis")]
    default = question_bank()["categories"]["funnel_kpis"]["probes"][-1]["ask"]
    assert q.kind == "probe" and q.text.endswith(default)


def test_weak_evidence_gets_a_gap_question_that_quotes_it():
    e = ev("Helped with some trade shows.", "joint_programs", STRONG_WEIGHT - 0.01)
    q = interview_questions(result((e,)))[CATS.index("joint_programs")]
    assert q.kind == "gap" and q.evidence_ref == 0
    assert "\u201cHelped with some trade shows\u201d, without much detail" in q.text
    assert q.text.endswith(question_bank()["categories"]["joint_programs"]["weak"])


def test_missing_evidence_gets_the_concrete_question():
    q = interview_questions(result())[CATS.index("funnel_kpis")]
    assert q == Question("funnel_kpis", "gap", question_bank()["categories"]["funnel_kpis"]["missing"], None)
    assert "qualified lead" in q.text


def test_best_item_of_the_category_is_quoted():
    items = (
        ev("Wrote the SLA for lead follow-up with sales.", "funnel_kpis", 0.85, start=10),
        ev("Set lead scoring thresholds with sales leadership.", "funnel_kpis", 0.97, start=90),
        ev("Ran webinars.", "joint_programs", 0.99, start=50),
    )
    q = interview_questions(result(items))[CATS.index("funnel_kpis")]
    assert q.evidence_ref == 1 and "lead scoring thresholds" in q.text


def test_hybrid_role_quotes_both_duties():
    parts = (
        EvidencePart("sales", "Closed 40 new accounts a year in the region.", 0.9, 0, 40, 1),
        EvidencePart("marketing", "Ran the regional newsletter and social channels.", 0.8, 50, 90, 1),
    )
    h = ev(" / ".join(p.text for p in parts), "joint_work", 0.85, kind="hybrid_role", parts=parts)
    q = interview_questions(result((h,)))[0]
    assert q.kind == "probe"
    assert "\u201cClosed 40 new accounts a year in the region\u201d and \u201cRan the regional newsletter" in q.text
    assert " / " not in q.text


def test_long_evidence_is_cut_at_a_word():
    text = "Built the " + "very " * 60 + "long pipeline review with sales."
    q = interview_questions(result((ev(text, "communication", 0.9),)))[CATS.index("communication")]
    quote = q.text.split("\u201c", 1)[1].split("\u201d", 1)[0]
    assert len(quote) <= QUOTE_CHARS and quote.endswith("\u2026") and quote[:-1].endswith("very")


def test_failed_result_has_no_questions():
    r = ScreeningResult(source="x.pdf", score=0.0, band="none", category_scores={}, evidence=(), status="error", error="bad")
    assert r.questions == () and r.to_dict()["questions"] == []


# ---------------------------------------------------------------- job emphasis
@dataclass(frozen=True)
class _Job:
    emphasis: Any


@dataclass(frozen=True)
class _WithJob(ScreeningResult):
    job_match: Any = None


def test_job_emphasis_orders_and_announces_categories():
    r = _WithJob(source="cv.txt", score=0.5, band="some", category_scores={k: 0.0 for k in CATS}, evidence=(),
                 job_match=_Job({"handoff_tooling": 2.0, "funnel_kpis": 1.0, "not_a_category": 3.0, "communication": 0.0}))
    qs = r.questions
    assert [q.category for q in qs[:2]] == ["handoff_tooling", "funnel_kpis"]
    assert [q.category for q in qs[2:]] == [k for k in CATS if k not in ("handoff_tooling", "funnel_kpis")]
    assert qs[0].text.startswith("The job puts weight on hand-off and tooling. ")
    assert not any(q.text.startswith("The job") for q in qs[2:])
    assert len(qs) == len(CATS)


def test_job_emphasis_reads_sequences_mappings_and_profiles():
    assert job_emphasis(None) == ()
    assert job_emphasis(object()) == ()
    assert job_emphasis(_Job(["b", "a", "b", ""])) == ("b", "a")
    assert job_emphasis(_Job({"a": 1, "b": 1, "c": 2})) == ("c", "a", "b")

    @dataclass
    class Match:
        profile: Any

    assert job_emphasis(Match(_Job(("x",)))) == ("x",)


def test_explicit_emphasis_overrides_the_job():
    qs = interview_questions(result(), emphasis=["revops_gtm"])
    assert qs[0].category == "revops_gtm" and qs[0].text.startswith("The job puts weight on revenue operations")


# ---------------------------------------------------------------- roles
@dataclass(frozen=True)
class _Role:
    title: str
    employer: str
    evidence: tuple


@dataclass(frozen=True)
class _WithRoles(ScreeningResult):
    roles: tuple = ()


@pytest.mark.parametrize("by_index", [True, False])
def test_probe_names_the_role_of_the_evidence(by_index):
    e = ev("Co-ran 14 trade shows a year with the enterprise AEs.", "joint_programs", 0.99)
    role = _Role("Field Marketing Manager", "Acme", (0,) if by_index else (e,))
    r = _WithRoles(source="cv.txt", score=0.9, band="strong", category_scores={k: 0.0 for k in CATS}, evidence=(e,),
                   roles=(_Role("Intern", "Other", ()), role))
    assert evidence_role(r, 0) is role
    q = r.questions[CATS.index("joint_programs")]
    assert q.text.startswith("As Field Marketing Manager at Acme you wrote \u201cCo-ran 14 trade shows")


# ---------------------------------------------------------------- properties
_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200)
_items = st.lists(
    st.tuples(_texts, st.sampled_from(CATS + [None]), st.floats(0.5, 1.0)), max_size=8
)


@settings(max_examples=60, deadline=None)
@given(_items, st.permutations(CATS), st.lists(st.sampled_from(CATS), max_size=3))
def test_one_question_per_category_whatever_the_order(items, order, emphasis):
    evidence = tuple(ev(t, c, w, start=i) for i, (t, c, w) in enumerate(items))
    r = result(evidence, category_scores={k: 0.0 for k in order})
    qs = interview_questions(r, emphasis=emphasis)
    assert qs == interview_questions(result(evidence), emphasis=emphasis)  # dict order does not matter
    assert sorted(q.category for q in qs) == sorted(CATS)
    first = list(dict.fromkeys(emphasis))
    assert [q.category for q in qs[: len(first)]] == first
    for q in qs:
        own = [i for i, e in enumerate(evidence) if e.category == q.category]
        if not own:
            assert q.kind == "gap" and q.evidence_ref is None
        else:
            assert q.evidence_ref in own
            assert evidence[q.evidence_ref].weight == max(evidence[i].weight for i in own)
            assert q.kind == ("probe" if evidence[q.evidence_ref].weight >= STRONG_WEIGHT else "gap")


# ---------------------------------------------------------------- real screenings
def test_real_screenings_probe_strong_resumes_and_ask_gaps_of_others(screener):
    strong = screener.screen(SAMPLES / "strong_marketing_ops_lead_scoring.pdf")
    nurse = screener.screen(SAMPLES / "unrelated_registered_nurse.pdf")
    probes = [q for q in strong.questions if q.kind == "probe"]
    assert any(q.category == "funnel_kpis" and "MQL" in q.text for q in probes)
    assert all(strong.evidence[q.evidence_ref].category == q.category for q in probes)
    assert {q.kind for q in nurse.questions} == {"gap"} and len(nurse.questions) == len(nurse.category_scores)
    d = strong.to_dict()
    assert d["questions"] == [q.to_dict() for q in strong.questions]
    assert json.loads(strong.to_json())["questions"][0].keys() == {"category", "kind", "text", "evidence_ref"}
    assert replace(strong).questions == strong.questions  # deterministic
