"""Mention candidates in one Doc: named entities with their sentence and char offsets."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

KEEP_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
_POSSESSIVE = re.compile(r"[’']s?$")


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token."""
    out = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = n
    return out


def trim(span: Span) -> Span:
    """Drop a trailing possessive or punctuation token ("Aliyev ’s" → "Aliyev")."""
    end = span.end
    while end > span.start and (span.doc[end - 1].is_punct or span.doc[end - 1].tag_ == "POS"):
        end -= 1
    return span.doc[span.start:end]


def extract(doc: Doc) -> list[dict]:
    """Named-entity mentions worth resolving, as plain dicts."""
    sent_of = sentence_index(doc)
    out = []
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS:
            continue
        span = trim(ent)
        if not len(span):
            continue
        text = _POSSESSIVE.sub("", span.text) if span.text.endswith(("’s", "'s")) else span.text
        out.append({
            "text": text,
            "start": span.start_char,
            "end": span.start_char + len(text),
            "sentence": sent_of[span.start],
            "label": ent.label_,
            "kind": "name",
            "tokens": [span.start, span.end],
        })
    return out
