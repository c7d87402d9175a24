"""spaCy components that turn resume text into units, sections and taxonomy matches.

The default pipeline is built on spaCy's blank English (:class:`CollabEnglish`:
``spacy.blank("en")`` without six cache-breaking tokenizer rules): nothing is
downloaded and nothing is fetched at run time. Components, in order:

``collabscreen_lines``
    Sentence boundaries for resumes: every line and every bullet is a unit,
    even without a full stop; a long line or paragraph still splits at
    sentence-final punctuation. Vectorised: boundaries are found on the text
    with one regular expression and written with ``Doc.from_array``.
``collabscreen_sections``
    Detects section headings (summary, experience, skills, education,
    certifications, other) and role headers (a line with a date range inside
    the experience section). ``Span._.collab_section`` and ``Span._.collab_role`` read them.
``collabscreen_roles``
    Splits each experience section into roles: the header lines around each
    date range (title, employer, location, start and end dates, read by
    :mod:`collabscreen.roles`) and the text up to the next role. Writes
    ``doc._.collab_jobs``.
``collabscreen_taxonomy``
    One ``PhraseMatcher`` on ``LOWER`` for all taxonomy terms, function
    vocabularies and cues; writes three span groups, each span labelled with
    its key: ``doc.spans["collab_categories"]`` (category), ``["collab_domains"]``
    (sales / marketing function words) and ``["collab_cues"]`` (negation /
    hypothetical cues). :func:`term_matches` reads them in token order.
``collabscreen_negation``
    Marks units whose matches are negated ("no exposure to marketing") or
    hypothetical ("looking to work with sales", job-ad phrasing);
    ``Span._.collab_negated`` / ``Span._.collab_hypothetical`` read it.

Every ``Doc._`` / ``Span._`` attribute is namespaced ``collab_``.

A user who passes an installed pretrained pipeline (``make_nlp(nlp=...)``)
gets these components added to it; its own components still run.
"""

from __future__ import annotations

import bisect
import re
import weakref
from typing import Iterable, Iterator

import numpy as np
from spacy.lang.en import English, EnglishDefaults
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span, SpanGroup

from .roles import TITLE_WORD_RE, find_date_range, header_prefix, header_words, parse_date_range, split_header
from .taxonomy import EXPERIENCE, HEADER, OTHER, Taxonomy, default_taxonomy


__all__ = [
    "make_nlp",
    "blank_en",
    "CollabEnglish",
    "tokenizer_safe",
    "role_title",
    "LineSegmenter",
    "SectionDetector",
    "TaxonomyMatcher",
    "NegationDetector",
    "RoleSegmenter",
    "SPANS_KEYS",
    "term_matches",
    "PIPE_NAMES",
    "unit_bounds",
    "doc_text",
    "make_docs",
]

#: span group of each kind of taxonomy match (the PhraseMatcher's keys are ``<kind>:<key>``)
SPANS_KEYS = {"cat": "collab_categories", "dom": "collab_domains", "cue": "collab_cues"}
PIPE_NAMES = (
    "collabscreen_lines",
    "collabscreen_sections",
    "collabscreen_roles",
    "collabscreen_taxonomy",
    "collabscreen_negation",
)
DEFAULT_SECTION = OTHER
# the part of a resume before the first heading (name, contact, headline)
HEADER_SECTION = HEADER

# ---------------------------------------------------------------- extensions


def _span_section(span: Span) -> str:
    sections = span.doc._.collab_sections
    if not sections:
        return HEADER_SECTION
    starts = span.doc.user_data.get(("collabscreen", "section_starts"))
    if starts is None:
        starts = [s for s, _ in sections]
        span.doc.user_data[("collabscreen", "section_starts")] = starts
    i = bisect.bisect_right(starts, span.start_char) - 1
    return HEADER_SECTION if i < 0 else sections[i][1]


def _span_role(span: Span) -> str | None:
    roles = span.doc._.collab_roles
    if not roles:
        return None
    starts = [s for s, _ in roles]
    i = bisect.bisect_right(starts, span.start_char) - 1
    return None if i < 0 else roles[i][1]


def term_matches(doc: Doc) -> list[tuple[int, int, str, str]]:
    """Every taxonomy match as ``(start token, end token, kind, key)``, in token order.

    ``kind`` is ``"cat"`` (key: a category), ``"dom"`` (``sales`` / ``marketing``)
    or ``"cue"`` (``negation`` / ``hypothetical``); within a kind, the
    matcher's order is kept.
    """
    out: list[tuple[int, int, str, str]] = []
    for kind, name in SPANS_KEYS.items():
        if name in doc.spans:
            out.extend((m.start, m.end, kind, m.label_) for m in doc.spans[name])
    out.sort(key=lambda m: m[0])
    return out


def _span_categories(span: Span) -> tuple[str, ...]:
    name = SPANS_KEYS["cat"]
    if name not in span.doc.spans:
        return ()
    return tuple(dict.fromkeys(m.label_ for m in span.doc.spans[name] if m.start >= span.start and m.end <= span.end))


def _span_flag(name: str):
    def getter(span: Span) -> bool:
        flags = span.doc._.collab_flags
        return bool(flags and flags.get(span.start_char, {}).get(name, False))

    return getter


def register_extensions(force: bool = False) -> None:
    """Register the ``Doc._`` / ``Span._`` attributes (idempotent)."""
    doc_ext = {"collab_sections": None, "collab_roles": None, "collab_jobs": None, "collab_flags": None}
    for name, default in doc_ext.items():
        if force or not Doc.has_extension(name):
            Doc.set_extension(name, default=default, force=True)
    span_getters = {
        "collab_section": _span_section,
        "collab_role": _span_role,
        "collab_categories": _span_categories,
        "collab_negated": _span_flag("negated"),
        "collab_hypothetical": _span_flag("hypothetical"),
    }
    for name, getter in span_getters.items():
        if force or not Span.has_extension(name):
            Span.set_extension(name, getter=getter, force=True)


register_extensions()


_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy joins every token's text on each access, and
    every component and :func:`~collabscreen.features.unit_records` reads it (the text of a Doc
    never changes: retokenizing keeps it). Held only while the Doc lives."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def make_docs(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """``nlp.make_doc`` of each text, for ``nlp.pipe``; with spaCy's own tokenizer, which keeps
    every character (``doc.text == text``), :func:`doc_text` is the text itself, never joined."""
    from spacy.tokenizer import Tokenizer

    lossless = type(nlp.tokenizer) is Tokenizer
    for text in texts:
        doc = nlp.make_doc(text)
        if lossless:
            _TEXTS[doc] = text
        yield doc


def unit_bounds(doc: Doc):
    """The units (``doc.sents``) of a Doc as arrays, without creating Span or Token objects.

    Returns ``(tok_start, tok_end, char_start, char_end, idx, length)``:
    per unit its token range and character range (exactly ``Span.start``,
    ``Span.end``, ``Span.start_char``, ``Span.end_char`` of each sentence),
    and per token its character offset and length. Used by the components and
    by :func:`collabscreen.features.unit_records`: walking ``doc.sents`` and
    reading ``Span.text`` creates a Python object per token.
    """
    from spacy.attrs import IDX, LENGTH, SENT_START

    n = len(doc)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty, empty, empty
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        # custom sentence hooks (or none: doc.sents raises E030 as usual)
        sents = list(doc.sents)
        ts = np.asarray([x.start for x in sents], dtype=np.int64)
        te = np.asarray([x.end for x in sents], dtype=np.int64)
        arr = doc.to_array([IDX, LENGTH]).astype(np.int64)
        idx, length = arr[:, 0], arr[:, 1]
    else:
        arr = doc.to_array([SENT_START, IDX, LENGTH]).view(np.int64)
        idx, length = arr[:, 1], arr[:, 2]
        ts = np.flatnonzero(arr[:, 0] == 1)
        if not len(ts) or ts[0] != 0:
            ts = np.concatenate([[0], ts]).astype(np.int64)
        te = np.append(ts[1:], n)
    last = te - 1
    return ts, te, idx[ts], idx[last] + length[last], idx, length

# ---------------------------------------------------------------- lines

_BULLETS = "•●▪◦■□◆◇►▶➢➤✓✔❖‣⁃∙·"
_ABBREV = {
    "e.g", "i.e", "inc", "ltd", "co", "corp", "mr", "ms", "mrs", "dr", "vs", "etc", "jr", "sr", "st",
    "no", "approx", "dept", "u.s", "u.k", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
}
# A unit starts: after a newline; at a bullet glyph (also mid-line); after
# sentence-final punctuation followed by a space and an upper-case letter/digit.
# Each alternative starts by consuming a newline, space or tab (the character before a space
# is checked by a lookbehind over both), so the regex engine skips straight to those
# characters; the matches are those of "(?<=\S)[ \t]+(?=...)" and "(?<=[.!?])[ \t]+(?=...)".
_BOUNDARY_RE = re.compile(
    r"\n[ \t]*(?=\S)"
    r"|[ \t](?<=\S[ \t])[ \t]*(?=[" + _BULLETS + r"])"
    r"|[ \t](?<=[.!?][ \t])[ \t]*(?=[\"'(]?[A-Z0-9])"
    # sentences glued together where a renderer lost the bullets ("...satisfaction.Established a
    # strong..."): a word of 3+ lower-case letters, a stop, a capitalised word (not a domain name);
    # the stop is consumed (the unit starts at the match's end), so that the scan skips to stops
    r"|[.!?](?<=(?<!www)[a-z]{3}[.!?])(?!(?:Com|Net|Org|Edu|Gov)\b)(?=[A-Z][a-z]{2,}\b(?!\.[A-Za-z]))"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)\.$")
_BULLET_TUPLE = tuple(_BULLETS)


class LineSegmenter:
    """Set sentence starts at resume lines, bullets and sentence ends."""

    def __init__(self, nlp: Language, name: str = "collabscreen_lines", *, min_chars: int = 2) -> None:
        self.name = name
        self.min_chars = min_chars

    def boundaries(self, text: str) -> list[int]:
        """Character offsets where units start (excluding 0)."""
        out = []
        for m in _BOUNDARY_RE.finditer(text):
            start, end = m.span()
            if text[start] == "\n":
                # a wrapped line: it starts lower-case and the line before it
                # does not end a sentence, so it continues the unit above
                # (wrapped lines are long; a short line above is a heading)
                if text[end : end + 1].islower():
                    line_start = text.rfind("\n", 0, start) + 1
                    prev_line = text[line_start:start].rstrip()
                    if len(prev_line) >= 30 and prev_line[-1] not in ".!?:;":
                        continue
            else:
                # the unit follows a stop: before the space(s) matched, or the glued stop matched
                stop = end if text[start] in ".!?" else start
                if text[stop - 1 : stop] == ".":
                    w = _WORD_BEFORE_RE.search(text, max(0, stop - 12), stop)
                    if w and w.group(1).lower().rstrip(".") in _ABBREV:
                        continue
            out.append(end)
        return out

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        arr = np.full(n, -1, dtype=np.int64)
        arr[0] = 1
        cuts = self.boundaries(doc_text(doc))
        if cuts:
            idx = doc.to_array("IDX").astype(np.int64)
            pos = np.searchsorted(idx, np.asarray(cuts, dtype=np.int64), side="left")
            pos = pos[pos < n]
            arr[pos] = 1
        doc.from_array(["SENT_START"], arr.astype(np.uint64).reshape(-1, 1))
        return doc

    # serialization: no state
    def to_disk(self, path, *, exclude=tuple()):  # noqa: D401
        return None

    def from_disk(self, path, *, exclude=tuple()):
        return self


# ---------------------------------------------------------------- sections

_HEADING_STRIP_RE = re.compile(r"[^a-z& ]+")
_DATE_RE = re.compile(
    r"(?:19|20)\d\d\s*(?:-|–|—|to|until|till|/)\s*(?:(?:19|20)\d\d|present|current|now|today|date)"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d"
    r"|\b\d{1,2}/(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\s*$",
    re.IGNORECASE,
)


class _TaxonomyState:
    """Serialization of a component whose state is its taxonomy (spaCy's serializers-dict pattern).

    The component sets ``self.taxonomy`` in ``set_taxonomy``; ``nlp.to_disk`` /
    ``spacy.load`` and ``nlp.to_bytes`` / ``from_bytes`` (worker processes) carry it.
    """

    taxonomy: Taxonomy

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:  # pragma: no cover - each component defines it
        raise NotImplementedError

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        import srsly

        return srsly.msgpack_dumps({"taxonomy": self.taxonomy.to_dict()})

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        import srsly

        self.set_taxonomy(Taxonomy.from_dict(srsly.msgpack_loads(data)["taxonomy"], source="<bytes>"))
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        from pathlib import Path

        from spacy import util

        util.to_disk(Path(path), {"taxonomy.json": lambda p: self.taxonomy.to_file(p)}, exclude)

    def from_disk(self, path, *, exclude=tuple()):
        from pathlib import Path

        self.set_taxonomy(Taxonomy.from_file(Path(path) / "taxonomy.json"))
        return self


# words that may precede a known heading ("Relevant Professional Experience"): generic, never a
# field ("Sales Experience" in a skills list stays a skill)
_HEADING_MODIFIERS = frozenset({
    "relevant", "professional", "work", "career", "selected", "key", "core", "signature", "additional",
    "other", "previous", "prior", "recent", "related", "industry", "summary", "of", "my",
})


class SectionDetector(_TaxonomyState):
    """Find section headings and role headers.

    Writes ``doc._.collab_sections`` (list of ``(start_char, section)``) and
    ``doc._.collab_roles`` (list of ``(start_char, role line)``).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "collabscreen_sections",
        *,
        taxonomy: Taxonomy | None = None,
        max_heading_words: int = 6,
    ) -> None:
        self.name = name
        self.max_heading_words = max_heading_words
        self.set_taxonomy(taxonomy or default_taxonomy())

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.headings: dict[str, str] = {}
        for section, words in taxonomy.sections.items():
            for w in words:
                self.headings.setdefault(w, section)
        self._seen: tuple[int, dict[str, str | None]] = (self.max_heading_words, {})

    def heading_of(self, line: str) -> str | None:
        """The section a line introduces, or None. Accepts "Skills", "SKILLS:", "Skills: a, b"."""
        # remembered per line (a resume's lines recur: headings, "Company Name", "City, State")
        limit, seen = self._seen
        if limit != self.max_heading_words:
            limit, seen = self._seen = (self.max_heading_words, {})
        if line in seen:
            return seen[line]
        section = self._heading_of(line)
        if len(seen) >= 20_000:  # then forgotten and started again (memory stays bounded)
            seen.clear()
        seen[line] = section
        return section

    def _heading_of(self, line: str) -> str | None:
        head, sep, rest = line.partition(":")
        cand = head if sep else line
        words = cand.split()
        if not words or len(words) > self.max_heading_words:
            return None
        key = " ".join(_HEADING_STRIP_RE.sub(" ", cand.lower()).split())
        key = key.replace(" & ", " and ")
        section = self._lookup(key)
        if section is None and (cand.strip() == cand.strip().title() or cand.isupper()):
            # "Relevant Professional Experience", "Career Accomplishments": a known heading after
            # generic modifiers, written as a heading (each word capitalised)
            rest_words = key.split()
            while section is None and len(rest_words) > 1 and rest_words[0] in _HEADING_MODIFIERS:
                rest_words = rest_words[1:]
                section = self._lookup(" ".join(rest_words))
        return section

    def _lookup(self, key: str) -> str | None:
        section = self.headings.get(key)
        if section is None and key.endswith("s") and key[:-1] in self.headings:
            section = self.headings[key[:-1]]
        return section

    def __call__(self, doc: Doc) -> Doc:
        sections: list[tuple[int, str]] = []
        roles: list[tuple[int, str | None]] = []
        current = HEADER_SECTION
        prev_line = ""
        prev_is_text = False
        text = doc_text(doc)
        strip_chars = _BULLETS + "-*o "
        bullets = tuple(_BULLETS)
        _, _, c_starts, c_ends, _, _ = unit_bounds(doc)
        for start_char, end_char in zip(c_starts.tolist(), c_ends.tolist()):
            sent_text = text[start_char:end_char]  # == Span.text, without Token objects
            line = sent_text.strip().lstrip(strip_chars).strip()
            if not line:
                continue
            section = self.heading_of(line) if len(line) < 80 else None
            if section is not None:
                sections.append((start_char, section))
                if current == EXPERIENCE and section != EXPERIENCE:
                    roles.append((start_char, None))
                current = section
            # every date pattern holds a year 19xx/20xx: skip the regex without one
            elif current == EXPERIENCE and len(line) < 120 and ("19" in line or "20" in line) and _DATE_RE.search(line):
                # "City, ST | 2019 - Present" under "Title - Employer": keep the title
                short = len(_DATE_RE.sub("", line).strip(" |-–—,")) <= 30
                role = f"{prev_line} | {line}" if short and prev_line and prev_is_text else line
                roles.append((start_char, role[:120]))
            prev_line = line[:80]
            prev_is_text = section is None and not sent_text.lstrip().startswith(bullets)
        doc._.collab_sections = sections
        doc._.collab_roles = roles
        return doc



# ---------------------------------------------------------------- roles

# a long line that starts with its dates stops being a header at its description
_DESCRIPTION_START = re.compile(r"\b(?:Responsibilities|Duties|Achievements|Accomplishments|Skills Used|Description|Key)\b")
_HEADER_NOT_START = tuple(_BULLETS + "-*")
_TWO_LETTERS_RE = re.compile(r"[A-Za-z]{2}")
_SPLIT_WORD_RE = re.compile(r"^(?:to|-|–|—|until|till|through)$", re.I)
# "... monthly sales in Dec 2014": a date after a preposition is inside a sentence
_BEFORE_DATE_IN_SENTENCE = re.compile(r"\b(?:in|on|at|by|of|from|since|during|until|till|before|after|between|for|as of)$")


class RoleSegmenter:
    """Split the experience sections into roles.

    A role starts at a line with a date range (or a month or year alone on its
    own line, or "April 2013 / to / May 2016" over three lines) that is not a
    bullet or a sentence; its header is that line without the dates, plus a
    short line above it (when the date line holds no job title) and up to
    ``max_after`` short lines below it while the title, employer or location
    is still missing. It runs to the next role or the end of the section.
    Writes ``doc._.collab_jobs``: one dict per role, in text order, with
    ``start_char``, ``end_char``, ``title``, ``employer``, ``location``,
    ``dates`` (as written), ``start`` and ``end`` (ISO, ``"2019-03"`` or
    ``"2019"``; ``end`` None for an open role) and ``current``.

    ``doc._.collab_roles`` (what the model's role features read) is left as
    the section detector wrote it, so scores do not change.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "collabscreen_roles",
        *,
        max_header_words: int = 10,
        max_header_chars: int = 80,
        max_after: int = 2,
    ) -> None:
        self.name = name
        self.max_header_words = max_header_words
        self.max_header_chars = max_header_chars
        self.max_after = max_after

    def _header_like(self, line: str) -> bool:
        return (
            len(line) <= self.max_header_chars
            and header_words(line) <= self.max_header_words
            and not line.startswith(_HEADER_NOT_START)
            and line[-1] not in ".;!?"
            and _TWO_LETTERS_RE.search(line) is not None
            and find_date_range(line, single=False) is None
        )

    def _dates_in(self, lines: list[tuple[int, str]], i: int):
        """``(range, rest of the header on the line, lines used)`` when line ``i`` holds a role's dates."""
        text = lines[i][1]
        if ("19" not in text and "20" not in text) or text.startswith(_BULLET_TUPLE):
            return None  # every date holds a year 19xx/20xx (see find_date_range)
        alone = parse_date_range(text)
        if alone is not None and alone.end == alone.start and i + 2 < len(lines) and _SPLIT_WORD_RE.match(lines[i + 1][1]):
            # "April 2013" / "to" / "May 2016": a range laid out over three lines
            joined = f"{text} to {lines[i + 2][1]}"
            r = parse_date_range(joined)
            if r is not None and r.end != r.start:
                return r, "", 3
        if alone is not None:
            return alone, "", 1
        r = find_date_range(text, single=False)
        if r is None:
            # a month alone at either end of a short header: "January 2014 Company Name - State",
            # "PMC/PSM/ Sales Manager 05/2010"
            r = find_date_range(text)
            if r is None or r.start.month is None or len(text) > self.max_header_chars:
                return None
            before, after = text[: r.span[0]].strip(), text[r.span[1] :].strip()
            if (before and after) or not self._header_like(before or after) or _BEFORE_DATE_IN_SENTENCE.search(before):
                return None
            return r, before or after, 1
        before, after = text[: r.span[0]].strip(), text[r.span[1] :].strip()
        if _BEFORE_DATE_IN_SENTENCE.search(before):
            return None
        if len(text) > self.max_header_chars and (not before or self._header_like(before)) and not after[:1].islower():
            # "October 2014 to Current Company Name - City , State Responsibilities ...",
            # "President 12/1998 to Current Company Name City , State Strengthened ...": the header
            # is what comes before the dates and the first words after them
            after = " ".join(_DESCRIPTION_START.split(after, 1)[0].split()[:8])
            return r, f"{before} | {after}".strip(" |"), 1
        rest = f"{before} | {after}".strip(" |")
        if len(text) > 120 or header_words(rest) > 14 or text.rstrip()[-1:] in ".;!?":
            return None  # dates inside a sentence ("won the award from 2013 - 2018 for ...")
        return r, rest, 1

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sections = doc._.collab_sections or []
        jobs: list[dict] = []
        bounds = [s for s, _ in sections] + [len(text)]
        for k, (sec_start, section) in enumerate(sections):
            if section != EXPERIENCE:
                continue
            sec_end = bounds[k + 1]
            # the lines of the section, without its heading line and blank lines
            lines: list[tuple[int, str]] = []
            first = text.find("\n", sec_start)
            if 0 <= first < sec_end:
                offset = first + 1
                for raw in text[offset:sec_end].split("\n"):
                    stripped = raw.strip()
                    if stripped:
                        lines.append((offset + len(raw) - len(raw.lstrip()), stripped))
                    offset += len(raw) + 1
            first_jobs = len(jobs)
            used = -1
            i = 0
            while i < len(lines):
                found = self._dates_in(lines, i)
                if found is None:
                    i += 1
                    continue
                r, rest, n_used = found
                header = [rest] if rest else []
                start = lines[i][0]
                if i - 1 > used and self._header_like(lines[i - 1][1]) and not TITLE_WORD_RE.search(rest):
                    header.insert(0, lines[i - 1][1])
                    start = lines[i - 1][0]
                j = i + n_used
                fields = split_header(header)
                while (
                    j < len(lines)
                    and j < i + n_used + self.max_after
                    and None in (fields.title, fields.employer, fields.location)
                    and self._dates_in(lines, j) is None
                ):
                    # a header line, or the header at the start of a line that goes on into its description
                    whole = self._header_like(lines[j][1])
                    line = lines[j][1] if whole else header_prefix(lines[j][1])
                    candidate = split_header(header + [line]) if line else fields
                    if candidate == fields:
                        break
                    header.append(line)
                    fields = candidate
                    j += 1
                    if not whole:
                        break
                dates_text = lines[i][1][r.span[0] : r.span[1]] if n_used == 1 else " ".join(x for _, x in lines[i : i + n_used])
                jobs.append(
                    {
                        "start_char": start,
                        "end_char": sec_end,
                        "title": fields.title,
                        "employer": fields.employer,
                        "location": fields.location,
                        "dates": dates_text,
                        "start": r.start.iso(),
                        "end": r.end.iso() if r.end is not None else None,
                        "current": r.current,
                    }
                )
                used = j - 1
                i = j
            for a, b in zip(jobs[first_jobs:], jobs[first_jobs + 1 :]):
                a["end_char"] = b["start_char"]
        doc._.collab_jobs = jobs
        return doc

    # serialization: settings only, kept in the pipeline config
    def to_disk(self, path, *, exclude=tuple()):
        return None

    def from_disk(self, path, *, exclude=tuple()):
        return self


class TaxonomyMatcher(_TaxonomyState):
    """Match taxonomy terms, function vocabulary and cues with one PhraseMatcher.

    Writes the span groups of :data:`SPANS_KEYS`: ``collab_categories``
    (labels: category keys), ``collab_domains`` (``sales`` / ``marketing``) and
    ``collab_cues`` (``negation`` / ``hypothetical``).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "collabscreen_taxonomy",
        *,
        taxonomy: Taxonomy | None = None,
        attr: str = "LOWER",
    ) -> None:
        self.name = name
        self.nlp = nlp
        self.attr = attr
        self.set_taxonomy(taxonomy or default_taxonomy())

    def set_taxonomy(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.matcher = PhraseMatcher(self.nlp.vocab, attr=self.attr)
        tokenizer = self.nlp.tokenizer
        groups: dict[str, Iterable[str]] = {}
        for key, cat in taxonomy.categories.items():
            groups[f"cat:{key}"] = cat.terms
        for key, words in taxonomy.domains.items():
            groups[f"dom:{key}"] = words
        for key, words in taxonomy.cues.items():
            groups[f"cue:{key}"] = words
        for label, terms in groups.items():
            self.matcher.add(label, [tokenizer(t) for t in terms])
        # sense rules: which rules apply to a term, and one matcher for their context phrases
        self._rules_for: dict[str, list[int]] = {}
        self.sense_matcher = PhraseMatcher(self.nlp.vocab, attr=self.attr)
        for i, rule in enumerate(taxonomy.senses):
            for t in rule.terms:
                self._rules_for.setdefault(" ".join(tok.lower_ for tok in tokenizer(t)), []).append(i)
            if rule.not_near:
                self.sense_matcher.add(f"not:{i}", [tokenizer(t) for t in rule.not_near])
            if rule.needs_near:
                self.sense_matcher.add(f"needs:{i}", [tokenizer(t) for t in rule.needs_near])

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        vocab = doc.vocab.strings
        if self._rules_for and matches:
            matches = self._keep_in_sense(doc, matches)
        spans: dict[str, list[Span]] = {kind: [] for kind in SPANS_KEYS}
        for m, s, e in matches:
            kind, _, key = vocab[m].partition(":")
            spans[kind].append(Span(doc, s, e, label=key))
        for kind, name in SPANS_KEYS.items():
            doc.spans[name] = SpanGroup(doc, name=name, spans=spans[kind])
        return doc

    def _keep_in_sense(self, doc: Doc, matches):
        """Drop matches of ambiguous terms used in another sense (see :class:`SenseRule`)."""
        vocab = doc.vocab.strings
        text = doc_text(doc)
        kept = []
        context = None
        for m, s, e in matches:
            if not vocab[m].startswith(("cat:", "dom:")):
                kept.append((m, s, e))
                continue
            key = " ".join(doc[k].lower_ for k in range(s, e))
            rules = self._rules_for.get(key)
            if not rules:
                kept.append((m, s, e))
                continue
            if context is None:
                context = {}
                for cm, cs, ce in self.sense_matcher(doc):
                    context.setdefault(vocab[cm], []).append((cs, ce))
            line_lo = text.rfind("\n", 0, doc[s].idx) + 1
            nl = text.find("\n", doc[e - 1].idx)
            line_hi = len(text) if nl < 0 else nl
            if all(self._in_sense(doc, s, e, self.taxonomy.senses[i], i, context, line_lo, line_hi) for i in rules):
                kept.append((m, s, e))
        return kept

    @staticmethod
    def _in_sense(doc: Doc, s: int, e: int, rule, i: int, context, line_lo: int, line_hi: int) -> bool:
        def near(spans) -> bool:
            for cs, ce in spans:
                if cs <= s and ce >= e:
                    # the context phrase contains the term itself ("sales tax" around "sales")
                    if ce - cs > e - s:
                        return True
                    continue
                if ce <= s - rule.window - 1 or cs >= e + rule.window:
                    continue
                if doc[cs].idx < line_lo or doc[ce - 1].idx >= line_hi:
                    continue
                return True
            return False

        if rule.not_near and near(context.get(f"not:{i}", ())):
            return False
        if rule.needs_near and not near(context.get(f"needs:{i}", ())):
            return False
        if rule.not_followed_by and e < len(doc):
            nxt = doc[e]
            if nxt.idx < line_hi and nxt.lower_ in rule.not_followed_by:
                return False
        if rule.not_preceded_by and s > 0:
            prev = doc[s - 1]
            if prev.idx >= line_lo and prev.lower_ in rule.not_preceded_by:
                return False
        return True



# ---------------------------------------------------------------- negation


class NegationDetector:
    """Flag units whose evidence is negated or hypothetical.

    A unit is *negated* when a negation cue comes before a category or
    function term within ``window`` tokens; *hypothetical* when it holds a
    hypothetical cue (objective, aspiration, job-ad phrasing) before such a
    term, or it sits under an objective heading.
    Writes ``doc._.collab_flags``: ``{unit start_char: {"negated": bool, "hypothetical": bool}}``.
    """

    def __init__(self, nlp: Language, name: str = "collabscreen_negation", *, window: int = 8) -> None:
        self.name = name
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        flags: dict[int, dict[str, bool]] = {}
        cues: list[tuple[int, str]] = []
        terms: list[int] = []
        for start, _end, kind, key in term_matches(doc):
            if kind == "cue":
                cues.append((start, key))
            else:
                terms.append(start)
        if not cues or not terms:
            doc._.collab_flags = flags
            return doc
        cue_starts = [c for c, _ in cues]
        t_starts, t_ends, c_starts, _, _, _ = unit_bounds(doc)
        for s_start, s_end, s_char in zip(t_starts.tolist(), t_ends.tolist(), c_starts.tolist()):
            lo = bisect.bisect_left(cue_starts, s_start)
            hi = bisect.bisect_left(cue_starts, s_end)
            if lo == hi:
                continue
            t_lo = bisect.bisect_left(terms, s_start)
            t_hi = bisect.bisect_left(terms, s_end)
            sent_terms = terms[t_lo:t_hi]
            if not sent_terms:
                continue
            neg = hyp = False
            for c_start, kind in cues[lo:hi]:
                after = [t for t in sent_terms if t > c_start]
                if not after:
                    continue
                if kind == "negation" and after[0] - c_start <= self.window:
                    neg = True
                elif kind == "hypothetical":
                    hyp = True
            if neg or hyp:
                flags[s_char] = {"negated": neg, "hypothetical": hyp}
        doc._.collab_flags = flags
        return doc

    def to_disk(self, path, *, exclude=tuple()):
        return None

    def from_disk(self, path, *, exclude=tuple()):
        return self


# ---------------------------------------------------------------- factories


@Language.factory("collabscreen_lines", assigns=["token.is_sent_start"], default_config={"min_chars": 2})
def make_line_segmenter(nlp: Language, name: str, min_chars: int) -> LineSegmenter:
    return LineSegmenter(nlp, name, min_chars=min_chars)


@Language.factory(
    "collabscreen_sections",
    assigns=["doc._.collab_sections", "doc._.collab_roles"],
    requires=["token.is_sent_start"],
    default_config={"max_heading_words": 6},
)
def make_section_detector(nlp: Language, name: str, max_heading_words: int) -> SectionDetector:
    return SectionDetector(nlp, name, max_heading_words=max_heading_words)


@Language.factory(
    "collabscreen_roles",
    assigns=["doc._.collab_jobs"],
    requires=["doc._.collab_sections"],
    default_config={"max_header_words": 10, "max_header_chars": 80, "max_after": 2},
)
def make_role_segmenter(nlp: Language, name: str, max_header_words: int, max_header_chars: int, max_after: int) -> RoleSegmenter:
    return RoleSegmenter(nlp, name, max_header_words=max_header_words, max_header_chars=max_header_chars, max_after=max_after)


@Language.factory(
    "collabscreen_taxonomy",
    assigns=["doc.spans"],
    default_config={"attr": "LOWER"},
)
def make_taxonomy_matcher(nlp: Language, name: str, attr: str) -> TaxonomyMatcher:
    return TaxonomyMatcher(nlp, name, attr=attr)


@Language.factory(
    "collabscreen_negation",
    assigns=["doc._.collab_flags"],
    requires=["doc.spans", "token.is_sent_start"],
    default_config={"window": 8},
)
def make_negation_detector(nlp: Language, name: str, window: int) -> NegationDetector:
    return NegationDetector(nlp, name, window=window)


_SYMBOL_RUN = re.compile(r"[^\w\s]{33,}")


def _break_run(m: "re.Match[str]") -> str:
    s = m.group(0)
    return "".join(" " if i % 32 == 31 else c for i, c in enumerate(s))


_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?"
)
_DATE_PART = re.compile(
    rf"(?:{_MONTHS}\s+)?(?:\d{{1,2}}[/.])?(?:19|20)\d\d|\b(?:present|current|now|today|date)\b|\b{_MONTHS}(?=\s|$)",
    re.I,
)
_ROLE_NOISE = re.compile(r"\bcompany name\b|\bcity\s*,\s*state\b|\bcity\b|\bstate\b|ï¼|\s(?:to|until|till|since|-|–|—)\s", re.I)


def role_title(role: str | None) -> str | None:
    """The job title in a role header line, without dates, placeholders and places.

    "Sales Associate , 05/2011 to 12/2012 Company Name - City , State" ->
    "Sales Associate"; "Company Name June 2012 to Current Director of Digital
    Innovation" -> "Director of Digital Innovation". None when nothing is left
    (the header is only dates and a company).
    """
    if not role:
        return None
    parts = [p for p in role.split(" | ") if not (p.rstrip().endswith(".") or len(p.split()) > 18)]
    out = []
    for part in parts:
        t = _DATE_PART.sub(" ", part)
        t = _ROLE_NOISE.sub(" ", f" {t} ")
        t = " ".join(t.split()).strip(" ,|;:-–—")
        if re.search(r"[A-Za-z]{2,}", t) and t.lower() not in ("to", "and", "from"):
            out.append(t)
    return " | ".join(out) if out else None


def tokenizer_safe(text: str) -> str:
    """``text`` with every 32nd character of a long run of symbols made a space.

    spaCy's tokenizer strips prefixes and suffixes one at a time, which is
    quadratic on a long run of symbols (100 KB of apostrophes: minutes). No
    word is a run of 33 or more symbols, so breaking such runs changes no unit
    a reader cares about, and the length (every offset) stays the same.
    """
    return _SYMBOL_RUN.sub(_break_run, text) if len(text) > 32 else text


def keep_tokenizer_cache(nlp: Language) -> list[str]:
    """Drop the tokenizer's special cases that only restate a single character, so that
    spaCy's chunk cache works on a whole resume; returns the characters dropped.

    spaCy remembers how it split each whitespace-separated chunk ("(CRM),", "sales."),
    except after a special case has matched: one flag per call to the tokenizer then
    stops the caching for the rest of the text. English lists ``"\\n"``, ``"\\t"``, ``" "``,
    ``"—"``, ``"'"`` and ``"’"`` as special cases whose only attribute is the character
    itself, so from a resume's first line break on every chunk was split afresh: on the
    2,207 pool resumes, 5.3 ms a resume against 1.9 ms without these six rules.

    A special case of one character that sets nothing but ``ORTH`` changes no token: a
    one-character chunk is one token whatever the rules, and the token takes its lexeme
    from the vocabulary either way. Rules that set more (``"\\xa0"`` sets ``NORM``) stay.
    ``tests/test_pipeline.py`` checks the tokens against an unchanged tokenizer.
    """
    tokenizer = nlp.tokenizer
    rules = getattr(tokenizer, "rules", None)
    if not rules:
        return []
    drop = _cache_breaking(rules)
    if drop:
        tokenizer.rules = _without(rules, drop)
    return drop


def _cache_breaking(rules: dict) -> list[str]:
    """The one-character special cases of ``rules`` that set nothing but ``ORTH``."""
    return [k for k, v in rules.items() if len(k) == 1 and v == [{ORTH: k}]]


def _without(rules: dict, drop: list[str]) -> dict:
    gone = set(drop)
    return {k: v for k, v in rules.items() if k not in gone}


class CollabEnglishDefaults(EnglishDefaults):
    """English defaults without the tokenizer special cases that :func:`keep_tokenizer_cache` drops."""

    tokenizer_exceptions = _without(EnglishDefaults.tokenizer_exceptions, _cache_breaking(EnglishDefaults.tokenizer_exceptions))


class CollabEnglish(English):
    """``spacy.blank("en")`` with :func:`keep_tokenizer_cache`'s rules from the start.

    Setting ``tokenizer.rules`` afterwards makes spaCy load all its special cases a second
    time (50-90 ms of every ``Screener()``); this ``English`` builds its tokenizer once, with
    the same tokens. Its ``lang`` is ``"en"``: a saved pipeline loads as plain English, with
    the tokenizer rules it was saved with.
    """

    lang = "en"
    Defaults = CollabEnglishDefaults


def blank_en() -> Language:
    """The default base pipeline: a :class:`CollabEnglish`, nothing downloaded."""
    return CollabEnglish()


def make_nlp(taxonomy: Taxonomy | None = None, *, nlp: Language | str | None = None) -> Language:
    """Build the collabscreen pipeline.

    Parameters
    ----------
    taxonomy : Taxonomy, optional
        Defaults to the bundled taxonomy.
    nlp : Language or str, optional
        An installed pretrained pipeline (object or package name) to extend.
        Defaults to :func:`blank_en` (``spacy.blank("en")``'s tokens, its tokenizer built
        once); nothing is downloaded. A given pipeline gets :func:`keep_tokenizer_cache`.
    """
    import spacy

    if nlp is None:
        nlp = blank_en()
    elif isinstance(nlp, str):
        nlp = spacy.load(nlp)
    taxonomy = taxonomy or default_taxonomy()
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if "collabscreen_lines" not in nlp.pipe_names:
        if first is not None:
            nlp.add_pipe("collabscreen_lines", before=first)
        else:
            nlp.add_pipe("collabscreen_lines")
    for name in PIPE_NAMES[1:]:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    for name in ("collabscreen_sections", "collabscreen_taxonomy"):
        pipe = nlp.get_pipe(name)
        if pipe.taxonomy is not taxonomy:  # a new component already holds the default one: not built twice
            pipe.set_taxonomy(taxonomy)
    keep_tokenizer_cache(nlp)
    # a long resume is fine; the blank tokenizer has no memory cost per char
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def get_taxonomy(nlp: Language) -> Taxonomy:
    return nlp.get_pipe("collabscreen_taxonomy").taxonomy

