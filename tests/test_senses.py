"""Ambiguous terms are matched by their sense in context (taxonomy ``senses``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabscreen.pipeline import SPANS_KEYS, make_nlp
from collabscreen.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def cats(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {s.text.lower() for kind in ("cat", "dom") for s in doc.spans[SPANS_KEYS[kind]]}


@pytest.mark.parametrize(
    "text,term,kept",
    [
        ("Created SQL reports from the CRM database for finance.", "sql", False),
        ("Created SQL reports from the CRM database for finance.", "crm", False),
        ("Wrote T-SQL queries and stored procedures.", "sql", False),
        ("Defined MQL and SQL criteria with the sales team.", "sql", True),
        ("Increased SQLs by 30% through lead scoring.", "sqls", True),
        ("Lead management meetings every week.", "lead management", False),
        ("Owned lead management and routing in Marketo.", "lead management", True),
        ("Lead generation for the sales team.", "lead generation", True),
        ("Helped to lead generation efforts.", "lead generation", False),
        ("Managed a political campaign for a state senator.", "campaign", False),
        ("Canvassed voters for the campaign.", "campaign", False),
        ("Ran joint campaigns with the sales team.", "campaigns", True),
        ("Calculated sales tax for invoices.", "sales", False),
        ("Operated the point of sale register.", "sale", False),
        ("Grew sales by 20% in the region.", "sales", True),
        ("Received a promotion to shift supervisor.", "promotion", False),
        ("Ran in-store promotions with the brand team.", "promotions", True),
        ("Built oil and gas pipeline inspection schedules.", "pipeline", False),
        ("Grew marketing-sourced pipeline by 40%.", "pipeline", True),
        ("Reconciled accounts payable for key accounts.", "key accounts", False),
        ("Managed 12 key accounts in the Midwest.", "key accounts", True),
        ("Patient handoff at shift change.", "handoff", False),
        ("Improved lead handoff to sales reps.", "handoff", True),
        ("Prepared budget forecasting and variance reports.", "forecasting", False),
        ("Ran weekly pipeline reviews and forecasting with sales leadership.", "forecasting", True),
        ("Met SLA targets for help desk tickets.", "sla", False),
        ("Agreed a lead follow-up SLA with the sales team.", "sla", True),
        ("Closed the store and counted the cash drawer.", "closed", False),
        ("Closed 40 deals worth $2M.", "closed", True),
        ("Installed an instant messaging platform.", "messaging", False),
        ("Wrote product messaging for the sales team.", "messaging", True),
        ("Improved conversion rates on landing pages.", "conversion rates", True),
        ("Handled currency exchange conversion rates.", "conversion rates", False),
    ],
)
def test_terms_are_matched_by_sense(nlp, text, term, kept):
    assert (term in cats(nlp, text)) is kept


def test_context_does_not_cross_lines(nlp):
    """A cue on another line (another bullet) says nothing about this one."""
    assert "sql" not in cats(nlp, "Wrote SQL for the marketing database.")
    assert "sql" in cats(nlp, "Aligned MQL to SQL hand-off with sales.\nMaintained the database.")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["database", "political", "sales tax", "oil", "patient", "budget"]), st.sampled_from([0, 1, 5, 8, 9]))
def test_unambiguous_terms_never_depend_on_a_sense_cue_nearby(nlp, cue, pos):
    """Adding any sense cue next to (not inside) unambiguous terms leaves their matches unchanged."""
    base = "Partnered with product marketing on lead scoring and webinars".split()
    words = base[:pos] + [cue] + base[pos:]
    got = cats(nlp, " ".join(words) + ".")
    assert {"with product marketing", "lead scoring", "webinars"} <= got


def test_sense_rules_round_trip_through_the_taxonomy_file(tmp_path):
    tax = Taxonomy.default()
    assert tax.senses, "the bundled taxonomy has sense rules"
    path = tmp_path / "tax.json"
    tax.to_file(path)
    again = Taxonomy.from_file(path)
    assert again.senses == tax.senses and again.fingerprint == tax.fingerprint


def test_a_bad_sense_rule_is_a_clear_error():
    from collabscreen.errors import TaxonomyError

    data = Taxonomy.default().to_dict()
    data["senses"] = [{"terms": "sql"}]
    with pytest.raises(TaxonomyError, match=r"senses\[0\]"):
        Taxonomy.from_dict(data)
