"""Notebook display: HTML escaping, DataFrames and plots, on real screenings."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from htmlparse import Collected, parse

from collabscreen.display import candidates_frame, evidence_frame, ranking_html, result_html
from collabscreen.errors import CollabscreenError
from collabscreen.types import Evidence, ScreeningResult

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
MODEL = ROOT / "models" / "default"

pytestmark = pytest.mark.skipif(not (MODEL / "meta.json").exists(), reason="trained model not present")

# A resume whose evidence lines sit next to (and contain) markup. The classifier
# finds evidence in lines 3 and 4, so lines 2-5 are shown as context.
HOSTILE = """Jordan Example & Co
Field Marketing Manager | Acme <b>Corp</b> | 2019 - Present
<script>alert(1)</script> Built the account-based marketing program with six strategic AEs <img src=x onerror=alert(2)>, and we wrote account plans together in Salesforce.
Ran a weekly pipeline review with the sales team & agreed the MQL-to-SQL hand-off SLA <u>in writing</u>.
Tom & Jerry's <i>favourite</i> </div></details><script>alert(3)</script>
"""
HOSTILE_NAME = "cv<img src=x onerror=alert('name')>.txt"

# every tag our HTML may contain; anything else came from a resume
ALLOWED_TAGS = {
    "div", "span", "mark", "b", "i", "br", "wbr", "code", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "details", "summary",
}  # fmt: skip


def assert_inert(html: str) -> Collected:
    """No tag or attribute that the library did not write itself."""
    p = parse(html)
    assert set(p.tags) <= ALLOWED_TAGS, set(p.tags) - ALLOWED_TAGS
    assert not [a for a in p.attr_names if a.startswith("on") or a in ("src", "href")]
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    return p


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def screener():
    from collabscreen import Screener

    return Screener(keep_text=True)


@pytest.fixture(scope="module")
def hostile(screener) -> ScreeningResult:
    r = screener.screen_text(HOSTILE, source=HOSTILE_NAME)
    assert r.evidence, "the hostile resume must produce evidence for these tests to mean anything"
    return r


@pytest.fixture(scope="module")
def sample_paths() -> list[Path]:
    names = [
        "strong_marketing_ops_lead_scoring.pdf",
        "strong_sdr_manager_marketing_handoff.md",
        "generic_trade_show_sales_rep.txt",
        "unrelated_registered_nurse.pdf",
        "sales_only_account_executive.txt",
    ]
    return [SAMPLES / n for n in names] + [SAMPLES / "bad" / "encrypted.pdf"]


@pytest.fixture(scope="module")
def results(screener, sample_paths, hostile) -> list[ScreeningResult]:
    return list(screener.screen_many(sample_paths)) + [hostile]


@pytest.fixture(scope="module")
def ranking(results):
    from collabscreen.ranking import rank_results

    return rank_results(results, min_score=0.15)


# ---------------------------------------------------------------- HTML escaping
def test_result_html_escapes_hostile_resume(hostile):
    html = result_html(hostile)
    p = assert_inert(html)
    text = "".join(p.data)
    # the markup shows as text, in the evidence's context
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert "Acme <b>Corp</b>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "sales team &amp; agreed" in html
    assert "Tom &amp; Jerry" in html
    # stray closing tags from the resume cannot close ours
    assert "&lt;/div&gt;&lt;/details&gt;" in html
    assert "alert(&#x27;name&#x27;)" in html  # the file name is escaped too



def test_result_html_shows_the_interview_questions_escaped(hostile):
    from dataclasses import replace

    from collabscreen.questions import interview_questions

    quoted = [q for q in interview_questions(hostile) if q.evidence_ref is not None]
    assert any("<" in q.text for q in quoted), "a question must quote the hostile evidence for this test to test anything"
    html = result_html(hostile)
    p = assert_inert(html)
    text = "".join(p.data)
    assert "Interview questions" in text and p.tags.count("li") >= len(hostile.questions)
    assert all(q.text in text for q in hostile.questions)
    assert "Interview questions" not in "".join(parse(result_html(hostile, questions=False)).data)
    failed = replace(hostile, status="error", error="broken")
    assert "Interview questions" not in "".join(parse(result_html(failed)).data)

def test_ranking_html_escapes_hostile_resume_and_errors(ranking, hostile):
    bad = ScreeningResult(
        source="evil<img src=x onerror=alert(9)>.pdf",
        score=0.0,
        band="none",
        category_scores={},
        evidence=(),
        status="error",
        error="<script>alert('err')</script> could not read",
        error_type="CorruptDocumentError",
    )
    from collabscreen.ranking import rank_results

    ranked = rank_results(list(ranking.results) + [bad], min_score=0.05)
    html = ranking_html(ranked)
    p = assert_inert(html)
    text = "".join(p.data)
    assert "<script>alert(1)</script>" in text  # in the hostile candidate's details
    assert "<u>in writing</u>" in text  # in its top evidence, in the table
    assert "<script>alert('err')</script> could not read" in text
    assert "evil<img src=x onerror=alert(9)>.pdf" in text
    # one <details> per candidate, all of them closed
    assert p.tags.count("details") == len(ranked)
    assert "<details open" not in html


def test_displacy_labels_are_escaped():
    # displaCy escapes the text but not labels; a custom taxonomy key reaches the label
    key = "<img src=x onerror=alert(5)>"
    text = "We ran joint pipeline reviews with sales every week."
    ev = Evidence(
        text=text, category=key, categories=(key,), probability=0.9, weight=0.9,
        section="experience", start_char=0, end_char=len(text), page=1, role="<b>role</b>",
    )  # fmt: skip
    r = ScreeningResult(source="x.txt", score=0.9, band="strong", category_scores={key: 0.9}, evidence=(ev,), text=text)
    p = assert_inert(result_html(r))
    assert key in "".join(p.data)
    assert "<b>role</b>" in "".join(p.data)


_MARKUP = st.sampled_from(
    ["<script>alert(1)</script>", "<b>", "</div>", "</details>", "<img src=x onerror=alert(1)>", "&amp;", "&", "'", '"', "\n"]
)
_PLAIN = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)


def _resume_text(min_size: int = 0):
    return st.lists(st.one_of(_PLAIN, _MARKUP), min_size=min_size, max_size=10).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=_resume_text(),
    middle=_resume_text(min_size=1).map(lambda t: t.replace("\n", " ")),
    after=_resume_text(),
    keep=st.booleans(),
)
def test_any_text_renders_as_text(before, middle, after, keep):
    """Property: whatever the resume says, it comes out as text, evidence included."""
    if not middle.strip():
        middle = "x" + middle
    text = before + middle + after
    a, b = len(before), len(before) + len(middle)
    ev = Evidence(
        text=middle, category="joint_work", categories=("joint_work",), probability=0.8, weight=0.8,
        section="experience", start_char=a, end_char=b, page=1, role=before[:20] or None,
    )  # fmt: skip
    r = ScreeningResult(
        source=after[:10] or "a.txt", score=0.8, band="strong", category_scores={"joint_work": 0.8},
        evidence=(ev,), text=text if keep else None,
    )  # fmt: skip
    from collabscreen.ranking import Ranking
    from collabscreen.types import RankedCandidate

    for html in (result_html(r), ranking_html(Ranking([RankedCandidate(rank=1, result=r)]))):
        p = parse(html)
        assert set(p.tags) <= ALLOWED_TAGS
        assert "<script" not in html and "<img" not in html
        assert not [x for x in p.attr_names if x.startswith("on") or x in ("src", "href")]
        shown = "".join("".join(p.data).split())
        assert "".join(middle.split()) in shown


def test_context_shown_when_text_kept_and_sentence_alone_otherwise(hostile):
    from dataclasses import replace

    ev = hostile.evidence[0]
    lines = hostile.text.split("\n")
    i = next(k for k, line in enumerate(lines) if ev.text.split("\n")[0] in line)
    neighbour = lines[i - 1] if i > 0 else lines[i + 1]
    assert neighbour.strip()
    with_text = "".join(parse(result_html(hostile)).data)
    assert neighbour.strip() in with_text
    bare = replace(hostile, text=None)
    html = result_html(bare)
    assert "keep_text=True" in html  # says how to get the context
    # each evidence block shows only its sentence: a line that is no evidence is absent
    assert "Jerry" not in "".join(parse(html).data)


def test_result_html_shows_score_band_categories_section_probability(hostile):
    from collabscreen.taxonomy import default_taxonomy

    html = result_html(hostile)
    text = " ".join(parse(html).data)
    assert f"{hostile.score:.3f}" in text
    assert hostile.band in text
    top = max(hostile.category_scores, key=hostile.category_scores.get)
    assert default_taxonomy().categories[top].label in text
    ev = hostile.evidence[0]
    assert ev.section in text
    assert f"p {ev.probability:.2f}" in text
    assert "<mark" in html  # displaCy's highlight


def test_result_html_of_a_failed_file_shows_the_reason(ranking):
    failed = [c.result for c in ranking if not c.result.ok]
    assert failed
    html = result_html(failed[0])
    assert "encrypted" in html.lower()
    assert "EncryptedDocumentError" in html


def test_ranking_html_table_order_and_knockouts(ranking):
    html = ranking_html(ranking)
    names = [c.result.source.rsplit("/", 1)[-1] for c in ranking]
    text = "".join(parse(html).data)
    positions = [text.find(n) for n in names[:-1]]
    assert all(pos >= 0 for pos in positions)
    assert positions == sorted(positions)
    knocked = [c for c in ranking if c.excluded and c.result.ok]
    assert knocked, "the sample set must contain a knock-out"
    assert "knocked out" in text and "below min_score" in text
    assert "failed" in text


def test_ranking_html_max_rows(ranking):
    html = ranking_html(ranking, max_rows=2)
    assert f"and {len(ranking) - 2} more" in html
    assert parse(html).tags.count("details") == 2


def test_repr_html_hooks_and_short_repr(ranking, hostile):
    assert ranking._repr_html_() == ranking_html(ranking)
    assert hostile._repr_html_() == result_html(hostile)
    assert "\n" not in repr(hostile) and len(repr(hostile)) < 200
    assert "\n" not in repr(ranking) and len(repr(ranking)) < 300


def test_html_is_deterministic(ranking):
    assert ranking_html(ranking) == ranking_html(ranking)


# ---------------------------------------------------------------- DataFrames
def _category_keys():
    from collabscreen.taxonomy import default_taxonomy

    return list(default_taxonomy().categories)


def test_candidates_frame_one_row_per_candidate(ranking):
    """to_pandas() has exactly the columns of `collabscreen score`'s CSV, from the same row builder."""
    from collabscreen.batch import columns

    df = candidates_frame(ranking)
    keys = _category_keys()
    assert len(df) == len(ranking)
    assert list(df.columns) == columns(keys, "csv")
    assert list(df["rank"]) == [c.rank for c in ranking]
    assert list(df["path"]) == [c.result.source for c in ranking]
    for (_, row), c in zip(df.iterrows(), ranking):
        r = c.result
        if r.ok:
            assert row["n_evidence"] == len(r.evidence)
            assert row["score"] == pytest.approx(r.score)
            assert row["band"] == r.band
            for k in keys:
                assert row[f"cat_{k}"] == pytest.approx(r.category_scores.get(k, 0.0))
            if r.evidence:
                assert row["top_evidence"] == " ".join(r.evidence[0].text.split())
                assert row["top_category"] == r.evidence[0].category
            assert row["excluded"] == ("yes" if c.excluded else "no")
        else:
            assert row["status"] == "error" and math.isnan(row["score"])
            assert "encrypted" in row["error"] and row["error_code"] == "E101"
    assert df.loc[df["excluded"] == "yes", "reason"].notna().all()
    assert ranking.to_pandas().equals(df)


def test_candidates_frame_of_plain_results_has_no_rank(results):
    df = candidates_frame(results)
    assert df["rank"].isna().all()
    assert len(df) == len(results)
    one = candidates_frame(results[0])
    assert len(one) == 1


def test_evidence_frame_one_row_per_span(ranking):
    df = evidence_frame(ranking)
    assert list(df.columns) == [
        "path", "rank", "evidence_rank", "kind", "text", "category", "category_label", "probability",
        "weight", "section", "role", "page", "start_char", "end_char",
    ]  # fmt: skip
    assert len(df) == sum(max(1, len(e.parts)) for c in ranking for e in c.result.evidence) > 0
    by_path = {c.result.source: c.result for c in ranking}
    for _, row in df.iterrows():
        r = by_path[row["path"]]
        assert r.text[row["start_char"] : row["end_char"]] == row["text"]
        e = r.evidence[row["evidence_rank"] - 1]
        assert row["text"] in ([e.text] if not e.parts else [p.text for p in e.parts])
    assert ranking.evidence_frame().equals(df)


def test_evidence_frame_of_a_result_and_of_nothing(hostile):
    df = hostile.to_pandas()
    assert len(df) == len(hostile.evidence)
    assert df["rank"].isna().all()
    empty = evidence_frame([])
    assert len(empty) == 0 and "text" in empty.columns
    assert len(candidates_frame([])) == 0


def test_frames_reject_other_items():
    with pytest.raises(TypeError, match="ScreeningResult"):
        candidates_frame(["not a result"])


def test_missing_pandas_is_a_clear_error(monkeypatch, hostile):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(CollabscreenError, match=r"pandas.*collabscreen\[notebook\]") as info:
        candidates_frame([hostile])
    assert info.value.code == "E403"
    with pytest.raises(CollabscreenError, match="pandas"):
        hostile.to_pandas()


# ---------------------------------------------------------------- plots
@pytest.fixture
def plt():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_scores(plt, ranking):
    from matplotlib.axes import Axes

    from collabscreen.plots import plot_scores

    ax = plot_scores(ranking)
    assert isinstance(ax, Axes)
    assert "Score distribution" in ax.get_title() and "1 file failed" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel() == "Candidates"
    n_ok = sum(1 for c in ranking if c.result.ok)
    # stacked bars: the top of each stack is the count in the bin
    heights = {}
    for patch in ax.patches:
        x = round(patch.get_x(), 6)
        heights[x] = max(heights.get(x, 0), patch.get_y() + patch.get_height())
    assert sum(heights.values()) == n_ok
    xs = sorted(line.get_xdata()[0] for line in ax.get_lines())
    from collabscreen.scoring import ScoringConfig

    assert xs == [ScoringConfig().some, ScoringConfig().strong]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("strong") for t in legend)


def test_plot_scores_on_given_axes(plt, results):
    from collabscreen.plots import plot_scores

    fig, ax = plt.subplots()
    assert plot_scores(results, ax=ax, strong=0.8, some=0.3) is ax
    assert sorted(line.get_xdata()[0] for line in ax.get_lines()) == [0.3, 0.8]


def test_plot_category_heatmap(plt, ranking):
    from matplotlib.axes import Axes

    from collabscreen.plots import plot_category_heatmap
    from collabscreen.taxonomy import default_taxonomy

    ax = plot_category_heatmap(ranking)
    assert isinstance(ax, Axes)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    ok = sorted((c.result for c in ranking if c.result.ok), key=lambda r: -r.score)
    image = ax.get_images()[0]
    keys = list(default_taxonomy().categories)
    assert image.get_array().shape == (len(ok), len(keys))
    assert image.colorbar is not None and image.colorbar.ax.get_ylabel()
    ylabels = [t.get_text() for t in ax.get_yticklabels()]
    scores = [float(label.rsplit(" ", 1)[-1]) for label in ylabels]
    assert scores == sorted(scores, reverse=True)
    assert image.get_array()[0].tolist() == pytest.approx([ok[0].category_scores[k] for k in keys])
    xlabels = [" ".join(t.get_text().split()) for t in ax.get_xticklabels()]
    assert xlabels == [default_taxonomy().categories[k].label for k in keys]


def test_plot_heatmap_max_candidates(plt, ranking):
    from collabscreen.plots import plot_category_heatmap

    ax = plot_category_heatmap(ranking, max_candidates=2)
    assert ax.get_images()[0].get_array().shape[0] == 2
    assert "top 2 of" in ax.get_title()


def test_missing_matplotlib_is_a_clear_error(monkeypatch, results):
    from collabscreen.plots import plot_scores

    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(CollabscreenError, match="matplotlib"):
        plot_scores(results)


HOSTILE_ROLES = """Jordan Example
Experience
Field Marketing Manager <script>alert(4)</script>
Acme <b>Corp</b> | Boston, MA | Jan 2019 - Present
Built the account-based marketing program with six strategic AEs, and we wrote account plans together in Salesforce.
Ran a weekly pipeline review with the sales team and agreed the MQL-to-SQL hand-off SLA in writing.
"""


def test_result_html_groups_evidence_under_its_role_with_dates_and_escapes_it(screener):
    r = screener.screen_text(HOSTILE_ROLES, source="roles.txt", reference_date="2024-06-30")
    assert r.roles and r.roles[0].evidence, "the role must hold evidence for this test to mean anything"
    html = result_html(r)
    p = assert_inert(html)
    text = "".join(p.data)
    assert "Jan 2019 – present" in text and "Field Marketing Manager <script>alert(4)</script>" in text
    assert "66 months" in text and "Recency: strong evidence in the current role" in text
    # each evidence card comes after its role's heading
    assert text.index("Jan 2019 – present") < text.index("#1")
