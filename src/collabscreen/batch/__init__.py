"""Batch scoring: walk inputs, screen them with a :class:`~collabscreen.engine.Screener`,
write one row per file to CSV, JSON Lines or Parquet. No scoring logic, no printing.

Inputs
------
:func:`iter_inputs` takes files and folders. Folders are walked recursively
and every entry is an input (unknown formats are attempted, so a ``.doc`` or a
scanned ``.png`` shows up as an error row with the remedy; FIFOs, device
links, broken or looping links and unreadable folders show up as error rows
with their reason, never silently left out), except:

* hidden files and folders (name starting with ``.``);
* files that are not resumes: ``*.json``, ``*.jsonl``, ``*.csv``, ``*.tsv``,
  ``*.parquet``, ``*.partial``, ``*.tmp``, ``*.log``, ``*.py``, ``*.pyc``;
  ``README*``, ``LICENSE*``, ``CHANGELOG*``, ``Thumbs.db``, ``desktop.ini``
  (:data:`DEFAULT_SKIP`);
* the run's own output file and its ``.partial`` file;
* files matching an ``exclude`` glob.

A file matching an ``include`` glob is taken even if :data:`DEFAULT_SKIP`
would skip it; when ``include`` globs are given, walked files must match one.
Files named explicitly are always taken (unless excluded). Globs are matched
with :func:`fnmatch.fnmatch` against both the path relative to the folder
given and the file name. Each file appears once (deduplicated by resolved
path), in sorted order.

Output
------
Columns (:func:`columns`): ``rank, path, status, score, band, relevance,
n_evidence, n_sentences, top_evidence, top_category, top_section,
top_probability, cat_<category>..., excluded, reason, must_have, job,
job_terms, error, error_type, warnings, sha256, format, model_version,
taxonomy_version`` (``job_match`` and ``combined`` follow ``relevance``); JSON
Lines and Parquet rows also carry ``evidence`` (the full evidence list) and
``job_detail`` (the full job match). The job columns are empty without a job
(``Screener(job=...)``): ``job_match`` is the job part, ``combined`` the
value the row ranks by, ``job`` which profile (``JobProfile.key``) and
``job_terms`` the terms found in one line. The final file is sorted like
:func:`collabscreen.ranking.rank_results`: qualified candidates by score (by
``combined`` with a job; high first), ties by relevance, path and hash; then
candidates knocked out by must-have terms or a job's must-haves or query;
then failed files by path. ``rank`` numbers all rows in that order.

Crash safety and ``resume``
---------------------------
Rows are appended to ``OUTPUT.partial`` (one complete line per row, flushed
after each row and fsync'ed every ``sync_every`` rows) as results arrive. At
the end the rows are sorted and written to a temporary file that replaces
``OUTPUT`` atomically (:func:`os.replace`), and the partial file is removed.
A killed run therefore leaves the previous ``OUTPUT`` (if any) intact plus a
partial file of complete rows (a trailing incomplete line is dropped when it
is read back).

With ``resume=True`` the rows of ``OUTPUT`` and ``OUTPUT.partial`` are read
back (partial rows override final ones for the same path). An input whose
content hash (SHA-256 of the file bytes) and model version match an earlier
``ok`` row screened with the same must-have terms and job is not screened again: the
earlier row is reused under the input's current path. Errors are retried.
Earlier rows for paths that are not inputs of this run are kept. The result
is the same set of rows as one uninterrupted run.
"""


from .inputs import DEFAULT_SKIP, display_path, file_sha256, iter_inputs
from .rows import OUTPUT_FORMATS, PARTIAL_SUFFIX, columns, fmt_of, read_rows, require_pyarrow, result_row, row_sort_key
from .run import BatchSummary, default_jobs, run_batch

__all__ = [
    "iter_inputs",
    "run_batch",
    "BatchSummary",
    "DEFAULT_SKIP",
    "OUTPUT_FORMATS",
    "columns",
    "result_row",
    "read_rows",
    "file_sha256",
    "display_path",
    "default_jobs",
    "fmt_of",
    "require_pyarrow",
    "row_sort_key",
    "PARTIAL_SUFFIX",
]

