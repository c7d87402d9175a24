"""Roles: date-range parsing (properties and one example per format), header fields, the role
segmenter on real layouts, and roles and recency on screening results."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from collabscreen.roles import (
    STYLES,
    DateRange,
    PartialDate,
    as_date,
    find_date_range,
    format_date_range,
    parse_date_range,
    role_months,
    split_header,
    years_since_end,
)
from collabscreen.scoring import RecencyConfig, recency_factor, recency_weight

P = PartialDate

# ---------------------------------------------------------------- date ranges, by example


@pytest.mark.parametrize(
    "text,start,end,current",
    [
        ("01/2010 to Current", P(2010, 1), None, True),
        ("Jan 2019 – Present", P(2019, 1), None, True),
        ("2017-2019", P(2017), P(2019), False),
        ("Since 2015", P(2015), None, True),
        ("03.2014 - 11.2016", P(2014, 3), P(2016, 11), False),
        ("Sept. 2012 - Mar 2014", P(2012, 9), P(2014, 3), False),
        ("2019 – now", P(2019), None, True),
        ("2012", P(2012), P(2012), False),
        ("Dec 2016", P(2016, 12), P(2016, 12), False),
        ("June 2012 — August 2015", P(2012, 6), P(2015, 8), False),
        ("05/2011 to 12/2012", P(2011, 5), P(2012, 12), False),
        ("January, 2019 to date", P(2019, 1), None, True),
        ("2015 to today", P(2015), None, True),
        ("1/15/2010 - 3/1/2012", P(2010, 1), P(2012, 3), False),
        ("from 2012 through 2014", P(2012), P(2014), False),
        ("October 2014 until Present", P(2014, 10), None, True),
        ("2019 - 2017", P(2017), P(2019), False),  # reversed: the role still ran between the two
    ],
)
def test_each_date_format_parses(text, start, end, current):
    r = parse_date_range(text)
    assert r is not None, text
    assert (r.start, r.end, r.current) == (start, end, current)


@pytest.mark.parametrize(
    "line,start,end",
    [
        ("Key Holder 08/2012 to Current Company Name City , State", P(2012, 8), None),
        ("San Diego, CA · Mar 2020 – Present", P(2020, 3), None),
        ("Senior Product Marketing Manager — Corvane Systems | Jan 2020 – Present", P(2020, 1), None),
        ("Sales Associate , 05/2011 to 12/2012 Company Name - City , State", P(2011, 5), P(2012, 12)),
    ],
)
def test_dates_are_found_inside_a_header_line(line, start, end):
    r = find_date_range(line)
    assert (r.start, r.end) == (start, end)
    assert parse_date_range(line) is None  # not all of the line is dates


@pytest.mark.parametrize("text", ["Managed 12 reps", "Grew revenue 2000%", "Room 1234", "", "ISO 9001 audit", "v3.2019x"])
def test_text_without_dates_has_no_range(text):
    assert find_date_range(text) is None


@given(st.text(alphabet="0123456789/.-–~ toJanFebSeptDecPresentSinceFrom'’,", max_size=40))
@settings(max_examples=300, deadline=None)
def test_no_date_pattern_matches_a_text_without_19_or_20(text):
    """find_date_range skips a text holding neither "19" nor "20" without running its regexes:
    every date pattern needs a year 19xx/20xx, so none of them can match such a text."""
    from collabscreen import roles

    text = text.replace("19", "1 9").replace("20", "2 0")
    for pattern in (roles._RANGE_RE, roles._SINCE_RE, roles._ONE_RE):
        assert pattern.search(text) is None


def test_months_count_both_ends_and_run_open_roles_to_the_reference():
    ref = dt.date(2024, 6, 15)
    assert role_months(P(2019, 1), P(2019, 3), ref) == 3
    assert role_months(P(2017), P(2019), ref) == 36  # a year alone is the whole year
    assert role_months(P(2024, 1), None, ref) == 6
    assert role_months(P(2025, 1), None, ref) == 0  # starts after the reference date
    assert years_since_end(P(2009), dt.date(2019, 12, 1)) == 10.0
    assert years_since_end(None, ref) == 0.0


# ---------------------------------------------------------------- date ranges, properties

years = st.integers(1960, 2060)
months = st.integers(1, 12)
dates_with_months = st.builds(PartialDate, years, months)
year_dates = st.builds(PartialDate, years)


@st.composite
def ranges(draw):
    style = draw(st.sampled_from(STYLES))
    kind = dates_with_months if style[4] else year_dates
    a, b = draw(kind), draw(kind)
    if b.first_month < a.first_month:
        a, b = b, a
    end = None if draw(st.booleans()) else b
    return style[0], DateRange(a, end, end is None)


@given(ranges(), st.sampled_from(["", "Marketing Manager ", "Acme Corp | "]), st.sampled_from(["", " | Boston, MA", " Company Name - City , State"]))
@settings(max_examples=300, deadline=None)
def test_a_formatted_range_parses_back_to_itself_in_every_style(case, before, after):
    style, r = case
    text = format_date_range(r, style)
    got = parse_date_range(text)
    assert got is not None, text
    assert (got.start, got.end, got.current) == (r.start, r.end, r.current), text
    found = find_date_range(before + text + after)
    assert (found.start, found.end, found.current) == (r.start, r.end, r.current)


@given(ranges())
@settings(max_examples=100, deadline=None)
def test_since_form_parses_back(case):
    style, r = case
    if r.end is None:
        got = parse_date_range(format_date_range(r, style, since=True))
        assert (got.start, got.end, got.current) == (r.start, None, True)


@given(st.text(alphabet="0123456789/.-– toJanFebSeptDec201Present", max_size=40), st.dates(dt.date(1990, 1, 1), dt.date(2070, 1, 1)))
@settings(max_examples=300, deadline=None)
def test_any_parsed_range_ends_after_it_starts_and_has_months(text, ref):
    r = find_date_range(text)
    if r is None:
        return
    assert r.end is None or r.end.last_month >= r.start.first_month
    assert role_months(r.start, r.end, ref) >= 0
    assert years_since_end(r.end, ref) >= 0
    assert 0 <= r.span[0] < r.span[1] <= len(text)


# ---------------------------------------------------------------- header fields


@pytest.mark.parametrize(
    "lines,title,employer,location",
    [
        (["Sales Associate Company Name - City , State"], "Sales Associate", "Company Name", "City, State"),
        (["Company Name City , State Social Media Marketing Manager"], "Social Media Marketing Manager", "Company Name", "City, State"),
        (["Regional Sales Representative, Verdier Packaging Systems, Montréal, QC"], "Regional Sales Representative", "Verdier Packaging Systems", "Montréal, QC"),
        (["Office Administrator, Gulfview Dental Partners (Tampa, FL)"], "Office Administrator", "Gulfview Dental Partners", "Tampa, FL"),
        (["Vice President, Revenue Operations — Quillstone Analytics | Boston, MA"], "Vice President, Revenue Operations", "Quillstone Analytics", "Boston, MA"),
        (["Senior Marketing Operations Manager", "Ledgerline Software · Austin, TX"], "Senior Marketing Operations Manager", "Ledgerline Software", "Austin, TX"),
        (["Director, Business Development"], "Director, Business Development", None, None),
        # no title word, but the employer is known: what is left is the title
        (["Social Media Content Creator | Company Name City , State"], "Social Media Content Creator", "Company Name", "City, State"),
        (["Acme Media | Boston, MA"], None, "Acme Media", "Boston, MA"),
    ],
)
def test_header_fields(lines, title, employer, location):
    f = split_header(lines)
    assert (f.title, f.employer, f.location) == (title, employer, location)


# ---------------------------------------------------------------- the role segmenter

LAYOUTS = {
    # dates above "Title Company Name - City , State" (anonymised resumes)
    "dates first": "Jane\nExperience\n08/2014 to Current\nSales Associate Company Name - City , State\nGreet customers.\n"
    "09/2013 to 07/2014\nProduction Intern Company Name - City , State\nDeveloped schedules.\nEducation\nDec 2016\nAssociates College\n",
    # title line above "Employer · Place · dates"
    "title first": "Jane\nEXPERIENCE\nSenior Marketing Operations Manager\nLedgerline Software · Austin, TX · Mar 2021 – Present\n"
    "• Co-designed lead scoring with sales.\nMarketing Coordinator\nBluefin Events Group · Dallas, TX · Aug 2015 – May 2017\n• Ran events.\n",
    # a range over three lines
    "split range": "Jane\nExperience\nApril 2013\nto\nMay 2016\nCompany Name Finance Analyst\nBuilt the budget.\n",
}


def test_role_segmenter_reads_each_layout(nlp):
    jobs = nlp(LAYOUTS["dates first"])._.collab_jobs
    assert [(j["title"], j["employer"], j["start"], j["end"], j["current"]) for j in jobs] == [
        ("Sales Associate", "Company Name", "2014-08", None, True),
        ("Production Intern", "Company Name", "2013-09", "2014-07", False),
    ]
    text = LAYOUTS["dates first"]
    assert text[jobs[0]["start_char"] :].startswith("08/2014") and jobs[0]["end_char"] == jobs[1]["start_char"]
    assert "Education" not in text[jobs[1]["start_char"] : jobs[1]["end_char"]]  # a role ends with its section
    jobs = nlp(LAYOUTS["title first"])._.collab_jobs
    assert [(j["title"], j["employer"], j["location"], j["dates"]) for j in jobs] == [
        ("Senior Marketing Operations Manager", "Ledgerline Software", "Austin, TX", "Mar 2021 – Present"),
        ("Marketing Coordinator", "Bluefin Events Group", "Dallas, TX", "Aug 2015 – May 2017"),
    ]
    jobs = nlp(LAYOUTS["split range"])._.collab_jobs
    assert [(j["title"], j["start"], j["end"]) for j in jobs] == [("Finance Analyst", "2013-04", "2016-05")]


def test_headers_that_run_into_their_description(nlp):
    text = (
        "Experience\n"
        "President 12/1998 to Current Company Name City , State Strengthened the company's business by leading the rollout of a new CRM.\n"
        "Sales Associate 05/2010\n"
        "10/2015 to Current\n"
        "REALTOR Company Name - City , State Rent, buy, or sell property for clients and draw up real estate contracts.\n"
    )
    jobs = nlp(text)._.collab_jobs
    assert [(j["title"], j["employer"], j["location"], j["start"], j["end"], j["current"]) for j in jobs] == [
        ("President", "Company Name", "City, State", "1998-12", None, True),
        ("Sales Associate", None, None, "2010-05", "2010-05", False),
        ("REALTOR", "Company Name", "City, State", "2015-10", None, True),
    ]


def test_dates_inside_a_sentence_or_bullet_start_no_role(nlp):
    text = (
        "Experience\nMarketing Manager\nMar 2019 – Present\nWon the Marketing Star award from 2013 - 2018 for managing inserts.\n"
        "• Ran 2019 – 2020 webinars\nAchieved top five percentile in monthly sales in Dec 2014\n"
        "Receiving the award 2013 - 2018 for exemplary job performance managing inserts and the weekly newspaper circulars for all stores\n"
    )
    jobs = nlp(text)._.collab_jobs
    assert [(j["title"], j["start"]) for j in jobs] == [("Marketing Manager", "2019-03")]


# ---------------------------------------------------------------- recency weighting (pure)


def test_recency_weight_and_factor():
    cfg = RecencyConfig(half_life_years=5, grace_years=2, floor=0.5)
    assert recency_weight(None, cfg) == recency_weight(0, cfg) == recency_weight(2, cfg) == 1.0
    assert recency_weight(7, cfg) == pytest.approx(0.5)
    assert recency_weight(40, cfg) == 0.5
    assert recency_factor([], cfg) == 1.0
    assert recency_factor([(0.9, 0.0), (0.95, 20.0)], cfg) == pytest.approx(0.9 / 0.95, abs=1e-6)
    assert recency_factor([(0.9, 4.5)], cfg) == pytest.approx(0.5**0.5, abs=1e-6)
    assert recency_factor([(0.9, 12.0)], cfg) == 0.5  # never below the floor
    with pytest.raises(ValueError, match="half_life_years"):
        RecencyConfig(half_life_years=0)


@given(st.lists(st.tuples(st.floats(0, 1), st.one_of(st.none(), st.floats(0, 60))), max_size=8), st.floats(0, 60))
@example(items=[(5e-324, 7.0)], extra=0.0)  # a weight so small that discounting it underflows to 0 (found by hypothesis)
def test_recency_factor_is_in_floor_one_and_older_evidence_never_counts_more(items, extra):
    cfg = RecencyConfig()
    f = recency_factor(items, cfg)
    assert cfg.floor - 1e-9 <= f <= 1.0
    older = [(w, None if a is None else a + extra) for w, a in items]
    assert recency_factor(older, cfg) <= f + 1e-9


def test_as_date_accepts_iso_forms_and_refuses_others():
    assert as_date("2024-06-30") == dt.date(2024, 6, 30)
    assert as_date("2024-06") == dt.date(2024, 6, 1)
    assert as_date("2024") == dt.date(2024, 1, 1)
    assert as_date(dt.datetime(2024, 6, 30, 12)) == dt.date(2024, 6, 30)
    with pytest.raises(ValueError, match="reference_date"):
        as_date("last tuesday")


# ---------------------------------------------------------------- roles and recency on results

OLD_AND_NEW = (
    "Jane Roe\nExperience\n"
    "Marketing Coordinator\nBrightwell Analytics | Atlanta, GA | Jan 2005 – Dec 2009\n"
    "• Co-designed the lead scoring model with the VP of Sales and agreed the MQL definition with the SDR team.\n"
    "• Ran joint webinars with the sales team and passed every lead to sales within one hour under a written SLA.\n"
    "Office Manager\nCopperline HR | Portland, OR | Jan 2010 – Present\n"
    "• Ordered supplies and managed the office budget.\n"
)


def test_roles_and_recency_on_a_result(screener):
    import copy

    r = screener.screen_text(OLD_AND_NEW, reference_date="2024-06-30")
    assert [(ro.title, ro.employer, ro.start, ro.end, ro.current, ro.months) for ro in r.roles] == [
        ("Marketing Coordinator", "Brightwell Analytics", "2005-01", "2009-12", False, 60),
        ("Office Manager", "Copperline HR", "2010-01", None, True, 174),
    ]
    assert r.evidence and all(e.role == "Marketing Coordinator" for e in r.evidence)
    assert {id(e) for e in r.roles[0].evidence} == {id(e) for e in r.evidence} and not r.roles[1].evidence
    assert r.recency.reference == "caller" and r.recency.reference_date == "2024-06-30"
    assert "only in a role that ended in 2009" in r.recency.note and not r.recency.applied
    d = r.to_dict()
    assert d["roles"][0]["title"] == "Marketing Coordinator" and d["roles"][0]["evidence"][0]["role"] == "Marketing Coordinator"
    assert d["recency"]["note"] == r.recency.note

    weighted = copy.copy(screener)
    weighted.recency = True
    w = weighted.screen_text(OLD_AND_NEW, reference_date="2024-06-30")
    assert w.recency.applied and w.recency.factor < 1.0
    assert w.score == round(r.score * w.recency.factor, 6) < r.score
    # the same resume read in 2010: the evidence is recent, nothing is taken off
    assert weighted.screen_text(OLD_AND_NEW, reference_date="2010-06-01").score == r.score


def test_an_undated_resume_is_measured_against_its_latest_date(screener):
    text = OLD_AND_NEW.replace("Jan 2010 – Present", "Jan 2010 – Mar 2012")
    r = screener.screen_text(text)
    assert r.recency.reference == "latest date in resume" and r.recency.reference_date == "2012-03-01"
    assert screener.screen_text(OLD_AND_NEW).recency.reference == "today"


def test_recency_off_gives_the_resume_model_score_at_any_reference_date(screener, sample_files):
    """Off, the score is the resume model's (expected grade / 3, capped without evidence) whatever the date."""
    firsts = {}
    for ref in ("1999-01-01", "2024-06-30", None):
        for res in screener.screen_many(sample_files, reference_date=ref):
            if not res.ok:
                continue
            assert res.score == res.recency.unweighted_score and res.recency.factor == 1.0
            model = round(res.expected_grade / 3.0, 6)
            assert res.score == model or (not res.evidence and res.score < model)
            assert firsts.setdefault(res.source, (res.score, res.band)) == (res.score, res.band)
