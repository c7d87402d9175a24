"""The scoring rules of collabscreen.scoring, each as a test that can fail."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from collabscreen.scoring import ScoringConfig, band_for, combine, dedupe, score_units

CFG = ScoringConfig()
probs = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def rec(text, section="experience", role="Manager | Acme | 2020 - Present", **kw):
    return {"text": text, "section": section, "role": role, **kw}


def test_experience_counts_more_than_the_same_words_in_skills():
    unit = "Partnered with sales on lead scoring and MQL definitions"
    exp = score_units([rec(unit)], [0.9]).score
    skills = score_units([rec(unit, section="skills")], [0.9]).score
    assert exp > skills


@given(st.integers(min_value=1, max_value=200), probs)
def test_keyword_stuffed_skills_section_never_reaches_the_top_band(n, p):
    recs = [rec(f"Skills: MQL, SQL, ABM, lead scoring, sales enablement {i}", section="skills") for i in range(n)]
    out = score_units(recs, [p] * n)
    assert out.band != "strong"
    assert out.evidence == ()


def test_repeated_bullets_do_not_inflate_the_score():
    unit = "Built battlecards with product marketing and trained the sales team on them"
    once = score_units([rec(unit)], [0.8]).score
    many = score_units([rec(unit, role=f"Role {i}") for i in range(5)], [0.8] * 5).score
    near = score_units([rec(unit), rec(unit.upper() + " ")], [0.8, 0.8]).score
    assert once == many == near


@settings(max_examples=200)
@given(st.lists(probs, max_size=12), probs)
def test_more_independent_evidence_never_lowers_the_score(ps, extra):
    recs = [rec(f"distinct evidence number {i} alpha{i} beta{i}") for i in range(len(ps))]
    before = score_units(recs, ps).score
    after = score_units(recs + [rec("a completely new piece of evidence gamma delta")], ps + [extra]).score
    assert after >= before - 1e-9


@given(st.lists(probs, min_size=1, max_size=12).filter(lambda ps: 1 <= sum(p >= 0.5 for p in ps) < CFG.max_evidence))
def test_a_further_strong_unit_raises_the_score_until_the_cap(ps):
    recs = [rec(f"evidence {i} unique{i} words{i}") for i in range(len(ps))]
    base = score_units(recs, ps).score
    assume(base < 0.999)
    more = score_units(recs + [rec("another independent joint webinar with sales")], ps + [0.9]).score
    assert more > base


@given(st.integers(min_value=0, max_value=300), st.floats(min_value=0.0, max_value=0.49))
def test_length_alone_is_not_rewarded(n_filler, p_filler):
    """Filler units below the evidence threshold never lift a resume above its best unit."""
    core = [rec("Co-ran the ABM programme with the enterprise sales team")]
    base = score_units(core, [0.8]).score
    filler = [rec(f"Routine duty number {i} with unique words w{i}") for i in range(n_filler)]
    out = score_units(core + filler, [0.8] + [p_filler] * n_filler).score
    assert out == pytest.approx(base)


@given(st.lists(probs, max_size=10), st.randoms(use_true_random=False))
def test_score_does_not_depend_on_unit_order(ps, rnd):
    recs = [rec(f"unit {i} word{i}") for i in range(len(ps))]
    pairs = list(zip(recs, ps))
    a = score_units([r for r, _ in pairs], [p for _, p in pairs]).score
    rnd.shuffle(pairs)
    b = score_units([r for r, _ in pairs], [p for _, p in pairs]).score
    assert a == pytest.approx(b, abs=1e-9)


@given(st.lists(probs, max_size=30))
def test_score_is_a_probability(ps):
    recs = [rec(f"u{i}") for i in range(len(ps))]
    s = score_units(recs, ps).score
    assert 0.0 <= s <= 1.0


def test_combine_saturates_and_caps():
    assert combine([], CFG) == 0.0
    assert combine([0.8], CFG) == pytest.approx(0.8)
    assert combine([0.8, 0.8], CFG) == pytest.approx(1 - 0.2 * 0.6)
    ten = combine([0.6] * 10, CFG)
    five = combine([0.6] * 5, CFG)
    assert ten == five < 1.0


def test_dedupe_keeps_the_best_of_each_group():
    items = [(0.6, "Ran webinars with sales"), (0.9, "ran webinars with sales!"), (0.7, "Built lead scoring")]
    assert sorted(dedupe(items, 0.8)) == [1, 2]


def test_bands():
    assert band_for(0.95, CFG) == "strong" and band_for(0.5, CFG) == "some" and band_for(0.1, CFG) == "none"


def test_hybrid_role_is_generic_evidence():
    recs = [rec("Closed 40 new accounts a quarter", domains=("sales",)), rec("Wrote the monthly newsletter and social posts", domains=("marketing",))]
    domain = [[0.95, 0.05], [0.05, 0.95]]
    out = score_units(recs, [0.2, 0.2], domain_probs=domain)
    assert out.hybrid is not None
    assert out.band == "some"  # generic evidence alone never reaches strong
    # the same duties in two different roles are not a hybrid role
    recs2 = [rec("Closed 40 new accounts a quarter", role="A", domains=("sales",)), rec("Wrote the monthly newsletter", role="B", domains=("marketing",))]
    assert score_units(recs2, [0.2, 0.2], domain_probs=domain).hybrid is None
    # a negated marketing duty does not count
    recs3 = [recs[0], rec("Wrote no newsletter", negated=True, domains=("marketing",))]
    # a line without any sales or marketing word is never half of a hybrid role
    recs4 = [recs[0], rec("Organised the office party")]
    assert score_units(recs4, [0.2, 0.2], domain_probs=domain).hybrid is None
    assert score_units(recs3, [0.2, 0.2], domain_probs=domain).hybrid is None


def test_a_duty_under_no_recognised_role_pairs_with_a_near_duty_only():
    """A missed role header (free-form layout) does not hide a hybrid role; distance and real roles still separate."""
    from collabscreen.scoring import HYBRID_WINDOW, hybrid_role

    sales = rec("Closed 40 new accounts a quarter", role="Account Manager | Acme | 2019", domains=("sales",))
    market = rec("Wrote the monthly newsletter and social posts", role=None, domains=("marketing",))
    filler = rec("Filed the weekly reports", role=None, domains=("sales",))
    domain = [[0.95, 0.05], [0.05, 0.95]]
    got = hybrid_role([sales, market], domain)
    assert got is not None and (got.sales_unit, got.marketing_unit) == (0, 1) and got.role == sales["role"]
    # the same two duties further apart than the window are two separate things
    recs = [sales] + [filler] * HYBRID_WINDOW + [market]
    far = [domain[0]] + [[0.0, 0.0]] * HYBRID_WINDOW + [domain[1]]
    h = hybrid_role(recs, far)
    assert h is None or h.strength == 0.0  # only pairs with the fillers, which have no duty
    # under two recognised roles they stay separate jobs, however close
    assert hybrid_role([sales, dict(market, role="Marketing Lead | Beta | 2016")], domain) is None


def test_resume_length_is_a_resume_feature():
    from collabscreen.scoring import MONOTONE_FEATURES, RESUME_FEATURES

    sale = rec("Closed 40 new accounts a quarter", domains=("sales",))
    one = score_units([sale], [0.2]).features
    many = score_units([sale] + [rec(f"Ran sales report {i}", domains=("sales",)) for i in range(9)], [0.2] * 10).features
    k = RESUME_FEATURES.index("n_units")
    assert many[k] > one[k] > 0
    assert "n_units" not in MONOTONE_FEATURES
    # lines about who the candidate is (no sales/marketing vocabulary) never change the length
    personal = [rec(t, section="header", role=None) for t in ("Age: 34", "Nationality: Polish", "Marital status: married")]
    assert score_units(personal + [sale], [0.0, 0.0, 0.0, 0.2]).features == one


def test_lines_without_vocabulary_never_move_two_duties_apart():
    from collabscreen.scoring import HYBRID_WINDOW, hybrid_role

    sales = rec("Closed 40 new accounts a quarter", role=None, domains=("sales",))
    market = rec("Wrote the monthly newsletter and social posts", role=None, domains=("marketing",))
    neutral = rec("Two children", role=None)
    recs = [sales] + [neutral] * (HYBRID_WINDOW + 5) + [market]
    probs = [[0.95, 0.05]] + [[0.0, 0.0]] * (HYBRID_WINDOW + 5) + [[0.05, 0.95]]
    assert hybrid_role(recs, probs) == hybrid_role([sales, market], [probs[0], probs[-1]]).__class__(None, 0, len(recs) - 1, 0.95, 0.95)


@pytest.mark.parametrize(
    "kw", [{"evidence_threshold": 1.5}, {"decay": -0.1}, {"some": 0.9, "strong": 0.5}, {"max_evidence": 0}]
)
def test_invalid_config_is_refused_with_a_clear_message(kw):
    with pytest.raises(ValueError, match="E400"):
        ScoringConfig(**kw)


# the fast paths of the scoring loop skip a pattern only where it cannot match
_VOICE = ["we are looking", "We're hiring", "you'll", "YOU WILL", "ideal candidates", "Requirements:", "qualification:",
          "responsibilities include", "what you'll do", "who you are", "join our growing team", "we offer", "apply now",
          "our client", "must have 3", "5+ years of sales experience is required", "equal opportunity employer"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_VOICE), st.text(alphabet="aeiouwyrlkndq ':+3KſİıÉé", max_size=12)), max_size=5))
def test_advert_voice_is_the_pattern_search(parts):
    from collabscreen.scoring import _ADVERT_RE, _advert_voice

    text = " ".join(parts)
    assert _advert_voice(text) == (_ADVERT_RE.search(text) is not None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="the and of to in el la de é ü İ K ß ABC 12 \n.", max_size=400))
def test_language_guess_of_ascii_and_other_text_is_that_of_lower_cased_words(text):
    import re
    from collections import Counter

    from collabscreen.language import _FUNCTION_WORDS, guess_language

    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    got = guess_language(text, min_words=3)
    if len(words) < 3:
        assert got == (None, 0.0)
        return
    counts = Counter(words)
    shares = {lang: sum(counts[w] for w in fw if w in counts) / len(words) for lang, fw in _FUNCTION_WORDS.items()}
    best = max(shares, key=lambda k: (shares[k], k == "en"))
    assert got == (best, shares[best])
