"""Per-article analysis of a parsed Doc: every per-document stage, composed in one place.

The result is a plain JSON-serialisable dict, so it can be cached and shipped
between processes; corpus-level steps (resolution, events, topics) read only it.
"""
from __future__ import annotations

from spacy.tokens import Doc

from data_pipeline import emerging, mentions, meetings, topics
from data_pipeline.model import Article


def analyse(doc: Doc, article: Article) -> dict:
    """Run every per-article stage on `doc` (parsed from `article.nlp_text()`)."""
    found = mentions.extract(doc)
    interactions, participant_mentions = meetings.extract(doc, found, article.published)
    return {
        "sentences": [[s.start_char, s.end_char] for s in doc.sents],
        # mentions NER missed but a meeting statement names as a participant come last
        "mentions": found + participant_mentions,
        "interactions": interactions,
        "sent_lemmas": topics.sentence_lemmas(doc),
        "sent_offsets": topics.sentence_offsets(doc),
        "key_phrases": emerging.key_phrases(doc),
    }
