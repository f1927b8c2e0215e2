"""Where per-article NLP runs: this process, local worker processes, or a Dask cluster.

Every engine runs the same functions on the same chunks (`analyse_chunk`: spaCy
`nlp.pipe` then `analyse()`; `topics_chunk`: taxonomy matching and term candidates; `analyse_tag_chunk`:
both in one task), one model per
worker process, and yields results in input order, so the tables do not depend
on the engine.
"""
from __future__ import annotations

import ctypes
import gc
import json
import logging
import multiprocessing as mp
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache

from data_pipeline import MODEL_NAME
from data_pipeline.errors import PipelineError
from data_pipeline.ingest.article import Article
from data_pipeline.run import modelserver
from data_pipeline.run.cache import split_analysis

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
FAILED = "failed"  # key of the stand-in analysis of an article that could not be analysed
DEFAULT_CHUNK = 1  # spaCy batches per task: small tasks keep workers evenly busy to the end


@dataclass(frozen=True)
class Engine:
    """How to run per-article NLP: `local` (1..N processes on this machine) or `dask`."""

    kind: str = "local"
    workers: int = 1
    scheduler: str | None = None  # tcp://HOST:8786 of an existing Dask cluster
    batch_size: int = 16

    @property
    def chunk_size(self) -> int:
        """Articles per task: a whole number of spaCy batches, so batches match the in-process run."""
        return self.batch_size * DEFAULT_CHUNK

    def describe(self) -> str:
        """One line for the manifest and logs."""
        if self.kind == "dask":
            return f"dask {self.scheduler or f'LocalCluster x{self.workers}'}"
        return "local" if self.workers == 1 else f"local x{self.workers} processes"


def engine_from_options(engine: str | None = None, workers: int | None = None, scheduler: str | None = None,
                        batch_size: int = 16) -> Engine:
    """Validate the engine options together; raise ValueError naming the conflict.

    `--scheduler` implies `--engine dask`; `--workers` sizes the local pool or the LocalCluster.
    """
    if scheduler and engine == "local":
        raise ValueError("--scheduler needs --engine dask (or no --engine), not --engine local")
    kind = "dask" if scheduler else (engine or "local")
    if kind not in ENGINES:
        raise ValueError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if workers is not None and workers < 1:
        raise ValueError("--workers must be at least 1")
    if scheduler and workers is not None:
        raise ValueError("--workers cannot be combined with --scheduler: the cluster has its own workers")
    if scheduler and "://" not in scheduler:
        raise ValueError(f"--scheduler must be an address like tcp://HOST:8786, not {scheduler!r}")
    if batch_size < 1:
        raise ValueError("--batch-size must be positive")
    default = (os.cpu_count() or 1) if kind == "dask" and not scheduler else 1
    return Engine(kind=kind, workers=workers or default, scheduler=scheduler, batch_size=batch_size)


def chunks(items: list, size: int) -> list[list]:
    """Consecutive slices of `items` of length `size` (the last may be shorter)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


TAIL_TASKS = 2  # tasks per process that the last part of a list is cut into (see `guided`)


def guided(items: list, size: int, workers: int) -> list[list]:
    """Consecutive slices of `items` for `workers` processes: of length `size` while more than TAIL_TASKS tasks per
    process are left, then shrinking (a TAIL_TASKS-th share of what is left per process, at least a quarter of
    `size`), so the processes finish nearly together instead of one parsing a whole last chunk while the others
    wait. One process: `chunks`.

    The slices differ from `chunks`' only in where the last part of the list is cut, and spaCy's analysis of a
    text does not depend on the batch it is parsed in (the analysis cache relies on it: a cached analysis is reused
    whatever batch it came from), so the results are the same.
    """
    if workers <= 1:
        return chunks(items, size)
    least = max(1, size // 4)
    parts, k = [], 0
    while k < len(items):
        step = max(least, min(size, -(-(len(items) - k) // (TAIL_TASKS * workers))))
        parts.append(items[k:k + step])
        k += step
    return parts


def analyse_chunk(articles: list[Article], batch_size: int) -> list[dict]:
    """Per-article analysis of a list of articles, each by its language's path, with this process's models
    (loaded once): spaCy for English, natasha for Russian (nlp/ru). Results in input order; an article
    an analysis raises on gets a stand-in (see `failure`) and the others their analyses."""
    out: list = [None] * len(articles)
    russian = [k for k, a in enumerate(articles) if a.language == "ru"]
    english = [k for k, a in enumerate(articles) if a.language != "ru"]
    if english:
        from data_pipeline.nlp.analyse import analyse
        from data_pipeline.run.parsing import parsing_model

        nlp = parsing_model()

        def spacy_path(arts: list[Article]) -> list[dict]:
            docs = nlp.pipe((a.nlp_text() for a in arts), batch_size=batch_size)
            return [analyse(doc, a.published) for a, doc in zip(arts, docs)]

        for k, analysis in zip(english, _each_failure_apart(spacy_path, [articles[k] for k in english])):
            out[k] = analysis
    if russian:
        from data_pipeline.nlp.ru.analyse import analyse_texts

        def natasha_path(arts: list[Article]) -> list[dict]:
            return list(analyse_texts([(a.nlp_text(), a.published) for a in arts]))

        for k, analysis in zip(russian, _each_failure_apart(natasha_path, [articles[k] for k in russian])):
            out[k] = analysis
    return out


def _each_failure_apart(run: Callable[[list[Article]], list[dict]], arts: list[Article]) -> list[dict]:
    """`run(arts)`; when it raises, each article alone, a {"failed": reason} standing in for those that raise."""
    try:
        return run(arts)
    except Exception:  # one article broke the batch
        pass
    out = []
    for art in arts:
        try:
            out += run([art])
        except Exception as exc:
            log.debug("%s: analysis failed", art.path, exc_info=True)
            out.append(stand_in(exc))
    return out


def stand_in(exc: BaseException) -> dict:
    """The analysis standing in for an article whose analysis raised `exc` (see `failure`)."""
    return {FAILED: f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"}


def failure(analysis: dict) -> str | None:
    """Why an article's analysis failed (the build skips that article), or None for a real analysis."""
    return analysis.get(FAILED)


_plan_source: Callable[[str], dict] | None = None  # taxonomy JSON -> its English plan (`plan_taxonomies_from`)


def plan_taxonomies_from(source: Callable[[str], dict] | None) -> None:
    """Have `_compiled_taxonomy` take an English taxonomy's `tagging.taxonomy_plan` from `source` (taxonomy JSON ->
    plan under this process's model: the cache's, run/cache.py) instead of working it out (None: work it out)."""
    global _plan_source
    _plan_source = source


@lru_cache(maxsize=4)
def _compiled_taxonomy(taxonomy_json: str, russian: bool = False):
    from data_pipeline.topics import tagging
    from data_pipeline.nlp.spacy_model import load_model

    ru_lemma = tagging.russian_lemma if russian else None  # the dictionary costs ~1 s to load: only when needed
    plan = _plan_source(taxonomy_json) if _plan_source is not None and not russian else None
    return tagging.compile_taxonomy(load_model(MODEL_NAME), json.loads(taxonomy_json), ru_lemma=ru_lemma, plan=plan)


def topics_chunk(items: list[tuple[str, dict, str]], taxonomy_json: str, russian: bool = False) -> list[dict]:
    """Per-article rows of (article_id, analysis, text) items: {"scores", "evidence", "terms"} each.

    `terms` are the article's emerging-term candidates (lemma key, surface, sentence); they
    read the same token-level details as topic tagging, so both are memoised together.
    """
    from data_pipeline.topics import emerging, tagging

    compiled = _compiled_taxonomy(taxonomy_json, russian)
    out = []
    for aid, analysis, text in items:
        scores, evidence = tagging.article_topics(analysis, text, compiled, aid)
        out.append({"scores": scores, "evidence": evidence, "terms": emerging.article_terms(analysis, text)})
    return out


def call_each(calls: list[Callable[[], object]]) -> list:
    """Each zero-argument call's result, in order: one task of `in_processes`."""
    return [call() for call in calls]


MAX_CALLS_PER_TASK = 16  # ~0.1 s of ingest per task: worth its pickling, and small enough to keep every process busy


def calls_per_task(n: int, workers: int) -> int:
    """How many of `n` calls one task takes: about four tasks per process, at most MAX_CALLS_PER_TASK."""
    return max(1, min(MAX_CALLS_PER_TASK, n // (4 * workers)))


def in_processes(calls: list[Callable[[], object]], workers: int,
                 meanwhile: Callable[[], None] | None = None,
                 prepare: Callable[[], None] | None = None) -> Iterator:
    """The results of zero-argument picklable calls, in input order, computed by `workers` local processes.

    For work the parent would otherwise do alone while the cores wait (reading input files). The pool is
    forked like the Runner's (each process ends with the build) when the first result is asked for, and
    stopped once every result is read, or at once when the reader stops early or fails. With one worker,
    or too few calls for two tasks, the calls run in this process. `meanwhile`: called once here after the first
    tasks are queued, before the first result is waited for (work of this process's own while the others read; not
    called when the calls run here). `prepare`: called here once before the processes are forked, so that each
    inherits what it loads instead of loading it itself (not called when the calls run here).
    """
    parts = guided(calls, calls_per_task(len(calls), workers), workers)  # shrinking at the end: readers end together
    if workers <= 1 or len(parts) <= 1:
        for call in calls:
            yield call()
        return
    if prepare is not None:
        prepare()
    with task_pool(workers) as pool:
        yield from _ordered(lambda part: pool.submit(call_each, part), parts, 2 * workers, meanwhile)


MIN_BACKGROUND_CALLS = 2 * MAX_CALLS_PER_TASK


def in_background(calls: list[Callable[[], object]], idle: Callable[[], bool],
                  pool: Callable[[], ProcessPoolExecutor] | None = None) -> Iterator:
    """The results of zero-argument picklable calls, in input order, computed by one other local process, with
    `idle()` called here while the next result is not ready yet (it does one piece of other work and returns
    True, or returns False when it has none: then this process waits).

    For reading input files at one worker while this process parses (run/overlap.py): every task is queued at
    once, so the reader runs ahead at its own pace and this process's work between results lasts only as long as
    the reading. The process is forked and stopped as `in_processes`' are; fewer than MIN_BACKGROUND_CALLS run
    here (the other process would cost more than it hides, and nothing is parsed before a chunk is read).
    `pool`: gives the one-process pool to use instead, owned by the caller (who stops it; run/overlap.py keeps it
    for topic tagging once the reading is done).
    """
    parts = chunks(calls, calls_per_task(len(calls), 1))
    if len(calls) < MIN_BACKGROUND_CALLS:
        for call in calls:
            yield call()
        return
    with nullcontext(pool()) if pool is not None else task_pool(1) as executor:
        futures = [executor.submit(call_each, part) for part in parts]
        for fut in futures:
            while not fut.done() and idle():
                pass
            yield from fut.result()


@contextmanager
def task_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A local process pool for `in_processes` / `in_background`, forked like the Runner's (each process ends with
    the build); shut down waiting for it once the block is done, or at once, its queued tasks cancelled, when the
    block stops early (the reader stopped or failed)."""
    pool = new_task_pool(workers)
    finished = False
    try:
        yield pool
        finished = True
    finally:
        pool.shutdown(wait=finished, cancel_futures=not finished)


def new_task_pool(workers: int) -> ProcessPoolExecutor:
    """A local pool of `workers` forked processes, each ending with this one (see `task_pool`); the caller stops it."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_task_process,
                               initargs=(os.getpid(),))


def _task_process(parent: int) -> None:
    """Initialiser of `in_processes` workers: end with the parent; collect cycles even if the parent had paused it."""
    gc.enable()
    die_with_parent(parent)


def analyse_tag_chunk(articles: list[Article], batch_size: int, taxonomy_json: str,
                      russian: bool = False, details: bool = True) -> list[tuple[dict, dict | None]]:
    """`analyse_chunk`, then each analysed article's topic rows (`topics_chunk`) while its token-level details are
    in this process: (analysis, rows) pairs, in input order; rows None for an article whose analysis failed.

    Saves a second trip of every analysis to a worker, and the wait between the parse and the topic phase.
    `details` False: a tagged analysis comes back without its token-level details (a build without a cache has
    no other reader of them), ~60 % fewer bytes to send back and decode."""
    pairs = tag_analyses(articles, analyse_chunk(articles, batch_size), taxonomy_json, russian)
    if details:
        return pairs
    return [(an if rows is None else split_analysis(an)[0], rows) for an, rows in pairs]


def tag_analyses(articles: list[Article], analyses: list[dict], taxonomy_json: str,
                 russian: bool = False) -> list[tuple[dict, dict | None]]:
    """(analysis, topic rows) of articles already analysed (`analyse_chunk`), as `analyse_tag_chunk` returns them."""
    return paired(analyses, topics_chunk(tag_items(articles, analyses), taxonomy_json, russian))


def tag_items(articles: list[Article], analyses: list[dict]) -> list[tuple[str, dict, str]]:
    """The `topics_chunk` items of articles and their analyses: those whose analysis did not fail."""
    return [(a.article_id, an, a.text) for a, an in zip(articles, analyses) if not failure(an)]


def paired(analyses: list[dict], rows: list[dict]) -> list[tuple[dict, dict | None]]:
    """(analysis, topic rows) pairs from `topics_chunk`'s rows of `tag_items`: rows None where the analysis failed."""
    found = iter(rows)
    return [(an, None if failure(an) else next(found)) for an in analyses]


def _ordered(submit: Callable[[list], Future], parts: Iterable[list], window: int,
             meanwhile: Callable[[], None] | None = None) -> Iterator[dict]:
    """Submit parts with at most `window` in flight; yield their results in input order. `meanwhile`: called once,
    after the first window is submitted (or all parts, if fewer), before the first result is waited for."""
    pending: deque = deque()
    for part in parts:
        pending.append(submit(part))
        if len(pending) >= window:
            if meanwhile is not None:
                meanwhile, call = None, meanwhile
                call()
            yield from pending.popleft().result()
    if meanwhile is not None and pending:
        meanwhile()
    while pending:
        yield from pending.popleft().result()


class Runner:
    """Runs chunked per-article tasks on an engine for one build.

    The process pool or Dask cluster starts at the first task that needs it and
    lives until `close()`, so the analysis and topic phases share it. Small jobs
    (one chunk) on the local engine run in this process, or, with one worker and a
    `warm` model process (run/warm.py, owned by the caller), in that process.
    """

    def __init__(self, engine: Engine, warm=None):
        self.engine = engine
        self.warm = warm if engine.kind == "local" and engine.workers == 1 else None
        self._stack = ExitStack()
        self._submit: Callable | None = None
        self._window = 1
        self._procs = 1  # processes the tasks run on (the pool's, or the cluster's workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(abort=exc_type is not None)

    def close(self, abort: bool = False) -> None:
        """Stop the pool or cluster, if one was started.

        `abort` (an error or a signal is unwinding the build): queued tasks are cancelled, so the build
        process ends at once and its workers with it. The pool is not waited for either way: every result
        was read, so its processes only exit, while the build goes on with its corpus steps.
        """
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=abort)
        self._stack.close()
        self._submit, self._pool = None, None

    def _start(self) -> Callable:
        if self._submit is None:
            e = self.engine
            if e.kind == "dask":
                client = self._stack.enter_context(dask_client(e))
                n = max(len(client.scheduler_info().get("workers", {})), e.workers, 1)
                from data_pipeline.run import wheel_plugin  # imports `distributed` (~0.3 s): only for a cluster

                call = wheel_plugin.remote_call()
                self._submit = lambda fn, *args: client.submit(
                    call, fn.__module__, fn.__name__, pickle.dumps(args), pure=False)
                self._window, self._procs = 3 * n, n
            else:
                served = modelserver.context()  # workers forked from the model server, or from here
                self._pool = pool = ProcessPoolExecutor(
                    max_workers=e.workers, mp_context=served or _mp_context(),
                    initializer=_served_worker if served else die_with_parent,
                    initargs=() if served else (os.getpid(),))
                self._submit = pool.submit
                self._window, self._procs = 2 * e.workers, e.workers
        return self._submit

    def map(self, fn: Callable, items: list, *args) -> Iterator:
        """`fn(chunk, *args)` over chunks of `items`; the results, flattened, in input order."""
        parts = chunks(items, self.engine.chunk_size)
        if self.warm is not None:  # one chunk at a time, as in this process
            for part in parts:
                yield from self.warm.call(fn, part, *args)
            return
        if self.engine.kind == "local" and (self.engine.workers == 1 or len(parts) <= 1):
            for part in parts:
                yield from fn(part, *args)
            return
        submit = self._start()
        yield from _ordered(lambda part: submit(fn, part, *args), guided(items, self.engine.chunk_size, self._procs),
                            self._window)

    def analyses(self, articles: list[Article]) -> Iterator[dict]:
        """Analyses of `articles`, in their order."""
        return self.map(analyse_chunk, articles, self.engine.batch_size)

    def analyses_tagged(self, articles: list[Article], taxonomy: dict, russian: bool = False,
                        details: bool = True) -> Iterator[tuple[dict, dict | None]]:
        """(analysis, topic rows) of `articles`, in their order (`analyse_tag_chunk`); `russian` as for `topics`,
        `details` as for `analyse_tag_chunk`."""
        return self.map(analyse_tag_chunk, articles, self.engine.batch_size, canonical_taxonomy(taxonomy), russian,
                        details)

    def topics(self, items: list[tuple[str, dict, str]], taxonomy: dict, russian: bool = False) -> Iterator[dict]:
        """Topic rows of (article_id, analysis, text) items, in their order; `russian`: some are Russian, so the
        taxonomy's Russian phrases are lemmatised with the Russian dictionary."""
        return self.map(topics_chunk, items, canonical_taxonomy(taxonomy), russian)


def canonical_taxonomy(taxonomy: dict) -> str:
    """The taxonomy as the tasks take it: canonical JSON (hashable, so each process compiles it once)."""
    return json.dumps(taxonomy, sort_keys=True, default=str)


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Worker initialiser: end this process when the build process `parent` dies, even by SIGKILL.

    A killed build would otherwise leave its workers blocked on the task pipe, each holding a
    spaCy model. On Linux the kernel sends SIGTERM at the parent's death (prctl PR_SET_PDEATHSIG);
    elsewhere, and as a second guard, a daemon thread checks every second that the parent is
    still this process's parent.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            pass
    if os.getppid() != parent:  # the parent died before the call above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()


def _served_worker() -> None:
    """Initialiser of a worker forked from the model server (run/modelserver.py): end with the server, which ends
    with the build process."""
    die_with_parent(os.getppid())


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _mp_context():
    """fork where the platform has it (workers inherit the loaded model), else spawn."""
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


@contextmanager
def dask_client(engine: Engine):
    """A distributed Client: on the given scheduler, or on a LocalCluster of `engine.workers` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a pinned dependency
        raise PipelineError("--engine dask needs the `distributed` package (pip install distributed)") from exc
    from data_pipeline.run import ship

    if not log.isEnabledFor(logging.DEBUG):  # progress bars, not the cluster's info lines (-v shows them)
        logging.getLogger("distributed").setLevel(logging.ERROR)
    if engine.scheduler:
        try:
            client = Client(engine.scheduler, timeout="20s")
        except OSError as exc:
            raise PipelineError(f"{engine.scheduler}: cannot reach the Dask scheduler ({exc})") from None
        try:
            ship.ship(client)
            yield client
        finally:
            ship.unship(client)
            client.close()
        return
    import dask

    # forkserver: workers fork from a small server that has imported distributed (faster than spawn);
    # like spawn, a calling script needs the usual `if __name__ == "__main__":` guard
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        cluster = LocalCluster(n_workers=engine.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
    try:
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()
