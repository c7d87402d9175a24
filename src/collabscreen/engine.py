"""The Screener: the one place where extraction, the pipeline, the model and scoring meet.

Flow: source -> :func:`extract_text` -> ``nlp`` (collabscreen components) ->
unit records -> one sparse feature matrix per batch -> calibrated
probabilities -> :func:`scoring.score_units` -> :class:`ScreeningResult`.
"""

from __future__ import annotations

import datetime
import os
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from .errors import CollabscreenError, ConfigTypeError
from .limits import FILE_TIMEOUT as DEFAULT_FILE_TIMEOUT
from .limits import MAX_BYTES as DEFAULT_MAX_BYTES
from .limits import MAX_CHARS as DEFAULT_MAX_CHARS
from .taxonomy import CERTIFICATIONS, EDUCATION, SKILLS
from .scoring import HYBRID_CATEGORY, RecencyConfig, ScoringConfig, score_units
from .types import Evidence, EvidencePart, ExtractedText, Recency, ScreeningResult, WordingLine

if TYPE_CHECKING:  # pragma: no cover
    from .extract import Source
    from .jobs import JobMatcher, JobProfile
    from .ranking import Ranking

__all__ = ["Screener", "screen", "rank", "error_result"]



class _Timeout(BaseException):
    """Raised inside a time-limited block (a BaseException, so no backend's `except Exception` eats it)."""


#: seconds between repeated deliveries of the time-limit exception once the limit has passed
_REFIRE = 0.2


class _time_limit:
    """Interrupt the block after ``seconds``.

    In the main thread of a POSIX process a SIGALRM timer raises
    :class:`_Timeout`; in any other thread (a Dask worker runs its tasks in
    threads) a timer thread raises it asynchronously in the blocked thread
    (``PyThreadState_SetAsyncExc``). Either way the exception arrives between
    two Python bytecodes: pdfminer.six is pure Python, and the PDFium backend reads
    its characters one PDFium call at a time, so a file made to make either loop
    or crawl is stopped there. One PDFium call (parsing a whole page) cannot be
    interrupted; the stream and form fan-out checks that run before it bound it.
    """

    def __init__(self, seconds: float | None) -> None:
        import signal
        import threading

        self.seconds = seconds
        main = threading.current_thread() is threading.main_thread()
        self.mode = None if not seconds else ("signal" if main and hasattr(signal, "setitimer") else "thread")

    def __enter__(self) -> "_time_limit":
        if self.mode == "signal":
            import signal

            def fire(signum, frame):
                raise _Timeout()

            self._old = signal.signal(signal.SIGALRM, fire)
            # then again every 0.2 s: a backend's bare `except:` may swallow one delivery
            signal.setitimer(signal.ITIMER_REAL, float(self.seconds or 0.0), _REFIRE)
        elif self.mode == "thread":
            import threading

            self._lock = threading.Lock()
            self._inside = True
            self._fired = False
            self._tid = threading.get_ident()
            self._timer = threading.Timer(float(self.seconds or 0.0), self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _fire(self) -> None:
        import ctypes

        import threading

        with self._lock:
            if self._inside:
                self._fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._tid), ctypes.py_object(_Timeout))
                # again in 0.2 s until the block ends: a backend's bare `except:` may swallow one delivery
                self._timer = threading.Timer(_REFIRE, self._fire)
                self._timer.daemon = True
                self._timer.start()

    def __exit__(self, *exc) -> None:
        if self.mode == "signal":
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)
        elif self.mode == "thread":
            import ctypes

            self._timer.cancel()
            with self._lock:
                self._inside = False
                if self._fired:
                    # the block ended before the exception arrived: never let it land outside
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._tid), None)


def internal_error(source: "Source", exc: BaseException) -> CollabscreenError:
    """Wrap an unexpected exception raised while screening one input (E199)."""
    name = _source_name(source)
    reason = f"{type(exc).__name__}: {exc}"
    if len(reason) > 300:
        reason = reason[:297] + "..."
    err = CollabscreenError.from_code("E199", source=name, reason=reason)
    err.__cause__ = exc
    return err


def _source_name(source: "Source") -> str:
    if isinstance(source, ExtractedText):
        return source.source
    if isinstance(source, (str, PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return str(name) if isinstance(name, str) else "<bytes>"


def error_result(source: "Source", exc: BaseException, *, model_version: str = "", taxonomy_version: str = "") -> ScreeningResult:
    """A result row for an input that could not be screened."""
    reason = exc.reason if isinstance(exc, CollabscreenError) else f"{type(exc).__name__}: {exc}"
    return ScreeningResult(
        source=_source_name(source),
        score=0.0,
        band="none",
        category_scores={},
        evidence=(),
        status="error",
        error=reason,
        error_type=type(exc).__name__,
        error_code=getattr(exc, "code", None),
        model_version=model_version,
        taxonomy_version=taxonomy_version,
    )


class Screener:
    """Screen resumes for sales-marketing collaboration evidence.

    Loads the pipeline and the model once; reuse one Screener for many files.

    Parameters
    ----------
    model : path-like or LoadedModel, optional
        A model directory; defaults to the model shipped with the package.
    taxonomy : Taxonomy or path-like, optional
        Defaults to the bundled taxonomy (the one the model was trained with).
    nlp : spacy.Language or str, optional
        An installed pretrained pipeline to extend; default ``spacy.blank("en")``.
    config : ScoringConfig, optional
        Scoring thresholds and weights; ``strong``/``some``/``evidence_threshold``
        may also be given directly as keywords. Without ``config``, the bands
        are the ones the model ships with (set on its cross-validated
        predictions, ``meta.json``'s ``bands``), else ``ScoringConfig``'s.
    keep_text : bool, default=False
        Keep the extracted text on each result (needed for must-have terms and
        for highlighting in notebooks).
    max_bytes : int, default=20_000_000
        Inputs larger than this raise :class:`FileTooLargeError`.
    max_chars : int, default=1_000_000
        Extracted text longer than this raises :class:`FileTooLargeError`
        (E112) instead of reaching the pipeline.
    file_timeout : float or None, default=120.0
        Seconds one file may take to read; a slower one is an error row
        (E113) in :meth:`screen_many` and raises in :meth:`screen`. Enforced
        in any thread (a Dask worker's too); None for no limit.
    pdf_backend : {"pdfium", "pdfminer"}, default="pdfium"
        How PDFs are read (see :func:`collabscreen.extract_text`): PDFium,
        falling back to pdfminer.six for a file PDFium cannot read, or
        pdfminer.six alone (the reference).
    reference_date : date or ISO str, optional
        The date roles are measured against ("to Present" ends there; how
        long ago a role ended). Default: today, or, for a resume with no role
        running to the present, that resume's latest date. Each screening
        call may override it.
    recency : bool or RecencyConfig, default=False
        Weight the score by how recent the evidence is (a role that ended
        long before the reference date counts less; see
        :func:`collabscreen.scoring.recency_factor`). Off, scores are those
        of the resume model. Every result says how recent its evidence is
        (``result.recency.note``) either way.
    job : JobProfile, optional
        Match every resume against this job (:mod:`collabscreen.jobs`): each
        result gets a ``job_match`` and ranks by its combined value.

    Examples
    --------
    >>> s = Screener()
    >>> r = s.screen("data/samples/strong_marketing_ops_lead_scoring.pdf")  # doctest: +SKIP
    >>> r.score, r.band, r.evidence[0].text  # doctest: +SKIP
    """

    def __init__(
        self,
        model: Any = None,
        *,
        taxonomy: Any = None,
        nlp: Any = None,
        config: ScoringConfig | None = None,
        keep_text: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_chars: int = DEFAULT_MAX_CHARS,
        file_timeout: float | None = DEFAULT_FILE_TIMEOUT,
        pdf_backend: str = "pdfium",
        reference_date: Any = None,
        recency: bool | RecencyConfig = False,
        job: "JobProfile | None" = None,
        **thresholds: float,
    ) -> None:
        from .extract import check_pdf_backend
        from .model import LoadedModel, load_model

        check_pdf_backend(pdf_backend)
        from .pipeline import get_taxonomy, make_nlp
        from .taxonomy import Taxonomy

        self.model = model if isinstance(model, LoadedModel) else load_model(model)
        if taxonomy is not None and not isinstance(taxonomy, Taxonomy):
            taxonomy = Taxonomy.from_file(taxonomy)
        self.nlp = make_nlp(taxonomy, nlp=nlp)
        self.taxonomy = get_taxonomy(self.nlp)
        if config is None:
            # the band thresholds the model was trained with (set on its cross-validation), then the caller's
            bands = self.model.meta.get("bands") or {}
            shipped = {k: float(bands[k]) for k in ("strong", "some") if isinstance(bands.get(k), (int, float))}
            config = ScoringConfig(**{**shipped, **thresholds})  # type: ignore[arg-type]  # float keyword arguments, validated by ScoringConfig
        elif thresholds:
            from dataclasses import replace

            config = replace(config, **thresholds)  # type: ignore[arg-type]
        self.config = config
        self.keep_text = keep_text
        self._pool: "WorkerPool | None" = None
        self.max_bytes = max_bytes
        self.max_chars = max_chars
        self.file_timeout = file_timeout
        self.pdf_backend = pdf_backend
        from .roles import as_date

        self.reference_date = as_date(reference_date)
        self.recency = recency
        # the pipeline must accept every text that passes the character limit
        self.nlp.max_length = max(self.nlp.max_length, max_chars + 1)
        self.job = job

    @property
    def job(self) -> "JobProfile | None":
        """The :class:`~collabscreen.jobs.JobProfile` every resume is matched against (or None)."""
        return self._job

    @job.setter
    def job(self, job: "JobProfile | None") -> None:
        self._job = job
        self._job_matcher = None if job is None else self._compile_job(job)

    def _compile_job(self, job: "JobProfile") -> "JobMatcher":
        from .jobs import JobProfile

        if not isinstance(job, JobProfile):
            raise ConfigTypeError.from_code("E400", name="job", expected="a JobProfile (JobProfile.from_file(path))", value=job)
        tokenizer = self.nlp.tokenizer
        # query words are split exactly as the resume's tokens are
        return job.compile(lambda text: [t.lower_ for t in tokenizer(text)])

    def _matcher_for(self, job: "JobProfile | None") -> "JobMatcher | None":
        return self._job_matcher if job is None else self._compile_job(job)

    # ------------------------------------------------------------ info
    @property
    def model_version(self) -> str:
        return self.model.version

    @property
    def taxonomy_version(self) -> str:
        return self.taxonomy.id

    def __repr__(self) -> str:
        return f"Screener(model={self.model_version!r}, taxonomy={self.taxonomy_version!r}, pipeline={self.nlp.pipe_names})"

    # ------------------------------------------------------------ extraction
    def extract(self, source: "Source", *, password: str | None = None) -> ExtractedText:
        from .extract import check_length, extract_text

        if isinstance(source, ExtractedText):
            check_length(source.text, source.source, self.max_chars)
            return source
        try:
            with _time_limit(self.file_timeout):
                return extract_text(
                    source,
                    password=password,
                    max_bytes=self.max_bytes,
                    max_chars=self.max_chars,
                    pdf_backend=self.pdf_backend,
                )
        except _Timeout:
            from .errors import ExtractionError

            name = _source_name(source)
            raise ExtractionError.from_code("E113", source=name, limit=self.file_timeout) from None

    # ------------------------------------------------------------ screening
    def screen(
        self, source: "Source", *, password: str | None = None, reference_date: Any = None, job: "JobProfile | None" = None
    ) -> ScreeningResult:
        """Screen one resume: a path, bytes, a binary file object or an ExtractedText.

        ``reference_date`` overrides the Screener's for this call; ``job`` (a
        :class:`~collabscreen.jobs.JobProfile`) matches it against that job
        instead of the Screener's own ``job``.

        Raises
        ------
        CollabscreenError
            When the input cannot be read (see :mod:`collabscreen.errors`).
        """
        doc = self.extract(source, password=password)
        return self._score_docs([doc], self._reference(reference_date), job=self._matcher_for(job))[0]

    def screen_text(
        self, text: str, *, source: str = "<text>", reference_date: Any = None, job: "JobProfile | None" = None
    ) -> ScreeningResult:
        """Screen text that was already extracted elsewhere (see :func:`collabscreen.extract.from_text`)."""
        from .extract import from_text

        doc = from_text(text, source=source, max_chars=self.max_chars)
        return self._score_docs([doc], self._reference(reference_date), job=self._matcher_for(job))[0]

    def classify(self, sentences: Iterable[str]) -> list[dict[str, Any]]:
        """Classify single sentences or bullets (no resume context).

        Returns one dict per sentence: ``probability`` (calibrated, of being
        collaboration evidence), ``label`` (``probability >= 0.5``),
        ``category`` (most likely evidence category), ``categories`` (taxonomy
        categories matched), ``negated`` and ``hypothetical``. White space is
        normalised first, and matching and features are case-insensitive.
        """
        from .features import corpus_records

        texts = list(sentences)
        if not texts:
            return []
        records = corpus_records(texts, self.nlp)
        unit_out = self.model.units.predict_units(records)
        P, C, classes = unit_out.evidence, unit_out.category, unit_out.classes
        out = []
        for i, r in enumerate(records):
            out.append(
                {
                    "text": texts[i],
                    "probability": round(float(P[i]), 6),
                    "label": int(P[i] >= 0.5),
                    "category": classes[int(C[i].argmax())] if len(classes) else None,
                    "categories": list(r["categories"]),
                    "negated": r["negated"],
                    "hypothetical": r["hypothetical"],
                }
            )
        return out

    def screen_many(
        self,
        sources: "Iterable[Source]",
        *,
        n_process: int = 1,
        batch_size: int = 32,
        password: str | None = None,
        reference_date: Any = None,
    ) -> Iterator[ScreeningResult]:
        """Screen many resumes, yielding results in input order as they are ready.

        A file that cannot be read yields a result with ``status="error"`` and
        the reason; it never stops the run. With ``n_process > 1`` worker
        processes extract and score batches in parallel (results are the same
        as with one process).
        """
        if n_process is None or n_process < 1:
            n_process = 1
        # with workers, the first batch of each holds two files: results flow at once
        batches = _batched(sources, batch_size, first=2 if n_process > 1 else 0, n_first=n_process)
        reference = self._reference(reference_date)
        if n_process == 1:
            for batch in batches:
                yield from self._screen_batch(batch, password, reference)
            return
        yield from _parallel(self, batches, n_process, password, reference)

    def rank(
        self,
        sources: "Iterable[Source | ScreeningResult]",
        *,
        top_k: int | None = None,
        min_score: float = 0.0,
        must_have: Sequence[str] = (),
        n_process: int = 1,
        job: "JobProfile | None" = None,
    ) -> "Ranking":
        """Screen ``sources`` and rank them (see :func:`collabscreen.ranking.rank_results`);
        ``job`` matches them against that job instead of the Screener's own."""
        from .ranking import rank_results

        given: list[Any] = list(sources)
        pending = [s for s in given if not isinstance(s, ScreeningResult)]
        screened: list[ScreeningResult] = [r for r in given if isinstance(r, ScreeningResult)]
        if pending:
            # must-have terms are checked on the text
            screener = self.keeping_text() if must_have else self
            if job is not None:
                # a shallow copy (same pipeline and model) takes the job, without changing this Screener
                import copy

                screener = copy.copy(screener)
                screener.job = job
            screened += list(screener.screen_many(pending, n_process=n_process))
        return rank_results(screened, top_k=top_k, min_score=min_score, must_have=must_have)

    def workers(self, n_process: int = 2) -> "WorkerPool":
        """Start ``n_process`` worker processes that every later ``screen_many(n_process=...)``
        call with the same count reuses (for a long-running service), until the pool is closed.

        >>> with screener.workers(2):  # doctest: +SKIP
        ...     for batch in incoming():
        ...         results = list(screener.screen_many(batch, n_process=2))

        The workers screen with this Screener as it is now; they start warm (forked from
        this process where the platform allows, see :func:`start_method`).
        """
        if self._pool is not None:
            self._pool.close()
        self._pool = WorkerPool(self, n_process)
        return self._pool

    def close(self) -> None:
        """Stop the worker processes started by :meth:`workers` (if any)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> "Screener":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def keeping_text(self) -> "Screener":
        """This Screener if it keeps the text, else a shallow copy (same pipeline and model) that does."""
        if self.keep_text:
            return self
        import copy

        screener = copy.copy(self)
        screener.keep_text = True
        screener._pool = None  # the workers run this Screener's settings, not the copy's
        return screener

    # ------------------------------------------------------------ internals
    def _reference(self, reference_date: Any):
        from .roles import as_date

        return as_date(reference_date) if reference_date is not None else self.reference_date

    def _screen_batch(self, batch: Sequence[Any], password: str | None, reference=None) -> list[ScreeningResult]:
        """Screen a batch; every input gets a result, whatever goes wrong with another."""
        docs: list[ExtractedText | None] = []
        out: list[ScreeningResult | None] = []
        for source in batch:
            try:
                docs.append(self.extract(source, password=password))
                out.append(None)
            except Exception as exc:  # noqa: BLE001 - one bad input never stops a batch
                if not isinstance(exc, CollabscreenError):
                    exc = internal_error(source, exc)
                docs.append(None)
                out.append(self._error(source, exc))
        ok = [d for d in docs if d is not None]
        try:
            scored = self._score_docs(ok, reference, job=self._job_matcher) if ok else []
        except Exception:  # noqa: BLE001
            # find the input that failed: score one at a time
            scored = []
            for d in ok:
                try:
                    scored.extend(self._score_docs([d], reference, job=self._job_matcher))
                except Exception as exc:  # noqa: BLE001
                    scored.append(self._error(d, exc if isinstance(exc, CollabscreenError) else internal_error(d, exc)))
        it = iter(scored)
        return [r if r is not None else next(it) for r in out]

    def _error(self, source: "Source", exc: BaseException) -> ScreeningResult:
        return error_result(source, exc, model_version=self.model_version, taxonomy_version=self.taxonomy_version)

    def _score_docs(
        self, docs: Sequence[ExtractedText], reference=None, *, job: "JobMatcher | None" = None
    ) -> list[ScreeningResult]:
        """Pipeline + one model call for all units of all ``docs``; ``job`` a
        :class:`~collabscreen.jobs.JobMatcher` to match each Doc's tokens against."""
        from .features import unit_records
        from .jobs import resume_tokens
        from .pipeline import make_docs, tokenizer_safe

        all_records: list[list[dict[str, Any]]] = []
        all_jobs: list[list[dict[str, Any]]] = []
        all_tokens: list[Any] = []
        texts = (tokenizer_safe(d.text) for d in docs)
        for spacy_doc in self.nlp.pipe(make_docs(self.nlp, texts), batch_size=max(1, len(docs))):
            all_records.append(unit_records(spacy_doc))
            all_jobs.append(list(spacy_doc._.collab_jobs or []))
            all_tokens.append(resume_tokens(spacy_doc) if job is not None else None)
        flat = [r for recs in all_records for r in recs]
        out = self.model.units.predict_units(flat)
        classes = out.classes
        results = []
        pos = 0
        for d, recs, jobs, tokens in zip(docs, all_records, all_jobs, all_tokens):
            n = len(recs)
            part = slice(pos, pos + n)
            pos += n
            results.append(
                self._result(
                    d,
                    recs,
                    out.evidence[part],
                    out.category[part] if len(classes) else None,
                    classes,
                    out.domain[part] if n else None,
                    out.template[part],
                    out.specific[part],
                    wording=None if out.wording is None else out.wording[part],
                    jobs=jobs,
                    reference=reference,
                    matcher=None if job is None else (job, tokens),
                )
            )
        return results

    def _result(
        self,
        d: ExtractedText,
        recs,
        probs,
        cprobs,
        classes,
        dprobs=None,
        tmpl=(),
        spec=None,
        *,
        wording: Any = None,
        jobs: Sequence[dict[str, Any]] = (),
        reference: datetime.date | None = None,
        matcher: "tuple[JobMatcher, Any] | None" = None,
    ) -> ScreeningResult:
        from .pipeline import role_title
        from .roles import evidence_ages, job_index, make_roles, recency_note, resume_reference
        from .scoring import apply_recency, recency_factor

        def title_at(i: int) -> str | None:
            """The job title of unit ``i``'s role (the header's words when no role was parsed)."""
            k = job_index(jobs, recs[i]["start_char"])
            if k is not None and jobs[k]["title"]:
                return jobs[k]["title"]
            return role_title(recs[i]["role"])

        s = score_units(
            recs,
            probs,
            cprobs,
            classes,
            self.config,
            domain_probs=dprobs,
            templates=tmpl,
            resume_model=self.model.resume,
            specific_probs=spec,
            wording=wording,
        )
        evidence = [
            Evidence(
                text=recs[i]["text"],
                category=s.category[i],
                categories=tuple(recs[i]["categories"]),
                probability=round(float(probs[i]), 6),
                weight=round(float(s.q[i]), 6),
                section=recs[i]["section"],
                start_char=recs[i]["start_char"],
                end_char=recs[i]["end_char"],
                page=d.page_of(recs[i]["start_char"]),
                role=title_at(i),
                terms=tuple(recs[i]["terms"]),
            )
            for i in s.evidence
        ]
        h = s.hybrid
        if h is not None:
            # one item of its own: the role, its sales-duty and marketing-duty sentences
            parts = tuple(
                EvidencePart(
                    side=side,
                    text=recs[i]["text"],
                    probability=round(p, 6),
                    start_char=recs[i]["start_char"],
                    end_char=recs[i]["end_char"],
                    page=d.page_of(recs[i]["start_char"]),
                )
                for side, i, p in (("sales", h.sales_unit, h.p_sales), ("marketing", h.marketing_unit, h.p_marketing))
            )
            first = min(parts, key=lambda e: e.start_char)
            evidence.append(
                Evidence(
                    text=" / ".join(pt.text for pt in parts),
                    category=HYBRID_CATEGORY,
                    categories=("hybrid role",),
                    probability=round(h.strength, 6),
                    weight=round(h.strength, 6),
                    section=recs[h.sales_unit]["section"],
                    start_char=first.start_char,
                    end_char=first.end_char,
                    page=first.page,
                    role=title_at(h.sales_unit),
                    kind="hybrid_role",
                    parts=parts,
                )
            )
            evidence.sort(key=lambda e: (-e.weight, e.start_char))
        warnings = list(d.warnings)
        from .language import LANGUAGE_NAMES, guess_language

        lang, share = guess_language(d.text)
        if lang is not None and lang != "en":
            name = LANGUAGE_NAMES.get(lang, lang)
            warnings.append(
                f"the resume looks {name}, not English ({share:.0%} of its words are {name} function words); "
                "collabscreen's model and vocabulary are English, so read it yourself or screen a translation"
            )
        if s.adverts:
            warnings.append(
                f"{len(s.adverts)} line(s) read as a pasted job advert ({recs[s.adverts[0]]['text'][:60]!r}...) "
                "and were not counted as the candidate's evidence"
            )
        if len(s.keyword_lines) >= 3:
            warnings.append(
                f"{len(s.keyword_lines)} line(s) are bare lists of terms (for example {recs[s.keyword_lines[0]]['text'][:40]!r}); "
                "a term is not a duty, so they were not counted as evidence"
            )
        if s.templates:
            n_t = len(s.templates)
            example = recs[s.templates[0]]["text"]
            warnings.append(
                f"{n_t} sentence(s) look like stock resume-builder text and were not counted as evidence "
                f"(for example: {example[:80]!r})"
            )
        ref_date, ref_source = resume_reference(jobs, reference, datetime.date.today())
        roles = make_roles(jobs, evidence, ref_date)
        factor = 1.0
        score, band = s.score, s.band
        if self.recency:
            cfg = self.recency if isinstance(self.recency, RecencyConfig) else RecencyConfig()
            factor = recency_factor(evidence_ages(roles, evidence, ref_date), cfg)
            score, band = apply_recency(s.score, factor, self.config)
        recency = Recency(
            reference_date=ref_date.isoformat(),
            reference=ref_source,
            factor=factor,
            applied=bool(self.recency),
            note=recency_note(roles, evidence),
            unweighted_score=s.score,
        )
        n_dom = sum(1 for r in recs if r["domains"] and r["section"] not in (SKILLS, EDUCATION, CERTIFICATIONS))
        relevance = round(n_dom / (n_dom + 5.0), 6)
        job_match = None
        if matcher is not None:
            from .jobs import UnitInfo

            job_matcher, tokens = matcher
            units = [UnitInfo(r["start_char"], r["end_char"], r["text"], r["section"], title_at(i)) for i, r in enumerate(recs)]
            job_match = job_matcher.match(tokens, units, collaboration=score, category_scores=s.category_scores)
        return ScreeningResult(
            source=d.source,
            score=score,
            band=band,
            category_scores=s.category_scores,
            evidence=tuple(evidence),
            sha256=d.sha256,
            format=d.format,
            warnings=tuple(warnings),
            grade_probabilities=s.grade_probabilities,
            expected_grade=s.expected_grade,
            model_version=self.model_version,
            taxonomy_version=self.taxonomy_version,
            n_sentences=len(recs),
            relevance=relevance,
            roles=roles,
            recency=recency,
            text=d.text if self.keep_text else None,
            job_match=job_match,
            wording=tuple(
                WordingLine(
                    text=recs[i]["text"],
                    part=part,
                    section=recs[i]["section"],
                    start_char=recs[i]["start_char"],
                    end_char=recs[i]["end_char"],
                    page=d.page_of(recs[i]["start_char"]),
                )
                for i, part in s.wording_lines
            ),
        )


def _batched(items: Iterable[Any], size: int, *, first: int = 0, n_first: int = 0) -> Iterator[list[Any]]:
    """Lists of ``size`` items; the first ``n_first`` lists hold only ``first`` items, so
    that with worker processes the first results arrive at once."""
    batch: list[Any] = []
    k = 0
    for item in items:
        batch.append(item)
        if len(batch) >= max(1, first if k < n_first and first else size):
            yield batch
            batch = []
            k += 1
    if batch:
        yield batch


# ---------------------------------------------------------------- processes
_WORKER: Screener | None = None
_WORKER_ERROR: str | None = None


def worker_spec(screener: Screener) -> dict[str, Any]:
    """What a fresh process needs to rebuild ``screener`` exactly (picklable, no model objects).

    Each worker loads the model from its directory through the same safe skops
    loader (type allow-list, version checks): model files are never unpickled,
    even between our own processes. The shipped model is sent as ``None``, so a
    worker on another machine loads its own copy; ``model_version`` is checked
    there (:func:`screener_from_spec`). The pipeline is sent as its config and
    its components' state, so workers run exactly the caller's pipeline.
    """
    from .model import default_model_path
    from .taxonomy import default_taxonomy

    path = screener.model.path
    try:
        shipped = Path(path).resolve() == default_model_path().resolve()
    except OSError:
        shipped = False
    return {
        "model": None if shipped else os.fspath(path),
        "model_version": screener.model_version,
        "taxonomy": None if screener.taxonomy == default_taxonomy() else screener.taxonomy,
        "config": screener.config,
        "keep_text": screener.keep_text,
        "max_bytes": screener.max_bytes,
        "max_chars": screener.max_chars,
        "file_timeout": screener.file_timeout,
        "pdf_backend": screener.pdf_backend,
        "reference_date": screener.reference_date,
        "recency": screener.recency,
        "job": screener.job,
        "nlp_state": (screener.nlp.config, screener.nlp.to_bytes()),
    }


def screener_from_spec(spec: dict[str, Any]) -> Screener:
    """The Screener described by :func:`worker_spec`, built in this process.

    Raises
    ------
    CollabscreenError
        ModelError (E205) when this process loads another model version than the caller's.
    """
    kwargs = dict(spec)
    config, data = kwargs.pop("nlp_state")
    expected = kwargs.pop("model_version", None)
    from spacy.util import get_lang_class

    nlp = get_lang_class(config["nlp"]["lang"]).from_config(config)
    nlp.from_bytes(data)
    screener = Screener(nlp=nlp, **kwargs)
    if expected is not None and screener.model_version != expected:
        from .errors import ModelError

        raise ModelError.from_code("E205", source=screener.model.path, found=screener.model_version, expected=expected)
    return screener


def _init_worker(kwargs: dict[str, Any]) -> None:
    global _WORKER, _WORKER_ERROR
    try:
        _WORKER = screener_from_spec(kwargs)
    except Exception as exc:  # noqa: BLE001 - reported to the parent by _work, never a respawn loop
        _WORKER_ERROR = f"{type(exc).__name__}: {exc}"


def _worker_start(parent: int | None, spec: dict[str, Any] | None) -> None:
    """A worker's first step: die with the process that started it (Linux), then, unless it was
    forked from the caller's Screener, build its own from ``spec``.

    A worker outliving a killed run would keep the run's output locked (E406 for ``--resume``)
    and its memory, waiting for work for ever. ``parent``: the caller's pid when forked from it
    (a worker of a forkserver dies with the forkserver, which ends with the caller)."""
    import sys

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
        if parent is not None and os.getppid() != parent:
            os._exit(0)  # the caller died before the line above
    if spec is not None:
        _init_worker(spec)


def _ready() -> bool:
    """A first task: the workers have started (and, forked, hold the caller's Screener)."""
    return True


def _warm(executor: Any, n: int) -> None:
    """Start all ``n`` workers now (a spawn or forkserver pool starts one per task it cannot
    give to an idle worker): n tasks at once, waited for."""
    for future in [executor.submit(_ready) for _ in range(n)]:
        future.result()


def _finished(future: Any) -> list[ScreeningResult] | None:
    """A future's results if it finished without error, else None."""
    if future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return None


def _work(args: tuple[list[Any], str | None, Any]) -> list[ScreeningResult]:
    batch, password, reference = args
    if _WORKER is None:
        raise RuntimeError(_WORKER_ERROR or "worker not initialised")
    return _WORKER._screen_batch(batch, password, reference)


def start_method() -> str:
    """How worker processes start: ``"fork"`` from this warmed process where that is safe
    (Linux, no other threads running), else ``"forkserver"`` (heavy modules preloaded) or
    ``"spawn"``. A forked worker inherits the loaded pipeline and model: it is ready in
    milliseconds and shares the parent's memory pages. The environment variable
    ``COLLABSCREEN_START_METHOD`` chooses one explicitly."""
    import multiprocessing as mp
    import sys
    import threading

    methods = mp.get_all_start_methods()
    chosen = os.environ.get("COLLABSCREEN_START_METHOD")
    if chosen:
        if chosen not in methods:
            from .errors import ConfigError

            raise ConfigError.from_code("E400", name="COLLABSCREEN_START_METHOD", expected=f"one of {', '.join(methods)}", value=chosen)
        return chosen
    if "fork" in methods and sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class WorkerPool:
    """Worker processes screening for one :class:`Screener`, reusable across
    :meth:`Screener.screen_many` calls (see :meth:`Screener.workers`).

    The workers run the Screener as it was when the pool started (its pipeline,
    model, limits, job and recency settings); a pool is closed with
    :meth:`close` or by leaving its ``with`` block.

    A worker process that dies (a crash inside a C library, the out-of-memory
    killer, a signal) never hangs the run and loses no input: the batches it had
    are run again one file per task in fresh workers, the files lost again then
    run each alone, and a file whose worker dies both times it runs alone gets an
    error result (E199).
    """

    def __init__(self, screener: "Screener", n_process: int) -> None:
        import multiprocessing as mp

        if mp.parent_process() is not None:
            # we are a worker (or the forkserver) re-running the caller's script on import:
            # the script starts screening at module level, without a __main__ guard
            raise CollabscreenError.from_code("E407")
        self.n_process = int(n_process)
        self.screener = screener
        self.method = start_method()
        self.closed = False
        self.restarts = 0
        self._executor = self._start()

    def _start(self) -> Any:
        global _WORKER
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        ctx = mp.get_context(self.method)
        try:
            if self.method == "fork":
                _WORKER = self.screener  # inherited by the children, nothing is sent or rebuilt
                try:
                    executor = ProcessPoolExecutor(self.n_process, mp_context=ctx, initializer=_worker_start, initargs=(os.getpid(), None))
                    # a fork context starts every worker at the first task: fork them now, while
                    # _WORKER is this Screener
                    _warm(executor, self.n_process)
                finally:
                    _WORKER = None
            else:
                if self.method == "forkserver":
                    ctx.set_forkserver_preload(["collabscreen.engine", "collabscreen.pipeline", "collabscreen.inference", "spacy"])
                executor = ProcessPoolExecutor(self.n_process, mp_context=ctx, initializer=_worker_start, initargs=(None, worker_spec(self.screener)))
                _warm(executor, self.n_process)
        except (BrokenProcessPool, BrokenPipeError, EOFError, ConnectionError, RuntimeError) as exc:
            raise CollabscreenError.from_code("E407", detail=f" ({type(exc).__name__}: {exc})") from None
        return executor

    def _restart(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self.restarts += 1
        self._executor = self._start()

    def _wait(self, future: Any, n_files: int) -> list[ScreeningResult]:
        """The results of a batch of ``n_files``; a worker that neither answers nor dies within
        ``file_timeout * (2 * n_files + 2)`` (stuck in one C call, deadlocked) is killed, and the
        pool is then broken like after any death (a ``BrokenProcessPool`` that carries the
        ``limit``). No limit when ``file_timeout`` is None. A worker that could not build its
        pipeline is E404."""
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        limit = self.screener.file_timeout * (2 * n_files + 2) if self.screener.file_timeout else None
        try:
            return future.result(timeout=limit)
        except FutureTimeout:
            for process in list(self._processes().values()):
                process.kill()
            stuck = BrokenProcessPool(f"no answer within {limit:g} s: the workers were killed")
            stuck.limit = limit  # type: ignore[attr-defined]
            raise stuck from None
        except BrokenProcessPool:  # (a RuntimeError too) the callers recover from it
            raise
        except RuntimeError as exc:
            raise CollabscreenError.from_code("E404", reason=exc) from None

    def _processes(self) -> dict[int, Any]:
        """The executor's worker processes by pid (empty once it has shut down)."""
        return getattr(self._executor, "_processes", None) or {}

    def _blame(self, item: Any, exc: BaseException) -> CollabscreenError:
        """The error of a file whose worker died (or hung) both times it ran alone."""
        limit = getattr(exc, "limit", None)  # set by _wait on a worker that never answered
        if limit is not None:
            from .errors import ExtractionError

            return ExtractionError.from_code("E113", source=_source_name(item), limit=limit)
        died = RuntimeError("the worker process screening this file died each time it screened it alone (twice)")
        died.__cause__ = exc
        return internal_error(item, died)

    def _submit(self, batch: list[Any], password: str | None, reference: Any) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._executor.submit(_work, (batch, password, reference))
        except BrokenProcessPool:  # it broke since the last task: a fresh pool
            self._restart()
            return self._executor.submit(_work, (batch, password, reference))

    def imap(self, batches: Iterator[list[Any]], password: str | None, reference: Any = None) -> Iterator[ScreeningResult]:
        """Results of ``batches``, in input order, each batch as soon as it and the ones before are done."""
        from collections import deque
        from concurrent.futures.process import BrokenProcessPool

        window = 2 * self.n_process  # batches in flight: every worker has the next one queued
        queued: deque[tuple[list[Any], Any]] = deque()
        source = iter(batches)
        while True:
            while len(queued) < window:
                batch = next(source, None)
                if batch is None:
                    break
                queued.append((batch, self._submit(batch, password, reference)))
            if not queued:
                return
            batch, future = queued.popleft()
            try:
                results = self._wait(future, len(batch))
            except BrokenProcessPool:
                # a worker died (or hung and was killed): this batch and the ones in flight with
                # it that did not finish are run again (the finished ones keep their results)
                flight = [(batch, None)] + [(b, _finished(f)) for b, f in queued]
                queued.clear()
                redone = iter(self._isolate([b for b, done in flight if done is None], password, reference))
                for b, done in flight:
                    yield from done if done is not None else [next(redone) for _ in b]
                continue
            yield from results

    def _isolate(self, batches: list[list[Any]], password: str | None, reference: Any) -> list[ScreeningResult]:
        """Run the files of ``batches`` (in flight when a worker died) one per task in fresh
        workers, as many at a time as there are workers, so a death loses only the files then in
        flight; each of those is then run alone, and a file whose worker dies both times it runs
        alone is the one that kills it: an error result (E199)."""
        from concurrent.futures.process import BrokenProcessPool

        items = [item for b in batches for item in b]
        out: list[ScreeningResult | None] = [None] * len(items)
        suspects: list[int] = []
        self._restart()
        for at in range(0, len(items), self.n_process):
            flight = [(k, self._submit([items[k]], password, reference)) for k in range(at, min(at + self.n_process, len(items)))]
            broke = False
            for k, future in flight:
                try:
                    out[k] = self._wait(future, 1)[0]
                except BrokenProcessPool:
                    suspects.append(k)  # its worker died, or another's took the pool down
                    broke = True
            if broke:
                self._restart()
        for k in suspects:
            for attempt in (1, 2):
                try:
                    out[k] = self._wait(self._submit([items[k]], password, reference), 1)[0]
                    break
                except BrokenProcessPool as exc:
                    self._restart()
                    if attempt == 2:
                        out[k] = self.screener._error(items[k], self._blame(items[k], exc))
        return [r for r in out if r is not None]

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers, sorted (new ones after a worker died)."""
        return sorted(self._processes())

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _parallel(
    screener: Screener, batches: Iterator[list[Any]], n_process: int, password: str | None, reference=None
) -> Iterator[ScreeningResult]:
    pool = getattr(screener, "_pool", None)
    if pool is not None and not pool.closed and pool.n_process == n_process and pool.screener is screener:
        yield from pool.imap(batches, password, reference)
        return
    with WorkerPool(screener, n_process) as own:
        yield from own.imap(batches, password, reference)


# ---------------------------------------------------------------- conveniences
_DEFAULT: Screener | None = None


def _default() -> Screener:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Screener(keep_text=True)
    return _DEFAULT


def screen(
    source: "Source", *, password: str | None = None, reference_date: Any = None, job: "JobProfile | None" = None
) -> ScreeningResult:
    """Screen one resume with the default model (loaded once, then reused); roles are measured as of
    ``reference_date``; ``job`` (a :class:`~collabscreen.jobs.JobProfile`) adds a job match."""
    return _default().screen(source, password=password, reference_date=reference_date, job=job)


def rank(
    sources: "Iterable[Source]",
    *,
    top_k: int | None = None,
    min_score: float = 0.0,
    must_have: Sequence[str] = (),
    n_process: int = 1,
    job: "JobProfile | None" = None,
) -> "Ranking":
    """Screen and rank ``sources`` (paths, bytes, file objects, texts or results) best
    first; ``job`` (a :class:`~collabscreen.jobs.JobProfile`) adds a job match."""
    return _default().rank(sources, top_k=top_k, min_score=min_score, must_have=must_have, n_process=n_process, job=job)
