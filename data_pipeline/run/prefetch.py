"""A rebuild's parse and tagging sent to the model process before the build needs them, and collected when it does.

The delta path (run/delta.py) parses a few articles in the model process (run/warm.py) and waits for them; with
`Runner` alone each chunk is sent when `analyse_all` or `topic_rows` first asks for it. `Prefetch` stands in for
the Runner: `send_analyses` sends the chunks as soon as the new articles are known, so the build process decodes
the resolution state and reads the previous tables while the model process parses; `send_topics` sends the tagging
as soon as the analyses are back, so it runs while the build resolves names and groups events. When `analyses` or
`topics` is then asked for exactly what was sent (or, for topics, a subset of it), the replies are taken; anything
else goes to the Runner as before. Same functions, same arguments, same chunks: the same results.
"""
from __future__ import annotations

from collections.abc import Iterator

from data_pipeline.ingest.article import Article
from data_pipeline.run.engine import Runner, analyse_chunk, canonical_taxonomy, chunks, topics_chunk


class Prefetch:
    """A Runner whose model-process calls may be sent ahead (see the module docstring); other uses go to `runner`."""

    def __init__(self, runner: Runner):
        self.runner = runner
        self._analyses: tuple[list[str], list] | None = None  # (article ids, pending replies per chunk)
        self._topics: tuple[list[str], str, bool, list] | None = None  # (ids, taxonomy json, russian, pending)

    def __getattr__(self, name: str):
        return getattr(self.runner, name)

    def send_analyses(self, articles: list[Article]) -> None:
        """Send the analysis of `articles` to the model process now (nothing without one, or with no articles)."""
        warm = self.runner.warm
        if warm is None or not articles:
            return
        size, batch = self.runner.engine.chunk_size, self.runner.engine.batch_size
        self._analyses = ([a.article_id for a in articles],
                          [warm.submit(analyse_chunk, part, batch) for part in chunks(articles, size)])

    def analyses(self, articles: list[Article]) -> Iterator[dict]:
        """Analyses of `articles`, in their order: the replies to `send_analyses` when it sent these articles."""
        sent, self._analyses = self._analyses, None
        if sent is None or sent[0] != [a.article_id for a in articles]:
            return self.runner.analyses(articles)
        return (analysis for pending in sent[1] for analysis in pending.result())

    def send_topics(self, items: list[tuple[str, dict, str]], taxonomy: dict, russian: bool = False) -> None:
        """Send the topic rows of (article_id, analysis, text) items to the model process now."""
        warm = self.runner.warm
        if warm is None or not items:
            return
        tax = canonical_taxonomy(taxonomy)
        self._topics = ([aid for aid, _, _ in items], tax, russian,
                        [warm.submit(topics_chunk, part, tax, russian) for part in chunks(items, self.runner.engine.chunk_size)])

    def topics(self, items: list[tuple[str, dict, str]], taxonomy: dict, russian: bool = False) -> Iterator[dict]:
        """Topic rows of `items`, in their order: from `send_topics`'s replies when it sent them all (each item's
        rows depend on that item alone) with the same taxonomy and `russian`."""
        sent, self._topics = self._topics, None
        if sent is None or sent[1:3] != (canonical_taxonomy(taxonomy), russian) or not items:
            return self.runner.topics(items, taxonomy, russian)
        got = dict(zip(sent[0], (rows for pending in sent[3] for rows in pending.result())))
        if not all(aid in got for aid, _, _ in items):
            return self.runner.topics(items, taxonomy, russian)
        return iter([got[aid] for aid, _, _ in items])
