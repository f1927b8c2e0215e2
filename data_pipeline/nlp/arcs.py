"""Object arcs of a Doc: which word acts on which ("bought … jets", "purchase of jets", "NATO membership").

Topic rules of the form "a verb of buying whose object is a weapon" read these instead of word
distance. Each arc is [sentence, governor, dependent] in the sentence's token positions (as in
`sentences.sentence_lemmas`), from the dependency parse with prepositions collapsed:

- direct object and passive subject: "bought jets", "jets were bought";
- prepositional complement of a verb or noun: "purchase of jets", "membership in the union";
- compound modifier and possessor: "jet purchase", "NATO's enlargement";
- a past participle on its noun: "jets bought from France";
- and each conjunct of a dependent ("bought tanks and howitzers" gives tanks and howitzers) and the
  compound modifiers of a dependent ("bought fighter jets" gives jets and fighter; "the EU-Central Asia
  summit" gives summit → Asia and summit → EU).

English labels (ClearNLP) and Universal Dependencies labels (obj, nsubj:pass, nmod, obl) both count.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, HEAD, TAG
from spacy.tokens import Doc

from data_pipeline.nlp.sentences import token_positions

OBJECT_DEPS = ("dobj", "obj", "nsubjpass", "nsubj:pass", "compound", "poss", "nmod", "obl")
_PREP_OBJECT = "pobj"
_PARTICIPLE = "acl"


def _spread(token) -> list:
    """The token, every conjunct chained to it ("tanks, howitzers and drones") and their compound modifiers."""
    out, todo = [], [token]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ in ("conj", "compound"))
    return out


def _pairs(doc: Doc, wanted: np.ndarray) -> list[tuple[int, int]]:
    """(governor, dependent) token indices of the object relations, before conjuncts are spread.

    Read off the DEP, HEAD and TAG arrays (no Token objects): labels compared by their string hashes."""
    arr = doc.to_array([DEP, HEAD, TAG])
    dep, tag = arr[:, 0].tolist(), arr[:, 2].tolist()
    head = (arr[:, 1].astype(np.int64) + np.arange(len(doc))).tolist()  # HEAD is an offset (negative: wrapped)
    strings = doc.vocab.strings
    pobj, prep, acl = strings.add(_PREP_OBJECT), strings.add("prep"), strings.add(_PARTICIPLE)
    participles = {strings.add("VBN"), strings.add("VBD")}
    pairs = []
    for i in np.nonzero(wanted)[0].tolist():
        d, h = dep[i], head[i]
        if h == i:
            continue
        if d == pobj:
            if dep[h] == prep and head[h] != h:
                pairs.append((head[h], i))
        elif d == acl:
            if tag[i] in participles:  # "jets bought from France" (the tagger often says VBD)
                pairs.append((i, h))
        else:
            pairs.append((h, i))
    return pairs


def object_arcs(doc: Doc, positions: tuple[np.ndarray, np.ndarray] | None = None) -> list[list[int]]:
    """[sentence, governor, dependent] of every object relation in the Doc (see the module docstring)."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    sent_of, pos = positions if positions is not None else token_positions(doc)
    strings = doc.vocab.strings
    labels = np.array([strings.add(d) for d in OBJECT_DEPS + (_PREP_OBJECT, _PARTICIPLE)], dtype=np.uint64)
    wanted = np.isin(doc.to_array(DEP), labels)
    out = set()
    for g, d in _pairs(doc, wanted):
        for c in _spread(doc[d]):
            if sent_of[g] == sent_of[c.i] and pos[g] >= 0 and pos[c.i] >= 0 and g != c.i:
                out.add((int(sent_of[g]), int(pos[g]), int(pos[c.i])))
    return [list(a) for a in sorted(out)]
