"""Per-sentence lemmas, token offsets and name spans: all that topic tagging and term extraction need from spaCy.

Cached with the rest of the analysis, so a taxonomy edit re-tags without a parse. Token positions
elsewhere in the analysis (key phrases, name spans, arcs) count the non-space tokens of a sentence,
as `sentence_lemmas` lists them.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH
from spacy.tokens import Doc

from data_pipeline.nlp import docview

# entity labels that are quantities and times, not names of things
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
# prepositions that start the post-modifier of a name's head ("Ministry of Defense"), English and Russian
POSTMODIFIERS = {"of", "for", "on", "in", "without", "against", "to", "at", "о", "об", "по", "за", "без", "для", "при"}


_LOWER: dict[int, str] = {}  # lemma hash -> its lower-case form (hashes and strings are fixed)
LOWER_LIMIT = 1 << 18  # bounded as screen.where's memo


def _words(doc: Doc) -> list[list[int]]:
    """Token indices of every sentence's non-space tokens, read off the Doc's arrays (no Token objects)."""
    view = docview.of(doc)
    space = doc.to_array(IS_SPACE).tolist() if len(doc) else []
    return [[i for i in range(start, end) if not space[i]] for start, end in zip(view.starts, view.ends)]


def sentence_lemmas(doc: Doc) -> list[list[str]]:
    """Lower-cased lemmas of every sentence: all that topic tagging needs from spaCy."""
    lemmas = doc.to_array(LEMMA).tolist() if len(doc) else []
    if len(_LOWER) > LOWER_LIMIT:
        _LOWER.clear()
    strings, low = doc.vocab.strings, _LOWER
    out = []
    for words in _words(doc):
        row = []
        for i in words:
            h = lemmas[i]
            got = low.get(h)
            if got is None:
                got = low[h] = strings[h].lower()
            row.append(got)
        out.append(row)
    return out


def sentence_offsets(doc: Doc) -> list[list[list[int]]]:
    """[start, end] char offsets of every token of `sentence_lemmas`, sentence by sentence."""
    if not len(doc):
        return [[] for _ in docview.of(doc).sents]
    idx, length = doc.to_array(IDX).tolist(), doc.to_array(LENGTH).tolist()
    return [[[idx[i], idx[i] + length[i]] for i in words] for words in _words(doc)]


def token_positions(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """(sentence index, position among the sentence's non-space tokens) of every token; -1 for space tokens."""
    n = len(doc)
    sent_of = np.zeros(n, dtype=np.int64)
    starts = docview.of(doc).starts
    for k, start in enumerate(starts[1:], 1):
        sent_of[start:] = k
    word = ~doc.to_array(IS_SPACE).astype(bool)
    seen = np.cumsum(word)  # words up to and including each token
    before = (seen - word)[starts] if n else np.zeros(0, dtype=np.int64)  # words before each sentence
    pos = seen - 1 - before[sent_of] if n else seen
    return sent_of, np.where(word, pos, -1)


def _head(span) -> int:
    """Token index of a name's head: the word before a post-modifying preposition ("Ministry of Defense",
    "Doctors Without Borders"), else the last word ("Standard Gauge Railway"). Read off the words, not the
    parse: inside names the parser often mistakes a word for a preposition ("U.S.-Philippines")."""
    words = [t for t in span if not t.is_punct and t.pos_ != "DET"] or list(span)
    for prev, t in zip(words, words[1:]):
        if t.lower_ in POSTMODIFIERS:
            return prev.i
    return words[-1].i


def name_spans(doc: Doc, positions: tuple[np.ndarray, np.ndarray] | None = None) -> list[list]:
    """[sentence, first, last, head, label] of every named thing (entities that are not numbers or times).

    Entities that touch are one name ("International Security" + "Assistance Force"), labelled by the
    last. `head` is the word that says what the named thing is: "Force", "Conference", "Doctors" in
    "Doctors Without Borders"; a topic phrase inside a name counts only when it holds the head.
    """
    sent_of, pos = positions if positions is not None else token_positions(doc)
    runs: list[list] = []
    for ent in docview.of(doc).ents:
        if ent.label_ in NOT_NAMES:
            continue
        if runs and runs[-1][1] == ent.start and sent_of[ent.start] == sent_of[runs[-1][0]]:
            runs[-1][1:] = [ent.end, ent.label_]
        else:
            runs.append([ent.start, ent.end, ent.label_])
    out = []
    for start, end, label in runs:
        words = [i for i in range(start, end) if pos[i] >= 0]
        if not words or sent_of[words[0]] != sent_of[words[-1]]:
            continue
        head = _head(doc[start:end])
        out.append([int(sent_of[start]), int(pos[words[0]]), int(pos[words[-1]]) + 1,
                    int(pos[head]) if pos[head] >= 0 else int(pos[words[-1]]), label])
    return out
