"""The ``collabscreen`` command line. Thin: parse, call the library, print.

Commands: ``score``, ``explain``, ``train``, ``evaluate``, ``taxonomy``.
Run ``collabscreen COMMAND --help`` for each. Only the standard library is
imported at start-up; spaCy and scikit-learn load when a command needs them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Sequence, TextIO

from .terminal import Progress, printable, render_explanation, render_ranking, render_taxonomy

__all__ = ["main", "run", "build_parser", "EXIT_OK", "EXIT_ERROR", "EXIT_USAGE", "EXIT_FAILED_INPUTS", "EXIT_INTERRUPTED"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_FAILED_INPUTS = 3
EXIT_INTERRUPTED = 130

EXIT_CODES = f"""\
exit codes:
  {EXIT_OK}    success (for `score`: every input has a row, even files that could not be read)
  {EXIT_ERROR}    error: a problem that stops the command (missing model, unreadable taxonomy,
       unsupported output extension, a path that does not exist, no input files, ...),
       printed as one line
  {EXIT_USAGE}    usage error (unknown option, missing argument)
  {EXIT_FAILED_INPUTS}    `score --strict` only: the run completed but some inputs could not be read
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C); rerun `score` with --resume to go on
"""


# ---------------------------------------------------------------- commands
def _screener(args: argparse.Namespace, **kwargs: Any):
    from .engine import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, Screener

    max_chars = getattr(args, "max_chars", None)
    timeout = getattr(args, "timeout", None)
    if timeout is not None:
        kwargs.setdefault("file_timeout", timeout if timeout > 0 else None)
    if getattr(args, "pdf_backend", None):
        kwargs.setdefault("pdf_backend", args.pdf_backend)
    kwargs.setdefault("reference_date", getattr(args, "as_of", None))
    kwargs.setdefault("recency", bool(getattr(args, "recency", False)))
    return Screener(
        model=args.model,
        taxonomy=args.taxonomy,
        max_bytes=args.max_bytes if args.max_bytes is not None else DEFAULT_MAX_BYTES,
        max_chars=max_chars if max_chars is not None else DEFAULT_MAX_CHARS,
        **kwargs,
    )


def _job(args: argparse.Namespace):
    """The job profile of ``--job FILE`` and/or ``--query EXPR`` (None without either).
    Read first: a bad query or job file stops the command before any resume is read."""
    from .jobs import job_for

    return job_for(args.job, args.query)


def cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .batch import run_batch

    job = _job(args)
    if args.top is not None and args.top < 0:
        raise _UsageError(f"--top must be >= 0, got {args.top}")
    if args.jobs is not None and args.jobs < 1:
        raise _UsageError(f"--jobs must be >= 1, got {args.jobs}")
    if args.scheduler and args.jobs is not None:
        raise _UsageError("--jobs sets local worker processes; with --scheduler the cluster's workers screen")
    if args.resume and not args.output:
        raise _UsageError("--resume needs --output (the file to go on writing)")
    from .batch import PARTIAL_SUFFIX, check_writable, fmt_of, iter_inputs, require_pyarrow

    if args.excel and Path(args.excel).suffix.lower() != ".csv":
        raise _UsageError(f"--excel writes CSV: give a file name ending in .csv, got {args.excel}")
    extra = [(p, what, opt) for p, what, opt in ((args.report, "Report", "--report"), (args.excel, "Excel file", "--excel")) if p]
    named = [p for p in (args.output, args.report, args.excel) if p]
    if len({os.path.abspath(p) for p in named}) < len(named):
        raise _UsageError("--output, --report and --excel must be different files")
    skip = [p for p, _, _ in extra]
    for p, what, opt in extra:
        check_writable(Path(p), what=what, option=opt)
    if args.output:
        # fail on a bad extension / missing pyarrow before loading the model
        if fmt_of(Path(args.output)) == "parquet":
            require_pyarrow()
        skip += [args.output, args.output + PARTIAL_SUFFIX]
    if args.job:
        skip.append(args.job)  # the job description is not a candidate
    # paths that do not exist, or nothing to screen: say so before loading the model
    if not any(True for _ in iter_inputs(args.paths, args.include, args.exclude, skip=skip)):
        raise _Fatal(
            f"no input files found in {', '.join(args.paths)}"
            + (" matching --include/--exclude" if args.include or args.exclude else "")
        )
    client = None
    if args.scheduler:
        # connect before loading the model: a wrong address or a missing extra fails at once
        from .dask_batch import connect

        client = connect(args.scheduler)
    screener = _screener(args, job=job)
    progress = Progress(err, enabled=None if not args.quiet else False)
    results: dict[str, Any] = {}
    try:
        summary = run_batch(
            screener,
            args.paths,
            args.output,
            jobs=args.jobs,
            resume=args.resume,
            include=args.include,
            exclude=args.exclude,
            must_have=args.must_have,
            password=args.password,
            progress=progress,
            scheduler=client,
            on_result=results.__setitem__ if args.report else None,
            skip=skip,
        )
    finally:
        progress.close()
        if client is not None:
            client.close()
    written = [str(summary.output)] if summary.output is not None else []
    if args.report:
        from .report import write_report

        write_report(summary.ranking(results, min_score=args.min_score, screener=screener), args.report)
        written.append(args.report)
    if args.excel:
        from .batch import write_excel

        write_excel(args.excel, summary.rows, screener.taxonomy.category_keys)
        written.append(args.excel)
    inputs = set(summary.inputs)
    rows = [r for r in summary.rows if r["path"] in inputs]
    weights = (job.weights.collaboration, job.weights.job) if job is not None else None
    render_ranking(rows, out, color=args.color, top=args.top, min_score=args.min_score, job_weights=weights)
    if not args.quiet:
        rate = summary.files_per_second
        msg = (
            f"{summary.n_inputs} file(s): {summary.n_ok} screened, {summary.n_error} could not be read"
            f" ({summary.n_reused} reused from earlier output); {summary.elapsed:.1f} s, "
            f"{rate:.1f} files/s, "
            + (f"{summary.jobs} Dask worker(s) at {summary.scheduler}" if summary.scheduler else f"{summary.jobs} process(es)")
        )
        if written:
            msg += f"; wrote {', '.join(written)}"
        print(msg, file=err)
    if args.strict and summary.n_error:
        return EXIT_FAILED_INPUTS
    return EXIT_OK


def cmd_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    job = _job(args)
    screener = _screener(args, keep_text=True, job=job)
    result = screener.screen(args.file, password=args.password)
    render_explanation(
        result, screener.taxonomy, out, source=args.file, color=args.color, show_all=args.all, questions=args.questions
    )
    return EXIT_OK


def cmd_train(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .train import train

    corpus = Path(args.corpus)
    if not corpus.exists():
        raise _Fatal(f"corpus {corpus} not found; pass --corpus PATH (a JSON Lines file or a folder of them)")
    if not args.corpus_only:
        return _train_screening(args, corpus, out, err)
    if not args.quiet:
        print(f"training on {corpus} (seed {args.seed}, test size {args.test_size}) ...", file=err)
    _, report = train(corpus, args.out, seed=args.seed, test_size=args.test_size, by_part=not args.no_by_part, taxonomy=_taxonomy(args),
                      **({} if args.C is None else {"C": args.C}))
    print(f"model {report.model_version}: {report.n_train} training units, {report.n_test} held out", file=out)
    print(report.table(), file=out)
    if args.out is not None:
        print(f"saved to {args.out}", file=err)
    return EXIT_OK


def _train_screening(args: argparse.Namespace, corpus: Path, out: TextIO, err: TextIO) -> int:
    from .train import screening_card, train_screening

    labels, pool = Path(args.labels), Path(args.pool)
    if not (labels / "resume_grades.jsonl").is_file():
        raise _Fatal(f"labels {labels} not found (resume_grades.jsonl, units.jsonl); pass --labels DIR, or --corpus-only")
    if not (pool / "selection.json").is_file():
        raise _Fatal(f"training pool {pool} not found (selection.json and pdf/); pass --pool DIR, or --corpus-only")
    log = None if args.quiet else (lambda msg: print(msg, file=err, flush=True))
    _, report = train_screening(
        corpus, labels, pool, args.out, seed=args.seed, cache=args.cache, n_process=args.jobs,
        taxonomy=_taxonomy(args), real_weight=args.real_weight, log=log,
        **({} if args.C is None else {"C": args.C}),
    )
    print(f"model {report.model_version}: {report.n_corpus_units} hand-written and {report.n_real_units} real units, "
          f"{report.n_resumes} graded resumes, {report.n_folds}-fold cross-validation by resume group", file=out)
    print(report.table(), file=out)
    if args.out is not None:
        Path(args.out, "MODEL_CARD.md").write_text(screening_card(report, args), encoding="utf-8")
        print(f"saved to {args.out}", file=err)
    return EXIT_OK


def _taxonomy(args: argparse.Namespace):
    if getattr(args, "taxonomy", None) is None:
        return None
    from .taxonomy import Taxonomy

    return Taxonomy.from_file(args.taxonomy)


def _corpus_hash(rows: list[dict[str, Any]]) -> str:
    import hashlib

    # same definition as collabscreen.train.train (meta.json "corpus_sha256")
    return hashlib.sha256("\n".join(f"{r['label']}\t{r['text']}" for r in rows).encode()).hexdigest()


def cmd_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .model import load_model
    from .train import load_corpus

    model = load_model(args.model)
    corpus = Path(args.corpus)
    if not corpus.exists():
        raise _Fatal(f"corpus {corpus} not found; pass --corpus PATH (a JSON Lines file or a folder of them)")
    rows = load_corpus(corpus)
    meta = model.meta
    print(f"model {model.version} ({model.path})", file=out)
    if _corpus_hash(rows) == meta.get("corpus_sha256"):
        # The saved model was refitted on every row, so scoring it on this corpus
        # would test on training data. Reproduce the recorded held-out split instead.
        from .train import train

        seed = int(meta.get("seed", 0))
        test_size = float(meta.get("test_size", 0.2))
        C = float(meta.get("C", 4.0))  # (models saved before meta.json recorded C were trained with 4)
        print(
            f"{corpus} is the corpus this model was trained on: re-running its held-out split "
            f"(seed {seed}, test size {test_size}, C {C:g}) without saving",
            file=out,
        )
        _, report = train(corpus, None, seed=seed, test_size=test_size, by_part=not args.no_by_part, taxonomy=_taxonomy(args), C=C)
        print(report.table(), file=out)
        recorded = meta.get("heldout", {}).get("model")
        now = report.heldout.get("model")
        if recorded and now:
            same = all(abs(float(recorded[k]) - float(now[k])) < 1e-9 for k in ("precision", "recall", "f1", "brier"))
            print(
                "matches the figures recorded in meta.json" if same else "differs from the figures recorded in meta.json",
                file=out,
            )
        return EXIT_OK
    # a different labelled set: every row is unseen, score the saved model on all of it
    from .pipeline import make_nlp
    from .features import corpus_records
    from .train import evaluate_scores

    nlp = make_nlp(_taxonomy(args))
    records = corpus_records([r["text"] for r in rows], nlp)
    p = model.estimator.predict_proba(records)[:, 1]
    m = evaluate_scores([r["label"] for r in rows], p)
    print(f"{corpus}: not the training corpus; scoring the saved model on all {len(rows)} rows", file=out)
    print("| system | n | precision | recall | F1 | ROC-AUC | Brier |\n|---|---|---|---|---|---|---|", file=out)
    print(
        f"| model | {m['n']} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['roc_auc']:.3f} | {m['brier']:.3f} |",
        file=out,
    )
    return EXIT_OK


def cmd_taxonomy(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .taxonomy import Taxonomy, default_taxonomy

    tax = Taxonomy.from_file(args.taxonomy) if args.taxonomy else default_taxonomy()
    if args.export:
        tax.to_file(args.export)
        print(f"wrote {tax.id} to {args.export}", file=err)
        return EXIT_OK
    render_taxonomy(tax, out, color=args.color, show_all=args.all)
    return EXIT_OK


# ---------------------------------------------------------------- parser
class _UsageError(Exception):
    pass


class _Fatal(Exception):
    pass


def _common(debug_default: Any = argparse.SUPPRESS) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("general")
    g.add_argument("--quiet", "-q", action="store_true", default=debug_default, help="no progress bar or summary on stderr")
    g.add_argument("--debug", action="store_true", default=debug_default, help="show the full traceback on errors")
    g.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default=debug_default,
        help="ANSI colours: auto (default) = only on a terminal and when NO_COLOR is unset",
    )
    return p


def _model_opts(p: argparse.ArgumentParser) -> None:
    from .extract import PDF_BACKENDS

    g = p.add_argument_group("model")
    g.add_argument("--model", metavar="DIR", help="model directory (default: the bundled model, models/default in a checkout)")
    g.add_argument("--taxonomy", metavar="FILE", help="taxonomy JSON file (default: the bundled taxonomy)")
    g.add_argument("--max-bytes", type=int, metavar="N", help="refuse inputs larger than N bytes (default 20,000,000)")
    g.add_argument("--max-chars", type=int, metavar="N", help="refuse inputs whose text is longer than N characters (default 1,000,000)")
    g.add_argument("--timeout", type=float, metavar="S", help="skip a file that takes longer than S seconds to read (default 120; 0 = no limit)")
    g.add_argument("--password", metavar="PW", help="password for encrypted PDFs")
    g.add_argument(
        "--pdf-backend",
        choices=PDF_BACKENDS,
        metavar="NAME",
        help="how PDFs are read: pdfium (default; falls back to pdfminer for a file PDFium cannot read) or pdfminer (the reference, slower)",
    )
    r = p.add_argument_group("roles and recency")
    r.add_argument(
        "--as-of",
        type=_date_arg,
        metavar="DATE",
        help="reference date of the roles (YYYY-MM-DD): 'to Present' ends there, and how long ago a role ended is "
        "measured from it (default: today, or the resume's latest date when no role runs to the present)",
    )
    r.add_argument(
        "--recency",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="weight each score by how recent its evidence is (default: off; on the labelled resumes it lowers "
        "agreement with the graders, who grade evidence in any past role); --resume re-screens every file with it",
    )


def _date_arg(value: str):
    from .roles import as_date

    try:
        return as_date(value, "--as-of")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _job_opts(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(
        "job",
        "Match resumes against a job: candidates rank by the collaboration score and the job match combined\n"
        "(weights 0.7 / 0.3 unless the YAML profile sets `weights:`); a missing must-have or an unmatched\n"
        "query knocks a candidate out, with the reason.",
    )
    g.add_argument(
        "--job",
        metavar="FILE",
        help="a job description (.txt, .md: required / preferred / must-have terms are read from its headings) or a YAML profile (.yaml, .yml)",
    )
    g.add_argument(
        "--query",
        metavar="EXPR",
        help="a Boolean query every candidate must match, e.g. '\"lead scoring\" AND (sales NEAR/5 marketing) NOT intern*' "
        "(AND, OR, NOT, implicit AND, \"phrases\", wildcards * and ?, NEAR/n, PRE/n, parentheses; case-insensitive); "
        "with --job both must match",
    )


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    fmt = argparse.RawDescriptionHelpFormatter
    common = _common()
    parser = argparse.ArgumentParser(
        prog="collabscreen",
        description="Find and score evidence of sales-marketing collaboration in resumes, with the sentences behind each score.",
        epilog=EXIT_CODES + "\nexamples:\n  collabscreen score data/samples/ --output ranked.csv\n  collabscreen explain resume.pdf\n",
        formatter_class=fmt,
        parents=[_common(debug_default=None)],
    )
    parser.add_argument("--version", action="version", version=f"collabscreen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser(
        "score",
        parents=[common],
        formatter_class=fmt,
        help="screen files and folders and print a ranking",
        description=(
            "Screen resumes (files and folders, recursive) and print them best first with the top evidence.\n"
            "Folders: every non-hidden file is tried (a .doc or image gets an error row with the remedy), except\n"
            "*.json, *.jsonl, *.csv, *.tsv, *.parquet, *.partial, *.tmp, *.log, *.py, README*, LICENSE*, CHANGELOG*\n"
            "(an --include glob overrides that list). Files named explicitly are always tried.\n\n"
            "--output writes one row per file (CSV, JSON Lines or Parquet by extension), sorted by rank.\n"
            "Rows go to OUTPUT.partial as they are ready; OUTPUT is replaced atomically at the end, so an\n"
            "interrupted run never leaves a corrupt file. Without --resume an existing OUTPUT is replaced."
        ),
        epilog=EXIT_CODES,
    )
    s.add_argument("paths", nargs="+", metavar="PATH", help="resume files and/or folders")
    s.add_argument("--output", "-o", metavar="FILE", help="write rows to FILE (.csv, .jsonl, .parquet)")
    s.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="worker processes (default: from the estimated cost of the files against starting workers, at most min(2, CPUs)); results are identical for any N",
    )
    s.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="screen on a running Dask cluster (tcp://host:8786) instead of local processes; the workers must see the "
        "input files and have collabscreen installed; output and --resume are the same; needs pip install 'collabscreen[dask]'",
    )
    s.add_argument(
        "--resume",
        action="store_true",
        help="go on with an interrupted or earlier run: files whose content (SHA-256) and model version already have an ok row in OUTPUT are not screened again; errors are retried",
    )
    s.add_argument("--include", action="append", default=[], metavar="GLOB", help="only files in folders matching GLOB (relative path or name); repeatable")
    s.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching GLOB; repeatable")
    s.add_argument("--top", type=int, metavar="N", help="print only the best N candidates (the output file has all)")
    s.add_argument("--min-score", type=float, metavar="X", help="list candidates scoring below X as knocked out")
    s.add_argument(
        "--must-have",
        action="append",
        default=[],
        metavar="TERM",
        help="a term every candidate must mention (whole words, case-insensitive); others are knocked out with the reason; repeatable",
    )
    s.add_argument(
        "--report",
        metavar="FILE",
        help="also write a self-contained HTML report to FILE: ranking, score chart, evidence by role, interview "
        "questions, knock-outs and files that could not be read (no scripts, nothing fetched)",
    )
    s.add_argument(
        "--excel",
        metavar="FILE",
        help="also write the rows as a CSV for Excel to FILE (.csv): UTF-8 with a byte-order mark, formula-safe cells",
    )
    s.add_argument("--strict", action="store_true", help=f"exit {EXIT_FAILED_INPUTS} if any input could not be read")
    _job_opts(s)
    _model_opts(s)
    s.set_defaults(func=cmd_score)

    e = sub.add_parser(
        "explain",
        parents=[common],
        formatter_class=fmt,
        help="show one resume's score, sub-scores and evidence",
        description="Show a resume's score and band, the per-category sub-scores, and each evidence sentence with its\nsection, role, category and probability; matched taxonomy terms are emphasised.",
        epilog=EXIT_CODES,
    )
    e.add_argument("file", metavar="FILE")
    e.add_argument("--all", action="store_true", help="show every evidence sentence (default: the best 5)")
    _job_opts(e)
    e.add_argument(
        "--questions",
        action="store_true",
        help="also show interview questions: a probe for each category with strong evidence, a gap question for the others",
    )
    _model_opts(e)
    e.set_defaults(func=cmd_explain)

    t = sub.add_parser(
        "train",
        parents=[common],
        formatter_class=fmt,
        help="train the unit and resume models and print the cross-validated tables",
        description=(
            "Train the unit model on the hand-written corpus and the labelled real units, and the resume model\n"
            "on the graded resumes of the training pool; every figure is cross-validated by resume group. Refit\n"
            "on everything and save the model with its card. --corpus-only trains on the corpus alone."
        ),
        epilog=EXIT_CODES,
    )
    t.add_argument("--corpus", default="data/corpus", metavar="PATH", help="JSON Lines file or folder (default: data/corpus)")
    t.add_argument("--out", default="models/default", metavar="DIR", help="where to save the model (default: models/default)")
    t.add_argument("--seed", type=int, default=0, help="random seed of the split and the model (default 0)")
    t.add_argument("--test-size", type=float, default=0.2, metavar="F", help="held-out fraction (default 0.2)")
    t.add_argument("--no-by-part", action="store_true", help="skip the leave-one-corpus-part-out evaluation")
    t.add_argument("--taxonomy", metavar="FILE", help="taxonomy JSON file (default: the bundled taxonomy)")
    t.add_argument("--labels", default="data/labels", metavar="DIR", help="graded resumes and labelled units (default: data/labels)")
    t.add_argument("--pool", default="../shared/train-resumes", metavar="DIR", help="the training pool's PDFs (default: ../shared/train-resumes)")
    t.add_argument("--cache", default=str(Path.home() / ".cache" / "collabscreen" / "pool-text"), metavar="DIR", help="cache of extracted pool text (default: ~/.cache/collabscreen/pool-text)")
    t.add_argument("--jobs", type=int, default=2, metavar="N", help="processes extracting the pool (default 2)")
    t.add_argument("--real-weight", type=float, default=3.0, metavar="W", help="weight of a real unit against a hand-written one (default 3)")
    t.add_argument("--C", type=float, default=None, metavar="C", help="inverse regularisation of the unit model (default 4)")
    t.add_argument("--corpus-only", action="store_true", help="train the unit model on the hand-written corpus alone (0.1 behaviour: no resume model)")
    t.set_defaults(func=cmd_train)

    v = sub.add_parser(
        "evaluate",
        parents=[common],
        formatter_class=fmt,
        help="held-out figures of a saved model",
        description=(
            "Evaluate a saved model. On its own training corpus (same content hash as in meta.json) the\n"
            "recorded held-out split is re-run (the saved model was refitted on every row, so scoring it\n"
            "there would test on training data) and compared with meta.json. On any other labelled\n"
            "corpus the saved model is scored on every row."
        ),
        epilog=EXIT_CODES,
    )
    v.add_argument("--corpus", default="data/corpus", metavar="PATH", help="JSON Lines file or folder (default: data/corpus)")
    v.add_argument("--model", metavar="DIR", help="model directory (default: the bundled model)")
    v.add_argument("--taxonomy", metavar="FILE", help="taxonomy JSON file (default: the bundled taxonomy)")
    v.add_argument("--no-by-part", action="store_true", help="skip the leave-one-corpus-part-out evaluation")
    v.set_defaults(func=cmd_evaluate)

    x = sub.add_parser(
        "taxonomy",
        parents=[common],
        formatter_class=fmt,
        help="show or export the evidence taxonomy",
        description="Show the evidence categories and their terms, or export the taxonomy as JSON to edit and pass back with --taxonomy.",
        epilog=EXIT_CODES,
    )
    x.add_argument("--taxonomy", metavar="FILE", help="show this taxonomy file instead of the bundled one")
    x.add_argument("--export", metavar="FILE", help="write the taxonomy as JSON to FILE")
    x.add_argument("--all", action="store_true", help="list every term")
    x.set_defaults(func=cmd_taxonomy)
    return parser


# ---------------------------------------------------------------- entry points
def run(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line and return the exit code (for tests and embedding)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code) if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else EXIT_USAGE)
    for name, default in (("quiet", False), ("debug", False), ("color", "auto")):
        if getattr(args, name, None) is None:
            setattr(args, name, default)
    if not getattr(args, "command", None):
        parser.print_help(out)
        return EXIT_USAGE
    try:
        return args.func(args, out, err)
    except _UsageError as exc:
        print(f"collabscreen {args.command}: error: {exc}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\ninterrupted" + ("; rerun with --resume to go on" if args.command == "score" else ""), file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            import traceback

            traceback.print_exc(file=err)
        print(f"error: {printable(_message(exc))}", file=err)
        from .query import QuerySyntaxError

        if isinstance(exc, QuerySyntaxError):
            for line in exc.caret.split("\n"):
                print("  " + printable(line), file=err)
        return EXIT_ERROR


def _message(exc: BaseException) -> str:
    from .errors import CollabscreenError

    msg = " ".join(str(exc).split())
    if isinstance(exc, (CollabscreenError, _Fatal)):
        return msg
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or msg}"
    hint = "" if "--debug" in sys.argv else " (run with --debug for the traceback)"
    return f"{type(exc).__name__}: {msg}{hint}"


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: ``collabscreen = "collabscreen.cli:main"``."""
    code = run(argv)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `collabscreen score ... | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(code)


if __name__ == "__main__":
    main()
