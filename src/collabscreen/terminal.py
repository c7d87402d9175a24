"""Terminal rendering for the command line: styles, the progress bar, the ranking table and
the explanation of one result. Prints what it is given; computes nothing (the knock-out rule is
:func:`collabscreen.ranking.knock_out_reason`). Standard library only.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from typing import Any, Sequence, TextIO

__all__ = ["Style", "Progress", "printable", "render_ranking", "render_explanation", "render_job_match", "render_taxonomy"]


class Style:
    """ANSI styling, on only for a terminal and when NO_COLOR is unset."""

    def __init__(self, stream: TextIO, mode: str = "auto") -> None:
        if mode == "always":
            self.on = True
        elif mode == "never":
            self.on = False
        else:
            self.on = bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")

    def __call__(self, text: str, *codes: str) -> str:
        if not self.on or not codes:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"

    def bold(self, t: str) -> str:
        return self(t, "1")

    def dim(self, t: str) -> str:
        return self(t, "2")

    def band(self, band: str | None, text: str | None = None) -> str:
        colour = {"strong": "32", "some": "33", "none": "2"}.get(band or "", "")
        return self(text if text is not None else (band or ""), *( [colour] if colour else []))


class Progress:
    """A one-line progress bar on stderr: count, rate and ETA.

    Drawn only on a terminal and not with ``--quiet``; redrawn at most ten
    times a second.
    """

    def __init__(self, stream: TextIO = sys.stderr, *, enabled: bool | None = None, label: str = "screening") -> None:
        if enabled is None:
            enabled = bool(getattr(stream, "isatty", lambda: False)())
        self.stream = stream
        self.enabled = enabled
        self.label = label
        self.start = time.monotonic()
        self.first: tuple[float, int] | None = None
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.first is None:
            self.first = (now, done)  # resumed rows arrive at once; rate counts new ones
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        t0, d0 = self.first
        elapsed = now - t0
        rate = (done - d0) / elapsed if elapsed > 0 and done > d0 else 0.0
        eta = (total - done) / rate if rate > 0 else None
        width = 24
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        line = (
            f"\r{self.label} [{bar}] {done}/{total}  {rate:5.1f} files/s  "
            f"ETA {_hms(eta) if eta is not None else '--:--'}"
        )
        self.stream.write(line)
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r" + " " * 78 + "\r")
            self.stream.flush()


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control and bidi characters (an ESC in a file name
    could recolour or rewrite the screen) are shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", text)


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    if width <= 1:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


def render_ranking(
    rows: list[dict[str, Any]],
    out: TextIO,
    *,
    color: str = "auto",
    top: int | None = None,
    min_score: float | None = None,
    job_weights: tuple[float, float] | None = None,
) -> None:
    """The ranking table of ``collabscreen score``: shown candidates, knock-outs, files that could not be read.

    Rows matched against a job show the combined value they rank by and both
    its parts; ``job_weights`` (collaboration, job) says how they combine."""
    style = Style(out, color)
    width = max(80, shutil.get_terminal_size((120, 24)).columns)
    from .ranking import shortlist

    shown, hidden, knocked, failed = shortlist(rows, min_score=min_score, top=top)
    base = _common_base([r["path"] for r in rows])

    def _name(path: str) -> str:
        return printable(_display_name(path, base))

    if base and rows:
        print(style.dim(f"in {_display_name(base, '') or base}{os.sep}"), file=out)
    name_w = min(48, max([len(_name(r["path"])) for r in shown] + [4]))
    # with a job: the combined value the rows rank by, then its two parts
    job = any(r.get("combined") is not None for r in rows)
    job_head = f"{'rank by':>7}  " if job else ""
    head = f"{'rank':>4}  {job_head}{'score':>5}  {'job':>5}  " if job else f"{'rank':>4}  {'score':>5}  "
    head += f"{'band':<6}  {'file':<{name_w}}  top evidence (category)"
    print(style.bold(head), file=out)
    for i, r in enumerate(shown, 1):
        ev = _BULLET.sub("", r.get("top_evidence") or "") or None
        cat = r.get("top_category")
        rest = width - (4 + 2 + 5 + 2 + 6 + 2 + name_w + 2) - (16 if job else 0)
        snippet = f"{ev} ({cat})" if ev else "no evidence found"
        snippet = _short(printable(snippet), rest)
        if not ev:
            snippet = style.dim(snippet)
        band = r.get("band") or ""
        values = f"{r['score']:5.3f}  "
        if job:
            values = f"{_num(r.get('combined'), 7)}  {values}{_num(r.get('job_match'), 5)}  "
        line = (
            f"{i:>4}  {values}{style.band(band, f'{band:<6}')}  "
            f"{_short(_name(r['path']), name_w):<{name_w}}  {snippet}"
        )
        print(line, file=out)
    if job:
        mix = ""
        if job_weights is not None:
            wc, wj = job_weights
            mix = f": ({wc:g} x score + {wj:g} x job) / {wc + wj:g}"
        print(style.dim(f"      rank by = the collaboration score and the job match combined{mix}"), file=out)
    if hidden:
        print(style.dim(f"      ... {hidden} more below --top {top}"), file=out)
    if knocked:
        print("\n" + style.bold(f"knocked out ({len(knocked)}):"), file=out)
        for r, why in knocked:
            print(f"  {r['score']:5.3f}  {_name(r['path'])}: {why.replace('min_score', '--min-score')}", file=out)
    if failed:
        print("\n" + style.bold(f"could not be read ({len(failed)}):"), file=out)
        for r in failed:
            reason = r.get("error") or ""
            for prefix in (r["path"] + ": ", os.path.abspath(r["path"]) + ": "):
                if reason.startswith(prefix):
                    reason = reason[len(prefix) :]
            print(f"  {_name(r['path'])}: {r.get('error_type') or 'error'}: {printable(reason)}", file=out)


_BULLET = re.compile(r"^[\s•·◦▪‣*\-–—]+")


def _common_base(paths: Sequence[str]) -> str:
    """The deepest folder holding every path (shown once above the table)."""
    dirs = [os.path.dirname(os.path.abspath(p)) for p in paths]
    if not dirs:
        return ""
    try:
        return os.path.commonpath(dirs)
    except ValueError:  # different drives
        return ""


def _display_name(path: str, base: str) -> str:
    """``path`` relative to ``base`` (or to the working folder when ``base`` is empty)."""
    try:
        rel = os.path.relpath(os.path.abspath(path), base or os.getcwd())
    except ValueError:
        return path
    return rel if not rel.startswith("..") else os.path.abspath(path)


def _num(v: float | None, width: int) -> str:
    return f"{v:{width}.3f}" if v is not None else " " * (width - 1) + "-"


def render_job_match(jm: Any, out: TextIO, style: "Style", *, limit: int | None = 3) -> None:
    """The job-match part of ``collabscreen explain``: the combined value and both parts,
    each term found (with the sentence, section and role) or missing, must-haves, the query."""
    w = jm.weights
    title = f" for {printable(jm.title)}" if jm.title else ""
    print("\n" + style.bold(f"job match{title}"), file=out)
    print(
        f"  rank by {jm.combined:.3f} = ({w['collaboration']:g} x collaboration {jm.collaboration:.3f}"
        f" + {w['job']:g} x job {jm.score:.3f}) / {w['collaboration'] + w['job']:g}",
        file=out,
    )
    if jm.parts:
        print("  job = " + ", ".join(f"{k} {v:.2f}" for k, v in jm.parts.items()) + style.dim("  (weighted mean)"), file=out)
    for name, terms in (("must have", jm.must_have), ("required", jm.required), ("preferred", jm.preferred)):
        if not terms:
            continue
        print(f"  {name} ({sum(t.matched for t in terms)}/{len(terms)}):", file=out)
        for t in terms:
            mark = style("found", "32") if t.matched else style("missing", "31" if name == "must have" else "2")
            more = f" x{t.count}" if t.count > 1 else ""
            print(f"    {mark:<7} {printable(t.term)}{more}", file=out)
            for o in t.occurrences[:limit]:
                _print_occurrence(o, out, style)
    if jm.emphasis:
        print("  collaboration the job stresses: " + ", ".join(f"{k} {v:.2f}" for k, v in jm.emphasis.items()), file=out)
    if jm.query is not None:
        verdict = style("matched", "32") if jm.query_matched else style("not matched", "31")
        print(f"  query {verdict}: {printable(jm.query)}", file=out)
        # one line per sentence, with the query terms it holds
        places: dict[tuple[str, int], list[Any]] = {}
        for o in jm.query_hits:
            places.setdefault((o.sentence or o.text, o.start_char if o.sentence is None else -1), []).append(o)
        for hits in list(places.values())[:limit]:
            terms = ", ".join(dict.fromkeys(printable(o.term) for o in hits))
            _print_occurrence(hits[0], out, style, label=terms)


def _print_occurrence(o: Any, out: TextIO, style: "Style", *, label: str | None = None) -> None:
    where = f"section={o.section}" + (f"  role={printable(o.role)}" if o.role else "")
    head = f"[{label}] " if label else ""
    print(f"            {head}{_short(printable(o.sentence or o.text), 110)}  " + style.dim(where), file=out)


def render_explanation(
    result: Any,
    taxonomy: Any,
    out: TextIO,
    *,
    source: str,
    color: str = "auto",
    show_all: bool = False,
    questions: bool = False,
) -> None:
    """The report of ``collabscreen explain``: score, grade probabilities, category scores, evidence,
    the interview questions (with ``questions``), warnings."""
    style = Style(out, color)
    print(style.bold(printable(f"{source}")), file=out)
    print(
        f"score {result.score:.3f}  band {style.band(result.band)}  "
        f"evidence {len(result.evidence)}  units {result.n_sentences}  format {result.format}",
        file=out,
    )
    if result.grade_probabilities:
        probs = "  ".join(f"{g}: {p:.2f}" for g, p in enumerate(result.grade_probabilities))
        print(f"expected grade {result.expected_grade:.2f} of 3  (P(grade) {probs})", file=out)
    print(style.dim(f"model {result.model_version}  taxonomy {result.taxonomy_version}"), file=out)
    if result.category_scores:
        print("\n" + style.bold("category scores"), file=out)
        labels = {k: c.label for k, c in taxonomy.categories.items()}
        for k, v in sorted(result.category_scores.items(), key=lambda kv: (-kv[1], kv[0])):
            bar = "#" * int(round(v * 20))
            print(f"  {k:<28} {v:5.3f}  {bar:<20}  {style.dim(labels.get(k, ''))}", file=out)
    evidence = list(result.evidence)
    _render_roles(result, evidence, out, style)
    limit = None if show_all else 5
    print("\n" + style.bold(f"evidence ({len(evidence)})"), file=out)
    if not evidence:
        print(style.dim("  none: no sentence reached the evidence threshold"), file=out)
    for i, e in enumerate(evidence[:limit], 1):
        if e.kind == "hybrid_role":
            print(f"  {i}. hybrid role: a sales duty and a marketing duty in one role (weight={e.weight:.2f})", file=out)
            for part in e.parts:
                print(f"     {part.side:<9} p={part.probability:.2f}  {_short(part.text, 160)}", file=out)
            print("     " + style.dim(f"section={e.section}  role={e.role}  page {e.page}"), file=out)
            continue
        meta = f"p={e.probability:.2f} weight={e.weight:.2f}  {e.category or '-'}  section={e.section}"
        if e.role:
            meta += f"  role={printable(e.role)}"
        meta += f"  page {e.page}, chars {e.start_char}-{e.end_char}"
        print(f"  {i}. {_highlight(e.text, e.terms, style)}", file=out)
        print("     " + style.dim(meta), file=out)
        if e.terms:
            print("     " + style.dim("terms: " + ", ".join(e.terms)), file=out)
    if limit is not None and len(evidence) > limit:
        print(style.dim(f"  ... {len(evidence) - limit} more (use --all)"), file=out)
    wording = list(getattr(result, "wording", ()) or ())
    if wording:
        print("\n" + style.bold("wording that raised the score") + style.dim("  (part of the log-odds of grade >= 2)"), file=out)
        for w in wording:
            print(f"  +{w.part:.2f}  {_short(printable(w.text), 140)}  " + style.dim(f"section={w.section}  page {w.page}"), file=out)
    if result.job_match is not None:
        render_job_match(result.job_match, out, style, limit=None if show_all else 3)
    if questions:
        _render_questions(result, taxonomy, out, style)
    if result.warnings:
        print("\n" + style.bold("warnings"), file=out)
        for w in result.warnings:
            print(f"  {w}", file=out)


def _render_roles(result: Any, evidence: Sequence[Any], out: TextIO, style: Style) -> None:
    """The roles of the experience section, newest first as the resume lists them, with their evidence numbers."""
    from .roles import role_dates

    roles = list(getattr(result, "roles", ()) or ())
    rec = getattr(result, "recency", None)
    if not roles and rec is None:
        return
    print("\n" + style.bold(f"roles ({len(roles)})"), file=out)
    number = {id(e): i for i, e in enumerate(evidence, 1)}
    for r in roles:
        where = " · ".join(printable(x) for x in (r.title or "(no title)", r.employer, r.location) if x)
        months = f"  {r.months} months" if r.months is not None else ""
        nums = [number[id(e)] for e in r.evidence if id(e) in number]
        ev = f"  evidence {', '.join(f'#{n}' for n in nums)}" if nums else ""
        print(f"  {role_dates(r):<22} {where}{style.dim(months)}{ev}", file=out)
    if rec is not None:
        when = f"as of {rec.reference_date}" + ("" if rec.reference == "caller" else f" ({rec.reference})")
        if rec.applied:
            weighting = f"score x{rec.factor:.2f} by recency (before: {rec.unweighted_score:.3f})"
        else:
            weighting = "recency weighting off (--recency to weight the score by it)"
        if rec.note:
            print(f"  recency: {printable(rec.note)}", file=out)
        print("  " + style.dim(f"{when}; {weighting}"), file=out)


def _render_questions(result: Any, taxonomy: Any, out: TextIO, style: Style) -> None:
    """The interview questions, one numbered paragraph each, wrapped to the terminal."""
    import textwrap

    qs = result.questions
    labels = {k: c.label for k, c in taxonomy.categories.items()}
    width = min(100, max(60, shutil.get_terminal_size((100, 24)).columns - 2))
    print("\n" + style.bold(f"interview questions ({len(qs)})"), file=out)
    print(style.dim("  probe: ask the candidate to back up strong evidence; gap: ask about what the resume does not show"), file=out)
    for i, q in enumerate(qs, 1):
        ref = f" (evidence {q.evidence_ref + 1})" if q.evidence_ref is not None else ""
        head = f"  {i}. [{q.kind}] {labels.get(q.category, q.category)}{ref}"
        print(style.band("strong" if q.kind == "probe" else "some", head), file=out)
        for line in textwrap.wrap(printable(q.text), width=width - 5, break_on_hyphens=False):
            print(f"     {line}", file=out)


def _highlight(text: str, terms: Sequence[str], style: Style) -> str:
    from .display.common import term_spans

    text = " ".join(text.split())
    parts, pos = [], 0
    for a, b in term_spans(text, terms):
        parts.append(text[pos:a])
        seg = text[a:b]
        parts.append(style(seg, "1", "36") if style.on else f"[{seg}]")
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def render_taxonomy(tax: Any, out: TextIO, *, color: str = "auto", show_all: bool = False) -> None:
    """The listing of ``collabscreen taxonomy``: each category with its terms, then the domains."""
    style = Style(out, color)
    print(style.bold(f"taxonomy {tax.id}") + f"  ({tax.source})", file=out)
    for key, cat in tax.categories.items():
        print(f"\n{style.bold(key)}: {cat.label} ({len(cat.terms)} terms)", file=out)
        if cat.description:
            print(f"  {cat.description}", file=out)
        terms = list(cat.terms) if show_all else list(cat.terms[:8])
        more = "" if show_all or len(cat.terms) <= 8 else f", ... (+{len(cat.terms) - 8}, use --all)"
        print("  " + style.dim(", ".join(terms) + more), file=out)
    for key, words in tax.domains.items():
        print(f"\ndomain {style.bold(key)}: {len(words)} words", file=out)
