from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabscreen.extract._repair import repair_text


def fix(s: str) -> str:
    return repair_text(s)[0]


@pytest.mark.parametrize(
    "raw, want",
    [
        # mojibake
        ("\u00e2\u20ac\u00a2 Managed accounts", "\u2022 Managed accounts"),
        ("Sales \u00e2\u20ac\u201c Marketing", "Sales \u2013 Marketing"),
        ("caf\u00c3\u00a9", "caf\u00e9"),
        ("for \u00c2 girls", "for girls"),
        ("Company Name \u00ef\u00bc\u200b City", "Company Name - City"),
        ("\u00e2\u20ac\u0153Annie,\u00e2\u20ac\u200b and", "\u201cAnnie,\u201d and"),
        # ligatures, full width, fancy letters, invisible characters
        ("\ufb01nance \ufb02ow \ufb00ort \ufb03ce \ufb04e", "finance flow ffort ffice ffle"),
        ("\uff33\uff41\uff4c\uff45\uff53", "Sales"),
        ("\U0001d412\U0001d41a\U0001d425\U0001d41e\U0001d42c", "Sales"),
        ("lead\u200b scor\u00ading\u200d \ufeffMQL\u202e", "lead scoring MQL"),
        ("tab\there  and\u00a0nbsp ", "tab here and nbsp"),
        ("bell\x07char", "bell char"),
        # bullets
        ("\u25aa item", "\u2022 item"),
        ("\u25cf item", "\u2022 item"),
        ("\u25e6 item", "\u2022 item"),
        ("\uf0b7 item", "\u2022 item"),
        ("\uf0a7\titem", "\u2022 item"),
        ("\u2013 item", "\u2022 item"),
        ("- item", "\u2022 item"),
        ("\u2023 item", "\u2022 item"),
        ("o item", "\u2022 item"),
        ("* item", "\u2022 item"),
        ("-Managed", "\u2022 Managed"),
        ("\u2022\nManaged team", "\u2022 Managed team"),
        ("\u2022\n\u2022\n\u2022\nA\nB", "A\nB"),
        ("Sales \u25aa Marketing \u25aa CRM", "Sales \u2022 Marketing \u2022 CRM"),
        ("-5% churn", "-5% churn"),
        ("order of operations", "order of operations"),
        # hyphenation
        ("manage-\nment of accounts", "management\nof accounts"),
        ("Manage-\nment", "Management"),
        ("co-\nmarketing plans", "co-marketing\nplans"),
        ("cross-\nfunctional team", "cross-functional\nteam"),
        ("self-\nstarter", "self-starter"),
        ("data-\ndriven", "data-driven"),
        ("go-to-\nmarket plan", "go-to-market\nplan"),
        ("2019-\n2021", "2019-2021"),
        ("B2B-\nSaaS", "B2B-SaaS"),
        ("Sales -\nMarketing", "Sales -\nMarketing"),
        ("mar-\nketing", "marketing"),
        ("pipeline soft\u00ad\nware", "pipeline software"),
        # line structure
        ("SUMMARY\n=======\ntext\n_ _ _ _\n- - -", "SUMMARY\n\ntext"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("\n\n a \n b\n\n", "a\nb"),
        ("line one\r\nline two\rline three\u2028four\x0cfive", "line one\nline two\nline three\nfour\nfive"),
    ],
)
def test_repair_table(raw, want):
    assert fix(raw) == want


def test_mojibake_is_reported():
    text, report = repair_text("\u00e2\u20ac\u00a2 one\nplain\n\u00c3\u00a9t\u00c3\u00a9")
    assert report.mojibake_lines == 2
    assert any("mojibake" in w for w in report.warnings())
    _, clean = repair_text("caf\u00e9 \u2013 r\u00e9sum\u00e9 \u201cquoted\u201d")
    assert clean.mojibake_lines == 0 and not clean.warnings()


def test_real_text_untouched():
    text = "Jos\u00e9 M\u00fcller \u2013 \u201cVP\u201d, S\u00e3o Paulo\n\u00bd day \u00a9 2020 \u2122 \u00b2 \u20ac5k\nStra\u00dfe \u00c5ngstr\u00f6m \u00c2ncora"
    assert fix(text) == text


_alphabet = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Z", "Cc", "Cf"),
) | st.sampled_from(list("\n\n\n-\u2022 \u00e2\u20ac\u00c2\u00ef\u00bc\u200b\uf0b7\u00ad\ufb01o*"))


@settings(max_examples=200, deadline=None)
@given(st.text(_alphabet, max_size=200))
def test_repair_properties(s):
    out, _ = repair_text(s)
    assert "\n\n\n" not in out
    assert out == out.strip("\n")
    for bad in ("\u200b", "\ufeff", "\u00ad", "\r", "\t", "\x00"):
        assert bad not in out
    for line in out.split("\n"):
        assert line == line.strip(), repr(line)
        assert "  " not in line
    # lines are never merged beyond a lone bullet or a hyphenated word
    assert out.count("\n") <= s.count("\n") + s.count("\r") + s.count("\u2028") + s.count("\u2029") + s.count("\x0c") + s.count("\x0b") + s.count("\x85")


@settings(max_examples=200, deadline=None)
@given(st.text(_alphabet, max_size=200))
def test_repair_is_idempotent(s):
    once, _ = repair_text(s)
    assert repair_text(once)[0] == once
