"""Per-sentence lemmas and token offsets: all that topic tagging and term extraction need from spaCy.

Cached with the rest of the analysis, so a taxonomy edit re-tags without a parse.
"""
from __future__ import annotations

from spacy.tokens import Doc


def sentence_lemmas(doc: Doc) -> list[list[str]]:
    """Lower-cased lemmas of every sentence: all that topic tagging needs from spaCy."""
    return [[t.lemma_.lower() for t in s if not t.is_space] for s in doc.sents]


def sentence_offsets(doc: Doc) -> list[list[list[int]]]:
    """[start, end] char offsets of every token of `sentence_lemmas`, sentence by sentence."""
    return [[[t.idx, t.idx + len(t)] for t in s if not t.is_space] for s in doc.sents]
