"""One Doc's sentences and entities, read once: the rules look them up instead of walking `doc.sents` again or
asking `Token.sent` / `Span.sent` (each a scan of the sentence starts, a slice and a new Span) for every token.

`of(doc)` keeps the view in the Doc's `user_data`; `analyse()` drops it when it is done with the Doc (the view
holds Spans of the Doc: a reference cycle, and stale if the Doc's sentences were changed afterwards).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "docview"  # doc.user_data key


class DocView:
    """`sents` (the Spans of `doc.sents`), their `starts` and `ends`, `sent_of` (sentence number of every token)
    and `ents` (`doc.ents`); `memo`: other per-Doc answers the rules keep for the analysis. Made where `doc.sents`
    would be read: it raises as that does on a Doc without sentence boundaries."""

    __slots__ = ("sents", "starts", "ends", "sent_of", "ents", "memo")

    def __init__(self, doc: Doc):
        self.sents: list[Span] = list(doc.sents)
        self.starts = [s.start for s in self.sents]
        self.ends = [s.end for s in self.sents]
        sent_of = [0] * len(doc)
        for n, (start, end) in enumerate(zip(self.starts, self.ends)):
            sent_of[start:end] = [n] * (end - start)
        self.sent_of = sent_of
        self.ents = doc.ents
        self.memo: dict = {}

    def sent(self, i: int) -> Span:
        """The sentence holding token `i`: what `doc[i].sent` gives (a span's `.sent` is its first token's)."""
        return self.sents[self.sent_of[i]]

    def sent_start(self, i: int) -> int:
        """`doc[i].sent.start`."""
        return self.starts[self.sent_of[i]]

    def sent_end(self, i: int) -> int:
        """`doc[i].sent.end`."""
        return self.ends[self.sent_of[i]]


def of(doc: Doc) -> DocView:
    """The view of `doc`, made on first use and kept in its `user_data` until `drop`."""
    got = doc.user_data.get(_KEY)
    if got is None:
        got = doc.user_data[_KEY] = DocView(doc)
    return got


def drop(doc: Doc) -> None:
    """Forget the view of `doc` (see the module docstring)."""
    doc.user_data.pop(_KEY, None)
