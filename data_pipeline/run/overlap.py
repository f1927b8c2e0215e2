"""Parse while the input is read, at one worker: the reader is another process (`engine.in_background`), and
this one parses the chunks of articles to analyse whose files are read while it waits for the next file,
instead of waiting for the last file before the first parse.

The chunks are the ones `analyse_all` forms afterwards (same articles, same order, same size), so a chunk
parsed early gives exactly the analyses it would have had, and they are tagged there as any other; a chunk
that comes out different (a later copy of an article gave it its publication date, so its cache key changed)
is simply parsed again in its turn. Only the reading time is spent parsing early, so the parsed chunks held
until `analyse_all` (their Docs packed, run/docwire.py) are those of that time's share of the corpus.

The reading process stays for the rest of the parse (`pool`): once it has read every file, it analyses each chunk
this process parsed and computes its topic rows (`tagged_behind`, run/offload.py) on the core the parse leaves
free, instead of this process.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from data_pipeline.ingest.article import Article
from data_pipeline.run.engine import new_task_pool
from data_pipeline.run.gcpause import collect_young

Part = tuple[tuple[str, str], ...]  # (article_id, analysis cache key) of each article of a chunk, in order


class EarlyParse:
    """Chunks of the articles a build will parse, parsed while the reader reads the next files.

    `wanted(article)`: the article's analysis cache key when it will be parsed (an analysed language, within the
    model's length limit, not in the cache), else None. `parse(articles)`: what `analyse_all` takes of a chunk (the
    build's is `offload.parse_chunk`: the parsed Docs, analysed later in the other process). `size`: articles per chunk, the Runner's `chunk_size`. A later copy of an article
    already fed (same article_id) is left out, as `ingest.dedupe` leaves it out.
    """

    def __init__(self, wanted: Callable[[Article], str | None], parse: Callable[[list[Article]], list[dict]],
                 size: int):
        self._wanted, self._parse, self.size = wanted, parse, size
        self._seen: set[str] = set()
        self._pending: list[tuple[Article, str]] = []
        self._full: deque[list[tuple[Article, str]]] = deque()  # chunks complete and not parsed yet
        self._done: dict[Part, list[dict]] = {}
        self._pool: ProcessPoolExecutor | None = None

    def pool(self) -> ProcessPoolExecutor:
        """The one other process that reads the files (`engine.in_background`) and then tags parsed chunks; started
        at the first call, stopped by `close`."""
        if self._pool is None:
            self._pool = new_task_pool(1)
        return self._pool

    @property
    def has_pool(self) -> bool:
        """Whether the other process was started (the files were read there)."""
        return self._pool is not None

    def close(self, abort: bool = False) -> None:
        """Stop the other process: once its tasks are done, or at once, its queued tasks cancelled (`abort`)."""
        if self._pool is not None:
            self._pool.shutdown(wait=not abort, cancel_futures=abort)
        self._pool = None

    def __enter__(self) -> EarlyParse:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(abort=exc_type is not None)

    def feed(self, article: Article) -> None:
        """One article as read, in input order (a chunk it completes waits for `idle`)."""
        if article.article_id in self._seen:
            return
        self._seen.add(article.article_id)
        key = self._wanted(article)
        if key is None:
            return
        self._pending.append((article, key))
        if len(self._pending) >= self.size:
            self._full.append(self._pending)
            self._pending = []

    def idle(self) -> bool:
        """Parse the oldest complete chunk not parsed yet; False when there is none."""
        if not self._full:
            return False
        part = self._full.popleft()
        self._done[tuple((a.article_id, k) for a, k in part)] = self._parse([a for a, _ in part])
        collect_young()  # the parse's cyclic garbage, inside the reading's pause (gcpause.py)
        return True

    def take(self, part: list[Article], keys: dict[str, str]) -> list[dict] | None:
        """The analyses of `part` (article_id -> cache key in `keys`) if exactly this chunk was parsed early."""
        return self._done.pop(tuple((a.article_id, keys[a.article_id]) for a in part), None)

    def results(self, todo: list[Article], keys: dict[str, str], tag: Callable[[list[Article], list[dict]], list],
                rest: Callable[[list[Article]], Iterator]) -> Iterator:
        """`todo`'s results in order, chunk by chunk: `tag(chunk, analyses)` of a chunk parsed early, else
        `rest(chunk)`; what was parsed early and not asked for is dropped."""
        for part, got in self._chunks(todo, keys):
            yield from rest(part) if got is None else tag(part, got)

    def analysed(self, todo: list[Article], keys: dict[str, str]) -> Iterator[tuple[list[Article], list[dict]]]:
        """`todo` chunk by chunk with its analyses: those parsed early, the others parsed here as the chunk is asked
        for; what was parsed early and not asked for is dropped."""
        for part, got in self._chunks(todo, keys):
            yield part, self._parse(part) if got is None else got

    def _chunks(self, todo: list[Article], keys: dict[str, str]) -> Iterator[tuple[list[Article], list | None]]:
        """`todo` chunk by chunk, each with what was parsed early for exactly that chunk (None if nothing); once the
        caller is done (or stops), whatever was parsed early and not asked for is dropped."""
        try:
            for k in range(0, len(todo), self.size):
                part = todo[k:k + self.size]
                yield part, self.take(part, keys)
        finally:
            self._done.clear()
            self._full.clear()
            self._pending = []


def tagged_behind(chunks: Iterator[tuple[list[Article], list[dict]]],
                  submit: Callable[[list[Article], list[dict]], Future],
                  pair: Callable[[list[dict], list], list]) -> Iterator:
    """`pair(analyses, rows)` of each (articles, analyses) chunk of `chunks`, in order, the rows computed elsewhere
    (`submit(articles, analyses)`: a future of them).

    A chunk's results are yielded once its rows are back; while they are not, the next chunk is taken (taking one
    parses it), so this process never waits for the tagging before the last chunk.
    """
    pending: deque = deque()
    for part, analyses in chunks:
        pending.append((analyses, submit(part, analyses)))
        while pending and pending[0][1].done():
            analyses, fut = pending.popleft()
            yield from pair(analyses, fut.result())
    while pending:
        analyses, fut = pending.popleft()
        yield from pair(analyses, fut.result())
