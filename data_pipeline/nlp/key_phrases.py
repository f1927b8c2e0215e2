"""Key phrases of one Doc (trimmed noun chunks and EVENT entities), the candidates for emerging terms.

Kept as token positions into the cached sentence lemmas (`sentences.py`), so the
corpus-level scoring (`topics/emerging.py`) never needs spaCy.
"""
from __future__ import annotations

import unicodedata
import numpy as np
from spacy.attrs import ENT_TYPE, IS_STOP, ORTH, POS, TAG
from spacy.tokens import Doc, Span

from data_pipeline.nlp.screen import where
from data_pipeline.nlp.sentences import token_positions

# entity types that name who/where/when/how many, not what: trimmed off phrase edges
DROP_ENTS = {"PERSON", "GPE", "NORP", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
             "PERCENT", "QUANTITY", "LANGUAGE"}
EDGE_POS = {"DET", "PRON", "NUM", "PUNCT", "PART", "ADP", "CCONJ", "SCONJ", "SYM", "SPACE", "AUX", "X"}
MAX_WORDS = 5


def _droppable(t) -> bool:
    return (t.pos_ in EDGE_POS or t.is_stop or t.ent_type_ in DROP_ENTS or not t.text.strip()
            or t.tag_ in ("JJR", "JJS"))  # "latest", "further": degree, not subject


def _trim(span: Span) -> list:
    """The theme part of a phrase: no determiners or numbers at the edges, nothing up to a name or place.

    "the latest Russian arms deliveries" -> "arms deliveries"; "Defense Minister John Smith" -> "Defense Minister".
    The rule on Token objects; `key_phrases` runs it as `_trim_bounds` (a test keeps the two equal).
    """
    toks = list(span)
    while toks and _droppable(toks[-1]):
        toks.pop()
    named = [i for i, t in enumerate(toks) if t.ent_type_ in DROP_ENTS]
    if named:
        toks = toks[named[-1] + 1:]
    while toks and _droppable(toks[0]):
        toks.pop(0)
    return toks


def _edge_pos(pos: str) -> bool:
    return pos in EDGE_POS


def _drop_ent(label: str) -> bool:
    return label in DROP_ENTS


def _blank(text: str) -> bool:
    return not text.strip()


def _degree(tag: str) -> bool:
    return tag in ("JJR", "JJS")


def _edges(doc: Doc) -> tuple[list[bool], list[bool]]:
    """(`_droppable`, entity type in DROP_ENTS) of every token, read off the Doc's arrays once."""
    named = np.zeros(len(doc), dtype=bool)
    named[where(doc, ENT_TYPE, _drop_ent)] = True
    drop = named | doc.to_array(IS_STOP).astype(bool)
    for attr, keep in ((POS, _edge_pos), (ORTH, _blank), (TAG, _degree)):
        drop[where(doc, attr, keep)] = True
    return drop.tolist(), named.tolist()


def _trim_bounds(start: int, end: int, drop: list[bool], named: list[bool]) -> tuple[int, int]:
    """`_trim` of the span [start, end) as token bounds, from `_edges`."""
    while end > start and drop[end - 1]:
        end -= 1
    for i in range(end - 1, start - 1, -1):
        if named[i]:
            start = i + 1
            break
    while start < end and drop[start]:
        start += 1
    return start, end


def _latin(text: str) -> bool:
    return text.isascii() or all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def _keep(toks: list) -> bool:
    if any(t.is_space or "\n" in t.whitespace_ or not _latin(t.text) for t in toks[:-1]) or not _latin(toks[-1].text):
        return False  # spans a line break (headline run-on) or is not English text
    words = [t for t in toks if t.is_alpha]
    if not words or len(words) > MAX_WORDS or sum(len(t) for t in words) < 3:
        return False
    if not any(t.pos_ in ("NOUN", "PROPN") for t in toks):
        return False
    # one capitalised word on its own is almost always a name the resolver handles, not a theme
    return not (len(words) == 1 and words[0].pos_ == "PROPN")


def key_phrases(doc: Doc, positions: tuple[np.ndarray, np.ndarray] | None = None) -> list[list[int]]:
    """[sentence, first, last) token positions (as in `sentence_lemmas`) of each key phrase in the doc.

    `positions`: `sentences.token_positions(doc)`, when the caller has it already."""
    sent_of, pos = positions if positions is not None else token_positions(doc)
    sent_of, pos = sent_of.tolist(), pos.tolist()  # plain ints
    spans = list(doc.noun_chunks) + [e for e in doc.ents if e.label_ == "EVENT"]
    drop, named = _edges(doc) if spans else ([], [])
    out = set()
    for span in spans:
        first, last = _trim_bounds(span.start, span.end, drop, named)
        if first >= last:
            continue
        toks = [doc[i] for i in range(first, last)]  # Token objects for the trimmed phrase only
        if not _keep(toks):
            continue
        s = sent_of[toks[0].i]
        if sent_of[toks[-1].i] != s:
            continue  # across a sentence end
        out.add((s, pos[toks[0].i], pos[toks[-1].i] + 1))  # edges are never space tokens (`_droppable`)
    return [list(x) for x in sorted(out)]
