"""nlp/docview.py: one Doc's sentences and entities, as `doc.sents`, `Token.sent` and `doc.ents` give them."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc

from data_pipeline.nlp import docview
from tests.handmade import VOCAB


def _doc() -> Doc:
    # three sentences, the last one word; a parse whose trees stay inside their sentences
    words = ["Ann", "met", "Bob", ".", "They", "talked", "in", "Oslo", ".", "Fine"]
    heads = [1, 1, 1, 1, 5, 5, 5, 6, 5, 9]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "prep", "pobj", "punct", "ROOT"]
    starts = [True, False, False, False, True, False, False, False, False, True]
    ents = ["B-PERSON", "O", "B-PERSON", "O", "O", "O", "O", "B-GPE", "O", "O"]
    return Doc(VOCAB, words=words, heads=heads, deps=deps, sent_starts=starts, ents=ents)


def test_docview_sentences_as_doc_sents_and_token_sent():
    doc = _doc()
    view = docview.of(doc)
    assert [(s.start, s.end) for s in view.sents] == [(s.start, s.end) for s in doc.sents] == [(0, 4), (4, 9), (9, 10)]
    assert view.starts == [0, 4, 9] and view.ends == [4, 9, 10]
    assert view.sent_of == [0, 0, 0, 0, 1, 1, 1, 1, 1, 2]
    for t in doc:
        assert (view.sent(t.i).start, view.sent(t.i).end) == (t.sent.start, t.sent.end)
        assert (view.sent_start(t.i), view.sent_end(t.i)) == (t.sent.start, t.sent.end)
    span = doc[3:6]  # across a sentence end: a span's sentence is its first token's
    assert (view.sent(span.start).start, view.sent(span.start).end) == (span.sent.start, span.sent.end)
    assert [(e.start, e.end, e.label_) for e in view.ents] == [(0, 1, "PERSON"), (2, 3, "PERSON"), (7, 8, "GPE")]


def test_docview_kept_until_dropped():
    doc = _doc()
    view = docview.of(doc)
    assert docview.of(doc) is view
    docview.drop(doc)
    assert docview.of(doc) is not view
    docview.drop(doc)
    docview.drop(doc)  # dropping twice is harmless


def test_docview_one_sentence_and_empty_docs():
    one = Doc(VOCAB, words=["Hello"])
    assert [(s.start, s.end) for s in docview.of(one).sents] == [(0, 1)] and docview.of(one).sent_of == [0]
    empty = Doc(VOCAB, words=[])
    assert docview.of(empty).sents == [] and docview.of(empty).sent_of == [] and docview.of(empty).ents == ()


def test_docview_without_sentence_boundaries_raises_as_doc_sents():
    doc = Doc(VOCAB, words=["no", "parse", "here"])
    with pytest.raises(ValueError) as want:
        list(doc.sents)
    with pytest.raises(ValueError) as got:
        docview.of(doc)
    assert str(got.value) == str(want.value)


def test_analyse_drops_the_view():
    from data_pipeline.nlp.analyse import analyse

    doc = _doc()
    analyse(doc, None)
    assert "docview" not in doc.user_data


def test_sentence_lemmas_and_offsets_read_off_arrays_as_off_tokens():
    """sentences.sentence_lemmas/offsets (arrays, no Token objects) give what the Token walk gives:
    lower-cased lemmas, space tokens left out, offsets of the words kept."""
    from data_pipeline.nlp import sentences

    words = ["The", "Envoys", "MET", "\n\n", "Ärzte", "spoke", " ", "."]
    spaces = [True, True, False, False, True, True, False, False]
    lemmas = ["the", "Envoy", "MEET", "\n\n", "Ärzte", "speak", " ", "."]
    doc = Doc(VOCAB, words=words, spaces=spaces, lemmas=lemmas,
              sent_starts=[True, False, False, False, True, False, False, False])
    want_lemmas = [[t.lemma_.lower() for t in s if not t.is_space] for s in doc.sents]
    want_offsets = [[[t.idx, t.idx + len(t)] for t in s if not t.is_space] for s in doc.sents]
    assert want_lemmas == [["the", "envoy", "meet"], ["ärzte", "speak", "."]]
    for _ in range(2):  # the second time from the memo of lower-case forms
        assert sentences.sentence_lemmas(doc) == want_lemmas
        assert sentences.sentence_offsets(doc) == want_offsets
        assert all(type(x) is int for row in sentences.sentence_offsets(doc) for pair in row for x in pair)
    empty = Doc(VOCAB, words=[])
    assert sentences.sentence_lemmas(empty) == [] and sentences.sentence_offsets(empty) == []
