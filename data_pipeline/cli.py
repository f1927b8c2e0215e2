"""Command line: `python -m data_pipeline build [INPUT] [--out DIR]`, `actors suggest`, `topics suggest`.

Exit codes (errors.py, docs/operations.md): 0 published; 1 published with some inputs skipped;
2 usage error; 3 failed, nothing published; 130/143 interrupted by SIGINT/SIGTERM.
"""
from __future__ import annotations

import argparse
import atexit
import logging
import os
import signal
import sys
import threading
import traceback
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import NoReturn

from data_pipeline import PIPELINE_VERSION, ingest
from data_pipeline.errors import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, PipelineError, printable
from data_pipeline.ingest.anniversaries import DEFAULT_FACTS
from data_pipeline.resolve.actors import DEFAULT_ACTORS
from data_pipeline.resolve.corrections import DEFAULT_CORRECTIONS
from data_pipeline.run.early import DEFAULT_CACHE, fits, likely_rebuild
from data_pipeline.run.engine import ENGINES, engine_from_options
from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY

__all__ = ["EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "EXIT_FAILED", "exit_now", "main", "parser"]
# a build's large intermediate objects, left for the process's end (`exit_now` does not free them one by one);
# only when `main` is told the process exits right after (`python -m data_pipeline`)
_KEPT: list = []


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like KeyboardInterrupt, so a half-written build is removed."""


def _input_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", nargs="?", type=Path, default=Path("seeds"),
                   help="folder (searched recursively) or single article file (default: seeds/)")


def _cache_options(g) -> None:
    g.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE,
                   help="cache of per-article analyses; unchanged articles skip spaCy (default: .cache/analyses)")
    g.add_argument("--no-cache", action="store_true",
                   help="analyse every article afresh, neither reading nor writing the cache")


def _log_options(g) -> None:
    g.add_argument("--no-progress", action="store_true", help="hide progress bars")
    g.add_argument("-v", "--verbose", action="store_true", help="show tracebacks and debug logging")


def _build_parser(sub) -> None:
    b = sub.add_parser("build", help="read articles and write the parquet tables",
                       description="Read every article under INPUT and publish the contract tables as --out. "
                                   "Exit status: 0 published, 1 published with some inputs skipped, "
                                   "2 usage error, 3 failed (nothing published).")
    inp = b.add_argument_group("input")
    _input_argument(inp)
    inp.add_argument("--max-bytes", type=int, default=ingest.DEFAULT_MAX_BYTES,
                     help="skip files larger than this many bytes (default: 20 MB)")
    inp.add_argument("--field-map", action="append", default=[], metavar="NAME=FIELD",
                     help="read export field NAME (JSON/CSV) as FIELD (text, title, published, url, source, "
                          "author); repeat or comma-separate, e.g. --field-map body_html=text,pub=published")
    inp.add_argument("--facts", type=Path, default=DEFAULT_FACTS,
                     help="dated facts YAML for anniversary publication dates (default: config/facts.yaml)")
    out = b.add_argument_group("output")
    out.add_argument("--out", type=Path, default=Path("data"),
                     help="output: a symlink to the newest build, kept in .OUT.builds/ beside it (default: data)")
    ext = b.add_argument_group("extraction")
    ext.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY,
                     help="topic taxonomy YAML (default: config/topics.yaml)")
    _cache_options(ext)
    ext.add_argument("--batch-size", type=int, default=16, help="documents per spaCy batch (default: 16)")
    res = b.add_argument_group("resolution")
    res.add_argument("--actors", type=Path, default=DEFAULT_ACTORS,
                     help="actor knowledge base YAML: canonical names, aliases, dated roles (default: config/actors.yaml)")
    res.add_argument("--no-actors", action="store_true",
                     help="resolve from the text alone, without the actor knowledge base")
    res.add_argument("--corrections", type=Path, default=DEFAULT_CORRECTIONS,
                     help="analyst corrections YAML: merge, split, reject, retype (default: config/corrections.yaml)")
    run = b.add_argument_group("run")
    run.add_argument("--workers", type=int, default=None, metavar="N",
                     help="worker processes for spaCy, one model each (default: 1; with --engine dask: one per core)")
    run.add_argument("--engine", choices=ENGINES, default=None,
                     help="where per-article NLP runs: `local` processes on this machine (default) or `dask` "
                          "(a LocalCluster of --workers processes, or the cluster given by --scheduler)")
    run.add_argument("--scheduler", metavar="tcp://HOST:8786", default=None,
                     help="address of an existing Dask scheduler; implies --engine dask "
                          "(workers need this package's requirements and the spaCy model installed)")
    _log_options(run)


def _actors_parser(sub) -> None:
    a = sub.add_parser("actors", help="actor knowledge base tools",
                       description="Tools for the actor knowledge base (config/actors.yaml).")
    asub = a.add_subparsers(dest="actors_command", required=True, metavar="ACTION")
    sg = asub.add_parser("suggest", help="write the persons, aliases and roles a build discovered, as actors YAML",
                         description="Read a build's entities and roles and write them in the knowledge-base format, "
                                     "leaving out actors the knowledge base already has.")
    sg.add_argument("--data", type=Path, default=Path("data"), help="build output directory to read (default: data/)")
    sg.add_argument("--actors", type=Path, default=DEFAULT_ACTORS,
                    help="knowledge base whose actors are left out (default: config/actors.yaml)")
    sg.add_argument("--out", type=Path, default=None, help="write the YAML here (default: standard output)")
    sg.add_argument("-v", "--verbose", action="store_true", help="show tracebacks and debug logging")


def _topics_parser(sub) -> None:
    t = sub.add_parser("topics", help="work on the topic taxonomy",
                       description="Tools for the topic taxonomy (config/topics.yaml).")
    tsub = t.add_subparsers(dest="topics_command", required=True, metavar="ACTION")
    s = tsub.add_parser("suggest", help="print frequent key phrases the taxonomy does not cover yet",
                        description="Print noun phrases and named events found in at least --min-articles "
                                    "articles that no taxonomy phrase matches; phrases in untagged sentences first.")
    _input_argument(s)
    s.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY,
                   help="topic taxonomy YAML (default: config/topics.yaml)")
    s.add_argument("--facts", type=Path, default=DEFAULT_FACTS,
                   help="dated facts YAML for anniversary publication dates (default: config/facts.yaml)")
    _cache_options(s)
    s.add_argument("--min-articles", type=int, default=2, help="least number of articles a phrase is in (default: 2)")
    s.add_argument("--min-words", type=int, default=2,
                   help="least number of words in a phrase; 1 also lists single words (default: 2)")
    s.add_argument("--top", type=int, default=30, help="how many candidates to print (default: 30)")
    _log_options(s)


def parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand (its --help is the reference the README follows)."""
    p = argparse.ArgumentParser(prog="python -m data_pipeline",
                                description="Turn a folder of news articles into analysis tables.")
    p.add_argument("--version", action="version", version=f"%(prog)s {PIPELINE_VERSION}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _build_parser(sub)
    _actors_parser(sub)
    _topics_parser(sub)
    return p


def cmd_actors_suggest(args: argparse.Namespace) -> int:
    import pandas as pd

    from data_pipeline.resolve.actors import parse_actors, suggest
    from data_pipeline.run.config import read_config

    known = read_config(args.actors, "actors", parse_actors)
    tables = {}
    for name in ("entities", "roles"):
        path = args.data / f"{name}.parquet"
        if not path.exists():
            raise PipelineError(f"{path}: no such table; run `python -m data_pipeline build` first")
        tables[name] = pd.read_parquet(path)
    entities = [{**{k: (None if k != "aliases" and pd.isna(v) else v) for k, v in r.items()},
                 "aliases": list(r["aliases"] if r["aliases"] is not None else [])}
                for r in tables["entities"].to_dict("records")]
    roles = [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in tables["roles"].to_dict("records")]
    text = suggest(entities, roles, known)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return EXIT_OK


def cmd_topics_suggest(args: argparse.Namespace) -> int:
    from data_pipeline.run.build import BuildOptions, topic_suggestions

    if args.min_articles <= 0 or args.top <= 0 or args.min_words <= 0:
        print("error: --min-articles, --min-words and --top must be positive", file=sys.stderr)
        return EXIT_USAGE
    rows = topic_suggestions(BuildOptions(input=args.input, out=Path("."), taxonomy=args.taxonomy, facts=args.facts,
                                          progress=not args.no_progress,
                                          cache_dir=None if args.no_cache else args.cache_dir),
                             min_articles=args.min_articles, top=args.top, min_words=args.min_words)
    if not rows:
        print(f"no phrase outside the taxonomy occurs in {args.min_articles} or more articles")
        return EXIT_OK
    width = max(len(r["term"]) for r in rows)
    print(f"{'phrase':<{width}}  articles  untagged  peak month (z)     precision  for topic")
    for r in rows:
        peak = f"{r['peak_month']:%Y-%m} ({r['peak_score']:+.2f})" if r["peak_month"] else "-"
        topic = r["topic"] or "(no article has a topic)"
        print(f"{r['term']:<{width}}  {r['articles']:>8}  {r['untagged']:>8}  {peak:<17}  {r['precision']:>9.2f}  {topic}")
    print("precision: the share of the phrase's articles that already carry that topic, i.e. how often the "
          "phrase would be right if added to it")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from data_pipeline.ingest.formats import parse_field_map
    from data_pipeline.run.warm import WarmModel

    early = getattr(args, "early_model", None)  # started by __main__ from the raw arguments (run/early.py)
    keep = _KEPT if getattr(args, "exiting", False) else None
    with ExitStack() as stack:
        if early is not None:
            stack.enter_context(early)  # ended with the command, whether used or not
        if args.max_bytes <= 0 or args.batch_size <= 0:
            print("error: --max-bytes and --batch-size must be positive", file=sys.stderr)
            return EXIT_USAGE
        try:
            field_map = parse_field_map(args.field_map)
            engine = engine_from_options(args.engine, args.workers, args.scheduler, args.batch_size)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        cache_dir = None if args.no_cache else args.cache_dir
        warm = None
        if likely_rebuild(args.out, engine.kind, engine.workers, cache_dir is not None):
            # a rebuild's model process starts first, so that its load overlaps the imports below (run/warm.py)
            if early is not None and fits(early, cache_dir, args.taxonomy):
                warm = early
            else:
                warm = stack.enter_context(WarmModel(cache_dir=args.cache_dir, taxonomy_file=args.taxonomy))
        if early is not None and warm is not early:
            early.close()  # guessed from the raw arguments, and the full parse disagrees
        from data_pipeline.run.build import BuildOptions, build

        res = build(BuildOptions(input=args.input, out=args.out, taxonomy=args.taxonomy, facts=args.facts,
                                 max_bytes=args.max_bytes, field_map=field_map, batch_size=args.batch_size,
                                 engine=engine, progress=not args.no_progress,
                                 actors=None if args.no_actors else args.actors, corrections=args.corrections,
                                 cache_dir=cache_dir), warm, keep=keep)
    c = res.counts
    lost = res.lost()
    print(f"built {printable(str(args.out))}: {c['articles']} articles, {c['entities']} entities, "
          f"{c['meetings']} meetings, {len(res.skipped)} skipped ({len(lost)} not in the build), "
          f"{len(res.warnings)} warnings; {res.parsed} parsed; build {res.build_id}; {res.seconds:.1f} s")
    return EXIT_PARTIAL if lost else EXIT_OK


COMMANDS = {("build", None): cmd_build, ("actors", "suggest"): cmd_actors_suggest,
            ("topics", "suggest"): cmd_topics_suggest}


@contextmanager
def _sigterm_unwinds():
    """While the command runs, SIGTERM raises `Terminated` in this process (workers keep the default)."""
    if sys.platform == "win32" or signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None):
        yield  # someone else (a test runner, an embedding program) owns SIGTERM
        return
    me = os.getpid()

    def handler(signum, frame):
        if os.getpid() != me:  # a forked worker inherited this handler: die as by default
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(args: argparse.Namespace, message: str) -> int:
    if getattr(args, "verbose", False):
        traceback.print_exc()
    print(f"error: {printable(message)}", file=sys.stderr)
    return EXIT_FAILED


def main(argv: list[str] | None = None, early_model=None, exiting: bool = False) -> int:
    """Run one command; returns the exit code (argparse exits with 2 on a usage error itself). `early_model`: a model
    process `run.early.start_early` started from the same arguments (the build command takes it or ends it).
    `exiting`: the process ends right after (`exit_now`), so a build leaves its large objects unfreed and uncollected
    (`build(..., keep)`); an embedding program or a test leaves it False."""
    try:
        args = parser().parse_args(argv)
    except BaseException:
        if early_model is not None:
            early_model.close()
        raise
    args.exiting = exiting
    if early_model is not None:
        if args.command == "build":
            args.early_model = early_model
        else:
            early_model.close()
    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    command = COMMANDS[(args.command, getattr(args, f"{args.command}_command", None))]
    out = getattr(args, "out", None) if args.command == "build" else None
    try:
        with _sigterm_unwinds():
            return command(args)
    except PipelineError as exc:
        return _fail(args, str(exc))
    except Exception as exc:  # a bug: one line (the traceback with --verbose), and the failed exit code
        return _fail(args, f"internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback)")
    except (KeyboardInterrupt, Terminated) as exc:
        name = "SIGTERM" if isinstance(exc, Terminated) else "SIGINT"
        kept = f"; {printable(str(out))} still points at the last complete build" if out else ""
        print(f"interrupted by {name}{kept}", file=sys.stderr)
        return 128 + (signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT)


def _pending() -> bool:
    """Whether something would still run at a normal exit: a child process, or a thread that is not a daemon."""
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.active_children():
        return True
    return any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread())


def exit_now(code: int) -> NoReturn:
    """End the process with `code` without the interpreter's teardown of its heap (~0.3 s after a 10,000-article
    build: every module, model and table freed one object at a time, for nothing).

    Everything a build promises is done before `main` returns (the build published, the journal fsynced, the lock
    released, the summary printed); here the standard streams are flushed, logging is shut down and the atexit
    functions run, then `os._exit`. With a child process or a non-daemon thread still running, or a stream that
    cannot be flushed, it is a normal `sys.exit` instead.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # e.g. a closed pipe: let the interpreter report it as usual
        sys.exit(code)
    if _pending():
        sys.exit(code)
    atexit._run_exitfuncs()  # logging.shutdown and the libraries' own exit hooks, as at a normal exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)
