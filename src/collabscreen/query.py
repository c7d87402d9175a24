"""A Boolean query language as recruiters use in ATS searches. Pure: no spaCy, no I/O.

Syntax (operators are case-insensitive)::

    "lead scoring" AND (salesforce OR hubspot) NOT intern*
    sales NEAR/5 marketing          within 5 words, either order (W/5 is the same)
    mql PRE/3 sql                   within 3 words, "mql" first
    market?ng                       ? is one character, * any number (at least 2 letters given)

Precedence, tightest first: proximity (``NEAR/n``, ``W/n``, ``PRE/n``) >
``NOT`` > ``AND`` (also implicit: ``sales marketing`` is ``sales AND
marketing``) > ``OR``; parentheses group. ``sales NOT marketing`` is ``sales
AND NOT marketing``. A quoted phrase matches its words side by side; a quoted
single word is that word, even an operator (``"near"``). Words are matched
whole and case-insensitively against a resume's tokens; ``*`` and ``?`` stand
for characters inside one token. Proximity counts words: adjacent words are 1
apart, so ``sales NEAR/1 marketing`` is ``"sales marketing"`` in either order;
its sides are words, phrases, OR-groups of them or other proximities.

:func:`parse_query` gives an immutable AST (:class:`Term`, :class:`Phrase`,
:class:`Not`, :class:`And`, :class:`Or`, :class:`Near`); ``str(node)``
prints it back in canonical form (``parse_query(str(node)) == node``). A
query that does not parse raises :class:`QuerySyntaxError` with the column
of the problem. :func:`compile_query` turns an AST into a :class:`Matcher`
whose :meth:`Matcher.match` evaluates it over a sequence of lowercased
tokens and says which terms matched at which token positions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence, Union

from .errors import ConfigError, Errors

__all__ = [
    "QuerySyntaxError",
    "Term",
    "Phrase",
    "Not",
    "And",
    "Or",
    "Near",
    "Node",
    "Hit",
    "QueryResult",
    "Matcher",
    "TokenIndex",
    "parse_query",
    "compile_query",
    "term_query",
    "and_",
    "or_",
    "MAX_DISTANCE",
]

#: Largest proximity distance accepted (``NEAR/1000``).
MAX_DISTANCE = 1000
#: Letters or digits a wildcard word must spell out (``ma*`` yes, ``m*`` no).
MIN_WILDCARD_LITERALS = 2


class QuerySyntaxError(ConfigError):
    """A query that does not parse (a :class:`~collabscreen.errors.ConfigError`, so
    also a ``ValueError``).

    ``str(exc)`` is one line (``[E412] query: unbalanced '(' at column 12``);
    ``exc.query``, ``exc.column`` (1-based) and ``exc.reason`` hold the parts,
    and ``exc.caret`` is the query with a caret under the column (two lines).
    """

    def __init__(self, query: str, column: int, reason: str) -> None:
        self.query = query
        self.column = column
        self.reason_text = reason
        super().__init__(Errors.E412.format(reason=reason, column=column), code="E412")

    def __reduce__(self):  # picklable although __init__ takes the parts
        return (type(self), (self.query, self.column, self.reason_text))

    @property
    def caret(self) -> str:
        shown = "".join(c if c.isprintable() else " " for c in self.query)
        return f"{shown}\n{' ' * (self.column - 1)}^"


# ---------------------------------------------------------------- AST
_OPERATORS = {"and", "or", "not", "near", "pre", "w"}
_PROX_RE = re.compile(r"(near|w|pre)/(\d+)", re.I)
_PROX_ISH_RE = re.compile(r"(near|pre)(/.*)?", re.I)
_SPECIAL = set('()"')


def _is_alnum_word(w: str) -> bool:
    return any(c.isalnum() for c in w)


def _bare(word: str) -> bool:
    """Can ``word`` be printed without quotes and read back as the same Term?"""
    low = word.lower()
    return not (
        low in _OPERATORS
        or _PROX_RE.fullmatch(word)
        or _PROX_ISH_RE.fullmatch(word)
        or any(c.isspace() or c in _SPECIAL for c in word)
        or word[:1] in ("-", "+", "!")
    )


@dataclass(frozen=True)
class Term:
    """One word, lowercased; ``*`` and ``?`` are wildcards within one token."""

    word: str

    @property
    def wildcard(self) -> bool:
        return "*" in self.word or "?" in self.word

    def __str__(self) -> str:
        return self.word if _bare(self.word) else f'"{self.word}"'


@dataclass(frozen=True)
class Phrase:
    """Two or more words, side by side, in order."""

    words: tuple[str, ...]

    def __str__(self) -> str:
        return '"' + " ".join(self.words) + '"'


@dataclass(frozen=True)
class Not:
    operand: "Node"

    def __str__(self) -> str:
        return "NOT " + _paren(self.operand, (And, Or))


@dataclass(frozen=True)
class And:
    operands: tuple["Node", ...]

    def __str__(self) -> str:
        return " AND ".join(_paren(o, (Or,)) for o in self.operands)


@dataclass(frozen=True)
class Or:
    operands: tuple["Node", ...]

    def __str__(self) -> str:
        return " OR ".join(str(o) for o in self.operands)


@dataclass(frozen=True)
class Near:
    """``left`` and ``right`` at most ``distance`` words apart (``ordered``: left first)."""

    left: "Node"
    right: "Node"
    distance: int
    ordered: bool = False

    def __str__(self) -> str:
        op = f"PRE/{self.distance}" if self.ordered else f"NEAR/{self.distance}"
        return f"{_paren(self.left, (Or, And, Not))} {op} {_paren(self.right, (Or, And, Not, Near))}"


Node = Union[Term, Phrase, Not, And, Or, Near]


def _paren(node: Node, kinds: tuple[type, ...]) -> str:
    return f"({node})" if isinstance(node, kinds) else str(node)


def _flat(kind: "type[And] | type[Or]", nodes: Iterable[Node]) -> tuple[Node, ...]:
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, kind):
            out.extend(n.operands)
        else:
            out.append(n)
    return tuple(out)


def and_(*nodes: Node) -> Node:
    """``a AND b AND ...`` (nested ANDs flattened; one operand is itself)."""
    ops = _flat(And, nodes)
    return ops[0] if len(ops) == 1 else And(ops)


def or_(*nodes: Node) -> Node:
    """``a OR b OR ...`` (nested ORs flattened; one operand is itself)."""
    ops = _flat(Or, nodes)
    return ops[0] if len(ops) == 1 else Or(ops)


def _positional(node: Node) -> bool:
    if isinstance(node, (Term, Phrase, Near)):
        return True
    return isinstance(node, Or) and all(_positional(o) for o in node.operands)


# ---------------------------------------------------------------- lexer
@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD PHRASE LPAREN RPAREN AND OR NOT NEAR EOF
    text: str
    col: int  # 1-based
    words: tuple[str, ...] = ()
    distance: int = 0
    ordered: bool = False


def _lex(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        col = i + 1
        if c == "(":
            toks.append(_Tok("LPAREN", c, col))
            i += 1
        elif c == ")":
            toks.append(_Tok("RPAREN", c, col))
            i += 1
        elif c == '"':
            j = q.find('"', i + 1)
            if j < 0:
                raise QuerySyntaxError(q, col, "unterminated '\"'")
            inner = q[i + 1 : j]
            words = tuple(w.lower() for w in inner.split() if _is_alnum_word(w))
            if not words:
                raise QuerySyntaxError(q, col, "empty phrase")
            for w in words:
                _check_wildcard(q, col, w)
            toks.append(_Tok("PHRASE", q[i : j + 1], col, words=words))
            i = j + 1
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in _SPECIAL:
                j += 1
            word = q[i:j]
            toks.append(_word_token(q, word, col))
            i = j
    toks.append(_Tok("EOF", "", n + 1))
    return toks


def _check_wildcard(q: str, col: int, word: str) -> None:
    if ("*" in word or "?" in word) and sum(ch.isalnum() for ch in word) < MIN_WILDCARD_LITERALS:
        raise QuerySyntaxError(
            q, col, f"wildcard {word!r} needs at least {MIN_WILDCARD_LITERALS} letters or digits"
        )


def _word_token(q: str, word: str, col: int) -> _Tok:
    low = word.lower()
    if low in ("and", "or", "not"):
        return _Tok(low.upper(), word, col)
    m = _PROX_RE.fullmatch(word)
    if m:
        d = int(m.group(2))
        if not 1 <= d <= MAX_DISTANCE:
            raise QuerySyntaxError(q, col, f"{word}: the distance must be between 1 and {MAX_DISTANCE}")
        return _Tok("NEAR", word, col, distance=d, ordered=m.group(1).lower() == "pre")
    if _PROX_ISH_RE.fullmatch(word):
        op = word.split("/")[0].upper()
        raise QuerySyntaxError(q, col, f"{op} needs a distance, e.g. {op}/5 (quote \"{low}\" to search for the word)")
    if not _is_alnum_word(word):
        raise QuerySyntaxError(q, col, f"{word!r} is not a search word (use AND, OR, NOT)")
    if word[0] in "-+!":
        # Google-style -word would otherwise search for the word itself
        raise QuerySyntaxError(q, col, f"{word!r}: a leading {word[0]!r} is not an operator; write NOT {word[1:]} or AND {word[1:]}")
    _check_wildcard(q, col, word)
    return _Tok("WORD", word, col)


# ---------------------------------------------------------------- parser
class _Parser:
    """Recursive descent over the grammar::

        query    := or_expr EOF
        or_expr  := and_expr (OR and_expr)*
        and_expr := not_expr ([AND] not_expr)*
        not_expr := NOT not_expr | prox
        prox     := primary (NEAR primary)*
        primary  := WORD | PHRASE | '(' or_expr ')'
    """

    _STARTS = ("WORD", "PHRASE", "LPAREN", "NOT")

    def __init__(self, q: str) -> None:
        self.q = q
        self.toks = _lex(q)
        self.i = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def fail(self, tok: _Tok, reason: str) -> QuerySyntaxError:
        return QuerySyntaxError(self.q, tok.col, reason)

    def parse(self) -> Node:
        if self.tok.kind == "EOF":
            raise self.fail(self.tok, "empty query")
        node = self.or_expr()
        t = self.tok
        if t.kind == "RPAREN":
            raise self.fail(t, "unbalanced ')'")
        if t.kind != "EOF":  # pragma: no cover - every other token starts or joins an expression
            raise self.fail(t, f"unexpected {t.text!r}")
        return node

    def or_expr(self) -> Node:
        nodes = [self.and_expr()]
        while self.tok.kind == "OR":
            self.take()
            nodes.append(self.and_expr())
        return or_(*nodes)

    def and_expr(self) -> Node:
        nodes = [self.not_expr()]
        while True:
            if self.tok.kind == "AND":
                self.take()
            elif self.tok.kind not in self._STARTS:
                break
            nodes.append(self.not_expr())
        return and_(*nodes)

    def not_expr(self) -> Node:
        if self.tok.kind == "NOT":
            self.take()
            return Not(self.not_expr())
        return self.prox()

    def prox(self) -> Node:
        left = self.primary()
        while self.tok.kind == "NEAR":
            op = self.take()
            right = self.primary()
            for side in (left, right):
                if not _positional(side):
                    raise self.fail(op, f"{op.text.upper()} needs words, phrases or OR-groups of them on each side")
            left = Near(left, right, op.distance, op.ordered)
        return left

    def primary(self) -> Node:
        t = self.tok
        if t.kind == "WORD":
            self.take()
            return Term(t.text.lower())
        if t.kind == "PHRASE":
            self.take()
            return Term(t.words[0]) if len(t.words) == 1 else Phrase(t.words)
        if t.kind == "LPAREN":
            self.take()
            if self.tok.kind == "RPAREN":
                raise self.fail(t, "empty parentheses")
            node = self.or_expr()
            if self.tok.kind != "RPAREN":
                raise self.fail(t, "unbalanced '('")
            self.take()
            return node
        prev = self.toks[self.i - 1] if self.i else None
        if t.kind == "EOF":
            assert prev is not None  # an empty query is refused in parse()
            raise self.fail(prev, f"nothing after {prev.text!r}")
        if t.kind == "RPAREN":
            if prev is not None and prev.kind == "LPAREN":  # pragma: no cover - caught as empty parentheses
                raise self.fail(prev, "empty parentheses")
            if prev is None or prev.kind not in ("AND", "OR", "NOT", "NEAR"):
                raise self.fail(t, "unbalanced ')'")
            raise self.fail(prev, f"nothing after {prev.text!r}")
        # an operator where a term belongs
        if prev is None or prev.kind == "LPAREN":
            raise self.fail(t, f"{t.text!r} needs a term before it")
        raise self.fail(t, f"{t.text!r} cannot follow {prev.text!r}")


def parse_query(query: str) -> Node:
    """Parse a Boolean query into an immutable AST.

    Raises
    ------
    QuerySyntaxError
        With the column of the problem, e.g. ``unbalanced '(' at column 12``.
    """
    if not isinstance(query, str):
        raise TypeError(f"query must be a str, got {type(query).__name__}")
    return _Parser(query).parse()


_OPERATOR_WORD = re.compile(r"(?<!\S)(?:AND|OR|NOT|(?:NEAR|W|PRE)/\d+)(?!\S)")


_OR_WORD = re.compile(r"\s+OR\s+")


def term_query(term: str) -> Node:
    """A job-profile term as a query.

    Plain words are a phrase (``lead scoring``); plain alternatives joined by
    an upper-case ``OR`` are phrases too (``sales operations OR revenue
    operations``); a term with quotes, parentheses or another upper-case
    operator is a query (``"lead scoring" NEAR/5 sales``).
    """
    if any(c in term for c in '"()'):
        return parse_query(term)
    alternatives = _OR_WORD.split(f" {term} ".strip()) if _OPERATOR_WORD.search(term) else [term]
    if any(_OPERATOR_WORD.search(f" {a} ") for a in alternatives):
        return parse_query(term)  # AND / NOT / NEAR: the query language
    parts = []
    for a in alternatives:
        words = [w for w in a.split() if _is_alnum_word(w)]
        # one word: its own checks and errors; more: a phrase
        parts.append(a if len(words) <= 1 else '"' + " ".join(words) + '"')
    return parse_query(" OR ".join(parts))


# ---------------------------------------------------------------- evaluation
@dataclass(frozen=True)
class Hit:
    """A term (as printed in the query) matched at token positions ``[start, end)``."""

    term: str
    start: int
    end: int


@dataclass(frozen=True)
class QueryResult:
    """Whether the query matched, and the hits of the terms that made it match."""

    matched: bool
    hits: tuple[Hit, ...] = ()

    def __bool__(self) -> bool:
        return self.matched


_Pattern = Union[str, "re.Pattern[str]"]
# an occurrence of a positional node: (start, end, hits)
_Occ = tuple[int, int, tuple[Hit, ...]]


def _simple_tokens(text: str) -> list[str]:
    return text.lower().split()


def _word_pattern(word: str) -> _Pattern:
    if "*" not in word and "?" not in word:
        return word
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in word)
    return re.compile(rx, re.S)


class TokenIndex:
    """Positions of each word of a token sequence; build once, match many queries."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words
        self.pos: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            self.pos.setdefault(w, []).append(i)
        self._cache: dict[_Pattern, list[int]] = {}

    def positions(self, p: _Pattern) -> list[int]:
        if isinstance(p, str):
            return self.pos.get(p, [])
        got = self._cache.get(p)
        if got is None:
            got = sorted(i for w, ps in self.pos.items() if p.fullmatch(w) for i in ps)
            self._cache[p] = got
        return got

    def at(self, i: int, p: _Pattern) -> bool:
        if i >= len(self.words):
            return False
        w = self.words[i]
        return w == p if isinstance(p, str) else p.fullmatch(w) is not None


class Matcher:
    """A compiled query: each word pattern tokenized once, then matched against any token list.

    Parameters
    ----------
    node : Node
    tokenize : callable, optional
        Splits a query word into lowercased tokens the way the resume was
        tokenized (the Screener passes its spaCy tokenizer, so ``go-to-market``
        becomes ``go to market`` on both sides); tokens without a letter or
        digit are dropped. Words with wildcards are one token pattern each.
        Default: split on white space.
    """

    def __init__(self, node: Node, tokenize: Callable[[str], Sequence[str]] | None = None) -> None:
        self.node = node
        self._tokenize = tokenize or _simple_tokens
        self._atoms: dict[Node, tuple[_Pattern, ...]] = {}
        self._prepare(node)

    def __repr__(self) -> str:
        return f"Matcher({str(self.node)!r})"

    def _prepare(self, node: Node) -> None:
        if isinstance(node, (Term, Phrase)):
            words = (node.word,) if isinstance(node, Term) else node.words
            pats: list[_Pattern] = []
            for w in words:
                if "*" in w or "?" in w:
                    pats.append(_word_pattern(w))
                else:
                    pats.extend(t.lower() for t in self._tokenize(w) if _is_alnum_word(t))
            self._atoms[node] = tuple(pats)
        elif isinstance(node, Not):
            self._prepare(node.operand)
        elif isinstance(node, (And, Or)):
            for o in node.operands:
                self._prepare(o)
        elif isinstance(node, Near):
            self._prepare(node.left)
            self._prepare(node.right)

    def match(self, tokens: "Sequence[str] | TokenIndex") -> QueryResult:
        """Evaluate over ``tokens`` (lowercased words of one resume, in order, or their :class:`TokenIndex`)."""
        index = tokens if isinstance(tokens, TokenIndex) else TokenIndex(tokens)
        ok, hits = self._eval(self.node, index)
        return QueryResult(ok, tuple(sorted(set(hits), key=lambda h: (h.start, h.end, h.term))) if ok else ())

    # -- internals
    def _eval(self, node: Node, ix: TokenIndex) -> tuple[bool, list[Hit]]:
        if isinstance(node, (Term, Phrase, Near)) or (isinstance(node, Or) and _positional(node)):
            occ = self._occ(node, ix)
            return bool(occ), [h for o in occ for h in o[2]]
        if isinstance(node, Not):
            ok, _ = self._eval(node.operand, ix)
            return not ok, []
        if isinstance(node, And):
            hits: list[Hit] = []
            for o in node.operands:
                ok, h = self._eval(o, ix)
                if not ok:
                    return False, []
                hits += h
            return True, hits
        assert isinstance(node, Or)
        any_ok, hits = False, []
        for o in node.operands:
            ok, h = self._eval(o, ix)
            if ok:
                any_ok = True
                hits += h
        return any_ok, hits

    def _occ(self, node: Node, ix: TokenIndex) -> list[_Occ]:
        if isinstance(node, (Term, Phrase)):
            pats = self._atoms[node]
            if not pats:
                return []
            label = str(node)
            k = len(pats)
            return [
                (s, s + k, (Hit(label, s, s + k),))
                for s in ix.positions(pats[0])
                if all(ix.at(s + j, pats[j]) for j in range(1, k))
            ]
        if isinstance(node, Or):
            return sorted((o for op in node.operands for o in self._occ(op, ix)), key=lambda o: (o[0], o[1]))
        assert isinstance(node, Near)
        left = self._occ(node.left, ix)
        if not left:
            return []
        right = sorted(self._occ(node.right, ix), key=lambda o: o[0])
        starts = [o[0] for o in right]
        longest = max((o[1] - o[0] for o in right), default=0)
        n = node.distance
        out: list[_Occ] = []
        for a in left:
            lo = bisect_left(starts, a[0] - n - longest)
            for b in right[lo:]:
                if b[0] > a[1] - 1 + n:
                    break
                if a[1] <= b[0]:
                    gap = b[0] - a[1] + 1
                elif b[1] <= a[0] and not node.ordered:
                    gap = a[0] - b[1] + 1
                else:
                    continue  # overlapping, or the wrong order for PRE/n
                if gap <= n:
                    out.append((min(a[0], b[0]), max(a[1], b[1]), a[2] + b[2]))
        return out


def compile_query(query: str | Node, tokenize: Callable[[str], Sequence[str]] | None = None) -> Matcher:
    """Parse (if given text) and compile a query (see :class:`Matcher`)."""
    node = parse_query(query) if isinstance(query, str) else query
    return Matcher(node, tokenize)
