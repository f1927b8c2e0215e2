"""The spaCy model, loaded in a second process while the build lists its input, for a rebuild's few parses.

Adding one article to a built corpus parses one article, but loading the model (~0.35 s) and compiling the
taxonomy against it (~0.15 s) took as long as the parse path itself, on the build process's critical path. A
rebuild with one worker (the local default) instead forks `WarmModel` as it starts: that process loads the model
and compiles the taxonomy on the second core while this one reads the listing, the state and the new files; the
build's chunks (`engine.analyse_chunk`, `topics_chunk`, ...) then run there, one at a time, with the same code and
the same results as in this process. A rebuild that parses nothing ends the process unused.

A process's first parse also pays for lazy set-up (~0.5 s CPU when the gazetteer's city table must be derived; 0.04 s
when it is read from the cache, which this process does first): the model process parses one sentence of its own
before it is asked for anything. The command line starts it before it imports the build's modules (`cli.cmd_build`),
so the model's load (spaCy's import alone is ~0.8 s, and the build process no longer imports spaCy) overlaps those
imports too.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
from collections.abc import Callable
from pathlib import Path

from data_pipeline import MODEL_NAME
from data_pipeline.errors import PipelineError

JOIN_SECONDS = 5.0
WARM_UP_TEXT = "The trade minister met her counterpart in the capital on Monday to discuss ports and tariffs."


class WarmModel:
    """A forked process holding the English model; `call(fn, *args)` runs `fn(*args)` there and returns its result."""

    def __init__(self, cache_dir: Path | None = None, taxonomy_file: Path | None = None):
        """Start the process. It primes the gazetteer's city table from `cache_dir` and compiles the taxonomy read
        from `taxonomy_file`, so that its first real parse and tagging pay for neither."""
        ctx = mp.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, os.getpid(), cache_dir, taxonomy_file),
                                 name="warm-model", daemon=True)
        self._proc.start()
        child.close()  # so that the pipe reports the child's end (EOFError) if it dies

    def call(self, fn: Callable, *args):
        """`fn(*args)` in the model process (fn picklable by reference); its exception is raised here."""
        try:
            self._conn.send((fn, args))
            ok, value = self._conn.recv()
        except (EOFError, OSError):
            self._proc.join(JOIN_SECONDS)
            raise PipelineError(f"the model process ended unexpectedly (exit code {self._proc.exitcode})") from None
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """End the model process now, whether it is still loading or idle (it holds nothing to save)."""
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join(JOIN_SECONDS)
        self._conn.close()

    def __enter__(self) -> WarmModel:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve(conn, parent: int, cache_dir: Path | None, taxonomy_file: Path | None) -> None:
    """The model process: prime the city table, load the model (and the compiled taxonomy), parse a sentence, then
    run calls until the pipe closes."""
    from data_pipeline.ingest.article import Article
    from data_pipeline.run.cache import prime_gazetteer
    from data_pipeline.run.engine import _compiled_taxonomy, analyse_chunk, canonical_taxonomy, die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; it ends this process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.enable()
    die_with_parent(parent)
    from data_pipeline.nlp.spacy_model import load_model

    try:
        if cache_dir is not None:
            prime_gazetteer(cache_dir)
        load_model(MODEL_NAME)
        if taxonomy_file is not None:
            from data_pipeline.run.config import load_config

            taxonomy_json = canonical_taxonomy(load_config(taxonomy_file).taxonomy)
            _compiled_taxonomy(taxonomy_json, False)
        analyse_chunk([Article(path="warm-up.txt", text=WARM_UP_TEXT)], 1)
    except Exception:  # noqa: BLE001 - the first real call meets the same problem and reports it
        pass
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        fn, args = msg
        try:
            reply = (True, fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the build process, which raises it
            reply = (False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # noqa: BLE001 - e.g. an exception that does not pickle
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
