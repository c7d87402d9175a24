"""Interview guide: questions for each collaboration category, from a screening result.

Pure functions over :class:`~collabscreen.types.ScreeningResult`; no I/O beyond
reading the bundled question bank (``collabscreen/data/questions.json``,
versioned) once.

The rules:

1. **One question per category** of the result (its ``category_scores`` keys,
   the model's categories), in taxonomy order, with the categories the job
   emphasises first (in the job's order) when the result carries a job match.
2. **Strong evidence gets a probe.** A category whose best evidence item (the
   items whose ``category`` it is) has ``weight >= strong_weight`` gets a
   ``"probe"``: the item is quoted (and its role named, when roles are known)
   and the candidate is asked to back it up. The probe is the bank's first one
   whose terms occur in the quoted evidence (its matched terms or its words),
   else the category's default probe.
3. **Weak or missing evidence gets a gap question.** A category with evidence
   below ``strong_weight`` gets a ``"gap"`` question that quotes that evidence
   and asks for the candidate's part; one without evidence gets the bank's
   concrete ``missing`` question.
4. **The job's emphasis is said.** For a category the job emphasises, the
   question starts with the bank's emphasis sentence ("The job puts weight on
   Shared funnel definitions and KPIs.").
5. A result that could not be screened has no questions. The same result
   always gives the same questions.

Questions are plain text and may quote the resume; every view escapes them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

from .types import Evidence, Question, ScreeningResult

__all__ = [
    "interview_questions",
    "question_bank",
    "job_emphasis",
    "evidence_role",
    "STRONG_WEIGHT",
    "QUOTE_CHARS",
]

#: Evidence weight from which a category's best item is quoted as a probe (rule 2).
STRONG_WEIGHT = 0.8
#: Longest quote of the resume in a question (characters, cut at a word).
QUOTE_CHARS = 110

_BULLETS = "\u2022-*\u25aa\u25e6\u00b7\u2013\u2014\u25cf\u25a0> \t"


@lru_cache(maxsize=1)
def question_bank() -> Mapping[str, Any]:
    """The bundled question bank (``collabscreen/data/questions.json``), read once."""
    text = resources.files("collabscreen").joinpath("data/questions.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    from .taxonomy import default_taxonomy

    return {k: c.label for k, c in default_taxonomy().categories.items()}


def _label(key: str) -> str:
    """The category's label as it reads inside a sentence ("shared funnel definitions and KPIs")."""
    label = _labels().get(key) or key.replace("_", " ")
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def job_emphasis(job: Any) -> tuple[str, ...]:
    """The categories a job emphasises, most important first ("" entries dropped).

    ``job`` is a job match or job profile with an ``emphasis`` attribute (or a
    ``profile`` that has one): a sequence of category keys in order, or a
    mapping ``category -> weight`` (higher first, ties by key). None or an
    object without emphasis gives ``()``.
    """
    if job is None:
        return ()
    emphasis = getattr(job, "emphasis", None)
    if emphasis is None and getattr(job, "profile", None) is not None:
        emphasis = getattr(job.profile, "emphasis", None)
    if not emphasis:
        return ()
    if isinstance(emphasis, Mapping):
        keys = [str(k) for k, w in sorted(emphasis.items(), key=lambda kv: (-float(kv[1]), str(kv[0]))) if float(w) > 0]
    elif isinstance(emphasis, str):
        keys = [emphasis]
    else:
        keys = [str(k) for k in emphasis]
    return tuple(dict.fromkeys(k for k in keys if k))


def evidence_role(result: ScreeningResult, index: int) -> Any:
    """The role (``result.roles`` item) holding evidence item ``index``, or None.

    A role's ``evidence`` may hold the evidence items themselves or their
    indices in ``result.evidence``. Results without roles give None.
    """
    ev = result.evidence[index]
    for role in getattr(result, "roles", None) or ():
        for item in getattr(role, "evidence", None) or ():
            if item is ev or (isinstance(item, int) and not isinstance(item, bool) and item == index) or (
                isinstance(item, Evidence) and item == ev
            ):
                return role
    return None


def _quote(text: str, limit: int) -> str:
    """``text`` on one line, without its bullet, cut at a word to at most ``limit`` characters."""
    text = " ".join(text.split()).lstrip(_BULLETS).rstrip(" .;,")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-\u2013") + "\u2026"


def _mentions(ev: Evidence, terms: Iterable[str]) -> bool:
    have = {t.lower() for t in ev.terms}
    low = " ".join(ev.text.lower().split())
    for t in terms:
        t = t.lower()
        if t in have or re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", low):
            return True
    return False


def _probe_ask(entry: Mapping[str, Any], ev: Evidence) -> str:
    probes: Sequence[Mapping[str, Any]] = entry["probes"]
    for p in probes:
        if p.get("terms") and _mentions(ev, p["terms"]):
            return str(p["ask"])
    defaults = [p for p in probes if not p.get("terms")]
    return str((defaults or probes)[-1]["ask"])


def _role_name(role: Any) -> str:
    if role is None:
        return ""
    title = " ".join(str(getattr(role, "title", "") or "").split())
    employer = " ".join(str(getattr(role, "employer", "") or "").split())
    if title and employer:
        return f"{title} at {employer}"
    return title or employer


def _best(evidence: Sequence[Evidence], category: str) -> int | None:
    idx = [i for i, e in enumerate(evidence) if e.category == category]
    if not idx:
        return None
    return min(idx, key=lambda i: (-evidence[i].weight, evidence[i].start_char, i))


def interview_questions(
    result: ScreeningResult,
    *,
    emphasis: Sequence[str] | None = None,
    strong_weight: float = STRONG_WEIGHT,
    quote_chars: int = QUOTE_CHARS,
    bank: Mapping[str, Any] | None = None,
) -> tuple[Question, ...]:
    """The interview questions for ``result`` (see the module docstring for the rules).

    Parameters
    ----------
    result : ScreeningResult
    emphasis : sequence of str, optional
        Categories the job emphasises, most important first; default: read
        from ``result.job_match`` (:func:`job_emphasis`), none without one.
    strong_weight : float, default=0.8
        Evidence weight from which a category's best item is probed.
    quote_chars : int, default=110
        Longest quote of the resume in a question.
    bank : mapping, optional
        A question bank of the layout of ``collabscreen/data/questions.json``;
        default the bundled one.
    """
    if not result.ok:
        return ()
    bank = question_bank() if bank is None else bank
    if emphasis is None:
        emphasis = job_emphasis(getattr(result, "job_match", None))
    keys = list(result.category_scores or {})
    if not keys:
        return ()
    taxonomy_order = {k: i for i, k in enumerate(_labels())}
    keys.sort(key=lambda k: (taxonomy_order.get(k, len(taxonomy_order)), k))
    first = list(dict.fromkeys(k for k in emphasis if k in keys))
    ordered = first + [k for k in keys if k not in first]
    templates = bank["templates"]
    out = []
    for key in ordered:
        entry = bank["categories"].get(key, bank["default"])
        label = _label(key)
        ref = _best(result.evidence, key)
        if ref is None:
            kind, text = "gap", str(entry["missing"]).format(label=label)
        else:
            ev = result.evidence[ref]
            role = _role_name(evidence_role(result, ref))
            if ev.parts:  # a hybrid role: its sales duty and its marketing duty, each quoted
                quote = "\u201d and \u201c".join(_quote(p.text, max(20, quote_chars // len(ev.parts))) for p in ev.parts)
            else:
                quote = _quote(ev.text, quote_chars)
            strong = ev.weight >= strong_weight
            kind = "probe" if strong else "gap"
            ask = _probe_ask(entry, ev) if strong else str(entry["weak"])
            name = ("probe" if strong else "weak") + ("_in_role" if role else "")
            text = templates[name].format(quote=quote, role=role, ask=ask.format(label=label))
        if key in first:
            text = templates["emphasis"].format(label=label, question=text)
        out.append(Question(category=key, kind=kind, text=text, evidence_ref=ref))
    return tuple(out)
