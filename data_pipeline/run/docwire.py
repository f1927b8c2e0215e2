"""Parsed spaCy Docs packed as token arrays, to be analysed in another process (run/offload.py).

The same annotations spaCy's `DocBin` keeps (its `DOCBIN_ALL_ATTRS`: orth, norm, tag, POS, morphology, lemma,
head, dependency, sentence starts, entities), and the trailing spaces, read with `Doc.to_array` and rebuilt with
`Doc.from_array` as `DocBin` does. Unlike `DocBin.add`, which asks each token for nine strings in Python and then
compresses the whole, the strings of a pack are those of its distinct hashes (`numpy.unique`), and nothing is
compressed: packing costs the parsing process about a quarter of `DocBin`'s CPU (the bytes only cross a pipe).
Not kept: `doc.tensor`, `doc.user_data`, `doc.cats` and span groups, which nothing the analysis calls reads (a
pack of a Doc with span groups or categories is refused, so a model that starts setting them cannot be
analysed wrongly in silence).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import SPACY, intify_attr
from spacy.tokens import Doc
from spacy.tokens.doc import DOCBIN_ALL_ATTRS
from spacy.vocab import Vocab

ATTRS = tuple(intify_attr(name) for name in DOCBIN_ALL_ATTRS)
# the columns that hold string hashes (the others are a head offset, an IOB code, a POS symbol, a sentence flag)
STRING_COLUMNS = [k for k, name in enumerate(DOCBIN_ALL_ATTRS) if name not in ("HEAD", "ENT_IOB", "POS", "SENT_START")]
ORTH_COLUMN = DOCBIN_ALL_ATTRS.index("ORTH")


@dataclass(frozen=True)
class Pack:
    """Docs as one token array (rows of `ATTRS`, the Docs one after another), their lengths, every token's trailing
    space, and the strings of every hash in the string columns."""

    lengths: list[int]
    tokens: np.ndarray  # uint64, one row per token
    spaces: np.ndarray  # bool, one per token
    strings: list[str]


def pack(docs: list[Doc]) -> Pack:
    """The Docs' annotations (see the module docstring); raises ValueError for a Doc with span groups or categories."""
    for doc in docs:
        if len(doc.spans) or doc.cats:
            raise ValueError("docwire cannot carry span groups or categories")
    width = len(ATTRS)
    arrays = [doc.to_array(ATTRS).reshape(len(doc), width) for doc in docs]
    tokens = np.concatenate(arrays) if arrays else np.zeros((0, width), dtype=np.uint64)
    spaces = (np.concatenate([doc.to_array(SPACY).reshape(len(doc)) for doc in docs]).astype(bool) if docs
              else np.zeros(0, dtype=bool))
    store = docs[0].vocab.strings if docs else None
    strings = [store[int(h)] for h in np.unique(tokens[:, STRING_COLUMNS])] if len(tokens) else []
    return Pack([len(doc) for doc in docs], tokens, spaces, strings)


def unpack(packed: Pack, vocab: Vocab) -> list[Doc]:
    """The Docs of `packed`, rebuilt against `vocab` (its strings learn the pack's)."""
    store = vocab.strings
    for s in packed.strings:
        store.add(s)
    docs, start = [], 0
    for n in packed.lengths:
        rows = packed.tokens[start:start + n]
        words = [store[int(h)] for h in rows[:, ORTH_COLUMN]]
        doc = Doc(vocab, words=words, spaces=packed.spaces[start:start + n].tolist())
        docs.append(doc.from_array(list(ATTRS), rows) if n else doc)
        start += n
    return docs
