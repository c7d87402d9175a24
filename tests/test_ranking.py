"""rank_results: deterministic, order-invariant, never loses or duplicates a candidate."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from collabscreen.ranking import rank_results
from collabscreen.types import ScreeningResult


def make(i, score, status="ok", text="", relevance=0.0):
    return ScreeningResult(
        source=f"cand_{i:03d}.pdf",
        score=score,
        band="none",
        category_scores={},
        evidence=(),
        sha256=f"{i:064x}",
        status=status,
        error=None if status == "ok" else "corrupt",
        error_type=None if status == "ok" else "CorruptDocumentError",
        relevance=relevance,
        text=text,
    )


results = st.lists(
    st.tuples(
        st.sampled_from([0.0, 0.1, 0.5, 0.5, 0.9, 1.0]) | st.floats(0, 1),
        st.sampled_from(["ok", "ok", "ok", "error"]),
        st.sampled_from(["", "salesforce and hubspot", "marketo"]),
    ),
    max_size=25,
).map(lambda xs: [make(i, s, st_, t) for i, (s, st_, t) in enumerate(xs)])


@settings(max_examples=150)
@given(results, st.randoms(use_true_random=False), st.none() | st.integers(0, 30), st.floats(0, 1))
def test_ranking_is_invariant_to_input_order(rs, rnd, top_k, min_score):
    a = rank_results(rs, top_k=top_k, min_score=min_score)
    shuffled = list(rs)
    rnd.shuffle(shuffled)
    b = rank_results(shuffled, top_k=top_k, min_score=min_score)
    assert [c.to_dict() for c in a] == [c.to_dict() for c in b]


@given(results, st.floats(0, 1), st.lists(st.sampled_from(["salesforce", "marketo", "hubspot"]), max_size=2))
def test_ranking_never_loses_or_duplicates_a_candidate(rs, min_score, must):
    ranked = rank_results(rs, min_score=min_score, must_have=must)
    assert sorted(c.result.source for c in ranked) == sorted(r.source for r in rs)
    assert [c.rank for c in ranked] == list(range(1, len(rs) + 1))


@given(results)
def test_best_first_then_knocked_out_then_failed(rs):
    ranked = rank_results(rs, min_score=0.3)
    q = [c.result.score for c in ranked if not c.excluded]
    assert q == sorted(q, reverse=True)
    excluded = [c.excluded for c in ranked]
    assert excluded == sorted(excluded)  # all qualifying candidates come first
    for c in ranked:
        if c.excluded:
            assert c.reason
        if not c.result.ok:
            assert c.excluded and "CorruptDocumentError" in c.reason


def test_top_k_and_ties_are_deterministic():
    rs = [make(i, 0.5) for i in range(5)] + [make(9, 0.9)]
    ranked = rank_results(rs, top_k=3)
    assert [c.result.source for c in ranked] == ["cand_009.pdf", "cand_000.pdf", "cand_001.pdf"]


def test_must_have_terms_knock_out_with_the_reason():
    rs = [make(1, 0.9, text="Salesforce admin"), make(2, 0.95, text="HubSpot only")]
    ranked = rank_results(rs, must_have=["salesforce"])
    assert ranked[0].result.source == "cand_001.pdf" and not ranked[0].excluded
    assert ranked[1].excluded and "salesforce" in ranked[1].reason


def test_rows_and_results_share_one_ranking_order():
    """batch sorts output rows with the same key rank_results uses (no copy of the rule)."""
    from collabscreen.batch import row_sort_key
    from collabscreen.ranking import rank_results
    from collabscreen.types import ScreeningResult

    rs = [
        ScreeningResult(source="b", score=0.5, band="some", category_scores={}, evidence=(), relevance=0.2, sha256="2"),
        ScreeningResult(source="a", score=0.5, band="some", category_scores={}, evidence=(), relevance=0.2, sha256="1"),
        ScreeningResult(source="c", score=0.9, band="strong", category_scores={}, evidence=(), relevance=0.1, sha256="3"),
        ScreeningResult(source="d", score=0.0, band="none", category_scores={}, evidence=(), status="error", error="x"),
        ScreeningResult(source="e", score=0.1, band="none", category_scores={}, evidence=(), sha256="5"),
    ]
    by_results = [c.result.source for c in rank_results(rs, min_score=0.2)]
    rows = [{"path": r.source, "score": r.score, "relevance": r.relevance, "sha256": r.sha256, "status": r.status,
             "excluded": "yes" if r.ok and r.score < 0.2 else "no"} for r in rs]
    assert [r["path"] for r in sorted(rows, key=row_sort_key)] == by_results == ["c", "a", "b", "e", "d"]


rows_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "status": st.sampled_from(["ok", "ok", "ok", "error"]),
            "score": st.floats(0, 1),
            "excluded": st.sampled_from(["no", "no", "yes"]),
        }
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(rows_strategy, st.none() | st.floats(0, 1), st.none() | st.integers(0, 10))
def test_shortlist_partitions_rows_in_order(raw, min_score, top):
    """Every row lands in exactly one place (shown, hidden below --top, knocked out, failed),
    order is kept, and nothing shown is below min_score or excluded."""
    from collabscreen.ranking import shortlist

    rows = [dict(r, path=f"r{i:02d}", reason="missing must-have term(s): x" if r["excluded"] == "yes" else None) for i, r in enumerate(raw)]
    shown, n_hidden, knocked, failed = shortlist(rows, min_score=min_score, top=top)
    assert len(shown) + n_hidden + len(knocked) + len(failed) == len(rows)
    if top is not None:
        assert len(shown) <= top
    for r in shown:
        assert r["status"] == "ok" and r["excluded"] != "yes"
        assert min_score is None or r["score"] >= min_score
    for r, why in knocked:
        assert why and r["status"] == "ok"
    assert all(r["status"] != "ok" for r in failed)
    order = [r["path"] for r in rows]
    for part in (shown, [r for r, _ in knocked], failed):
        idx = [order.index(r["path"]) for r in part]
        assert idx == sorted(idx)
