"""Per-article analysis of a Russian article: the English path's contract, from the Russian Doc.

Same keys and shapes as `data_pipeline.analyse.analyse` (sentences, mentions, interactions, sentence
lemmas and offsets, key phrases), so caching, resolution, events and topic tagging read both alike.
"""
from __future__ import annotations

from spacy.tokens import Doc

from data_pipeline.nlp import arcs, docview, sentences
from data_pipeline.nlp.ru import meetings, mentions
from data_pipeline.nlp.ru.parse import parse


def sentence_lemmas(doc: Doc) -> list[list[str]]:
    """Lemmas of every sentence (lower case, "ё" as "е"): what topic tagging matches Russian phrases on."""
    return [[t.lemma_ for t in s if not t.is_space] for s in doc.sents]


def sentence_offsets(doc: Doc) -> list[list[list[int]]]:
    """[start, end] char offsets of every token of `sentence_lemmas`, sentence by sentence."""
    return [[[t.idx, t.idx + len(t)] for t in s if not t.is_space] for s in doc.sents]


def analyse(doc: Doc, published) -> dict:
    """Run every per-article stage on a Russian Doc (from `parse.parse`)."""
    try:
        return _analyse(doc, published)
    finally:
        docview.drop(doc)  # name spans and arcs share one view of the Doc's sentences; not kept past the analysis


def _analyse(doc: Doc, published) -> dict:
    found = mentions.extract(doc)
    return {
        "sentences": [[s.start_char, s.end_char] for s in doc.sents],
        "mentions": found,
        "interactions": meetings.extract(doc, found, published),
        "sent_lemmas": sentence_lemmas(doc),
        "sent_offsets": sentence_offsets(doc),
        "key_phrases": [],  # emerging terms are read from English noun chunks only (see docs/extraction.md)
        "name_spans": sentences.name_spans(doc),  # topics: no phrase read off inside a name (UD parse, NER)
        "arcs": arcs.object_arcs(doc),  # topics: objects rules on the UD parse (obj, nsubj:pass, nmod, obl)
    }


def analyse_texts(items: list[tuple[str, object]]) -> list[dict]:
    """Analyses of (text, publication date) pairs, in order: one model run over all of them."""
    docs = parse([text for text, _ in items])
    return [analyse(doc, published) for doc, (_, published) in zip(docs, items)]
