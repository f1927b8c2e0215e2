"""nlp/key_phrases.noun_chunks (the English iterator's tests read off arrays) gives `list(doc.noun_chunks)`."""
from __future__ import annotations

from spacy.tokens import Doc

from data_pipeline.nlp import key_phrases
from tests.handmade import VOCAB, parse


def _same(doc: Doc) -> list[tuple[int, int, str]]:
    want = [(s.start, s.end, s.label_) for s in doc.noun_chunks]
    assert key_phrases.chunk_bounds(doc) == [(a, b) for a, b, _ in want]
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
    assert key_phrases.chunk_bounds(Doc(VOCAB, words=[])) == []


def _droppable(t) -> bool:
    """The Token form of key_phrases' edge test (as it was written before it read arrays)."""
    return (t.pos_ in key_phrases.EDGE_POS or t.is_stop or t.ent_type_ in key_phrases.DROP_ENTS
            or not t.text.strip() or t.tag_ in ("JJR", "JJS"))


def test_key_phrase_edge_tests_read_off_arrays_as_off_tokens():
    doc = parse("""
        The DT DET det 4 the
        latest JJS ADJ amod 4 late
        Russian JJ ADJ amod 4 Russian B-NORP
        arms NNS NOUN compound 4 arm
        deliveries NNS NOUN nsubj 5 delivery
        stalled VBD VERB ROOT 5 stall
        in IN ADP prep 5 in
        Łódź NNP PROPN pobj 6 Łódź B-GPE
        and CC CCONJ cc 7 and
        Почта NNP PROPN conj 7 Почта
        . . PUNCT punct 5 .
    """)
    toks = key_phrases._Tokens(doc)
    assert toks.drop == [_droppable(t) for t in doc]
    assert [toks.latin(t.i) for t in doc] == [key_phrases._latin(t.text) for t in doc]
    assert [doc[i].text for i in key_phrases._trim(0, 5, toks)] == ["arms", "deliveries"]
    assert key_phrases._trim(7, 8, toks) == []  # a place only
    assert key_phrases._keep([3, 4], toks) and not key_phrases._keep([9], toks)  # not Latin script
    assert key_phrases.key_phrases(doc) == [[0, 3, 5]]
