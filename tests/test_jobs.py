"""Job profiles from job descriptions and YAML, and job matches on the real pipeline."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabscreen import CollabscreenError
from collabscreen.jobs import JobProfile, JobWeights, resume_tokens
from collabscreen.query import QuerySyntaxError
from collabscreen.ranking import combined_score, rank_results

ROOT = Path(__file__).resolve().parents[1]
JOBS = ROOT / "data" / "jobs"
SAMPLES = ROOT / "data" / "samples"

RESUME = """Dana Whitfield
Experience
Marketing Operations Manager, Acme Corp, 2019 - 2023
• Built the lead scoring model with sales leadership in HubSpot and set the MQL hand-off SLA.
• Ran the go-to-market plan for two launches.
Skills
Salesforce, Tableau
"""


# ---------------------------------------------------------------- profiles
def test_profile_from_the_sample_job_description():
    p = JobProfile.from_file(JOBS / "revops_manager.txt")
    assert p.title == "Revenue Operations Manager"
    assert p.must_have == ("Salesforce",)
    assert p.required[0] == "lead scoring"
    assert "HubSpot OR Marketo" in p.required
    assert "revenue operations OR sales operations OR marketing operations" in p.required
    assert any("sla" in t.lower() and "service" in t.lower() for t in p.required)
    assert {"SQL", "Tableau", "Account-based marketing OR ABM"} <= set(p.preferred)
    # the JD is about funnel definitions, hand-off tooling and revenue operations, not events or enablement
    assert p.emphasis[0] == "funnel_kpis"
    assert set(p.emphasis) == {"funnel_kpis", "handoff_tooling", "revops_gtm"}
    assert p.query is None


def test_profile_from_text_without_headings_takes_terms_from_anywhere():
    p = JobProfile.from_text("We want someone who owns lead scoring in Marketo and runs webinars with sales.")
    assert {"lead scoring", "Marketo", "webinars"} <= set(p.required)
    assert p.preferred == () and p.must_have == ()


def test_inline_headings_and_list_lines():
    p = JobProfile.from_text("Must have: Salesforce, HubSpot\nNice to have: SQL; Looker or Tableau\n")
    assert p.must_have == ("Salesforce", "HubSpot")
    assert p.preferred == ("SQL", "Looker OR Tableau")


@pytest.mark.parametrize(
    "line, terms",
    [
        ("Familiarity with Google Analytics, Looker, and SQL", ("Google Analytics", "Looker", "SQL")),
        ("HubSpot, Marketo, or Pardot", ("HubSpot OR Marketo OR Pardot",)),
        ("5+ years in revenue operations, sales operations or marketing operations",
         ("revenue operations OR sales operations OR marketing operations",)),
        ("Account-based marketing (ABM) programs", ("Account-based marketing OR ABM",)),
        ("Tools: Salesforce; Tableau or Looker", ("Salesforce", "Tableau OR Looker")),
        ("Proven track record of building pipeline with sales (sourced pipeline, conversion rates)",
         ("sourced pipeline", "conversion rates")),
        ("Experience defining a service level agreement (SLA) between marketing and sales",
         ("service level agreement OR SLA",)),
    ],
)
def test_terms_of_a_requirement_line(line, terms):
    assert JobProfile.from_text(f"Requirements\n- {line}\n").required == terms


@pytest.mark.parametrize(
    "heading, kind",
    [
        ("Preferred Qualifications", "preferred"),
        ("Minimum Qualifications", "required"),
        ("REQUIREMENTS (MUST HAVE)", "must_have"),
        ("What we're looking for:", "required"),
        ("Nice to have", "preferred"),
        ("What you'll do", None),
        ("SQL skills", "not a heading"),
        ("Salesforce experience", "not a heading"),
    ],
)
def test_headings(heading, kind):
    p = JobProfile.from_text(f"Requirements\n- Tableau\n{heading}\n- HubSpot\n")
    where = {"required": p.required, "preferred": p.preferred, "must_have": p.must_have}
    if kind == "not a heading":  # a line of the requirements, not a new section
        assert "HubSpot" in p.required and len(p.required) == 3
    else:
        assert ("HubSpot" in where[kind]) if kind else all("HubSpot" not in v for v in where.values())


def test_a_job_description_in_another_format(tmp_path):
    html = tmp_path / "jd.html"
    html.write_text(
        "<html><body><h1>Field Marketing Lead</h1><h2>Must have</h2><ul><li>Trade shows</li></ul>"
        "<h2>Nice to have</h2><ul><li>Tools: Salesforce, Marketo</li></ul></body></html>",
        encoding="utf-8",
    )
    p = JobProfile.from_file(html)
    assert (p.title, p.must_have, p.preferred) == ("Field Marketing Lead", ("Trade shows",), ("Salesforce", "Marketo"))
    assert p.source == str(html)


def test_yaml_profile_and_its_dict():
    p = JobProfile.from_file(JOBS / "revops_manager.yaml")
    assert p.must_have == ("Salesforce",)
    assert p.query is not None and p.weights == JobWeights(collaboration=0.7, job=0.3)
    d = p.to_dict()
    d.pop("source")
    again = JobProfile.from_yaml(yaml.safe_dump(d))
    assert again == p
    assert JobProfile.from_yaml(str(JOBS / "revops_manager.yaml")) == p


@pytest.mark.parametrize(
    "text, message",
    [
        ("title: x\nskills: [a]\n", "unknown key(s) skills"),
        ("- a\n- b\n", "the top level must be a mapping"),
        ("required: [lead scoring, 'sales AND']\n", "required[1] 'sales AND': nothing after 'AND'"),
        ("weights: {collaboration: -1}\n", "weights.collaboration must be a number >= 0"),
        ("weights: {collab: 1}\n", "unknown weight(s) collab"),
        ("emphasis: [parties]\n", "emphasis: unknown categories ['parties']"),
        ("title: !!python/object/apply:os.system [echo hi]\n", "not valid YAML"),
        ("required: [a\n", "not valid YAML"),
    ],
)
def test_bad_yaml_profiles_are_clear_errors(text, message):
    with pytest.raises(CollabscreenError) as info:
        JobProfile.from_yaml(text)
    assert info.value.code == "E413"
    assert message in str(info.value)


def test_a_bad_query_in_a_profile_is_a_syntax_error_with_its_column():
    with pytest.raises(QuerySyntaxError) as info:
        JobProfile.from_yaml("query: (sales OR marketing\n")
    assert info.value.column == 1
    with pytest.raises(QuerySyntaxError):
        JobProfile(title="x").with_query("sales NEAR marketing")


def test_missing_job_file_names_it(tmp_path):
    with pytest.raises(CollabscreenError, match="file not found"):
        JobProfile.from_file(tmp_path / "nope.yaml")


def test_with_query_ands_queries():
    p = JobProfile(query="sales").with_query("marketing OR crm")
    assert p.query == "(sales) AND (marketing OR crm)"


# ---------------------------------------------------------------- matching on the real pipeline
def test_job_match_says_which_terms_matched_where(screener):
    job = JobProfile(
        title="RevOps",
        required=("lead scoring", "Marketo", "go-to-market"),
        preferred=("Tableau",),
        must_have=("Salesforce",),
        query="mql NEAR/3 sla",
        emphasis=("funnel_kpis",),
    )
    r = screener.screen_text(RESUME, job=job)
    jm = r.job_match
    assert jm is not None
    assert jm.matched_required == ("lead scoring", "go-to-market")
    assert jm.matched_preferred == ("Tableau",)
    assert jm.missing_must_have == ()
    assert jm.query_matched is True
    lead = jm.required[0].occurrences[0]
    assert RESUME[lead.start_char : lead.end_char] == lead.text == "lead scoring"
    assert lead.section == "experience"
    assert "Built the lead scoring model" in lead.sentence
    # hyphenated terms are tokenized like the resume: go - to - market
    assert jm.required[2].occurrences[0].text == "go-to-market"
    assert jm.parts["required"] == pytest.approx(2 / 3, abs=1e-6)
    assert jm.parts["preferred"] == 1.0
    assert jm.parts["emphasis"] == r.category_scores["funnel_kpis"]
    expected = (2 * jm.parts["required"] + 1 * jm.parts["preferred"] + 1 * jm.parts["emphasis"]) / 4
    assert jm.score == pytest.approx(expected, abs=1e-6)
    assert jm.combined == combined_score(r.score, jm.score)
    assert {h.text.lower() for h in jm.query_hits} == {"mql", "sla"}
    assert r.to_dict()["job_match"]["required"][0]["occurrences"][0]["text"] == "lead scoring"


def test_missing_must_haves_and_unmatched_queries_knock_out(screener):
    keeps = screener.screen_text(RESUME, source="keeps.txt", job=JobProfile(must_have=("salesforce",), query="hubspot"))
    lacks = screener.screen_text(RESUME, source="lacks.txt", job=JobProfile(must_have=("Marketo", "salesforce")))
    misses = screener.screen_text(RESUME, source="misses.txt", job=JobProfile(query="webinar* OR (abm NOT hubspot)"))
    ranked = rank_results([misses, lacks, keeps])
    assert [(c.result.source, c.excluded) for c in ranked] == [("keeps.txt", False), ("lacks.txt", True), ("misses.txt", True)]
    assert ranked[1].reason == "missing must-have term(s): Marketo"
    assert ranked[2].reason == "does not match the query webinar* OR (abm NOT hubspot)"


def test_without_a_job_results_and_ranking_are_unchanged(screener, sample_files):
    plain = [screener.screen(p) for p in sample_files[:6]]
    assert all(r.job_match is None and r.to_dict()["job_match"] is None for r in plain)
    order = [c.result.source for c in rank_results(plain)]
    assert order == [r.source for r in sorted(plain, key=lambda r: (-r.score, -r.relevance, r.source))]
    # a job weighted 0 ranks exactly like no job; its scores are the same as without it
    zero = JobProfile(required=("salesforce",), weights=JobWeights(collaboration=1.0, job=0.0))
    with_job = [screener.screen(p, job=zero) for p in sample_files[:6]]
    assert [r.score for r in with_job] == [r.score for r in plain]
    assert [c.result.source for c in rank_results(with_job)] == order


def test_the_job_reorders_candidates_by_the_combined_value(screener, sample_files):
    job = JobProfile(required=("salesforce", "lead scoring", "hubspot"), weights=JobWeights(collaboration=0.0, job=1.0))
    results = [screener.screen(p, job=job) for p in sample_files]
    ranked = rank_results(results)
    values = [c.result.job_match.combined for c in ranked if not c.excluded]
    assert values == sorted(values, reverse=True)
    assert all(c.result.job_match.combined == c.result.job_match.score for c in ranked)
    frame = ranked.to_pandas()  # the output row schema: the job columns are there
    assert frame["combined"].tolist() == [c.result.job_match.combined for c in ranked]
    assert frame["job_match"].tolist() == [c.result.job_match.score for c in ranked]


def test_screener_job_and_rank_job(screener, sample_files):
    job = JobProfile(required=("salesforce",))
    s = copy.copy(screener)
    s.job = job
    a = [r.job_match for r in s.screen_many(sample_files[:3])]
    b = [c.result.job_match for c in screener.rank(sample_files[:3], job=job)]
    assert all(m is not None for m in a)
    assert sorted(m.to_dict()["required"][0]["count"] for m in a) == sorted(m.to_dict()["required"][0]["count"] for m in b)
    assert screener.job is None  # rank(job=) did not change the caller's Screener
    with pytest.raises(TypeError, match="JobProfile"):
        s.job = "jd.txt"


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 10), st.floats(0, 10))
def test_combined_score_is_a_weighted_mean(c, j, wc, wj):
    if wc + wj <= 0:
        with pytest.raises(ValueError):
            combined_score(c, j, collaboration_weight=wc, job_weight=wj)
        return
    v = combined_score(c, j, collaboration_weight=wc, job_weight=wj)
    assert min(c, j) - 1e-6 <= v <= max(c, j) + 1e-6
    assert combined_score(c, j, collaboration_weight=1, job_weight=0) == round(c, 6)



@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80) | st.sampled_from([RESUME]))
def test_resume_tokens_are_the_docs_lowercased_word_tokens(nlp, text):
    doc = nlp(text)
    t = resume_tokens(doc)
    reference = [(x.lower_, x.idx, x.idx + len(x)) for x in doc if any(c.isalnum() for c in x.lower_)]
    assert list(zip(t.words, t.starts, t.ends)) == reference


def test_resume_reuses_only_rows_matched_against_the_same_job(screener, tmp_path):
    from collabscreen.batch import read_rows, run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("strong_revops_leader.docx", "sales_only_account_executive.txt"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    out = tmp_path / "rows.csv"
    s = copy.copy(screener)
    s.job = JobProfile(title="A", required=("salesforce",))
    assert run_batch(s, [folder], out).n_screened == 2
    assert run_batch(s, [folder], out, resume=True).n_reused == 2
    s.job = JobProfile(title="A", required=("salesforce", "quota"))
    again = run_batch(s, [folder], out, resume=True)
    assert again.n_reused == 0 and again.n_screened == 2
    assert {r["job"] for r in read_rows(out)} == {s.job.key}
    s.job = None
    plain = run_batch(s, [folder], out, resume=True)
    assert plain.n_reused == 0 and all(r["job_match"] is None and r["job"] is None for r in read_rows(out))
