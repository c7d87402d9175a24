"""From processed ``Doc`` objects to unit records, and from records to features.

``unit_records(doc)`` reads what the pipeline annotated (units, sections,
roles, taxonomy matches, negation flags) into one plain dict per unit.
:class:`CollabFeaturizer` turns records (or plain strings) into a sparse
matrix: hashed word and lemma n-grams plus taxonomy, function and cue
indicators. No I/O, no model.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np

from .taxonomy import EXPERIENCE, HEADER

if TYPE_CHECKING:  # pragma: no cover
    from ._featurizer import CollabFeaturizer

__all__ = ["unit_records", "record_for_text", "corpus_records", "normalize_unit", "hash_rows", "meta_matrix", "CollabFeaturizer", "META_FEATURES"]

_ALPHA_RE = re.compile(r"[A-Za-z]")
_SPACES_RE = re.compile(r"\s+")


def normalize_unit(text: str) -> str:
    """One unit of text as the pipeline expects it: white space runs collapsed, stripped."""
    return _SPACES_RE.sub(" ", text).strip()


# "\$?\d[\d,.]*[%kmb]?|[a-z][a-z0-9&+']*", with the optional "$" as an alternative of its own
# (every alternative then starts with a character class the regex engine can scan for)
_TOKEN_RE = re.compile(r"\$\d[\d,.]*[%kmb]?|\d[\d,.]*[%kmb]?|[a-z][a-z0-9&+']*")
_NUM_RE = re.compile(r"\$?\d")


@lru_cache(maxsize=8)
def _letters_re(k: int) -> "re.Pattern[str]":
    """Matches when a text holds at least ``k`` ASCII letters (stops at the k-th)."""
    return re.compile(r"[A-Za-z]" + (r"(?:[^A-Za-z]*[A-Za-z]){%d}" % (k - 1) if k > 1 else ""))


def unit_records(doc, *, min_alpha: int = 3) -> list[dict[str, Any]]:
    """One record per unit (line, bullet or sentence) of a processed Doc.

    Units with fewer than ``min_alpha`` letters (dates, rules, page numbers)
    are left out. Matches are assigned to units in one pass (no per-unit scan
    of all matches); units and term texts are read from offset arrays, so no
    Span or Token object is created per unit or token.
    """
    from .pipeline import doc_text, term_matches, unit_bounds

    matches = term_matches(doc)
    m_starts = [m[0] for m in matches]
    flags = doc._.collab_flags or {}
    sections = doc._.collab_sections or []
    sec_starts = [s for s, _ in sections]
    roles = doc._.collab_roles or []
    role_starts = [s for s, _ in roles]
    records = []
    text = doc_text(doc)
    t_starts, t_ends, c_starts, c_ends, idx, length = unit_bounds(doc)
    tok_idx = idx.tolist()
    tok_end = (idx + length).tolist()
    enough_letters = _letters_re(min_alpha).search if min_alpha > 0 else None
    no_flags: dict[str, bool] = {}
    for s_tok, e_tok, s_char, e_char in zip(t_starts.tolist(), t_ends.tolist(), c_starts.tolist(), c_ends.tolist()):
        raw = text[s_char:e_char]
        unit_text = raw.strip()
        if enough_letters is not None and enough_letters(unit_text[:200]) is None:
            continue
        lo = bisect.bisect_left(m_starts, s_tok)
        hi = bisect.bisect_left(m_starts, e_tok)
        cats: dict[str, None] = {}
        doms: dict[str, None] = {}
        terms: dict[str, None] = {}
        for start, end, kind, key in matches[lo:hi]:
            if end > e_tok:
                continue
            if kind == "cat":
                cats[key] = None
                terms[text[tok_idx[start] : tok_end[end - 1]]] = None  # == doc[start:end].text
            elif kind == "dom":
                doms[key] = None
        i = bisect.bisect_right(sec_starts, s_char) - 1
        j = bisect.bisect_right(role_starts, s_char) - 1
        f = flags.get(s_char, no_flags)
        # offsets of the stripped unit text
        start = s_char + (len(raw) - len(raw.lstrip()))
        records.append(
            {
                "text": unit_text,
                "start_char": start,
                "end_char": start + len(unit_text),
                "section": sections[i][1] if i >= 0 else HEADER,
                "role": roles[j][1] if j >= 0 else None,
                "categories": tuple(cats),
                "domains": tuple(doms),
                "terms": tuple(terms),
                "negated": bool(f.get("negated")),
                "hypothetical": bool(f.get("hypothetical")),
            }
        )
    return records


def record_for_text(doc) -> dict[str, Any]:
    """A single record for a whole Doc (a training sentence), ignoring unit splits."""
    from .pipeline import SPANS_KEYS

    def group(kind: str):
        return doc.spans[SPANS_KEYS[kind]] if SPANS_KEYS[kind] in doc.spans else []

    cats = tuple(dict.fromkeys(m.label_ for m in group("cat")))
    doms = tuple(dict.fromkeys(m.label_ for m in group("dom")))
    terms = tuple(dict.fromkeys(m.text for m in group("cat")))
    flags = (doc._.collab_flags or {}).values()
    return {
        "text": doc.text.strip(),
        "start_char": 0,
        "end_char": len(doc.text),
        "section": EXPERIENCE,
        "role": None,
        "categories": cats,
        "domains": doms,
        "terms": terms,
        "negated": any(f.get("negated") for f in flags),
        "hypothetical": any(f.get("hypothetical") for f in flags),
    }


def corpus_records(texts: Sequence[str], nlp) -> list[dict[str, Any]]:
    """One record per sentence (a training sentence, or one to explain): the pipeline over
    each whole text, ignoring unit splits (see :func:`record_for_text`)."""
    return [record_for_text(doc) for doc in nlp.pipe((normalize_unit(t) for t in texts), batch_size=256)]


# ---------------------------------------------------------------- lemmas


@lru_cache(maxsize=1)
def _lemma_table():
    """The English lookup lemmatizer table from spacy-lookups-data (offline)."""
    try:
        from spacy.lookups import load_lookups

        return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    except Exception:  # pragma: no cover - spacy-lookups-data is a dependency
        return None


_LEMMA_CACHE: dict[str, str] = {}


def lemma(word: str) -> str:
    """Lemma of a lower-case word (the lookup table is case-sensitive)."""
    got = _LEMMA_CACHE.get(word)
    if got is None:
        table = _lemma_table()
        got = table.get(word, word) if table is not None else word
        if len(_LEMMA_CACHE) < 200_000:
            _LEMMA_CACHE[word] = got
    return got


def _slow_token(t: str, use_lemmas: bool) -> str:
    if t[0] == "$" or not ("a" <= t[0] <= "z"):
        # a token starts with "$", a digit (number branch) or a-z (word branch)
        return "<pct>" if t[-1] == "%" else "<num>"
    return lemma(t) if use_lemmas else t


# a token as the analyzer's regex finds it -> its feature with lemmas (the neutral word's
# lemma, or <num> / <pct>), for the analyzer's fast path
_TOKENS: dict[str, str] = {}
_TOKENS_MAX = 200_000


def _token(raw: str) -> str:
    got = _slow_token(_NEUTRAL_WORDS.get(raw, raw), True)
    if len(_TOKENS) < _TOKENS_MAX:
        _TOKENS[raw] = got
    return got


#: Changes whenever the features change meaning (part of the model version hash).
FEATURES_VERSION = "features-2 (neutralised names, pronouns, gendered words, contact details)"

# ---------------------------------------------------------------- blind screening
#: Words that say who the candidate is, not what they did: one token each, so no
#: pronoun set, gendered title or form of address moves a probability.
_NEUTRAL_WORDS: dict[str, str] = {
    **{w: "zzpron" for w in (
        "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "he", "him", "his", "himself",
        "she", "her", "hers", "herself", "they", "them", "their", "theirs", "themself", "themselves", "xe", "xem",
        "xyr", "ze", "zir", "hir", "you", "your", "yours",
    )},
    **{w: "zztitle" for w in ("mr", "mrs", "ms", "miss", "mx", "sir", "madam", "madame", "mister")},
    "salesman": "salesperson", "saleswoman": "salesperson", "salesmen": "salespeople", "saleswomen": "salespeople",
    "chairman": "chairperson", "chairwoman": "chairperson", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "businessman": "businessperson", "businesswoman": "businessperson", "waiter": "server", "waitress": "server",
    "waiters": "servers", "waitresses": "servers", "hostess": "host", "actress": "actor", "stewardess": "attendant",
    "steward": "attendant", "foreman": "supervisor", "forewoman": "supervisor", "craftsman": "craftsperson",
    "craftswoman": "craftsperson", "congressman": "legislator", "congresswoman": "legislator",
    "policeman": "officer", "policewoman": "officer", "fireman": "firefighter", "anchorman": "anchor",
    "anchorwoman": "anchor", "repairman": "technician", "deliveryman": "courier", "cameraman": "camera operator",
    "camerawoman": "camera operator", "male": "zzsex", "female": "zzsex", "man": "person", "woman": "person",
    "men": "people", "women": "people", "fraternity": "society", "sorority": "society",
}
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|me|co)(?:/\S*)?\b", re.I)
_PHONE_RE = re.compile(r"(?<![\w$])\+?\(?\d[\d\s().-]{6,}\d(?![\w%])")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_DIGIT_RE = re.compile(r"\d")
# a capitalised word: "\b[A-Z][A-Za-z0-9&+']*", written to start with the capital it consumes
# (no word character before it), so the regex engine jumps to capitals
_CAP_RE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Za-z0-9&+']*")


def _phone(m: "re.Match[str]") -> str:
    s = m.group(0)
    digits = sum(c.isdigit() for c in s)
    # a phone number: 7-15 digits, not a span of years ("2015 - 2019")
    if 7 <= digits <= 15 and not (_YEAR_RE.search(s) and digits <= 8):
        return " zzphone "
    return s


def neutralize(text: str, known: "np.ndarray | None" = None) -> str:
    """The text with contact details, and (given ``known``) names, replaced by one token each.

    E-mail addresses, URLs and phone numbers (any format) become ``zzemail``,
    ``zzurl``, ``zzphone``. With ``known`` (sorted hashes of the words the model
    saw in lower case while training), a capitalised word the model never saw
    in lower case (a name, a city) becomes ``zzname``: no name or place moves a
    probability. Pronouns and gendered words are mapped in :func:`analyze`.
    """
    # each pattern runs only on text holding what every match of it holds
    if "@" in text:
        text = _EMAIL_RE.sub(" zzemail ", text)
    if ("." in text or "://" in text) and _may_hold_url(text):
        text = _URL_RE.sub(" zzurl ", text)
    if _DIGIT_RE.search(text):
        text = _PHONE_RE.sub(_phone, text)
    if known is not None and len(known):
        caps = _CAP_RE.findall(text)
        if caps:
            unknown = _unknown_caps(known, caps)
            if unknown:
                text = _CAP_RE.sub(lambda m: "zzname" if m.group(0) in unknown else m.group(0), text)
    return text


_URL_MARKS = ("://", "www.", ".co", ".org", ".net", ".io", ".me")


def _may_hold_url(text: str) -> bool:
    """False only when ``_URL_RE`` cannot match: every match holds "://", "www." or a dot
    before com/org/net/io/me/co, in any case (decided in lower case for ASCII text only:
    case-insensitive matching of other characters is left to the pattern)."""
    if not text.isascii():
        return True
    low = text.lower()
    return any(map(low.__contains__, _URL_MARKS))


# capitalised word -> replaced by "zzname", for the last ``known`` array asked about
_CAPS_MEMO: tuple[np.ndarray, dict[str, bool]] | None = None


def _unknown_caps(known: np.ndarray, caps: list[str]) -> set[str]:
    """The capitalised words of ``caps`` that become ``zzname``: not a pronoun, title or
    gendered word (:data:`_NEUTRAL_WORDS`, in lower case) and not in ``known`` in lower case
    (:func:`_known`); each distinct word is decided once per ``known`` array, then remembered."""
    global _CAPS_MEMO
    memo = _CAPS_MEMO
    if memo is None or memo[0] is not known or len(memo[1]) > _KNOWN_MEMO_MAX:
        memo = _CAPS_MEMO = (known, {})
    seen = memo[1]
    flags = list(map(seen.get, caps))
    if None in flags:
        missing = [c for c in dict.fromkeys(caps) if c not in seen]
        lows = [c.lower() for c in missing]
        asked = [(c, w) for c, w in zip(missing, lows) if w not in _NEUTRAL_WORDS]
        seen.update(dict.fromkeys(missing, False))
        seen.update((c, not hit) for (c, _), hit in zip(asked, _known(known, [w for _, w in asked])))
        flags = list(map(seen.get, caps))
    return {c for c, f in zip(caps, flags) if f} if True in flags else set()


# word -> in ``known``, for the last ``known`` array asked about (one model's vocabulary),
# and that array's values as a set of Python ints
_KNOWN_MEMO: "tuple[np.ndarray, dict[str, bool], frozenset[int]] | None" = None
_KNOWN_MEMO_MAX = 200_000


def _known(known: np.ndarray, words: list[str]) -> list[bool]:
    """Whether each word's :func:`word_hashes` value is in the sorted array ``known``; each
    distinct word is hashed and looked up once per ``known`` array, then remembered."""
    global _KNOWN_MEMO
    memo = _KNOWN_MEMO
    if memo is None or memo[0] is not known:
        memo = _KNOWN_MEMO = (known, {}, frozenset(np.asarray(known, dtype=np.uint64).tolist()))
    elif len(memo[1]) > _KNOWN_MEMO_MAX:
        memo = _KNOWN_MEMO = (known, {}, memo[2])
    seen, members = memo[1], memo[2]
    for w in dict.fromkeys(words):
        if w not in seen:
            seen[w] = _word_hash(w) in members
    return [seen[w] for w in words]


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """64-bit hashes of words (stable across runs and machines)."""
    return np.asarray([_word_hash(w) for w in words], dtype=np.uint64)


def lowercase_vocabulary(texts: Iterable[str], min_count: int = 1) -> np.ndarray:
    """Sorted hashes of the words of ``texts`` that are not names: those that occur in lower
    case, and acronyms (all capitals, 2-6 letters: MQL, SDR, CRM), case-folded."""
    counts: dict[str, int] = {}
    for t in texts:
        for w in re.findall(r"\b[a-z][a-z0-9&+']*|\b[A-Z][A-Z0-9&]{1,5}\b", t):
            w = w.lower()
            counts[w] = counts.get(w, 0) + 1
    words = sorted(w for w, c in counts.items() if c >= min_count)
    return np.unique(word_hashes(words))


def analyze(text: str, *, use_lemmas: bool = True, ngram_max: int = 2, known: "np.ndarray | None" = None) -> list[str]:
    """Neutralised, lower-cased word tokens -> lemma n-grams; numbers become ``<num>``."""
    text = neutralize(text, known)
    found = _TOKEN_RE.findall(text.lower())
    if use_lemmas:
        # cached tokens map in C (dict lookups through map); misses take the slow path
        toks = list(map(_TOKENS.get, found))
        if None in toks:
            toks = [t if t is not None else _token(r) for t, r in zip(toks, found)]
    else:
        toks = [_slow_token(_NEUTRAL_WORDS.get(r, r), False) for r in found]
    feats = list(toks)
    if ngram_max >= 2:
        feats += map(" ".join, zip(toks, toks[1:]))
    for n in range(3, ngram_max + 1):
        feats.extend(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))
    return feats




_INT32_MIN = -(2**31)
# text -> its hashed columns (int32, one per term), for the last settings and ``known`` array
_COLUMNS_MEMO: tuple[tuple[int, bool, int], np.ndarray | None, dict[str, np.ndarray]] | None = None
_COLUMNS_MEMO_MAX = 20_000  # then forgotten and started again (memory stays bounded)


def _columns_memo(settings: tuple[int, bool, int], known: np.ndarray | None) -> dict[str, np.ndarray]:
    """The remembered columns of texts hashed with ``settings`` (n_features, use_lemmas,
    ngram_max) and this ``known`` array; forgotten when either changes."""
    global _COLUMNS_MEMO
    memo = _COLUMNS_MEMO
    if memo is None or memo[0] != settings or memo[1] is not known:
        memo = _COLUMNS_MEMO = (settings, known, {})
    return memo[2]


def hash_rows(
    texts: Sequence[str], *, n_features: int, use_lemmas: bool = True, ngram_max: int = 2, known: "np.ndarray | None" = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashed, L2-normalised n-gram counts of ``texts`` as CSR arrays ``(indptr, indices, data)``.

    Exactly scikit-learn's ``HashingVectorizer(analyzer=analyze, alternate_sign=False,
    norm="l2")``: MurmurHash3 (32-bit, seed 0) of each term's UTF-8 bytes, column
    ``abs(hash) % n_features``, duplicates summed, columns sorted within a row, each
    row divided by its Euclidean norm. Used by training (:class:`CollabFeaturizer`)
    and by screening (:mod:`collabscreen.inference`), which needs no scikit-learn.
    """
    import mmh3

    n = int(n_features)
    low = (2147483647 - (n - 1)) % n  # abs(-2**31) % n, as scikit-learn defines it
    # each text's columns, one per term in the analyzer's order: remembered per distinct text
    memo = _columns_memo((n, bool(use_lemmas), int(ngram_max)), known)
    cols: list[np.ndarray | None] = list(map(memo.get, texts))
    new_rows: list[int] = []
    new_lengths: list[int] = []
    terms: list[str] = []
    for i, got in enumerate(cols):
        if got is None:
            t = analyze(texts[i], use_lemmas=use_lemmas, ngram_max=ngram_max, known=known)
            new_rows.append(i)
            new_lengths.append(len(t))
            terms.extend(t)
    if new_rows:
        h = np.fromiter(map(mmh3.hash, terms), dtype=np.int64, count=len(terms))  # seed 0, signed: the defaults
        new_cols = np.where(h == _INT32_MIN, low, np.abs(h) % n).astype(np.int32)
        if len(memo) + len(new_rows) > _COLUMNS_MEMO_MAX:
            memo.clear()
        for i, piece in zip(new_rows, np.split(new_cols, np.cumsum(new_lengths)[:-1])):
            cols[i] = memo[texts[i]] = piece
    lengths = np.fromiter(map(len, cols), dtype=np.int64, count=len(texts))  # type: ignore[arg-type]
    bins = np.concatenate(cols).astype(np.int64) if cols else np.zeros(0, dtype=np.int64)  # type: ignore[arg-type]
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    # one sort for all rows: (row, column) pairs in order, duplicates counted
    keys, counts = np.unique(rows * n + bins, return_counts=True)
    urow, indices = np.divmod(keys, n)
    c = counts.astype(np.float64)
    norm = np.sqrt(np.bincount(urow, weights=c * c, minlength=len(texts)))  # integer-valued: exact in any order
    data = c / norm[urow]
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(urow, minlength=len(texts)), out=indptr[1:])
    return indptr, indices.astype(np.int32), data


def meta_matrix(records: Sequence[dict], categories: Sequence[str]) -> np.ndarray:
    """The dense feature columns after the hashed block (:data:`META_FEATURES`, then one
    indicator per category), one row per unit record."""
    cat_index = {c: i for i, c in enumerate(categories)}
    base = len(META_FEATURES)
    flat: list[float] = []  # the META_FEATURES of each record in turn
    hit_rows: list[int] = []
    hit_cols: list[int] = []
    for row, r in enumerate(records):
        doms = r.get("domains", ())
        has_s, has_m = "sales" in doms, "marketing" in doms
        cats = r.get("categories", ())
        text = r["text"]
        n_words = len(text.split())
        n_commas = text.count(",")
        flat += (
            has_s, has_m, has_s and has_m, bool(r.get("negated")), bool(r.get("hypothetical")), min(len(cats), 4) / 4.0,
            n_words < 5, n_commas >= 3 and n_words < 4 * n_commas,
        )
        for c in cats:
            k = cat_index.get(c)
            if k is not None:
                hit_rows.append(row)
                hit_cols.append(base + k)
    meta = np.zeros((len(records), base + len(categories)), dtype=np.float64)
    if flat:
        meta[:, :base] = np.fromiter(flat, dtype=np.float64, count=len(flat)).reshape(-1, base)
    meta[hit_rows, hit_cols] = 1.0
    return meta


# ---------------------------------------------------------------- featurizer

META_FEATURES: tuple[str, ...] = (
    "dom:sales",
    "dom:marketing",
    "dom:both",
    "cue:negated",
    "cue:hypothetical",
    "n_categories",
    "short_unit",
    "list_like",
)


def __getattr__(name: str) -> Any:
    # the scikit-learn transformer lives apart so that screening never imports scikit-learn;
    # it keeps this module's name (saved models refer to collabscreen.features.CollabFeaturizer)
    if name == "CollabFeaturizer":
        from ._featurizer import CollabFeaturizer

        return CollabFeaturizer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
