"""nlp/key_phrases.noun_chunks (the English iterator's tests read off arrays) gives `list(doc.noun_chunks)`."""
from __future__ import annotations

from spacy.tokens import Doc

from data_pipeline.nlp import key_phrases
from tests.handmade import VOCAB, parse


def _same(doc: Doc) -> list[tuple[int, int, str]]:
    want = [(s.start, s.end, s.label_) for s in doc.noun_chunks]
    assert [(s.start, s.end, s.label_) for s in key_phrases.noun_chunks(doc)] == want
    return want


def test_noun_chunks_subjects_objects_and_conjuncts():
    doc = parse("""
        The DT DET det 2 the
        old JJ ADJ amod 2 old
        envoy NN NOUN nsubj 3 envoy
        bought VBD VERB ROOT 3 buy
        tanks NNS NOUN dobj 3 tank
        and CC CCONJ cc 4 and
        new JJ ADJ amod 7 new
        drones NNS NOUN conj 4 drone
        for IN ADP prep 3 for
        Kenya NNP PROPN pobj 8 Kenya
        . . PUNCT punct 3 .
    """)
    assert _same(doc) == [(0, 3, "NP"), (4, 5, "NP"), (6, 8, "NP"), (9, 10, "NP")]


def test_noun_chunks_conjunct_of_a_non_phrase_and_a_chain_of_conjuncts():
    doc = parse("""
        She PRP PRON nsubj 1 she
        sang VBD VERB ROOT 1 sing
        loudly RB ADV advmod 1 loudly
        and CC CCONJ cc 1 and
        danced VBD VERB conj 1 dance
        with IN ADP prep 4 with
        Ann NNP PROPN pobj 5 Ann
        , , PUNCT punct 6 ,
        Bob NNP PROPN conj 6 Bob
        and CC CCONJ cc 8 and
        Cy NNP PROPN conj 8 Cy
        . . PUNCT punct 1 .
    """)
    assert _same(doc) == [(0, 1, "NP"), (6, 7, "NP"), (8, 9, "NP"), (10, 11, "NP")]
    # a noun conjoined to a verb (not a phrase): no chunk
    doc = parse("""
        She PRP PRON nsubj 1 she
        said VBD VERB ROOT 1 say
        talks NNS NOUN nsubj 3 talk
        ended VBD VERB ccomp 1 end
        and CC CCONJ cc 3 and
        peace NN NOUN conj 3 peace
    """)
    assert _same(doc) == [(0, 1, "NP"), (2, 3, "NP")]


def test_noun_chunks_nested_left_edge_and_no_parse():
    # "minister" (appos) has its left edge inside the chunk before: skipped as nested
    doc = parse("""
        Ann NNP PROPN nsubj 3 Ann
        the DT DET det 2 the
        minister NN NOUN appos 0 minister
        left VBD VERB ROOT 3 leave
    """)
    _same(doc)
    assert key_phrases.noun_chunks(Doc(VOCAB, words=[])) == []
