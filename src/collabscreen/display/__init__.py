"""Notebook display: HTML for results and rankings, and pandas DataFrames.

This module computes nothing: it lays out what :class:`~collabscreen.types.ScreeningResult`
and :class:`~collabscreen.ranking.Ranking` already hold.

* :func:`result_html` / :func:`ranking_html` back ``_repr_html_``, so a result or
  a ranking shows itself in Jupyter: the score as a bar coloured by band,
  per-category chips, and each evidence sentence highlighted in its context
  with spaCy's displaCy (manual ``ent`` mode), labelled with its category and
  probability, and with its section, role and page.
* :func:`candidates_frame` / :func:`evidence_frame` back ``to_pandas()``.

**Everything taken from a resume is HTML-escaped** (text, file names, roles,
error messages, taxonomy labels): a resume containing ``<script>`` shows the
characters, never runs them. Only inline styles are used, so the HTML also
reads on code hosts that strip ``<style>`` blocks.

spaCy and pandas are imported inside the functions that need them; pandas is
an optional extra (``pip install 'collabscreen[notebook]'``).
"""

from __future__ import annotations

from .common import BAND_COLORS, category_colors, category_labels
from .frames import candidates_frame, evidence_frame
from .html import ranking_html, result_html

__all__ = [
    "result_html",
    "ranking_html",
    "candidates_frame",
    "evidence_frame",
    "BAND_COLORS",
    "category_labels",
    "category_colors",
]
