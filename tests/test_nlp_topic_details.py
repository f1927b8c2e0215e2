"""Per-article details that topic rules read: object arcs and name spans with their heads (hand-built Docs),
and the token positions both use (space tokens are not counted)."""
import spacy
from spacy.tokens import Doc, Span

from data_pipeline.nlp import arcs, sentences

VOCAB = spacy.blank("en").vocab


def make_doc(words, heads, deps, pos=None, tags=None, ents=(), spaces=None, sent_starts=None):
    """A parsed Doc: heads are absolute token indices; ents are (start, end, label) token ranges."""
    doc = Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
              sent_starts=sent_starts)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def _arcs(doc):
    lemmas = [[t.text.lower() for t in s if not t.is_space] for s in doc.sents]
    return {(lemmas[s][g], lemmas[s][d]) for s, g, d in arcs.object_arcs(doc)}


def test_arcs_direct_object_with_its_compound_and_conjuncts():
    # Baku bought fighter jets and tanks .
    doc = make_doc(["Baku", "bought", "fighter", "jets", "and", "tanks", "."], [1, 1, 3, 1, 3, 3, 1],
                   ["nsubj", "ROOT", "compound", "dobj", "cc", "conj", "punct"])
    assert _arcs(doc) == {("bought", "jets"), ("bought", "fighter"), ("bought", "tanks"), ("jets", "fighter")}


def test_arcs_collapse_prepositions_and_read_passives_and_participles():
    # the purchase of howitzers was approved ; jets bought abroad arrived
    doc = make_doc(["the", "purchase", "of", "howitzers", "was", "approved", ";", "jets", "bought", "abroad",
                    "arrived"], [1, 5, 1, 2, 5, 5, 5, 10, 7, 8, 5],
                   ["det", "nsubjpass", "prep", "pobj", "auxpass", "ROOT", "punct", "nsubj", "acl", "advmod",
                    "conj"], tags=["DT", "NN", "IN", "NNS", "VBD", "VBN", ":", "NNS", "VBN", "RB", "VBD"])
    found = _arcs(doc)
    assert {("purchase", "howitzers"), ("approved", "purchase"), ("bought", "jets")} <= found
    assert ("of", "howitzers") not in found and ("arrived", "jets") not in found


def test_arcs_stay_inside_a_sentence_and_skip_space_tokens():
    words = ["They", "sold", "\n", "drones", ".", "Tanks", "left", "."]
    doc = make_doc(words, [1, 1, 1, 1, 1, 6, 6, 6], ["nsubj", "ROOT", "dep", "dobj", "punct", "nsubj", "ROOT", "punct"],
                   spaces=[True, False, False, False, True, True, False, False],
                   sent_starts=[True, False, False, False, False, True, False, False])
    assert arcs.object_arcs(doc) == [[0, 1, 2]]  # "drones" is the 3rd word of sentence 0 once "\n" is skipped


def test_name_spans_touching_entities_are_one_name_with_its_head():
    # officials thanked the International Security Assistance Force and Doctors Without Borders
    words = ["officials", "thanked", "the", "International", "Security", "Assistance", "Force", "and",
             "Doctors", "Without", "Borders"]
    doc = make_doc(words, [1, 1, 6, 6, 6, 6, 1, 6, 6, 8, 9],
                   ["nsubj", "ROOT", "det", "compound", "compound", "compound", "dobj", "cc", "conj", "prep", "pobj"],
                   pos=["NOUN", "VERB", "DET", "PROPN", "PROPN", "PROPN", "PROPN", "CCONJ", "PROPN", "ADP", "PROPN"],
                   ents=[(2, 5, "ORG"), (5, 7, "ORG"), (8, 11, "ORG")])
    assert sentences.name_spans(doc) == [[0, 2, 7, 6, "ORG"], [0, 8, 11, 8, "ORG"]]


def test_name_spans_leave_out_numbers_and_dates():
    doc = make_doc(["24", "jets", "in", "May"], [1, 1, 1, 2], ["nummod", "ROOT", "prep", "pobj"],
                   ents=[(0, 1, "CARDINAL"), (3, 4, "DATE")])
    assert sentences.name_spans(doc) == []


def _token_pairs(doc, wanted):
    """arcs._pairs as it read Token objects before it read arrays: the oracle for the array form."""
    out = []
    for i in wanted.nonzero()[0]:
        t = doc[int(i)]
        if t.head.i == t.i:
            continue
        if t.dep_ == "pobj":
            if t.head.dep_ == "prep" and t.head.head.i != t.head.i:
                out.append((t.head.head.i, t.i))
        elif t.dep_ == "acl":
            if t.tag_ in ("VBN", "VBD"):
                out.append((t.i, t.head.i))
        else:
            out.append((t.head.i, t.i))
    return out


def test_arcs_pairs_read_off_arrays_as_off_tokens():
    # In talks (a root preposition), buyers of jets made in Ohio and tanks sitting idle bought drones .
    words = ["In", "talks", "buyers", "of", "jets", "made", "in", "Ohio", "and", "tanks", "sitting", "idle",
             "bought", "drones", "."]
    heads = [0, 0, 12, 2, 3, 4, 5, 6, 4, 4, 9, 10, 12, 12, 12]
    deps = ["ROOT", "pobj", "nsubj", "prep", "pobj", "acl", "prep", "pobj", "cc", "conj", "acl", "acomp",
            "ROOT", "dobj", "punct"]
    tags = ["IN", "NNS", "NNS", "IN", "NNS", "VBN", "IN", "NNP", "CC", "NNS", "VBG", "JJ", "VBD", "NNS", "."]
    doc = make_doc(words, heads, deps, tags=tags, sent_starts=[True] + [False] * 14)
    import numpy as np
    wanted = np.ones(len(doc), dtype=bool)
    got = arcs._pairs(doc, wanted)
    assert got == _token_pairs(doc, wanted)
    assert (0, 1) not in got and (2, 4) in got and (5, 4) in got and (10, 9) not in got and (12, 13) in got
