"""The Boolean query language: parser, printer, errors and evaluation (pure, no pipeline)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabscreen import CollabscreenError
from collabscreen.query import (
    And,
    Near,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Term,
    _positional,
    and_,
    compile_query,
    or_,
    parse_query,
    term_query,
)

# ---------------------------------------------------------------- strategies
# words a Term can hold, including operators and characters that must be quoted
_WORD_CHARS = "abcsm-*?(/'"


def _valid_word(w: str) -> bool:
    literals = sum(c.isalnum() for c in w)
    return literals > 0 and (("*" not in w and "?" not in w) or literals >= 2)


words = st.one_of(
    st.sampled_from(["sales", "marketing", "and", "or", "not", "near", "pre", "w", "w/3", "near/2", "-ab", "c++", "mar*"]),
    st.text(_WORD_CHARS, min_size=1, max_size=6).filter(_valid_word),
)
atoms = st.one_of(
    words.map(Term),
    st.lists(words, min_size=2, max_size=3).map(lambda ws: Phrase(tuple(ws))),
)


@st.composite
def ast_trees(draw, leaves, depth=3):
    """An AST over ``leaves`` (a composite: trees() as one strategy has a 39 kB repr)."""
    if depth == 0 or draw(st.booleans()):
        return draw(leaves)
    kind = draw(st.sampled_from(["and", "or", "not", "near"]))
    if kind == "not":
        return Not(draw(ast_trees(leaves, depth - 1)))
    if kind == "near":
        positional = ast_trees(leaves, depth - 1).filter(_positional)
        return Near(draw(positional), draw(positional), draw(st.integers(1, 6)), draw(st.booleans()))
    kids = draw(st.lists(ast_trees(leaves, depth - 1), min_size=2, max_size=3))
    return and_(*kids) if kind == "and" else or_(*kids)


# a small vocabulary, so random resumes and random queries meet
VOCAB = ["sales", "marketing", "lead", "scoring", "mql"]
small_atoms = st.one_of(
    st.sampled_from(VOCAB + ["sa*", "mar?eting", "lea?"]).map(Term),
    st.lists(st.sampled_from(VOCAB), min_size=2, max_size=2).map(lambda ws: Phrase(tuple(ws))),
)
small_trees = ast_trees(small_atoms)
token_lists = st.lists(st.sampled_from(VOCAB + ["with", "the"]), max_size=14)


def matched(node, tokens) -> bool:
    return compile_query(node).match(tokens).matched


# ---------------------------------------------------------------- parsing
@pytest.mark.parametrize(
    "query, expected",
    [
        ("sales", Term("sales")),
        ("Sales MARKETING", And((Term("sales"), Term("marketing")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("a b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
        ("sales NOT intern*", And((Term("sales"), Not(Term("intern*"))))),
        ("NOT a AND b", And((Not(Term("a")), Term("b")))),
        ('"Lead  Scoring"', Phrase(("lead", "scoring"))),
        ('"near"', Term("near")),
        ("a AND (b AND c)", And((Term("a"), Term("b"), Term("c")))),
        ("sales near/5 marketing", Near(Term("sales"), Term("marketing"), 5)),
        ("sales W/5 marketing", Near(Term("sales"), Term("marketing"), 5)),
        ("mql PRE/3 sql", Near(Term("mql"), Term("sql"), 3, ordered=True)),
        ("NOT a NEAR/2 b", Not(Near(Term("a"), Term("b"), 2))),
        ("a b NEAR/2 c", And((Term("a"), Near(Term("b"), Term("c"), 2)))),
        ("(a OR b) NEAR/3 c", Near(Or((Term("a"), Term("b"))), Term("c"), 3)),
        ("NOT NOT x", Not(Not(Term("x")))),
    ],
)
def test_parse(query, expected):
    assert parse_query(query) == expected
    assert parse_query(str(expected)) == expected


@pytest.mark.parametrize(
    "query, column, reason",
    [
        ("sales AND (marketing OR crm", 11, "unbalanced '('"),
        ("(sales AND marketing", 1, "unbalanced '('"),
        ("sales AND marketing)", 20, "unbalanced ')'"),
        ("sales AND", 7, "nothing after 'AND'"),
        ("sales AND )", 7, "nothing after 'AND'"),
        ("OR sales", 1, "'OR' needs a term before it"),
        ("(AND sales)", 2, "'AND' needs a term before it"),
        ("sales OR OR crm", 10, "'OR' cannot follow 'OR'"),
        ('sales "lead scoring', 7, "unterminated '\"'"),
        ('sales ""', 7, "empty phrase"),
        ("sales ()", 7, "empty parentheses"),
        ("", 1, "empty query"),
        ("   ", 4, "empty query"),
        ("m* sales", 1, "wildcard 'm*' needs at least 2 letters or digits"),
        ("sales NEAR marketing", 7, "NEAR needs a distance"),
        ("sales NEAR/0 marketing", 7, "the distance must be between 1 and 1000"),
        ("sales NEAR/3 (a AND b)", 7, "NEAR/3 needs words, phrases or OR-groups"),
        ("NOT a NEAR/3 NOT b", 14, "'NOT' cannot follow 'NEAR/3'"),
        ("sales & marketing", 7, "'&' is not a search word"),
        ("sales -intern", 7, "a leading '-' is not an operator"),
    ],
)
def test_syntax_errors_name_the_column(query, column, reason):
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    exc = info.value
    assert exc.column == column
    assert reason in str(exc)
    assert str(exc).endswith(f"at column {column}")
    assert "\n" not in str(exc)
    assert exc.code == "E412" and isinstance(exc, CollabscreenError) and isinstance(exc, ValueError)
    line, caret = exc.caret.split("\n")
    assert line == query and caret == " " * (column - 1) + "^"


@settings(max_examples=200)
@given(ast_trees(atoms))
def test_printing_and_reparsing_gives_the_same_ast(node):
    assert parse_query(str(node)) == node


@settings(max_examples=400)
@given(st.text() | st.text('ab "()*?/-ANDORTNEWP5 \t', max_size=30))
def test_the_parser_raises_only_query_syntax_errors(text):
    try:
        node = parse_query(text)
    except QuerySyntaxError as exc:
        assert 1 <= exc.column <= len(text) + 1
        assert "\n" not in str(exc)
    else:
        assert parse_query(str(node)) == node


# ---------------------------------------------------------------- evaluation
@given(small_trees, small_trees, token_lists)
def test_de_morgan(a, b, tokens):
    assert matched(Not(and_(a, b)), tokens) == matched(or_(Not(a), Not(b)), tokens)
    assert matched(Not(or_(a, b)), tokens) == matched(and_(Not(a), Not(b)), tokens)


@given(small_trees, small_trees, token_lists)
def test_and_or_commute(a, b, tokens):
    assert matched(and_(a, b), tokens) == matched(and_(b, a), tokens)
    assert matched(or_(a, b), tokens) == matched(or_(b, a), tokens)
    assert matched(and_(a, b), tokens) == (matched(a, tokens) and matched(b, tokens))
    assert matched(or_(a, b), tokens) == (matched(a, tokens) or matched(b, tokens))


@given(small_trees, token_lists)
def test_not_not_is_the_identity(x, tokens):
    assert matched(Not(Not(x)), tokens) == matched(x, tokens)
    assert matched(Not(x), tokens) != matched(x, tokens)


@given(st.sampled_from(VOCAB), st.sampled_from(VOCAB), token_lists)
def test_a_phrase_matches_iff_its_words_are_adjacent(w1, w2, tokens):
    adjacent = any(tokens[i] == w1 and tokens[i + 1] == w2 for i in range(len(tokens) - 1))
    assert matched(parse_query(f'"{w1} {w2}"'), tokens) == adjacent


@given(st.sampled_from(VOCAB), st.sampled_from(VOCAB), st.integers(1, 6), token_lists)
def test_near_is_symmetric_and_counts_words(a, b, n, tokens):
    near = matched(Near(Term(a), Term(b), n), tokens)
    assert near == matched(Near(Term(b), Term(a), n), tokens)
    pos_a = [i for i, t in enumerate(tokens) if t == a]
    pos_b = [j for j, t in enumerate(tokens) if t == b]
    assert near == any(i != j and abs(i - j) <= n for i in pos_a for j in pos_b)
    pre = matched(Near(Term(a), Term(b), n, ordered=True), tokens)
    assert pre == any(0 < j - i <= n for i in pos_a for j in pos_b)


@given(small_trees, small_trees, st.integers(1, 6), token_lists)
def test_near_of_any_positional_sides_is_symmetric(a, b, n, tokens):
    if _positional(a) and _positional(b):
        assert matched(Near(a, b, n), tokens) == matched(Near(b, a, n), tokens)


def test_hits_say_which_terms_matched_where():
    tokens = "built lead scoring with sales and marketing leadership".split()
    res = compile_query('"lead scoring" AND sales NEAR/2 market* AND NOT intern').match(tokens)
    assert res.matched
    assert [(h.term, h.start, h.end) for h in res.hits] == [
        ('"lead scoring"', 1, 3),
        ("sales", 4, 5),
        ("market*", 6, 7),
    ]
    assert not compile_query("sales NEAR/1 marketing").match(tokens)
    assert compile_query("sales NEAR/2 marketing").match(tokens)


def test_wildcards_match_within_one_token():
    tokens = ["marketing", "mark", "markets"]
    assert compile_query("market*").match(tokens).hits[0].start == 0
    assert [h.start for h in compile_query("market?").match(tokens).hits] == [2]
    assert not compile_query("mar?").match(["marketing"])


def test_query_words_are_split_like_the_resume():
    # a tokenizer that splits hyphens, as spaCy's does
    def split(text):
        return text.replace("-", " - ").split()

    m = compile_query("go-to-market", split)
    assert m.match(["led", "the", "go", "to", "market", "plan"])
    assert not compile_query("go-to-market").match(["go", "to", "market"])


@pytest.mark.parametrize(
    "term, query",
    [
        ("lead scoring", '"lead scoring"'),
        ("Salesforce", "salesforce"),
        ("HubSpot OR Marketo", "hubspot OR marketo"),
        ("sales operations OR revenue operations", '"sales operations" OR "revenue operations"'),
        ("sales and marketing alignment", '"sales and marketing alignment"'),
        ('"lead scoring" NEAR/5 sales', '"lead scoring" NEAR/5 sales'),
        ("mql AND sql", "mql AND sql"),
    ],
)
def test_a_term_is_a_phrase_unless_it_is_a_query(term, query):
    assert term_query(term) == parse_query(query)
