"""Key phrases of one Doc (trimmed noun chunks and EVENT entities), the candidates for emerging terms.

Kept as token positions into the cached sentence lemmas (`sentences.py`), so the
corpus-level scoring (`topics/emerging.py`) never needs spaCy.
"""
from __future__ import annotations

import unicodedata
import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_ALPHA, IS_SPACE, IS_STOP, LENGTH, ORTH, POS, TAG
from spacy.parts_of_speech import IDS
from spacy.lang.en.syntax_iterators import noun_chunks as _english_noun_chunks
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc

from data_pipeline.nlp import docview
from data_pipeline.nlp.sentences import token_positions

# entity types that name who/where/when/how many, not what: trimmed off phrase edges
DROP_ENTS = {"PERSON", "GPE", "NORP", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
             "PERCENT", "QUANTITY", "LANGUAGE"}
EDGE_POS = {"DET", "PRON", "NUM", "PUNCT", "PART", "ADP", "CCONJ", "SCONJ", "SYM", "SPACE", "AUX", "X"}
MAX_WORDS = 5


def _latin(text: str) -> bool:
    return text.isascii() or all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


_BLANK: dict[int, bool] = {}  # ORTH hash -> `not text.strip()` (hashes and strings are fixed)
_LATIN: dict[int, bool] = {}  # ORTH hash -> `_latin(text)`
MEMO_LIMIT = 1 << 18  # answers kept per memo, as screen.where's


class _Tokens:
    """The token attributes `_trim` and `_keep` read, off the Doc's arrays once (plain lists, by token index):
    no Token object per token of every chunk. `drop`: a word trimmed off a phrase's edges (a determiner,
    number, stop word, name or place, blank, or a degree adjective: "latest", "further")."""

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        if len(_BLANK) > MEMO_LIMIT or len(_LATIN) > MEMO_LIMIT:
            _BLANK.clear()
            _LATIN.clear()
        arr = doc.to_array([POS, IS_STOP, ENT_TYPE, ORTH, TAG, IS_SPACE, IS_ALPHA, LENGTH])
        edge_pos = [IDS[p] for p in EDGE_POS]
        drop_ents = [strings.add(label) for label in DROP_ENTS]
        self.orth = arr[:, 3].tolist()
        for h in set(self.orth) - _BLANK.keys():
            _BLANK[h] = not strings[h].strip()
        blank = np.array([_BLANK[h] for h in self.orth], dtype=bool)
        self.named = np.isin(arr[:, 2], drop_ents)  # an entity type trimmed off phrase edges
        self.drop = (np.isin(arr[:, 0], edge_pos) | (arr[:, 1] != 0) | self.named | blank
                     | np.isin(arr[:, 4], [strings.add("JJR"), strings.add("JJS")])).tolist()
        self.named = self.named.tolist()
        self.pos = arr[:, 0].tolist()
        self.space, self.alpha, self.length = arr[:, 5].tolist(), arr[:, 6].tolist(), arr[:, 7].tolist()
        self.strings = strings

    def latin(self, i: int) -> bool:
        """`_latin` of token `i`'s text, memoised by its ORTH hash."""
        h = self.orth[i]
        got = _LATIN.get(h)
        if got is None:
            got = _LATIN[h] = _latin(self.strings[h])
        return got


def _trim(start: int, end: int, toks: _Tokens) -> list[int]:
    """The theme part of the phrase of tokens [start, end) (token indices): no determiners or numbers at the
    edges, nothing up to a name or place.

    "the latest Russian arms deliveries" -> "arms deliveries"; "Defense Minister John Smith" -> "Defense Minister".
    """
    drop = toks.drop
    while end > start and drop[end - 1]:
        end -= 1
    named = [i for i in range(start, end) if toks.named[i]]
    if named:
        start = named[-1] + 1
    while start < end and drop[start]:
        start += 1
    return list(range(start, end))


_NOUNS = (IDS["NOUN"], IDS["PROPN"])


def _keep(idx: list[int], toks: _Tokens) -> bool:
    """Whether the trimmed phrase (token indices, non-empty) is a theme: English words, a noun among them."""
    # Token.whitespace_ is " " or "": it never holds a line break; a space token inside does
    if any(toks.space[i] or not toks.latin(i) for i in idx[:-1]) or not toks.latin(idx[-1]):
        return False  # spans a line break (headline run-on) or is not English text
    words = [i for i in idx if toks.alpha[i]]
    if not words or len(words) > MAX_WORDS or sum(toks.length[i] for i in words) < 3:
        return False
    if not any(toks.pos[i] in _NOUNS for i in idx):
        return False
    # one capitalised word on its own is almost always a name the resolver handles, not a theme
    return not (len(words) == 1 and toks.pos[words[0]] == _NOUNS[1])


# spaCy's English noun-chunk iterator, and the labels it reads (spacy/lang/en/syntax_iterators.py)
_NP_LABELS = ("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT")
_NOMINALS = (NOUN, PROPN, PRON)


def _english_parse(doc: Doc) -> bool:
    """A non-empty Doc with a dependency parse whose noun chunks spaCy's English iterator gives."""
    return doc.noun_chunks_iterator is _english_noun_chunks and len(doc) > 0 and doc.has_annotation("DEP")


def chunk_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of every noun chunk, in order: the English iterator's tests read off the Doc's arrays (POS,
    DEP, HEAD), a Token object only for the left edge of a candidate and no Span (three Tokens each). Other
    iterators: spaCy's."""
    if not _english_parse(doc):
        return [(span.start, span.end) for span in doc.noun_chunks]
    strings = doc.vocab.strings
    np_deps = {strings.add(label) for label in _NP_LABELS}
    conj = strings.add("conj")
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
        out.append((left, i + 1))
    return out


def key_phrases(doc: Doc, positions: tuple[np.ndarray, np.ndarray] | None = None) -> list[list[int]]:
    """[sentence, first, last) token positions (as in `sentence_lemmas`) of each key phrase in the doc.

    `positions`: `sentences.token_positions(doc)`, when the caller has it already."""
    sent_of, pos = positions if positions is not None else token_positions(doc)
    sent_of, pos = sent_of.tolist(), pos.tolist()  # plain ints
    spans = chunk_bounds(doc) + [(e.start, e.end) for e in docview.of(doc).ents if e.label_ == "EVENT"]
    toks = _Tokens(doc) if spans else None
    out = set()
    for start, end in spans:
        idx = _trim(start, end, toks)
        if not idx or not _keep(idx, toks):
            continue
        s = sent_of[idx[0]]
        if sent_of[idx[-1]] != s:
            continue  # across a sentence end
        out.add((s, pos[idx[0]], pos[idx[-1]] + 1))  # edges are never space tokens (`drop`)
    return [list(x) for x in sorted(out)]
