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
imports too. The taxonomy is compiled after the warm-up parse, and only while no call waits: a rebuild's parse
request usually arrives before the model is ready, and the build has work to do between the parse and the
tagging (resolution, events), during which this process compiles it for the tagging call (run/prefetch.py).
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NoReturn

from data_pipeline import MODEL_NAME
from data_pipeline.errors import PipelineError

JOIN_SECONDS = 5.0
WARM_UP_TEXT = "The trade minister met her counterpart in the capital on Monday to discuss ports and tariffs."


class Pending:
    """A call sent to the model process (`WarmModel.submit`); `result()` waits for its value or raises its error."""

    def __init__(self, warm: WarmModel, n: int):
        self._warm, self._n = warm, n

    def result(self):
        return self._warm._result(self._n)


class WarmModel:
    """A forked process holding the English model; `call(fn, *args)` runs `fn(*args)` there and returns its result."""

    def __init__(self, cache_dir: Path | None = None, taxonomy_file: Path | None = None):
        """Start the process. It primes the gazetteer's city table from `cache_dir` and compiles the taxonomy read
        from `taxonomy_file`, so that its first real parse and tagging pay for neither."""
        self.cache_dir, self.taxonomy_file = cache_dir, taxonomy_file
        ctx = mp.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, os.getpid(), cache_dir, taxonomy_file),
                                 name="warm-model", daemon=True)
        self._proc.start()
        child.close()  # so that the pipe reports the child's end (EOFError) if it dies
        self._sent = self._received = 0
        self._replies: dict[int, tuple[bool, object]] = {}

    def call(self, fn: Callable, *args):
        """`fn(*args)` in the model process (fn picklable by reference); its exception is raised here."""
        return self.submit(fn, *args).result()

    def submit(self, fn: Callable, *args) -> Pending:
        """Send `fn(*args)` to the model process now and return at once; `.result()` waits for its value. Calls run
        there one at a time, in the order sent, so the build process can send a parse before it prepares what
        needs none and collect it after (run/prefetch.py)."""
        try:
            self._conn.send((fn, args))
        except (EOFError, OSError):
            self._ended()
        self._sent += 1
        return Pending(self, self._sent - 1)

    def _result(self, n: int):
        """The value of call number `n` (replies come in order; earlier ones not yet taken are kept)."""
        while n not in self._replies:
            try:
                self._replies[self._received] = self._conn.recv()
            except (EOFError, OSError):
                self._ended()
            self._received += 1
        ok, value = self._replies.pop(n)
        if not ok:
            raise value
        return value

    def _ended(self) -> NoReturn:
        self._proc.join(JOIN_SECONDS)
        raise PipelineError(f"the model process ended unexpectedly (exit code {self._proc.exitcode})") from None

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
    """The model process: prime the city table, load the model, parse a sentence, then run calls until the pipe
    closes; the taxonomy is compiled while no call waits (or by the first call that tags)."""
    from data_pipeline.ingest.article import Article
    from data_pipeline.run.cache import prime_gazetteer, taxonomy_plan
    from data_pipeline.run.engine import analyse_chunk, die_with_parent, plan_taxonomies_from

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; it ends this process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.enable()
    die_with_parent(parent)
    from data_pipeline.run.spacy_import import import_spacy

    import_spacy()  # without its command line: ~0.2 s sooner ready (spacy_import.py)
    from data_pipeline.nlp.spacy_model import load_model

    try:
        if cache_dir is not None:
            prime_gazetteer(cache_dir)
            plan_taxonomies_from(partial(taxonomy_plan, cache_dir))  # the compile's model work, kept in the cache
        load_model(MODEL_NAME)
        analyse_chunk([Article(path="warm-up.txt", text=WARM_UP_TEXT)], 1)
    except Exception:  # noqa: BLE001 - the first real call meets the same problem and reports it
        pass
    idle = [partial(_compile_taxonomy, taxonomy_file)] if taxonomy_file is not None else []
    while True:
        if idle and not conn.poll():  # nothing asked yet: do what a later call would otherwise wait for
            idle.pop(0)()
            continue
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


def _compile_taxonomy(taxonomy_file: Path) -> None:
    """Read the taxonomy file and compile it against the model (memoised in engine.py for the tagging calls); an
    error here is left for the call that tags to meet and report."""
    from data_pipeline.run.config import load_config
    from data_pipeline.run.engine import _compiled_taxonomy, canonical_taxonomy

    try:
        _compiled_taxonomy(canonical_taxonomy(load_config(taxonomy_file).taxonomy), False)
    except Exception:  # noqa: BLE001
        pass
