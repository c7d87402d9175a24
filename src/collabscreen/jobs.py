"""Job profiles: what a job description asks for, and how a resume matches it.

:class:`JobProfile` holds a job's required and preferred terms, its
must-haves, an optional Boolean query (:mod:`collabscreen.query`), the
collaboration categories it stresses and the ranking weights. Build it from
a job description (:meth:`JobProfile.from_text`), a small YAML file
(:meth:`JobProfile.from_yaml`) or in code. Terms are phrases (``lead
scoring``) or, with quotes, parentheses or an upper-case operator, queries
(``HubSpot OR Marketo``); see :func:`collabscreen.query.term_query`.

:class:`JobMatcher` (``profile.compile(tokenize)``) matches a resume's
tokens; the :class:`~collabscreen.engine.Screener` does that where the spaCy
Doc is available and stores the :class:`~collabscreen.types.JobMatch` on the
result. Nothing heavy is imported here (PyYAML only inside ``from_yaml``).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field, fields, replace
from os import PathLike
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from .errors import ConfigError
from .query import Matcher, QuerySyntaxError, TokenIndex, compile_query, parse_query, term_query
from .ranking import DEFAULT_COLLABORATION_WEIGHT, DEFAULT_JOB_WEIGHT, combined_score
from .types import JobMatch, TermMatch, TermOccurrence

__all__ = [
    "JobProfile",
    "JobWeights",
    "JobMatcher",
    "ResumeTokens",
    "UnitInfo",
    "resume_tokens",
    "MAX_OCCURRENCES",
]

#: Occurrences kept per term in a :class:`~collabscreen.types.TermMatch` (the count has them all).
MAX_OCCURRENCES = 3
YAML_KEYS = ("title", "description", "required", "preferred", "must_have", "query", "emphasis", "weights")


def _fail(source: str, reason: str) -> ConfigError:
    return ConfigError.from_code("E413", source=source, reason=reason)


@dataclass(frozen=True)
class JobWeights:
    """Weights of a job match.

    ``collaboration`` and ``job`` mix the collaboration score and the job
    match into the combined value the ranking sorts on; ``required``,
    ``preferred`` and ``emphasis`` weigh the parts of the job match.
    """

    collaboration: float = DEFAULT_COLLABORATION_WEIGHT
    job: float = DEFAULT_JOB_WEIGHT
    required: float = 2.0
    preferred: float = 1.0
    emphasis: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not v >= 0 or v == float("inf"):
                raise ConfigError.from_code("E400", name=f"weights.{f.name}", expected="a number >= 0", value=v)
        if self.collaboration + self.job <= 0:
            raise ConfigError.from_code("E400", name="weights.collaboration + weights.job", expected="> 0", value=0)

    def to_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class JobProfile:
    """What a job asks for.

    Parameters
    ----------
    title : str
    required, preferred : tuple of str
        Terms that raise the job match when the resume mentions them.
    must_have : tuple of str
        Terms a candidate must mention; one missing knocks the candidate out.
    query : str, optional
        A Boolean query (:mod:`collabscreen.query`) the resume must match.
    emphasis : tuple of str
        Taxonomy category keys the job stresses, most stressed first.
    weights : JobWeights

    Every term and the query are parsed on construction: a bad one raises
    (:class:`~collabscreen.query.QuerySyntaxError` for the query,
    :class:`~collabscreen.errors.ConfigError` E413 naming the term otherwise).
    """

    title: str = ""
    required: tuple[str, ...] = ()
    preferred: tuple[str, ...] = ()
    must_have: tuple[str, ...] = ()
    query: str | None = None
    emphasis: tuple[str, ...] = ()
    weights: JobWeights = field(default_factory=JobWeights)
    source: str = field(default="<profile>", compare=False)

    def __post_init__(self) -> None:
        for name in ("required", "preferred", "must_have", "emphasis"):
            v = getattr(self, name)
            if isinstance(v, str) or not all(isinstance(t, str) for t in v):
                raise _fail(self.source, f"{name} must be a list of strings, got {v!r}")
            object.__setattr__(self, name, tuple(dict.fromkeys(" ".join(t.split()) for t in v if t.strip())))
        for name in ("required", "preferred", "must_have"):
            for i, t in enumerate(getattr(self, name)):
                try:
                    term_query(t)
                except QuerySyntaxError as exc:
                    raise _fail(self.source, f"{name}[{i}] {t!r}: {exc.reason_text} at column {exc.column}") from None
        if self.query is not None:
            if not isinstance(self.query, str):
                raise _fail(self.source, f"query must be a string, got {self.query!r}")
            parse_query(self.query)
        if not isinstance(self.weights, JobWeights):
            object.__setattr__(self, "weights", _weights(self.weights, self.source))

    # -- construction -------------------------------------------------
    @classmethod
    def from_text(cls, text: str, *, taxonomy: Any = None, source: str = "<text>") -> "JobProfile":
        """Read a job description: its title, the terms under headings such as
        "Requirements" / "Must have" / "Nice to have" / "Preferred", and the
        collaboration categories it stresses (taxonomy terms counted in the
        whole text). Without such headings, the terms found anywhere are
        required. See :func:`parse_job_text`."""
        return cls(**parse_job_text(text, taxonomy=taxonomy), source=source)

    @classmethod
    def from_yaml(cls, path_or_text: str | PathLike[str], *, taxonomy: Any = None) -> "JobProfile":
        """A profile from YAML (a path, or the YAML text itself)::

            title: Revenue Operations Manager
            required: [Salesforce, lead scoring, HubSpot OR Marketo]
            preferred: [SQL, attribution]
            must_have: [Salesforce]
            query: '"lead scoring" AND (sales NEAR/5 marketing)'
            emphasis: [funnel_kpis, handoff_tooling]     # optional
            weights: {collaboration: 0.7, job: 0.3}      # optional
            description: |                                # optional job text:
              ...                                         # fills what is not given

        Read with ``yaml.safe_load`` (no Python objects); unknown keys are refused.
        """
        text, source = _read(path_or_text, yaml=True)
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise _fail(source, f"not valid YAML ({' '.join(str(exc).split())})") from None
        if not isinstance(data, Mapping):
            raise _fail(source, "the top level must be a mapping (title:, required:, ...)")
        unknown = [str(k) for k in data if k not in YAML_KEYS]
        if unknown:
            raise _fail(source, f"unknown key(s) {', '.join(unknown)}; use {', '.join(YAML_KEYS)}")
        spec: dict[str, Any] = {}
        if data.get("description") is not None:
            if not isinstance(data["description"], str):
                raise _fail(source, "description must be text")
            spec = parse_job_text(data["description"], taxonomy=taxonomy)
        for key in ("title", "query"):
            if data.get(key) is not None:
                if not isinstance(data[key], (str, int, float)) or isinstance(data[key], bool):
                    raise _fail(source, f"{key} must be text, got {data[key]!r}")
                spec[key] = str(data[key])
        for key in ("required", "preferred", "must_have", "emphasis"):
            if key in data and data[key] is not None:
                v = data[key]
                if isinstance(v, str):
                    v = [v]
                if not isinstance(v, list) or not all(isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in v):
                    raise _fail(source, f"{key} must be a list of terms, got {v!r}")
                spec[key] = tuple(str(t) for t in v)
        if data.get("emphasis") is not None:
            from .taxonomy import Taxonomy, default_taxonomy

            tax = taxonomy if isinstance(taxonomy, Taxonomy) else default_taxonomy()
            bad = [k for k in spec["emphasis"] if k not in tax.categories]
            if bad:
                raise _fail(source, f"emphasis: unknown categories {bad}; use {list(tax.category_keys)}")
        if data.get("weights") is not None:
            spec["weights"] = _weights(data["weights"], source)
        return cls(**spec, source=source)

    @classmethod
    def from_file(cls, path: str | PathLike[str], *, taxonomy: Any = None) -> "JobProfile":
        """``.yaml`` / ``.yml``: :meth:`from_yaml`; any other file is a job description
        (:meth:`from_text`) in any format collabscreen reads (TXT, Markdown, DOCX, PDF, HTML, ...)."""
        p = Path(path)
        if p.suffix.lower() in (".yaml", ".yml"):
            return cls.from_yaml(p, taxonomy=taxonomy)
        if not p.is_file():
            raise _fail(str(p), "file not found" if not p.exists() else "not a regular file")
        from .extract import extract_text

        return cls.from_text(extract_text(p).text, taxonomy=taxonomy, source=str(p))

    # -- use -------------------------------------------------------------
    def with_query(self, query: str) -> "JobProfile":
        """The profile with ``query`` added (ANDed with a query it already has)."""
        parse_query(query)
        q = query if self.query is None else f"({self.query}) AND ({query})"
        return replace(self, query=q)

    def with_weights(self, **weights: float) -> "JobProfile":
        """The profile with some weights changed (``collaboration=0.5, job=0.5``)."""
        return replace(self, weights=replace(self.weights, **weights))

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the profile's content (not its source): equal profiles, equal fingerprints."""
        import hashlib
        import json

        d = self.to_dict()
        d.pop("source")
        return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()

    @property
    def key(self) -> str:
        """``title#fingerprint[:12]``: which job a batch row was matched against."""
        return f"{self.title or 'job'}#{self.fingerprint[:12]}"

    @property
    def is_empty(self) -> bool:
        return not (self.required or self.preferred or self.must_have or self.query or self.emphasis)

    def compile(self, tokenize: Callable[[str], Sequence[str]] | None = None) -> "JobMatcher":
        """A :class:`JobMatcher` whose query words are split by ``tokenize``
        (the Screener passes its spaCy tokenizer)."""
        return JobMatcher(self, tokenize)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "required": list(self.required),
            "preferred": list(self.preferred),
            "must_have": list(self.must_have),
            "query": self.query,
            "emphasis": list(self.emphasis),
            "weights": self.weights.to_dict(),
            "source": self.source,
        }


def _weights(obj: Any, source: str) -> JobWeights:
    if isinstance(obj, JobWeights):
        return obj
    if not isinstance(obj, Mapping):
        raise _fail(source, f"weights must be a mapping (collaboration: 0.7, job: 0.3), got {obj!r}")
    names = [f.name for f in fields(JobWeights)]
    unknown = [str(k) for k in obj if k not in names]
    if unknown:
        raise _fail(source, f"unknown weight(s) {', '.join(unknown)}; use {', '.join(names)}")
    try:
        return JobWeights(**{str(k): v for k, v in obj.items()})
    except ConfigError as exc:
        raise _fail(source, exc.reason.rstrip(".")) from None


def _read(path_or_text: str | PathLike[str], *, yaml: bool) -> tuple[str, str]:
    """(text, source name): a PathLike or an existing file's path is read; other text is the content."""
    is_path = isinstance(path_or_text, PathLike) or (
        "\n" not in path_or_text
        and (os.path.exists(path_or_text) or (yaml and path_or_text.lower().endswith((".yaml", ".yml"))))
    )
    if not is_path:
        return str(path_or_text), "<text>"
    p = Path(path_or_text)
    try:
        return p.read_text(encoding="utf-8-sig"), str(p)
    except FileNotFoundError:
        raise _fail(str(p), "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(str(p), f"cannot be read ({exc})") from None


# ---------------------------------------------------------------- job description text
_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("must_have", ("must have", "must haves", "must-have", "must-haves", "non negotiable", "non-negotiable",
                   "non-negotiables", "essential", "essentials", "hard requirements", "knock-out", "deal breakers")),
    ("preferred", ("nice to have", "nice to haves", "nice-to-have", "nice-to-haves", "preferred", "bonus",
                   "bonus points", "a plus", "pluses", "desired", "desirable", "good to have", "extra credit")),
    ("required", ("requirements", "required", "qualifications", "what you bring", "what you'll bring",
                  "what you will bring", "what we're looking for", "what we are looking for", "you have",
                  "about you", "who you are", "skills", "experience", "you bring", "ideal candidate")),
    ("other", ("responsibilities", "what you'll do", "what you will do", "about us", "about the role", "the role",
               "benefits", "perks", "who we are", "compensation", "location", "the team", "duties", "overview",
               "summary", "company", "why join", "how to apply")),
)
_BULLET = re.compile(r"^\s*(?:[-*•●▪◦■►▶➢➤✓✔‣⁃∙·]|\d+[.)])\s*")
_HEADING_CLEAN = re.compile(r"^[#*_\s]+|[#*_:\s]+$")
_FILLER_HEAD = re.compile(
    r"^(?:(?:at\s+least\s+)?\d+\s*\+?\s*(?:years?|yrs?)(?:\s+of)?(?:\s+(?:hands-on|proven|relevant|professional))?"
    r"(?:\s+experience)?(?:\s+(?:in|with|of|as|running|building|owning|leading))?"
    r"|(?:hands-on|proven|strong|deep|solid|demonstrated|excellent|good|advanced|expert|extensive|prior|direct|some)"
    r"|(?:working\s+)?knowledge\s+of|familiarity\s+with|familiar\s+with|proficiency\s+(?:in|with)|proficient\s+(?:in|with)"
    r"|expertise\s+(?:in|with)|experience\s+(?:in|with|of|building|running|owning|leading|using|designing)|experience"
    r"|ability\s+to|a\s+track\s+record\s+(?:of|in)|track\s+record\s+(?:of|in)|background\s+in|exposure\s+to"
    r"|understanding\s+of|comfortable\s+with|fluency\s+in|fluent\s+in|you\s+have|you've|have|a|an|the)\s+",
    re.I,
)
_FILLER_TAIL = re.compile(
    r"\s+(?:experience|skills|knowledge|is\s+a\s+plus|a\s+plus|preferred|required|or\s+similar|or\s+equivalent|"
    r"is\s+required|is\s+preferred|strongly\s+preferred|a\s+must|highly\s+desirable|background|programs?|tools?|"
    r"platforms?|software)$",
    re.I,
)
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_LABEL = re.compile(r"^\s*[A-Za-z][\w /&-]{0,30}:\s+(?=\S)")
_ACRONYM_PAREN = re.compile(r"\s*\(([A-Z][A-Za-z0-9&+]{1,9})\)")
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+", re.I)
_ALT = re.compile(r"(?:^|\s+)or\s+|\s*/\s*", re.I)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.&'-]*[A-Za-z0-9+#]|[A-Za-z0-9]")
_STOP = frozenset(
    "a an the and or of in on at to for with by from as is are be we you our your their this that these those it its "
    "will can may must should who what which when where how all any each every other such own more most very "
    "i e g etc plus using use including include team teams role company experience years year".split()
)
_MAX_TERM_WORDS = 3


def _norm(text: str) -> str:
    """Lower-case words separated by single spaces, padded (for counting whole phrases)."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


_SMALL_WORDS = frozenset("to of and a an the we you have for in with are is".split())


def _heading(line: str) -> tuple[str | None, str]:
    """(kind, rest of the line) when ``line`` is a heading, else (None, line).

    A heading is a short line that is a heading phrase ("Nice to have"), holds
    one and ends with a colon ("What we're looking for:", "Must have: Salesforce"
    with the terms after it), or holds one in Title Case or CAPITALS
    ("Preferred Qualifications", "REQUIREMENTS (MUST HAVE)").
    """
    head, sep, rest = line.partition(":")
    if not sep:
        head, rest = line, ""
    raw = _HEADING_CLEAN.sub("", head)
    clean = raw.lower()
    words = clean.split()
    if not words or len(words) > 6 or _BULLET.match(line) or raw.endswith("."):
        return None, line
    titled = all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in re.findall(r"[A-Za-z][\w'-]*", raw))
    for kind, keys in _HEADINGS:
        for k in keys:
            if clean == k or ((sep or titled) and re.search(r"(?<![a-z])" + re.escape(k) + r"(?![a-z])", clean)):
                return kind, rest.strip()
    return None, line


def _category_terms(taxonomy: Any) -> list[tuple[str, str]]:
    """(category, term) for the taxonomy's short, noun-like terms (``lead scoring``, ``mql``)."""
    out = []
    for key, cat in taxonomy.categories.items():
        for t in cat.terms:
            words = t.split()
            if len(words) <= 3 and not set(words) & {"with", "between", "the", "to", "for", "and"}:
                out.append((key, t))
    return out


def _segment_terms(line: str) -> list[str] | None:
    """A list-like line ("Salesforce, HubSpot or Marketo, SQL") as terms; None for a sentence."""
    # "account-based marketing (ABM) programs": the acronym is an alternative
    body = _LABEL.sub("", line)  # "Tools: Salesforce, HubSpot"
    body = _ACRONYM_PAREN.sub(r" / \1", body)
    body = _PAREN.sub(" ", body).replace('"', " ").strip(" .;:")
    if not body:
        return []
    out: list[str] = []
    for clause in re.split(r"\s*;\s*", body):
        groups: list[list[str]] = []
        for seg in _SPLIT.split(clause):
            seg = _strip_filler(seg)
            if not seg:
                continue
            alts = [_strip_filler(a) for a in _ALT.split(seg)]
            alts = list(dict.fromkeys(a for a in alts if a))
            if not alts or any(len(a.split()) > _MAX_TERM_WORDS for a in alts):
                return None
            groups.append(alts)
        alternatives = len(groups[-1]) > 1 or re.search(r",\s*or\s", clause, re.I) if groups else False
        if len(groups) > 1 and alternatives and not _ACRONYM_PAREN.search(clause):
            # "revenue operations, sales operations or marketing operations": any one of them
            groups = [[a for g in groups for a in g]]
        out += [" OR ".join(g) for g in groups]
    return out


def _strip_filler(seg: str) -> str:
    seg = seg.strip(" .:-–—")
    for _ in range(4):
        new = _FILLER_TAIL.sub("", _FILLER_HEAD.sub("", seg)).strip(" .:-–—")
        if new == seg:
            break
        seg = new
    words = seg.split()
    if not words or all(w.lower() in _STOP for w in words):
        return ""
    return seg


def _sentence_terms(line: str, cat_terms: Sequence[tuple[str, str]], generic: frozenset[str]) -> list[str]:
    """Terms of a sentence-like line: taxonomy terms it contains, and tool-like
    words (CamelCase, ACRONYMS, Capitalised words past the first)."""
    norm = _norm(line)
    first: dict[str, str] = {}
    for _, t in cat_terms:
        if _norm(t) in norm:
            first.setdefault(_norm(t), t)
    found = list(first.values())
    # the longest taxonomy terms win: "abm programs" hides "abm"
    found = [t for t in found if not any(_norm(t) != _norm(u) and _norm(t) in _norm(u) for u in found)]
    words = _WORD.findall(line)
    surface = {w.lower(): w for w in words}
    found = [surface.get(t, t) for t in found]  # "Marketo" as the job description writes it
    for i, w in enumerate(words):
        low = w.lower()
        if low in _STOP or low in generic or len(w) < 2:
            continue
        tool = (w.isupper() and 2 <= len(w) <= 6 and w.isalpha()) or re.search(r"[a-z][A-Z]", w) or (i > 0 and w[:1].isupper())
        if tool and not any(_norm(w) in _norm(t) for t in found):
            found.append(w)
    return found


def parse_job_text(text: str, *, taxonomy: Any = None) -> dict[str, Any]:
    """The fields of a :class:`JobProfile` read from a job description (see :meth:`JobProfile.from_text`)."""
    from .taxonomy import Taxonomy, default_taxonomy

    tax = taxonomy if isinstance(taxonomy, Taxonomy) else (Taxonomy.from_file(taxonomy) if taxonomy else default_taxonomy())
    cat_terms = _category_terms(tax)
    generic = frozenset(w for words in tax.domains.values() for t in words for w in t.split()) - {
        w for _, t in cat_terms for w in t.split()
    }
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    title = ""
    terms: dict[str, list[str]] = {"required": [], "preferred": [], "must_have": []}
    kind: str | None = None
    seen_heading = False
    loose: list[str] = []
    for ln in lines:
        if not ln.strip():
            continue
        k, rest = _heading(ln)
        if k is not None:
            kind, seen_heading = k, True
            if not rest:
                continue
            ln = rest
        if not title and kind is None and not seen_heading:
            t = re.sub(r"^(?:job\s+title|title|position|role)\s*:\s*", "", ln.strip(), flags=re.I)
            if len(t.split()) <= 12 and not t.endswith("."):
                title = _HEADING_CLEAN.sub("", t)
                continue
        body = _BULLET.sub("", ln).strip()
        if kind in terms:
            seg = _segment_terms(body)
            terms[kind] += seg if seg is not None else _sentence_terms(body, cat_terms, generic)
        elif kind is None:
            loose.append(body)
    if not seen_heading or not any(terms.values()):
        for body in loose:
            terms["required"] += _sentence_terms(body, cat_terms, generic)
    out = {k: _valid_terms(_merge_acronyms(v), exclude=()) for k, v in terms.items()}
    out["required"] = _valid_terms(out["required"], exclude=out["must_have"])
    out["preferred"] = _valid_terms(out["preferred"], exclude=out["must_have"] + out["required"])
    return {"title": title, **out, "emphasis": _emphasis(text, tax)}


def _initials(term: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", term.lower()) if w)


def _merge_acronyms(terms: list[str]) -> list[str]:
    """``service level agreement`` and ``SLA`` as one term: ``service level agreement OR SLA``."""
    out = list(terms)
    for a in terms:
        if " " in a or len(a) < 2 or a not in out:
            continue
        for i, t in enumerate(out):
            if t != a and " OR " not in t and len(t.split()) > 1 and _initials(t) == a.lower():
                out[i] = f"{t} OR {a}"
                out.remove(a)
                break
    return out


def _valid_terms(terms: Iterable[str], *, exclude: Sequence[str]) -> tuple[str, ...]:
    seen = {t.lower() for t in exclude}
    out = []
    for t in terms:
        t = " ".join(t.split())
        if not t or t.lower() in seen:
            continue
        try:
            term_query(t)
        except QuerySyntaxError:
            continue
        seen.add(t.lower())
        out.append(t)
    return tuple(out)


def _emphasis(text: str, taxonomy: Any) -> tuple[str, ...]:
    """Taxonomy categories the text mentions, most mentioned first (ties in taxonomy order)."""
    norm = _norm(text)
    counts = {}
    for key, cat in taxonomy.categories.items():
        n = sum(norm.count(t) for t in {_norm(t) for t in cat.terms})
        if n:
            counts[key] = n
    if not counts:
        return ()
    order = list(taxonomy.categories)
    ranked = sorted(counts, key=lambda k: (-counts[k], order.index(k)))
    # stressed: mentioned at least twice and at least a quarter as often as the most mentioned
    top = counts[ranked[0]]
    return tuple(k for k in ranked if counts[k] >= max(2, top / 4)) or (ranked[0],)


# ---------------------------------------------------------------- matching
@dataclass(frozen=True)
class ResumeTokens:
    """A resume's words as the query language sees them: the Doc's lowercased
    tokens that hold a letter or digit, with their character offsets."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    text: str = field(default="", repr=False)


def resume_tokens(doc: Any) -> ResumeTokens:
    """The :class:`ResumeTokens` of a processed spaCy ``Doc`` (``Token.lower_``,
    ``Token.idx``; read as arrays, each distinct word looked up once)."""
    import numpy as np
    from spacy.attrs import IDX, LENGTH, LOWER

    from .pipeline import doc_text

    if not len(doc):
        return ResumeTokens((), (), (), doc.text)
    arr = doc.to_array([LOWER, IDX, LENGTH])
    hashes, inverse = np.unique(arr[:, 0], return_inverse=True)
    strings = doc.vocab.strings
    distinct = [strings[h] for h in hashes.tolist()]
    keep = np.fromiter((any(c.isalnum() for c in w) for w in distinct), dtype=bool, count=len(distinct))[inverse]
    starts = arr[keep, 1].astype(np.int64)
    ends = starts + arr[keep, 2].astype(np.int64)
    words = tuple(distinct[i] for i in inverse[keep].tolist())
    return ResumeTokens(words, tuple(starts.tolist()), tuple(ends.tolist()), doc_text(doc))


@dataclass(frozen=True)
class UnitInfo:
    """A unit (sentence, line or bullet) of a resume, for saying where a term occurs."""

    start_char: int
    end_char: int
    text: str
    section: str
    role: str | None = None


class JobMatcher:
    """A :class:`JobProfile` compiled for one tokenizer; :meth:`match` scores one resume."""

    def __init__(self, profile: JobProfile, tokenize: Callable[[str], Sequence[str]] | None = None) -> None:
        self.profile = profile
        self._terms: dict[str, tuple[tuple[str, Matcher], ...]] = {
            name: tuple((t, compile_query(term_query(t), tokenize)) for t in getattr(profile, name))
            for name in ("required", "preferred", "must_have")
        }
        self._query = compile_query(profile.query, tokenize) if profile.query is not None else None

    def __repr__(self) -> str:
        return f"JobMatcher({self.profile.title or self.profile.source!r})"

    def match(
        self,
        tokens: ResumeTokens,
        units: Sequence[UnitInfo],
        *,
        collaboration: float,
        category_scores: Mapping[str, float],
    ) -> JobMatch:
        """The :class:`~collabscreen.types.JobMatch` of one resume."""
        p = self.profile
        w = p.weights
        place = _Places(tokens, units)
        index = TokenIndex(tokens.words)
        found = {name: tuple(self._term(t, m, index, place) for t, m in ms) for name, ms in self._terms.items()}
        parts: dict[str, float] = {}
        for name in ("required", "preferred"):
            if found[name]:
                parts[name] = round(sum(t.matched for t in found[name]) / len(found[name]), 6)
        emphasis = {k: round(float(category_scores.get(k, 0.0)), 6) for k in p.emphasis}
        if emphasis:
            parts["emphasis"] = round(sum(emphasis.values()) / len(emphasis), 6)
        query_matched: bool | None = None
        query_hits: tuple[TermOccurrence, ...] = ()
        if self._query is not None:
            res = self._query.match(index)
            query_matched = res.matched
            query_hits = tuple(place(h.term, h.start, h.end) for h in res.hits[: 4 * MAX_OCCURRENCES])
        weights = {"required": w.required, "preferred": w.preferred, "emphasis": w.emphasis}
        total = sum(weights[k] for k in parts)
        if parts and total > 0:
            score = round(sum(weights[k] * v for k, v in parts.items()) / total, 6)
        else:
            score = 1.0 if query_matched in (None, True) else 0.0
        combined = combined_score(collaboration, score, collaboration_weight=w.collaboration, job_weight=w.job)
        return JobMatch(
            score=score,
            combined=combined,
            collaboration=collaboration,
            weights={"collaboration": w.collaboration, "job": w.job},
            parts=parts,
            required=found["required"],
            preferred=found["preferred"],
            must_have=found["must_have"],
            query=p.query,
            query_matched=query_matched,
            query_hits=query_hits,
            emphasis=emphasis,
            title=p.title,
        )

    @staticmethod
    def _term(term: str, m: Matcher, index: TokenIndex, place: "_Places") -> TermMatch:
        res = m.match(index)
        if not res.matched:
            return TermMatch(term, False)
        # one occurrence per place: the hits of an OR term or a NEAR pair that overlap are one place
        spans: list[tuple[int, int]] = []
        for h in res.hits:
            if spans and h.start < spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], h.end))
            else:
                spans.append((h.start, h.end))
        occ = tuple(place(term, a, b) for a, b in spans[:MAX_OCCURRENCES])
        return TermMatch(term, True, count=len(spans), occurrences=occ)


class _Places:
    """Token positions -> :class:`~collabscreen.types.TermOccurrence` (the unit, section and role)."""

    def __init__(self, tokens: ResumeTokens, units: Sequence[UnitInfo]) -> None:
        self.tokens = tokens
        self.units = units
        self.starts = [u.start_char for u in units]

    def __call__(self, term: str, start: int, end: int) -> TermOccurrence:
        t = self.tokens
        a, b = t.starts[start], t.ends[end - 1]
        i = bisect_right(self.starts, a) - 1
        unit = self.units[i] if i >= 0 else None
        return TermOccurrence(
            term=term,
            text=t.text[a:b],
            start_char=a,
            end_char=b,
            sentence=unit.text if unit is not None and a < unit.end_char else None,
            section=unit.section if unit is not None else "header",
            role=unit.role if unit is not None else None,
        )


def job_for(job: "JobProfile | str | PathLike[str] | None", query: str | None = None) -> "JobProfile | None":
    """A profile from what a caller gave: a profile, a file (:meth:`JobProfile.from_file`),
    and/or a query; None when neither is given."""
    profile = None
    if isinstance(job, JobProfile):
        profile = job
    elif job is not None:
        profile = JobProfile.from_file(job)
    if query is not None:
        profile = (profile or JobProfile(source="<query>")).with_query(query)
    return profile

