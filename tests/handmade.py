"""Hand-built spaCy Docs for rule tests (as spaCy's own tests build them): no model is loaded.

A parse is written one token a line: `word tag pos dep head lemma [ent]`, where `head` is the
index of the head token (a root is its own head) and `ent` is a BIO tag such as `B-PERSON`.
A token followed by no space ends in `~` ("Tavares~" before "'s").
"""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case, is_punct …), no model


def parse(table: str) -> Doc:
    """A Doc from a token table (see the module docstring)."""
    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    words, spaces = [], []
    for r in rows:
        word = r[0]
        spaces.append(not word.endswith("~"))
        words.append(word.rstrip("~") if len(word) > 1 else word)
    # no space before punctuation, as text is written
    for i in range(len(words) - 1):
        if words[i + 1] in (".", ",", ")", "'s", ":") or words[i] == "(":
            spaces[i] = False
    spaces[-1] = False
    return Doc(VOCAB, words=words, spaces=spaces, tags=[r[1] for r in rows], pos=[r[2] for r in rows],
               deps=[r[3] for r in rows], heads=[int(r[4]) for r in rows], lemmas=[r[5] for r in rows],
               ents=[r[6] if len(r) > 6 else "O" for r in rows])


def person_mentions(doc: Doc) -> list[dict]:
    """Mention dicts (as `mentions.extract` makes them) for the PERSON entities of a hand-built Doc."""
    sent_of = {t.i: n for n, s in enumerate(doc.sents) for t in s}
    return [{"text": e.text, "start": e.start_char, "end": e.end_char, "sentence": sent_of[e.start],
             "label": e.label_, "kind": "name", "tokens": [e.start, e.end], "role": None}
            for e in doc.ents]
