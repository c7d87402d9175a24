"""The spaCy components on spacy.blank('en'): units, sections, roles, matches, negation."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from collabscreen.features import unit_records
from collabscreen.pipeline import PIPE_NAMES, SPANS_KEYS, doc_text, make_docs, make_nlp

RESUME = """Jane Doe
jane@example.com | +1 555 0100
PROFESSIONAL SUMMARY
Marketing operations manager with eight years in B2B software. Seeking to partner with sales leaders.
Experience
Marketing Operations Manager | Acme Corp | 2019 - Present
• Partnered with sales to define MQL and SQL criteria, cutting hand-off time 40%. Built lead scoring in Marketo.
• No exposure to account-based marketing
• Rebuilt the lead routing rules in Salesforce so every inbound demo request reached an account
executive within one hour
Skills: Salesforce, HubSpot, ABM, e.g. Marketo
Education
BA Marketing, 2015
"""


def units(nlp, text):
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_default_pipeline_is_blank_english_with_our_components(nlp):
    assert nlp.lang == "en"
    assert tuple(nlp.pipe_names) == PIPE_NAMES


def test_each_line_and_bullet_is_a_unit(nlp):
    got = units(nlp, "Sales\n• first bullet without stop\n• second bullet • inline third")
    assert got == ["Sales", "• first bullet without stop", "• second bullet", "• inline third"]


def test_long_paragraph_splits_into_sentences_but_not_at_abbreviations(nlp):
    got = units(nlp, "Led the team. Built the funnel, e.g. MQL stages. Won 3 awards.")
    assert got == ["Led the team.", "Built the funnel, e.g. MQL stages.", "Won 3 awards."]


def test_sentences_glued_by_a_lost_bullet_are_units_but_names_and_domains_are_not_cut(nlp):
    got = units(nlp, "Ensured customer satisfaction.Established a client base.Performed all marketing.")
    assert got == ["Ensured customer satisfaction.", "Established a client base.", "Performed all marketing."]
    kept = "Visit www.Example.com, Amazon.Com and the U.S.Army, e.g.Salesforce, etc.Then more."
    assert units(nlp, kept) == [kept]


def test_wrapped_line_continues_the_unit_but_a_heading_does_not(nlp):
    got = units(nlp, RESUME)
    assert any(u.startswith("• Rebuilt the lead routing") and u.endswith("within one hour") for u in got)
    assert "Education" in got and "BA Marketing, 2015" in got


def test_sections_and_roles(nlp):
    doc = nlp(RESUME)
    by_text = {s.text.strip(): s for s in doc.sents}
    assert by_text["jane@example.com | +1 555 0100"]._.collab_section == "header"
    assert by_text["PROFESSIONAL SUMMARY"]._.collab_section == "summary"
    bullet = next(s for t, s in by_text.items() if t.startswith("• Partnered"))
    assert bullet._.collab_section == "experience"
    assert "Acme Corp" in bullet._.collab_role
    assert by_text["Skills: Salesforce, HubSpot, ABM, e.g. Marketo"]._.collab_section == "skills"
    assert by_text["BA Marketing, 2015"]._.collab_section == "education"
    assert by_text["BA Marketing, 2015"]._.collab_role is None


@pytest.mark.parametrize(
    "heading, section",
    [
        ("Career Accomplishments", "experience"),
        ("RELEVANT PROFESSIONAL EXPERIENCE", "experience"),
        ("Signature Strengths", "skills"),
        ("Core Qualifications", "skills"),
        ("Career Focus", "summary"),
    ],
)
def test_a_known_heading_after_generic_modifiers_starts_its_section(nlp, heading, section):
    doc = nlp(f"Jane Doe\n{heading}\nDrove regional sales with the marketing team.\n")
    line = next(s for s in doc.sents if s.text.startswith("Drove"))
    assert line._.collab_section == section


@pytest.mark.parametrize("line", ["Sales Experience", "Domestic and international experience", "Marketing Accomplishments Of Note In Depth"])
def test_a_skill_or_a_sentence_ending_in_a_heading_word_is_not_a_heading(nlp, line):
    doc = nlp(f"Skills\n{line}\nDrove regional sales with the marketing team.\n")
    assert all(s._.collab_section == "skills" for s in doc.sents if s.text.strip() != "Skills")


def test_taxonomy_matches_acronyms_and_spelled_out_forms(nlp):
    for text in ("Defined MQL criteria", "Defined marketing qualified lead criteria", "defined mqls"):
        doc = nlp(text)
        assert "funnel_kpis" in doc[:]._.collab_categories, text
    doc = nlp("Partnered with sales on webinars")
    labels = {m.label_ for m in doc.spans[SPANS_KEYS["cat"]]}
    assert {"joint_work", "joint_programs"} <= labels
    assert "sales" in {m.label_ for m in doc.spans[SPANS_KEYS["dom"]]}


def test_negation_and_hypothetical(nlp):
    doc = nlp(RESUME)
    flags = {s.text.strip(): (s._.collab_negated, s._.collab_hypothetical) for s in doc.sents}
    assert flags["• No exposure to account-based marketing"] == (True, False)
    assert flags["Seeking to partner with sales leaders."] == (False, True)
    bullet = next(t for t in flags if t.startswith("• Partnered"))
    assert flags[bullet] == (False, False)


def test_unit_records_carry_offsets_into_the_text(nlp):
    doc = nlp(RESUME)
    for r in unit_records(doc):
        assert RESUME[r["start_char"] : r["end_char"]] == r["text"]


def test_pretrained_pipeline_is_extended_not_replaced():
    import spacy

    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    nlp = make_nlp(nlp=base)
    assert nlp.pipe_names[0] == "collabscreen_lines"
    assert "sentencizer" in nlp.pipe_names and nlp.pipe_names[-1] == "collabscreen_negation"


def test_taxonomy_matcher_serialization_round_trip(tmp_path, nlp):
    from collabscreen.taxonomy import Taxonomy

    tax = Taxonomy.default().extend({"joint_programs": ["hackathon with sales"]})
    nlp2 = make_nlp(tax)
    nlp2.get_pipe("collabscreen_taxonomy").to_disk(tmp_path / "tax")
    nlp3 = make_nlp()
    nlp3.get_pipe("collabscreen_taxonomy").from_disk(tmp_path / "tax")
    doc = nlp3("Ran a hackathon with sales")
    assert "joint_programs" in doc[:]._.collab_categories
    plain = nlp("Ran a hackathon with sales")
    assert "joint_programs" not in plain[:]._.collab_categories


lines = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=40),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(lines)
def test_units_cover_the_text_in_order(nlp, parts):
    """Units partition the Doc: concatenated, they give back the text."""
    text = "\n".join(parts)
    doc = nlp(text)
    assert doc_text(doc) == doc.text == text  # the text the components read, joined once
    made = next(nlp.pipe(make_docs(nlp, [text])))  # as the Screener makes them: never joined
    assert doc_text(made) == made.text == text
    if len(doc):
        assert "".join(s.text_with_ws for s in doc.sents) == text


_TOKENIZER_PIECES = st.sampled_from(
    ["\n", "\t", " ", "  ", "\xa0", "—", "'", "’", "'s", "Acme's", "don't", "Inc.", "U.S.", "e.g.",
     "(CRM),", "MQL/SQL", "sales-led", "30%", "$1.2M", "2019-2021", ":)", "C++", "and/or", "Jan.",
     "Partnered", "with", "marketing", "•", "--", "..."]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_TOKENIZER_PIECES, st.text(max_size=6)), max_size=60))
def test_the_cache_keeping_tokenizer_gives_spacys_tokens(nlp, pieces):
    """make_nlp drops the one-character special cases that stop spaCy's chunk cache;
    every token (text, whitespace, norm, lexeme flags) stays what spaCy.blank("en") makes."""
    import spacy

    reference = spacy.blank("en").tokenizer
    for text in ("".join(pieces), " ".join(pieces)):
        # twice: the second pass reads the chunks from the cache the first one filled
        for _ in range(2):
            got, want = nlp.tokenizer(text), reference(text)
            assert [(t.text, t.whitespace_, t.norm_, t.lower_, t.is_space, t.like_num) for t in got] == [
                (t.text, t.whitespace_, t.norm_, t.lower_, t.is_space, t.like_num) for t in want
            ]


def test_the_tokenizer_keeps_rules_that_set_more_than_the_character(nlp):
    import spacy

    rules = nlp.tokenizer.rules
    assert "\n" not in rules and "—" not in rules  # the cache breakers are gone
    assert "\xa0" in rules and "don't" in rules and "Inc." in rules  # NORM, several tokens, abbreviations stay
    assert len(spacy.blank("en").tokenizer.rules) - len(rules) == 6


def test_the_default_english_is_spacys_blank_english_with_the_cache_keeping_rules():
    """make_nlp() builds its tokenizer once, from English defaults without the cache breakers:
    the same rules, affixes and language as spacy.blank("en") after keep_tokenizer_cache."""
    import spacy

    from collabscreen.pipeline import blank_en, keep_tokenizer_cache

    reference = spacy.blank("en")
    dropped = keep_tokenizer_cache(reference)
    ours = blank_en()
    assert sorted(dropped) == sorted(set(spacy.blank("en").tokenizer.rules) - set(ours.tokenizer.rules))
    assert ours.tokenizer.rules == reference.tokenizer.rules
    assert ours.lang == "en" and ours.config["nlp"]["tokenizer"] == reference.config["nlp"]["tokenizer"]
    assert keep_tokenizer_cache(ours) == []  # nothing left to drop: the rules are not loaded twice


def test_doc_text_is_the_text_after_retokenizing_and_is_not_kept_after_the_doc(nlp):
    import gc

    from collabscreen import pipeline

    doc = nlp(RESUME)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert doc_text(doc) == doc.text == RESUME
    before = len(pipeline._TEXTS)
    del doc, retokenizer
    gc.collect()
    assert len(pipeline._TEXTS) == before - 1


def test_whole_pipeline_round_trips_through_disk_and_bytes_with_a_custom_taxonomy(tmp_path, sample_files):
    """After nlp.to_disk + spacy.load (and to_bytes/from_bytes), a custom heading still opens
    the experience section, and every sample gives the same units, sections and roles."""
    import spacy
    from spacy.util import get_lang_class

    from collabscreen import extract_text
    from collabscreen.features import unit_records
    from collabscreen.pipeline import make_nlp
    from collabscreen.taxonomy import Taxonomy

    data = Taxonomy.default().to_dict()
    data["sections"]["experience"] = list(data["sections"]["experience"]) + ["where i have worked"]
    data["version"] = "test"
    nlp = make_nlp(Taxonomy.from_dict(data))
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    rebuilt = get_lang_class("en").from_config(nlp.config).from_bytes(nlp.to_bytes())
    text = "Jane Doe\nWhere I have worked\nRan joint webinars with the sales team.\n"
    for other in (loaded, rebuilt):
        assert [r["section"] for r in unit_records(other(text))] == [r["section"] for r in unit_records(nlp(text))]
        assert unit_records(other(text))[-1]["section"] == "experience"
    texts = []
    for f in sample_files:
        try:
            texts.append(extract_text(f).text)
        except Exception:
            continue
    for t in texts:
        a, b = unit_records(nlp(t)), unit_records(loaded(t))
        assert a == b
        assert nlp(t)._.collab_jobs == loaded(t)._.collab_jobs == rebuilt(t)._.collab_jobs
    assert any(nlp(t)._.collab_jobs for t in texts)


@pytest.mark.parametrize(
    "header,title",
    [
        ("Sales Associate , 05/2011 to 12/2012 Company Name - City , State", "Sales Associate"),
        ("Key Holder 08/2012 to Current Company Name City , State", "Key Holder"),
        ("Company Name June 2012 to Current Director of Digital Innovation and Strategy", "Director of Digital Innovation and Strategy"),
        ("Company Name City , State Social Media Marketing Manager 06/2015 to Current", "Social Media Marketing Manager"),
        ("Zonal Manager (Corporate Sales) , 08/2007 to 05/2013 Company Name - City , State", "Zonal Manager (Corporate Sales)"),
        ("Responsible for petty cash and bank transactions. | Junior Auditor , 02/2012 to 06/2012", "Junior Auditor"),
        ("February 2013 to February 2015 Company Name - City , State", None),
        ("Mar 2021 – Present", None),
        (None, None),
    ],
)
def test_role_title_keeps_the_job_title_of_a_role_header(header, title):
    from collabscreen.pipeline import role_title

    assert role_title(header) == title


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([" ", "\t", "\n", ".", "!", "?", '"', "'", "(", "a", "Z", "9", "•", "▶", "-",
                         "sales", "Led", "www", "Com", "Ab.", "e.g", "Inc"]),
        max_size=40,
    ).map("".join)
)
@example("Met goals.Led sales at www.Example and sales.Com, e.g.Inc and Ab.Ab.sales!Zaa")
def test_unit_boundary_pattern_matches_where_the_lookbehind_form_does(text):
    """The boundary pattern starts each alternative with the character it consumes (a faster
    scan); the units start where the plain form with the lookbehinds in front says."""
    import re

    from collabscreen.pipeline import _BOUNDARY_RE, _BULLETS

    plain = re.compile(
        r"\n[ \t]*(?=\S)" r"|(?<=\S)[ \t]+(?=[" + _BULLETS + r"])" r"|(?<=[.!?])[ \t]+(?=[\"'(]?[A-Z0-9])"
        r"|(?<=(?<!www)[a-z]{3}[.!?])(?!(?:Com|Net|Org|Edu|Gov)\b)(?=[A-Z][a-z]{2,}\b(?!\.[A-Za-z]))"
    )
    # the same spans, but for the glued stop: zero-width after it in the plain form, the stop itself here
    want = [(m.end() - 1, m.end()) if m.start() == m.end() else m.span() for m in plain.finditer(text)]
    assert [m.span() for m in _BOUNDARY_RE.finditer(text)] == want
