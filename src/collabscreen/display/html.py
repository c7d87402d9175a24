"""Notebook HTML for results and rankings (``_repr_html_``). See :mod:`collabscreen.display`."""

from __future__ import annotations

from html import escape
from typing import Any, Mapping, Sequence

from ..types import ScreeningResult
from .common import BAND_COLORS, as_candidates, basename, category_colors, category_labels

__all__ = ["result_html", "ranking_html"]

_UNCATEGORISED = "#e0e0e0"
_INK = "#1f1f1f"  # text colour on the light backgrounds (also in dark themes)
_MUTED = "#6b6b6b"
_FONT = "font-family: -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;"


def breakable(name: str) -> str:
    """Escaped ``name`` with line-break opportunities after ``_``, ``-`` and ``.``."""
    out = escape(name)
    for ch in ("_", "-", "."):
        out = out.replace(ch, ch + "<wbr>")
    return out


def unbullet(text: str) -> str:
    return text.lstrip(_BULLET_START + " \t")


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def shorten(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _band_key(result: ScreeningResult) -> str:
    return result.band if result.ok else "error"


def _score_bar(result: ScreeningResult, *, width: int = 160, show_band: bool = True) -> str:
    """An inline score bar: coloured fill proportional to the score, and its value."""
    key = _band_key(result)
    if not result.ok:
        return (
            f'<span style="display:inline-block;padding:1px 8px;border-radius:9px;'
            f'background:{BAND_COLORS["error"]};color:#fff;font-size:12px">failed</span>'
        )
    pct = max(0.0, min(1.0, float(result.score))) * 100
    band = (
        f' <span style="display:inline-block;min-width:46px;padding:0 6px;border-radius:9px;'
        f'background:{BAND_COLORS[key] if key in BAND_COLORS else _MUTED};color:#fff;font-size:12px;'
        f'text-align:center">{escape(result.band)}</span>'
        if show_band
        else ""
    )
    return (
        f'<span style="display:inline-flex;align-items:center;gap:6px;white-space:nowrap">'
        f'<span title="score {result.score:.3f}" style="display:inline-block;width:{width}px;height:12px;'
        f'background:#e6e6e6;border-radius:6px;overflow:hidden;vertical-align:middle">'
        f'<span style="display:block;width:{pct:.1f}%;height:100%;background:{BAND_COLORS.get(key, _MUTED)}"></span>'
        f"</span>"
        f'<span style="font-variant-numeric:tabular-nums;font-weight:600">{result.score:.3f}</span>{band}</span>'
    )


def _chip(label: str, value: float, color: str, *, faded: bool = False, max_label: int | None = None) -> str:
    shown = label if max_label is None else shorten(label, max_label)
    style = (
        f"display:inline-block;margin:2px 4px 2px 0;padding:1px 8px;border-radius:10px;white-space:nowrap;"
        f"font-size:12px;color:{_INK};background:{color};"
        + ("opacity:0.45;" if faded else "")
    )
    return f'<span title="{escape(label)}" style="{style}">{escape(shown)} <b>{_fmt(value)}</b></span>'


def _category_chips(
    result: ScreeningResult, *, only_positive: bool = False, limit: int | None = None, max_label: int | None = None
) -> str:
    scores = result.category_scores or {}
    labels = category_labels(scores)
    colors = category_colors(scores)
    order = list(labels)
    items = sorted(scores.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    if only_positive:
        items = [kv for kv in items if kv[1] > 0]
    if limit is not None:
        items = items[:limit]
    if not items:
        return f'<span style="color:{_MUTED}">\u2014</span>'
    return "".join(_chip(labels[k], v, colors[k], faded=v < 0.05, max_label=max_label) for k, v in items)


def _line_bounds(text: str, start: int, end: int, context_lines: int) -> tuple[int, int]:
    """Bounds of the lines holding ``[start, end)`` plus ``context_lines`` non-blank lines either side."""
    a = text.rfind("\n", 0, start) + 1
    taken = 0
    while taken < context_lines and a > 0:
        a = text.rfind("\n", 0, a - 1) + 1
        if text[a : text.find("\n", a)].strip():
            taken += 1
    b = text.find("\n", end)
    b = len(text) if b == -1 else b
    taken = 0
    while taken < context_lines and b < len(text):
        nb = text.find("\n", b + 1)
        nb = len(text) if nb == -1 else nb
        if text[b + 1 : nb].strip():
            taken += 1
        b = nb
    return a, b


def _evidence_label(ev: Any, labels: Mapping[str, str]) -> str:
    cat = labels.get(ev.category, ev.category) if ev.category else "evidence"
    return f"{cat} \u00b7 p {ev.probability:.2f}"


def _displacy(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """Highlight ``spans`` ``(start, end, label, colour)`` in ``text`` with displaCy.

    displaCy escapes the text itself but inserts labels verbatim, so labels
    are escaped here before they reach it.
    """
    from spacy import displacy

    ents, colors = [], {}
    for start, end, label, color in spans:
        safe = escape(label)
        ents.append({"start": start, "end": end, "label": safe})
        colors[safe] = color
    html = displacy.render(
        {"text": text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        jupyter=False,
        options={"colors": colors},
    )
    # displaCy's default is airy (line-height 2.5) and assumes a light page;
    # keep each label on one line
    html = html.replace("line-height: 2.5", f"line-height: 2.1; color: {_INK}; font-size: 13.5px", 1)
    return html.replace("margin-left: 0.5rem", "margin-left: 0.5rem; white-space: nowrap")


def _context_window(result: ScreeningResult, ev: Any, context_lines: int) -> tuple[int, int] | None:
    """Bounds of ``ev``'s context in ``result.text``, or None when the text is not kept."""
    text = result.text
    if text is None or not (0 <= ev.start_char < ev.end_char <= len(text)):
        return None
    if text[ev.start_char : ev.end_char] != ev.text:
        return None
    return _line_bounds(text, ev.start_char, ev.end_char, context_lines)


_SENTENCE_END = ".!?:;"
_BULLET_START = "\u2022-*\u25aa\u25e6\u00b7\u2013\u2014\u25cf\u25a0>"


def _context_text(text: str, ev: Any, a: int, b: int) -> tuple[str, int, int]:
    """The context ``text[a:b]`` without blank lines, with an ellipsis where it cuts a sentence.

    Returns the context and the evidence's offsets in it.
    """
    pieces: list[str] = []
    pos = 0
    start = end = -1
    line_start = a
    for line in text[a:b].split("\n"):
        line_end = line_start + len(line)
        inside = line_start < ev.end_char and line_end > ev.start_char
        if line.strip() or inside:
            if pieces:
                pos += 1  # the newline joining it to the previous kept line
            if line_start <= ev.start_char <= line_end:
                start = pos + ev.start_char - line_start
            if line_start <= ev.end_char <= line_end:
                end = pos + ev.end_char - line_start
            pieces.append(line)
            pos += len(line)
        line_start = line_end + 1
    chunk = "\n".join(pieces)
    # leading/trailing spaces of the outer lines
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    start, end = start - lead, end - lead
    if chunk[start:end] != ev.text:  # defensive: never mislabel, show the sentence alone
        return ev.text, 0, len(ev.text)
    # the first context line continues a sentence from the line above it
    if start > 0 and a > 0:
        above = text[:a].rstrip()
        first = chunk[:1]
        if above and above[-1] not in _SENTENCE_END and first and first not in _BULLET_START and not first.isupper():
            chunk, start, end = "\u2026 " + chunk, start + 2, end + 2
    # the last context line runs on into the line below it
    if end < len(chunk) and b < len(text):
        below = text[b:].lstrip()
        if chunk[-1:] not in _SENTENCE_END and below and below[:1] not in _BULLET_START:
            chunk = chunk + " \u2026"
    return chunk, start, end


def _evidence_card(result: ScreeningResult, ev: Any, n: int, context_lines: int, labels, colors) -> str:
    label = _evidence_label(ev, labels)
    color = colors.get(ev.category or "", _UNCATEGORISED)
    window = _context_window(result, ev, context_lines)
    if window is None:  # no text kept: the sentence alone
        body = _displacy(ev.text, [(0, len(ev.text), label, color)])
    else:
        chunk, start, end = _context_text(result.text or "", ev, *window)
        body = _displacy(chunk, [(start, end, label, color)])
    bits = [f"<b>#{n}</b>", escape(ev.section or "?")]
    if ev.role:
        bits.append(f"<i>{escape(shorten(ev.role, 90))}</i>")
    bits.append(f"page {ev.page}")
    bits.append(f"weight {ev.weight:.2f}")
    if ev.terms:
        bits.append("terms: " + escape(", ".join(ev.terms[:6])))
    meta = " \u00b7 ".join(bits)
    return (
        f'<div style="margin:8px 0;padding:4px 10px;border-left:3px solid {color};background:#f6f6f6;color:{_INK}">'
        f'<div style="font-size:12px;color:{_MUTED};line-height:1.6">{meta}</div>'
        f"{body}</div>"
    )


def _role_heading(role: Any) -> str:
    from ..roles import role_dates

    where = " \u00b7 ".join(escape(shorten(x, 90)) for x in (role.title or "(no title)", role.employer, role.location) if x)
    months = f" \u00b7 {role.months} months" if role.months is not None else ""
    current = " \u00b7 current" if role.current else ""
    return (
        f'<div style="margin:10px 0 2px;font-size:13px;color:{_INK}"><b>{escape(role_dates(role))}</b> \u00b7 {where}'
        f'<span style="color:{_MUTED}">{months}{current}</span></div>'
    )


def _evidence_html(result: ScreeningResult, context_lines: int, max_evidence: int | None = None) -> str:
    """The evidence cards, best first; grouped under their roles (with dates) when the resume has roles."""
    labels = category_labels(result.category_scores)
    colors = category_colors(result.category_scores)
    shown = list(result.evidence if max_evidence is None else result.evidence[: max(0, max_evidence)])
    number = {id(ev): n for n, ev in enumerate(shown, start=1)}
    groups = [(r, [e for e in r.evidence if id(e) in number]) for r in getattr(result, "roles", ())]
    groups = [(r, items) for r, items in groups if items]
    parts = []
    if groups:
        placed = {id(e) for _, items in groups for e in items}
        for role, items in groups:
            parts.append(_role_heading(role))
            parts += [_evidence_card(result, e, number[id(e)], context_lines, labels, colors) for e in sorted(items, key=lambda e: number[id(e)])]
        rest = [e for e in shown if id(e) not in placed]
        if rest:
            parts.append(f'<div style="margin:10px 0 2px;font-size:13px;color:{_INK}"><b>Outside any dated role</b></div>')
            parts += [_evidence_card(result, e, number[id(e)], context_lines, labels, colors) for e in rest]
    else:
        parts = [_evidence_card(result, e, number[id(e)], context_lines, labels, colors) for e in shown]
    rest_n = len(result.evidence) - len(shown)
    if rest_n > 0:
        parts.append(
            f'<div style="font-size:12px;color:{_MUTED}">\u2026 and {rest_n} more evidence sentence'
            f"{'s' if rest_n != 1 else ''} (all are in <code>to_pandas()</code>).</div>"
        )
    return "".join(parts)


def recency_html(result: ScreeningResult) -> str:
    rec = getattr(result, "recency", None)
    if rec is None or not rec.note:
        return ""
    weighting = f"; score \u00d7{rec.factor:.2f} by recency" if rec.applied else ""
    return (
        f'<div style="font-size:12px;color:{_MUTED};margin:4px 0">Recency: {escape(rec.note)} '
        f"(as of {escape(rec.reference_date)}{weighting})</div>"
    )


def _questions_html(result: ScreeningResult) -> str:
    """The interview questions (:attr:`ScreeningResult.questions`), escaped, with their kind and category."""
    questions = result.questions
    if not questions:
        return ""
    labels = category_labels(q.category for q in questions)
    items = []
    for q in questions:
        color = BAND_COLORS["strong"] if q.kind == "probe" else "#6d4c41"
        ref = f' <span style="color:{_MUTED}">(evidence #{q.evidence_ref + 1})</span>' if q.evidence_ref is not None else ""
        items.append(
            f'<li style="margin:3px 0"><span style="display:inline-block;min-width:40px;padding:0 6px;margin-right:6px;'
            f'border-radius:9px;background:{color};color:#fff;font-size:11px;text-align:center">{escape(q.kind)}</span>'
            f'<span style="font-size:12px;color:{_MUTED}">{escape(labels.get(q.category, q.category))}:</span> '
            f"{escape(q.text)}{ref}</li>"
        )
    return (
        f'<div style="margin:8px 0 2px;font-size:13px;font-weight:600">Interview questions</div>'
        f'<ol style="margin:2px 0;padding-left:22px;font-size:13px">{"".join(items)}</ol>'
    )


def result_html(
    result: ScreeningResult,
    *,
    context_lines: int = 1,
    max_evidence: int | None = 10,
    title: bool = True,
    questions: bool = True,
) -> str:
    """HTML of one screening result (its ``_repr_html_``).

    Parameters
    ----------
    result : ScreeningResult
    context_lines : int, default=1
        Lines of the resume shown before and after each evidence sentence
        when the text was kept (``Screener(keep_text=True)``); otherwise the
        sentence is shown alone.
    max_evidence : int or None, default=10
        Evidence sentences shown (best first); None shows all.
    title : bool, default=True
        Show the file name as a heading.
    questions : bool, default=True
        Show the interview questions (:attr:`ScreeningResult.questions`).
    """
    head = ""
    if title:
        head = (
            f'<div style="font-size:15px;font-weight:600;margin-bottom:4px">{escape(basename(result.source))}'
            f' <span style="font-weight:400;font-size:12px;color:{_MUTED}">{escape(result.format or "")}</span></div>'
        )
    if not result.ok:
        body = (
            f'<div style="margin:6px 0">{_score_bar(result)} <b>{escape(result.error_type or "error")}</b></div>'
            f'<div style="color:{BAND_COLORS["error"]};white-space:pre-wrap">{escape(result.error or "")}</div>'
        )
        return f'<div style="{_FONT}max-width:980px">{head}{body}</div>'
    n_ev = len(result.evidence)
    facts = f"{n_ev} evidence sentence{'s' if n_ev != 1 else ''} of {result.n_sentences} screened"
    rows = [
        f'<div style="margin:4px 0">{_score_bar(result, width=220)}'
        f'<span style="margin-left:10px;font-size:12px;color:{_MUTED}">{facts}</span></div>',
    ]
    if any(v > 0 for v in (result.category_scores or {}).values()):
        rows.append(f'<div style="margin:6px 0">{_category_chips(result)}</div>')
    if result.evidence:
        note = "" if result.text is not None else (
            f'<div style="font-size:12px;color:{_MUTED}">Context not kept: screen with '
            f"<code>Screener(keep_text=True)</code> to see each sentence in its surroundings.</div>"
        )
        rows.append(recency_html(result) + note + _evidence_html(result, context_lines, max_evidence))
    else:
        rows.append(f'<div style="color:{_MUTED};margin:6px 0">No sentence reached the evidence threshold.</div>')
    if result.wording:
        items = "".join(
            f'<li><code>+{w.part:.2f}</code> {escape(w.text[:200])} <span style="color:{_MUTED}">({escape(w.section)}, page {w.page})</span></li>'
            for w in result.wording
        )
        rows.append(
            f'<div style="font-size:12px;margin:6px 0">Wording that raised the score '
            f'<span style="color:{_MUTED}">(part of the log-odds of grade &gt;= 2)</span>:<ul style="margin:2px 0">{items}</ul></div>'
        )
    if questions:
        rows.append(_questions_html(result))
    if result.warnings:
        items = "".join(f"<li>{escape(w)}</li>" for w in result.warnings)
        rows.append(f'<div style="font-size:12px;color:{_MUTED}">Warnings:<ul style="margin:2px 0">{items}</ul></div>')
    return f'<div style="{_FONT}max-width:980px">{head}{"".join(rows)}</div>'


# ---------------------------------------------------------------- ranking
_TH = "padding:4px 8px;text-align:left;border-bottom:2px solid #bdbdbd;font-weight:600;white-space:nowrap"
_TD = "padding:4px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #e0e0e0"


def ranking_html(
    ranking: Any, *, max_rows: int = 50, details: bool = True, context_lines: int = 1, max_evidence: int | None = 5
) -> str:
    """HTML of a ranking (its ``_repr_html_``): a compact table and per-candidate details.

    The table has one row per candidate: rank, file, score bar, band, top
    categories and the top evidence sentence. Knocked-out and failed
    candidates follow, greyed, with their reasons. Below the table, one
    collapsible ``<details>`` per candidate holds its :func:`result_html`.

    Parameters
    ----------
    ranking : Ranking or sequence of RankedCandidate / ScreeningResult
    max_rows : int, default=50
        Candidates shown; the rest are counted (use slicing or ``to_pandas()``).
    details : bool, default=True
        Add the expandable per-candidate details.
    context_lines, max_evidence :
        Passed to :func:`result_html` for the details.
    """
    cands = as_candidates(ranking)
    shown = cands[: max(0, max_rows)]
    n_ok = sum(1 for c in cands if c.result.ok and not c.excluded)
    n_out = sum(1 for c in cands if c.excluded and c.result.ok)
    n_err = sum(1 for c in cands if not c.result.ok)
    summary = f"{len(cands)} candidate{'s' if len(cands) != 1 else ''}: {n_ok} ranked"
    if n_out:
        summary += f", {n_out} knocked out"
    if n_err:
        summary += f", {n_err} failed"
    head = "".join(f'<th style="{_TH}">{h}</th>' for h in ("#", "File", "Score", "Top categories", "Top evidence"))
    rows = []
    for c in shown:
        r = c.result
        if not r.ok:
            ev_cell = f'<span style="color:{BAND_COLORS["error"]}">{escape(shorten(c.reason or (r.error or ""), 220))}</span>'
        elif c.excluded:
            ev_cell = f'<span style="color:{_MUTED}">knocked out: {escape(c.reason)}</span>'
            if r.evidence:
                ev_cell += f'<br><span style="color:{_MUTED}">{escape(shorten(unbullet(r.evidence[0].text), 160))}</span>'
        elif r.evidence:
            ev_cell = escape(shorten(unbullet(r.evidence[0].text), 160))
        else:
            ev_cell = f'<span style="color:{_MUTED}">no evidence</span>'
        fade = "opacity:0.6;" if c.excluded else ""
        rank = "" if c.rank is None else str(c.rank)
        rows.append(
            f'<tr style="{fade}">'
            f'<td style="{_TD};font-variant-numeric:tabular-nums">{rank}</td>'
            f'<td style="{_TD};max-width:260px;overflow-wrap:anywhere" title="{escape(r.source)}">{breakable(basename(r.source))}</td>'
            f'<td style="{_TD};white-space:nowrap">{_score_bar(r, width=110)}</td>'
            f'<td style="{_TD};max-width:300px">{_category_chips(r, only_positive=True, limit=2, max_label=34) if r.ok else ""}</td>'
            f'<td style="{_TD};max-width:420px;font-size:13px">{ev_cell}</td>'
            f"</tr>"
        )
    more = ""
    if len(cands) > len(shown):
        more = (
            f'<div style="font-size:12px;color:{_MUTED};margin-top:4px">\u2026 and {len(cands) - len(shown)} more '
            f"(slice the ranking, or use <code>to_pandas()</code>).</div>"
        )
    table = (
        f'<table style="border-collapse:collapse;font-size:13.5px;margin:4px 0">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    det = ""
    if details and shown:
        items = []
        for c in shown:
            r = c.result
            status = "failed" if not r.ok else f"{r.score:.3f} {r.band}"
            why = f" \u2014 knocked out: {escape(c.reason)}" if c.reason and r.ok else ""
            items.append(
                f'<details style="margin:2px 0"><summary style="cursor:pointer">'
                f"#{'' if c.rank is None else c.rank} {escape(basename(r.source))} "
                f'<span style="color:{_MUTED}">({status}){why}</span></summary>'
                f'<div style="margin:6px 0 10px 18px">{result_html(r, context_lines=context_lines, max_evidence=max_evidence, title=False)}</div></details>'
            )
        det = (
            f'<div style="margin-top:8px;font-size:13px;font-weight:600">Details</div>'
            f'<div style="font-size:13.5px">{"".join(items)}</div>'
        )
    return (
        f'<div style="{_FONT}">'
        f'<div style="font-size:13px;color:{_MUTED};margin-bottom:2px">{summary}</div>'
        f"{table}{more}{det}</div>"
    )


