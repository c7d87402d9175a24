"""The recruiter's report: one self-contained HTML file for a screened folder.

:func:`report_html` lays out what a ranking already holds; :func:`write_report`
writes it to a file. It computes nothing: scores, bands, knock-outs, roles, job
matches and interview questions come from the results.

The file holds, in this order: a summary (counts by band, knocked out,
failed), the score distribution as an inline SVG chart with the band
thresholds, the ranking (rank, file, score bar, band, job match when there is
one, top categories, top evidence), the knocked-out candidates and the files
that failed with their status and reason, then one section per screened
candidate: evidence grouped by role with its dates (by the evidence's role or
section when roles are not known), the job match, the interview questions
(:mod:`collabscreen.questions`) and warnings.

**Safe to open.** The file needs no network and no JavaScript: no scripts, no
external URLs (links are ``#`` fragments inside the file), one inline
``<style>``, and a Content-Security-Policy that forbids scripts and any fetch
should anything slip through. Every string that comes from a resume or a file
name (evidence, titles, employers, paths, errors, warnings, reasons) is
HTML-escaped.
"""

from __future__ import annotations

import datetime as _dt
import os
from html import escape
from os import PathLike
from pathlib import Path
from typing import Any, Mapping, Sequence

# every report's <meta name="generator">: a folder walk never takes a report for a resume
from .batch.inputs import REPORT_GENERATOR as GENERATOR
from .batch.inputs import REPORT_TAG as _GENERATOR_TAG
from .batch.inputs import is_report
from .display.common import BAND_COLORS, as_candidates, category_colors, category_labels, term_spans
from .display.html import breakable, recency_html, shorten, unbullet
from .types import Evidence, Role, ScreeningResult

__all__ = ["report_html", "write_report", "score_histogram_svg", "is_report", "GENERATOR"]


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  color: #1f1f1f; background: #fff; max-width: 1180px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #e0e0e0; }
h3 { font-size: 15px; margin: 0 0 6px; }
h4 { font-size: 13.5px; margin: 12px 0 4px; }
a { color: #0b57d0; text-decoration: none; }
a:hover { text-decoration: underline; }
.muted { color: #6b6b6b; }
.small { font-size: 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
.card { border: 1px solid #e0e0e0; border-radius: 8px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 20px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th { text-align: left; padding: 5px 8px; border-bottom: 2px solid #bdbdbd; white-space: nowrap; font-size: 13px; }
td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e6e6e6; vertical-align: top; font-size: 13px; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.file { min-width: 170px; max-width: 260px; overflow-wrap: break-word; }
.bar { display: inline-block; width: 90px; height: 10px; background: #e6e6e6; border-radius: 5px; overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; }
.band { display: inline-block; min-width: 52px; padding: 0 7px; border-radius: 9px; color: #fff; font-size: 12px; text-align: center; }
.chip { display: inline-block; margin: 1px 4px 1px 0; padding: 0 7px; border-radius: 9px; font-size: 12px; color: #1f1f1f; white-space: nowrap; }
.candidate { border: 1px solid #e0e0e0; border-radius: 8px; padding: 12px 16px; margin: 14px 0; page-break-inside: avoid; }
.role { margin: 8px 0 4px; padding: 2px 0 2px 10px; border-left: 3px solid #bdbdbd; }
.role-head { font-weight: 600; }
.ev { margin: 6px 0; padding: 4px 10px; background: #f6f6f6; border-left: 3px solid #bdbdbd; }
.ev-meta { font-size: 12px; color: #6b6b6b; }
mark { background: #fff3b0; color: inherit; padding: 0 1px; }
ol.questions { margin: 4px 0; padding-left: 22px; }
ol.questions li { margin: 4px 0; }
.kind { display: inline-block; min-width: 44px; padding: 0 6px; margin-right: 6px; border-radius: 9px; font-size: 11px; color: #fff; text-align: center; }
.kind-probe { background: #2e7d32; }
.kind-gap { background: #6d4c41; }
.error { color: #c62828; }
figure { margin: 8px 0; }
figcaption { font-size: 12px; color: #6b6b6b; }
@media print { body { padding: 0; } .candidate { break-inside: avoid; } a { color: inherit; } }
"""


# ---------------------------------------------------------------- small pieces
def _e(value: Any) -> str:
    """Escaped text (quotes too, so the result is safe in attributes)."""
    return escape("" if value is None else str(value), quote=True)


def _band_html(band: str) -> str:
    return f'<span class="band" style="background:{BAND_COLORS.get(band, "#6b6b6b")}">{_e(band)}</span>'


def _bar(value: float, color: str) -> str:
    pct = max(0.0, min(1.0, float(value))) * 100
    return f'<span class="bar"><span style="width:{pct:.1f}%;background:{color}"></span></span>'


def _score_cell(result: ScreeningResult) -> str:
    return f"{_bar(result.score, BAND_COLORS.get(result.band, '#6b6b6b'))} {result.score:.3f}"


def _marked(text: str, terms: Sequence[str]) -> str:
    """``text`` (one line) escaped, with each matched taxonomy term in ``<mark>``."""
    text = " ".join(text.split())
    parts, pos = [], 0
    for a, b in term_spans(text, terms):
        parts.append(_e(text[pos:a]) + "<mark>" + _e(text[a:b]) + "</mark>")
        pos = b
    parts.append(_e(text[pos:]))
    return "".join(parts)


def _chips(result: ScreeningResult, labels: Mapping[str, str], colors: Mapping[str, str], limit: int | None = None) -> str:
    items = sorted(((k, v) for k, v in (result.category_scores or {}).items() if v > 0.05), key=lambda kv: (-kv[1], kv[0]))
    if limit is not None:
        items = items[:limit]
    if not items:
        return '<span class="muted">\u2014</span>'
    return "".join(
        f'<span class="chip" style="background:{colors.get(k, "#e0e0e0")}" title="{_e(labels.get(k, k))}">'
        f"{_e(shorten(labels.get(k, k), 34))} <b>{v:.2f}</b></span>"
        for k, v in items
    )


def _plain(ev: Evidence) -> str:
    """The evidence as one line of plain text: a hybrid role's two duties joined by " / "."""
    texts = [p.text for p in ev.parts] if ev.parts else [ev.text]
    return " / ".join(" ".join(unbullet(t).split()) for t in texts)


def _reason(result: ScreeningResult) -> str:
    """A failed file's reason, without the path it starts with (the table shows the file)."""
    reason = result.error or ""
    for prefix in (result.source + ": ", os.path.abspath(result.source) + ": "):
        if reason.startswith(prefix):
            return reason[len(prefix) :]
    return reason


def _job_match(result: ScreeningResult) -> Any:
    return getattr(result, "job_match", None)


def _job_terms(jm: Any) -> tuple[list[str], list[str]]:
    """(terms found, terms missing) of a :class:`~collabscreen.types.JobMatch`: required and
    preferred terms found; must-haves missing, then required terms missing."""
    found = [*jm.matched_required, *jm.matched_preferred]
    missing = list(jm.missing_must_have)
    missing += [t.term for t in jm.required if not t.matched and t.term not in missing]
    return found, missing


def _job_score(jm: Any) -> float | None:
    s = getattr(jm, "score", None)
    try:
        return None if s is None else float(s)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- chart
def score_histogram_svg(
    scores: Sequence[tuple[float, str]],
    *,
    thresholds: Mapping[str, float] | None = None,
    bins: int = 10,
    width: int = 640,
    height: int = 210,
) -> str:
    """An inline SVG histogram of ``scores`` (``(score, band)`` pairs), stacked by band.

    Dashed lines mark ``thresholds`` (``{"some": 0.4, "strong": 0.667}``).
    Plain SVG, no script, no external reference; readable in any browser.
    """
    thresholds = dict(thresholds or {})
    left, right, top, bottom = 36, 12, 14, 34
    pw, ph = width - left - right, height - top - bottom
    order = ("none", "some", "strong")
    counts = [{b: 0 for b in order} for _ in range(bins)]
    for s, band in scores:
        k = min(bins - 1, max(0, int(float(s) * bins)))
        counts[k][band if band in order else "none"] += 1
    peak = max([sum(c.values()) for c in counts] + [1])
    step = max(1, -(-peak // 5))  # at most ~5 gridlines
    ymax = step * -(-peak // step)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="Histogram of {len(scores)} scores" font-family="Arial, sans-serif" font-size="11">'
    ]
    for y in range(0, ymax + 1, step):
        yy = top + ph - ph * y / ymax
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + pw}" y2="{yy:.1f}" stroke="#e6e6e6"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="#6b6b6b">{y}</text>')
    bw = pw / bins
    for k, c in enumerate(counts):
        y0: float = top + ph
        lo, hi = k / bins, (k + 1) / bins
        for band in order:
            n = c[band]
            if not n:
                continue
            h = ph * n / ymax
            y0 -= h
            out.append(
                f'<rect x="{left + k * bw + 1.5:.1f}" y="{y0:.1f}" width="{bw - 3:.1f}" height="{h:.1f}" fill="{BAND_COLORS[band]}">'
                f"<title>{n} {band} candidate{'s' if n != 1 else ''} scoring {lo:.1f}\u2013{hi:.1f}</title></rect>"
            )
        total = sum(c.values())
        if total:
            out.append(
                f'<text x="{left + (k + 0.5) * bw:.1f}" y="{y0 - 3:.1f}" text-anchor="middle" fill="#1f1f1f">{total}</text>'
            )
    for i in range(bins + 1):
        x = left + i * bw
        out.append(f'<text x="{x:.1f}" y="{top + ph + 14}" text-anchor="middle" fill="#6b6b6b">{i / bins:.1f}</text>')
    out.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#9e9e9e"/>')
    for name, t in sorted(thresholds.items(), key=lambda kv: kv[1]):
        x = left + pw * float(t)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#424242" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{x + 3:.1f}" y="{top + 9}" fill="#424242">{_e(name)} \u2265 {float(t):.2f}</text>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 4}" text-anchor="middle" fill="#6b6b6b">score</text>')
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------- candidates
def _evidence_item(ev: Evidence, n: int, anchor: str, labels: Mapping[str, str], colors: Mapping[str, str]) -> str:
    color = colors.get(ev.category or "", "#bdbdbd")
    cat = labels.get(ev.category or "", ev.category or "evidence")
    if ev.parts:
        body = "<br>".join(
            f"<b>{_e(p.side)} duty</b> (p {p.probability:.2f}): {_marked(unbullet(p.text), ev.terms)}" for p in ev.parts
        )
        kind = "hybrid role: a sales duty and a marketing duty in one role \u00b7 "
    else:
        body = _marked(unbullet(ev.text), ev.terms)
        kind = ""
    meta = (
        f"#{n} \u00b7 {kind}<span class=\"chip\" style=\"background:{color}\">{_e(cat)}</span> "
        f"weight {ev.weight:.2f} \u00b7 p {ev.probability:.2f} \u00b7 {_e(ev.section or '?')} \u00b7 page {ev.page}"
    )
    return f'<div class="ev" id="{anchor}" style="border-left-color:{color}"><div class="ev-meta">{meta}</div>{body}</div>'


def _role_head(role: Role) -> str:
    """Title · employer · location · dates (months), escaped."""
    from .roles import role_dates

    bits = [f'<span class="role-head">{_e(role.title or "Untitled role")}</span>']
    bits += [_e(v) for v in (role.employer, role.location) if v]
    span = _e(role_dates(role))
    if span and role.months:
        span += f" ({role.months} month{'s' if role.months != 1 else ''})"
    if span:
        bits.append(span)
    return " \u00b7 ".join(bits)


def _index_of(result: ScreeningResult, item: Any) -> int | None:
    if isinstance(item, int) and not isinstance(item, bool):
        return item if 0 <= item < len(result.evidence) else None
    for i, ev in enumerate(result.evidence):
        if ev is item or ev == item:
            return i
    return None


def _evidence_groups(result: ScreeningResult) -> list[tuple[str, list[int]]]:
    """``(heading html, evidence indices)`` in resume order: by role when roles are known."""
    roles = getattr(result, "roles", None) or ()
    groups: list[tuple[str, list[int]]] = []
    placed: set[int] = set()
    for role in roles:
        idx = sorted(
            {i for item in (getattr(role, "evidence", None) or ()) if (i := _index_of(result, item)) is not None} - placed,
            key=lambda i: result.evidence[i].start_char,
        )
        placed.update(idx)
        groups.append((_role_head(role), idx))
    rest = [i for i in range(len(result.evidence)) if i not in placed]
    by_key: dict[tuple[str, str], list[int]] = {}
    for i in sorted(rest, key=lambda i: (result.evidence[i].start_char, i)):
        ev = result.evidence[i]
        by_key.setdefault((ev.role or "", ev.section or ""), []).append(i)
    for (role, section), idx in by_key.items():
        if role:
            head = f'<span class="role-head">{_e(role)}</span> \u00b7 {_e(section or "?")}'
        elif roles:
            head = f'<span class="role-head">Not in a listed role</span> \u00b7 {_e(section or "?")}'
        else:
            head = f'<span class="role-head">{_e((section or "other").capitalize())}</span>'
        groups.append((head, idx))
    return groups


def _candidate_section(c: Any, anchor: str, labels: Mapping[str, str], colors: Mapping[str, str], shown_name: str) -> str:
    r: ScreeningResult = c.result
    status = f"{_score_cell(r)} {_band_html(r.band)}"
    if c.excluded:
        status += f' <span class="muted">knocked out: {_e(c.reason)}</span>'
    head = (
        f'<h3>#{c.rank} {_e(shown_name)}</h3>'
        f'<div class="small muted" title="{_e(r.source)}">{_e(r.source)} \u00b7 {_e(r.format or "?")} \u00b7 '
        f"{len(r.evidence)} evidence item{'s' if len(r.evidence) != 1 else ''} of {r.n_sentences} sentences</div>"
        f'<div style="margin:6px 0">{status}</div>'
    )
    if any(v > 0.05 for v in (r.category_scores or {}).values()):
        head += f'<div style="margin:4px 0">{_chips(r, labels, colors)}</div>'

    parts = [head]
    jm = _job_match(r)
    if jm is not None:
        score = _job_score(jm)
        matched, missing = _job_terms(jm)
        line = "<h4>Job match</h4><div>"
        if score is not None:
            line += f"{_bar(score, '#0b57d0')} {score:.2f}"
        if matched:
            line += f' \u00b7 matched: {_e(", ".join(matched))}'
        if missing:
            line += f' \u00b7 <span class="error">missing: {_e(", ".join(missing))}</span>'
        parts.append(line + "</div>")
    parts.append(recency_html(r))
    parts.append("<h4>Evidence by role</h4>")
    if not r.evidence:
        parts.append('<div class="muted">No sentence reached the evidence threshold.</div>')
    for heading, idx in _evidence_groups(r):
        items = "".join(_evidence_item(r.evidence[i], i + 1, f"{anchor}-e{i + 1}", labels, colors) for i in idx)
        if not idx:
            items = '<div class="small muted">no evidence in this role</div>'
        parts.append(f'<div class="role"><div>{heading}</div>{items}</div>')
    questions = r.questions
    if questions:
        lis = []
        for q in questions:
            ref = ""
            if q.evidence_ref is not None:
                ref = f' <a class="small" href="#{anchor}-e{q.evidence_ref + 1}">(evidence #{q.evidence_ref + 1})</a>'
            lis.append(
                f'<li><span class="kind kind-{_e(q.kind)}">{_e(q.kind)}</span>'
                f'<span class="small muted">{_e(labels.get(q.category, q.category))}:</span> {_e(q.text)}{ref}</li>'
            )
        parts.append(f'<h4>Interview questions</h4><ol class="questions">{"".join(lis)}</ol>')
    if r.warnings:
        parts.append(
            '<h4>Warnings</h4><ul class="small muted">' + "".join(f"<li>{_e(w)}</li>" for w in r.warnings) + "</ul>"
        )
    return f'<section class="candidate" id="{anchor}">{"".join(parts)}</section>'


# ---------------------------------------------------------------- names
def _names(sources: Sequence[str]) -> dict[str, str]:
    """How each source is shown: its path below the deepest folder holding them all (as in the terminal)."""
    from .terminal import _common_base, _display_name

    base = _common_base(sources)
    return {s: _display_name(s, base) for s in sources}


def _ranked(items: Any) -> list[Any]:
    """Candidates in ranking order: a Ranking/RankedCandidates as given, plain results ranked."""
    cands = as_candidates(items)
    if cands and all(c.rank is None for c in cands):
        from .ranking import rank_results

        return list(rank_results([c.result for c in cands]))
    return cands


# ---------------------------------------------------------------- the page
def report_html(
    ranking: Any,
    *,
    title: str = "Sales\u2013marketing collaboration screening",
    thresholds: Mapping[str, float] | None = None,
    generated: _dt.datetime | None = None,
    max_candidates: int | None = None,
) -> str:
    """The report as one HTML document (see the module docstring).

    Parameters
    ----------
    ranking : Ranking, sequence of RankedCandidate, or sequence of ScreeningResult
        Plain results are ranked with :func:`collabscreen.ranking.rank_results`.
    title : str
        The report's heading (escaped).
    thresholds : mapping, optional
        Band thresholds drawn on the chart; default the scoring defaults
        (``{"some": 0.4, "strong": 2/3}``).
    generated : datetime, optional
        Time printed in the header; default now (UTC).
    max_candidates : int, optional
        Detailed sections for at most this many screened candidates (best
        first); the tables list every candidate.
    """
    from . import __version__
    from .questions import question_bank

    if thresholds is None:
        from .scoring import ScoringConfig

        cfg = ScoringConfig()
        thresholds = {"some": cfg.some, "strong": cfg.strong}
    cands = _ranked(ranking)
    generated = generated or _dt.datetime.now(_dt.timezone.utc)
    ok = [c for c in cands if c.result.ok]
    qualified = [c for c in ok if not c.excluded]
    knocked = [c for c in ok if c.excluded]
    failed = [c for c in cands if not c.result.ok]
    names = _names([c.result.source for c in cands])
    keys = {k for c in ok for k in (c.result.category_scores or {})}
    labels, colors = category_labels(keys), category_colors(keys)
    anchors = {id(c): f"c{i}" for i, c in enumerate(ok, 1)}
    detailed = ok if max_candidates is None else ok[: max(0, max_candidates)]
    linked = {id(c) for c in detailed}
    has_job = any(_job_match(c.result) is not None for c in ok)
    versions = sorted({(c.result.model_version, c.result.taxonomy_version) for c in ok if c.result.model_version})

    body: list[str] = [f"<h1>{_e(title)}</h1>"]
    meta = [f"generated {generated.strftime('%Y-%m-%d %H:%M %Z').strip()}", f"collabscreen {__version__}"]
    meta += [f"model {_e(m)} \u00b7 taxonomy {_e(t)}" for m, t in versions]
    meta.append(f"question bank {_e(question_bank().get('version', '?'))}")
    body.append('<div class="small muted">' + " \u00b7 ".join(meta) + "</div>")

    bands = {b: sum(1 for c in qualified if c.result.band == b) for b in ("strong", "some", "none")}
    cards = [("files", len(cands)), ("ranked", len(qualified))]
    cards += [(f"band {b}", n) for b, n in bands.items()]
    cards += [("knocked out", len(knocked)), ("failed", len(failed))]
    body.append('<div class="cards">' + "".join(f'<div class="card"><b>{n}</b>{_e(label)}</div>' for label, n in cards) + "</div>")

    body.append('<h2 id="distribution">Score distribution</h2><figure>')
    body.append(score_histogram_svg([(c.result.score, c.result.band) for c in ok], thresholds=thresholds))
    body.append(
        f"<figcaption>{len(ok)} screened file{'s' if len(ok) != 1 else ''} (knocked-out included, failed files not), "
        "by score and band. The score is the expected rubric grade (0\u20133) divided by 3; "
        f"strong \u2265 {thresholds.get('strong', 2 / 3):.2f}, some \u2265 {thresholds.get('some', 0.4):.2f}.</figcaption></figure>"
    )

    body.append('<h2 id="ranking">Ranking</h2>')
    if qualified:
        head = ["#", "Candidate", "Score", "Band"] + (["Job match"] if has_job else []) + ["Top categories", "Top evidence"]
        rows = []
        for c in qualified:
            r = c.result
            link = f'<a href="#{anchors[id(c)]}">{breakable(names[r.source])}</a>' if id(c) in linked else breakable(names[r.source])
            top = _e(shorten(_plain(r.evidence[0]), 180)) if r.evidence else '<span class="muted">no evidence</span>'
            cells = [f'<td class="num">{c.rank}</td>', f'<td class="file" title="{_e(r.source)}">{link}</td>',
                     f'<td class="num">{_score_cell(r)}</td>', f"<td>{_band_html(r.band)}</td>"]
            if has_job:
                js = _job_score(_job_match(r)) if _job_match(r) is not None else None
                cells.append('<td class="num">' + ("\u2014" if js is None else f"{js:.2f}") + "</td>")
            cells += [f"<td>{_chips(r, labels, colors, limit=2)}</td>", f"<td>{top}</td>"]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        body.append("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    else:
        body.append('<div class="muted">No candidate qualified.</div>')

    body.append(f'<h2 id="knocked-out">Knocked out ({len(knocked)})</h2>')
    if knocked:
        rows = [
            f'<tr><td class="file" title="{_e(c.result.source)}"><a href="#{anchors[id(c)]}">{breakable(names[c.result.source])}</a></td>'
            f'<td class="num">{_score_cell(c.result)}</td><td>{_band_html(c.result.band)}</td><td>{_e(c.reason)}</td></tr>'
            if id(c) in linked else
            f'<tr><td class="file">{breakable(names[c.result.source])}</td><td class="num">{_score_cell(c.result)}</td>'
            f"<td>{_band_html(c.result.band)}</td><td>{_e(c.reason)}</td></tr>"
            for c in knocked
        ]
        body.append("<table><thead><tr><th>Candidate</th><th>Score</th><th>Band</th><th>Reason</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    else:
        body.append('<div class="muted">None.</div>')

    body.append(f'<h2 id="failed">Files that could not be read ({len(failed)})</h2>')
    if failed:
        rows = []
        for c in failed:
            r = c.result
            kind = " ".join(x for x in (r.error_type, f"({r.error_code})" if r.error_code else "") if x)
            rows.append(
                f'<tr><td class="file" title="{_e(r.source)}">{breakable(names[r.source])}</td><td>{_e(r.status)}</td>'
                f'<td>{_e(kind or "error")}</td><td class="error">{_e(_reason(r))}</td></tr>'
            )
        body.append("<table><thead><tr><th>File</th><th>Status</th><th>Error</th><th>Reason and what to do</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    else:
        body.append('<div class="muted">None: every file was read.</div>')

    body.append(f'<h2 id="candidates">Candidates ({len(detailed)})</h2>')
    body.append(
        '<div class="small muted">Evidence: the sentences the score used, grouped by role in resume order; '
        "weight is the classifier's probability times its section's weight. Interview questions: a <b>probe</b> asks the "
        "candidate to back up strong evidence they wrote, a <b>gap</b> asks about a category the resume shows little or "
        "nothing of.</div>"
    )
    for c in detailed:
        body.append(_candidate_section(c, anchors[id(c)], labels, colors, names[c.result.source]))
    if len(detailed) < len(ok):
        body.append(f'<div class="muted">\u2026 and {len(ok) - len(detailed)} more screened candidates (in the tables above).</div>')
    body.append(
        '<div class="small muted" style="margin-top:24px">This file is self-contained: no scripts, no external '
        "resources. Scores rank evidence of sales\u2013marketing collaboration written in each resume; read the "
        "evidence and ask the questions before deciding.</div>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{_GENERATOR_TAG}"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )




def write_report(ranking: Any, path: str | PathLike[str], **kwargs: Any) -> Path:
    """Write :func:`report_html` of ``ranking`` to ``path`` (UTF-8, replaced atomically); returns the path.

    Keyword arguments are those of :func:`report_html`.
    """
    path = Path(path)
    html = report_html(ranking, **kwargs)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(html, encoding="utf-8", errors="backslashreplace")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
