"""Key phrases of one Doc (trimmed noun chunks and EVENT entities), the candidates for emerging terms.

Kept as token positions into the cached sentence lemmas (`sentences.py`), so the
corpus-level scoring (`topics/emerging.py`) never needs spaCy.
"""
from __future__ import annotations

import unicodedata
import numpy as np
from spacy.attrs import DEP, HEAD, POS
from spacy.lang.en.syntax_iterators import noun_chunks as _english_noun_chunks
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Span

from data_pipeline.nlp import docview
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


# spaCy's English noun-chunk iterator, and the labels it reads (spacy/lang/en/syntax_iterators.py)
_NP_LABELS = ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT")
_NOMINALS = (NOUN, PROPN, PRON)


def noun_chunks(doc: Doc) -> list[Span]:
    """`list(doc.noun_chunks)`, with the English iterator's tests read off the Doc's arrays (POS, DEP, HEAD):
    a Token object only for the left edge of a candidate, not one for every token. Other iterators: spaCy's."""
    if doc.noun_chunks_iterator is not _english_noun_chunks or not len(doc) or not doc.has_annotation("DEP"):
        return list(doc.noun_chunks)
    strings = doc.vocab.strings
    np_deps = {strings.add(label) for label in _NP_LABELS}
    conj, np_label = strings.add("conj"), strings.add("NP")
    arr = doc.to_array([POS, DEP, HEAD])
    pos, dep = arr[:, 0].tolist(), arr[:, 1].tolist()
    head = (arr[:, 2].astype(np.int64) + np.arange(len(doc))).tolist()  # HEAD is an offset (negative: wrapped)
    out, prev_end = [], -1
    for i, (p, d) in enumerate(zip(pos, dep)):
        if p not in _NOMINALS:
            continue
        if d == conj:
            h = head[i]
            while dep[h] == conj and head[h] < h:
                h = head[h]
            if dep[h] not in np_deps:
                continue  # no chunk either way; the iterator's left-edge test comes first but changes nothing
        elif d not in np_deps:
            continue
        left = doc[i].left_edge.i
        if left <= prev_end:
            continue  # nested in the chunk before
        prev_end = i
        out.append(Span(doc, left, i + 1, label=np_label))
    return out


def key_phrases(doc: Doc, positions: tuple[np.ndarray, np.ndarray] | None = None) -> list[list[int]]:
    """[sentence, first, last) token positions (as in `sentence_lemmas`) of each key phrase in the doc.

    `positions`: `sentences.token_positions(doc)`, when the caller has it already."""
    sent_of, pos = positions if positions is not None else token_positions(doc)
    sent_of, pos = sent_of.tolist(), pos.tolist()  # plain ints
    spans = noun_chunks(doc) + [e for e in docview.of(doc).ents if e.label_ == "EVENT"]
    out = set()
    for span in spans:
        toks = _trim(span)
        if not toks or not _keep(toks):
            continue
        s = sent_of[toks[0].i]
        if sent_of[toks[-1].i] != s:
            continue  # across a sentence end
        out.add((s, pos[toks[0].i], pos[toks[-1].i] + 1))  # edges are never space tokens (`_droppable`)
    return [list(x) for x in sorted(out)]
