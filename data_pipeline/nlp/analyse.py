"""Per-article analysis of a parsed Doc: every per-document stage, composed in one place.

The result is a plain JSON-serialisable dict, so it can be cached and shipped
between processes; corpus-level steps (resolution, events, topics) read only it.
"""
from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from data_pipeline.nlp import arcs, docview, key_phrases, meetings, mentions, sentences


def analyse(doc: Doc, published: date | None) -> dict:
    """Run every per-article stage on `doc` (an article's `nlp_text()`, published on `published`)."""
    try:
        return _analyse(doc, published)
    finally:
        docview.drop(doc)  # the stages share one view of the Doc's sentences; not kept past the analysis


def _analyse(doc: Doc, published: date | None) -> dict:
    found = mentions.extract(doc)
    interactions, participant_mentions = meetings.extract(doc, found, published)
    positions = sentences.token_positions(doc)
    return {
        "sentences": [[s.start_char, s.end_char] for s in docview.of(doc).sents],
        # mentions NER missed but a meeting statement names as a participant come last
        "mentions": found + participant_mentions,
        "interactions": interactions,
        "sent_lemmas": sentences.sentence_lemmas(doc),
        "sent_offsets": sentences.sentence_offsets(doc),
        "key_phrases": key_phrases.key_phrases(doc, positions),
        "name_spans": sentences.name_spans(doc, positions),  # for topics: no phrase read off inside a name
        "arcs": arcs.object_arcs(doc, positions),  # for topics: verb-object rules ("buy" … "jets")
    }
