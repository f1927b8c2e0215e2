"""Mention cleaning on hand-built Docs, and mention extraction on small real sentences."""
import pytest
from spacy.tokens import Doc
import spacy

from data_pipeline.nlp import mentions

VOCAB = spacy.blank("en").vocab


def make_doc(words, tags, ents, spaces=None):
    """A Doc with tags, one sentence and entities given as (start, end, label) token ranges."""
    doc = Doc(VOCAB, words=words, spaces=spaces, tags=tags, sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=lab) for s, e, lab in ents]
    return doc


def test_mentions_strip_person_drops_leading_verb_and_title():
    doc = make_doc(["Thanking", "Minister", "Petrosyan", ",", "he", "left"],
                   ["VBG", "NNP", "NNP", ",", "PRP", "VBD"], [(0, 3, "PERSON")])
    assert mentions.strip_person(doc.ents[0]).text == "Petrosyan"


def test_mentions_trim_possessive():
    doc = make_doc(["Gasparyan", "’s", "remarks"], ["NNP", "POS", "NNS"], [(0, 2, "PERSON")], [False, True, False])
    assert mentions.trim(doc.ents[0]).text == "Gasparyan"


def test_mentions_split_lines_splits_at_line_breaks():
    doc = make_doc(["Georgia", "\n\n", "Abashidze"], ["NNP", "_SP", "NNP"], [(0, 3, "ORG")], [False, False, False])
    assert [s.text for s in mentions.split_lines(doc.ents[0])] == ["Georgia", "Abashidze"]


def test_mentions_person_tail_split_off_organisation_span():
    words = ["director", "of", "the", "Federal", "Customs", "Service", "Ruslan", "Davydov", "said"]
    tags = ["NN", "IN", "DT", "NNP", "NNP", "NNP", "NNP", "NNP", "VBD"]
    doc = make_doc(words, tags, [(2, 8, "ORG")])
    out = mentions.clean_spans(doc.ents[0])
    assert [(s.text, lab) for s, lab in out] == [("Federal Customs Service", "ORG"), ("Ruslan Davydov", "PERSON")]


def test_mentions_person_tail_not_split_from_place_names():
    words = ["the", "Bank", "of", "New", "York"]
    doc = make_doc(words, ["DT", "NNP", "IN", "NNP", "NNP"], [(0, 5, "ORG")])
    assert [s.text for s, _ in mentions.clean_spans(doc.ents[0])] == ["Bank of New York"]


def test_mentions_non_latin_spans_dropped():
    doc = make_doc(["использование", "файлов"], ["NNP", "NNP"], [(0, 2, "PERSON")])
    assert mentions.clean_spans(doc.ents[0]) == []


@pytest.fixture(scope="module")
def extracted(nlp):
    def run(text):
        return mentions.extract(nlp(text))
    return run


def test_mentions_keys_and_offsets(extracted):
    text = "Georgian Foreign Minister Ilia Darchiashvili met his Turkish counterpart Hakan Fidan in Ankara."
    found = extracted(text)
    assert found
    for m in found:
        assert {"text", "start", "end", "sentence", "label", "kind", "tokens"} <= set(m)
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["tokens"][0] < m["tokens"][1]


def test_mentions_role_from_title_before_name(extracted):
    found = extracted("Georgian Foreign Minister Ilia Darchiashvili met his Turkish counterpart Hakan Fidan in Ankara.")
    by_text = {m["text"]: m for m in found}
    assert by_text["Ilia Darchiashvili"]["role"] == {"role": "Foreign Minister", "org": None, "country": "Georgia"}
    assert by_text["Hakan Fidan"]["role"]["country"] == "Turkey"


def test_mentions_role_with_organisation(extracted):
    found = extracted("Kazakh Defense Ministry spokesman Nurlan Abenov said the drills were routine.")
    role = next(m["role"] for m in found if m["text"] == "Nurlan Abenov")
    assert role["role"] == "spokesman" and role["org"] == "Kazakh Defense Ministry" and role["country"] == "Kazakhstan"


def test_mentions_no_participle_fragment():
    from conftest import parsed
    # Welcoming Tamaz Beridze to the capital, Okan Demir praised the partnership.  (all one PERSON span)
    doc = parsed("Welcoming/VERB:VBG/advcl/9/PERSON/=welcome Tamaz/PROPN/compound/2/PERSON Beridze/PROPN/dobj/0/PERSON "
                 "to/ADP/prep/0 the/DET/det/5 capital/NOUN/pobj/3 ,/PUNCT:,/punct/9 Okan/PROPN/compound/8/B-PERSON "
                 "Demir/PROPN/nsubj/9/PERSON praised/VERB/ROOT/9/=praise the/DET/det/11 partnership/NOUN/dobj/9 "
                 "./PUNCT/punct/9")
    assert _names(doc) == [("Tamaz Beridze", "PERSON"), ("Okan Demir", "PERSON")]


def test_mentions_title_only_reference():
    from conftest import parsed
    # The talks followed a call between Beridze and the Turkish foreign minister last week.
    doc = parsed("The/DET/det/1 talks/NOUN:NNS/nsubj/2/=talk followed/VERB/ROOT/2/=follow a/DET/det/4 call/NOUN/dobj/2 "
                 "between/ADP/prep/4 Beridze/PROPN/pobj/5/PERSON and/CCONJ/cc/6 the/DET/det/11 "
                 "Turkish/ADJ/amod/11/NORP foreign/ADJ/amod/11 minister/NOUN/conj/6 last/ADJ/amod/13/DATE "
                 "week/NOUN/npadvmod/2/DATE ./PUNCT/punct/2")
    titles = [m for m in mentions.extract(doc) if m["kind"] == "title"]
    assert [t["text"] for t in titles] == ["the Turkish foreign minister"]
    assert titles[0]["role"]["country"] == "Turkey" and titles[0]["label"] == "PERSON"


def test_mentions_title_followed_by_name_is_not_title_only():
    from conftest import parsed
    # Georgian Foreign Minister Tamaz Beridze arrived in Baku.
    doc = parsed("Georgian/ADJ/amod/2/NORP Foreign/PROPN/compound/2 Minister/PROPN/compound/4 "
                 "Tamaz/PROPN/compound/4/PERSON Beridze/PROPN/nsubj/5/PERSON arrived/VERB/ROOT/5/=arrive "
                 "in/ADP/prep/5 Baku/PROPN/pobj/6/GPE ./PUNCT/punct/5")
    found = mentions.extract(doc)
    assert not [m for m in found if m["kind"] == "title"]
    assert [m["text"] for m in found if m["label"] == "PERSON"] == ["Tamaz Beridze"]


def test_mentions_boilerplate_words_are_not_names(nlp):
    doc = Doc(nlp.vocab, words=["Accept", "All", "Cookies"], tags=["NNP", "NNP", "NNP"],
              sent_starts=[True, False, False])
    assert mentions.boilerplate_name(doc[0:2])
    doc = Doc(nlp.vocab, words=["John", "Baker"], tags=["NNP", "NNP"], sent_starts=[True, False])
    assert not mentions.boilerplate_name(doc[0:2])


def test_mentions_credit_lines_are_not_people():
    from conftest import parsed
    # The drills ended on Friday. (Reporting by Olga Marchenko; Editing by Tom Hale)
    doc = parsed("The/DET/det/1 drills/NOUN:NNS/nsubj/2/=drill ended/VERB/ROOT/2/=end on/ADP/prep/2 "
                 "Friday/PROPN/pobj/3/DATE ./PUNCT/punct/2 (/PUNCT:-LRB-/punct/7 Reporting/VERB:VBG/ROOT/7/=report "
                 "by/ADP/prep/7 Olga/PROPN/compound/10/PERSON Marchenko/PROPN/pobj/8/PERSON ;/PUNCT::/punct/7 "
                 "Editing/NOUN/conj/7 by/ADP/agent/12 Tom/PROPN/compound/15/B-PERSON Hale/PROPN/pobj/13/PERSON "
                 ")/PUNCT:-RRB-/punct/12")
    assert not [m for m in mentions.extract(doc) if m["label"] == "PERSON"]


def test_mentions_untagged_proper_nouns_after_a_title():
    words = ["Minister", "of", "Defense", "Tonoyants", "emphasized", "peace"]
    doc = make_doc(words, ["NNP", "IN", "NNP", "NNP", "VBD", "NN"], [])
    spans = mentions.untagged_spans(doc, set())
    assert [s.text for s in spans] == ["Tonoyants"]


def test_mentions_headline_verbs_split_person_spans(nlp):
    words = ["Petrosyan", "Meets", "Orban", "In", "Budapest"]
    doc = Doc(nlp.vocab, words=words, tags=["NNP"] * 5, sent_starts=[True] + [False] * 4)
    doc.ents = [doc.char_span(0, len("Petrosyan Meets Orban"), label="PERSON")]
    assert [s.text for s, _ in mentions.clean_spans(doc.ents[0])] == ["Petrosyan", "Orban"]


def test_mentions_prose_person_span_not_split(nlp):
    words = ["Maxine", "Waters", "said", "it", "was", "late"]
    doc = Doc(nlp.vocab, words=words, tags=["NNP", "NNP", "VBD", "PRP", "VBD", "JJ"],
              sent_starts=[True] + [False] * 5)
    doc.ents = [doc.char_span(0, len("Maxine Waters"), label="PERSON")]
    assert [s.text for s, _ in mentions.clean_spans(doc.ents[0])] == ["Maxine Waters"]


def _names(doc):
    return [(m["text"], m["label"]) for m in mentions.extract(doc) if m["kind"] == "name"]


def test_mentions_name_held_by_particles_replaces_the_tagger_pieces():
    from conftest import parsed
    # Envoy Pieter van den Broek met Khalid bin Nasser Al Harthy.
    doc = parsed("Envoy/PROPN/compound/4 Pieter/PROPN/compound/4/ORG van/PROPN/compound/4 den/PROPN/compound/4 "
                 "Broek/PROPN/nsubj/5/GPE met/VERB/ROOT/5/=meet Khalid/PROPN/compound/10/PERSON bin/PROPN/compound/10 "
                 "Nasser/PROPN/compound/10 Al/PROPN/compound/10/B-PERSON Harthy/PROPN/dobj/5/PERSON ./PUNCT/punct/5")
    assert _names(doc) == [("Pieter van den Broek", "PERSON"), ("Khalid bin Nasser Al Harthy", "PERSON")]


def test_mentions_hyphenated_given_name_stays_whole():
    from conftest import parsed
    doc = parsed("Park/PROPN/compound/3 Ji/PROPN/compound/3 -/PUNCT/punct/3 hoon/PROPN/nsubj/4 met/VERB/ROOT/4/=meet "
                 "Omar/PROPN/compound/6/PERSON Haddad/PROPN/dobj/4/PERSON ./PUNCT/punct/4", glued=(1, 2))
    assert doc.text.startswith("Park Ji-hoon met")
    assert ("Park Ji-hoon", "PERSON") in _names(doc)


def test_mentions_a_place_with_a_particle_is_no_person():
    from conftest import parsed
    # They spoke at the Casa de Oro and flew to Rio de Janeiro.
    doc = parsed("They/PRON/nsubj/1 spoke/VERB/ROOT/1/=speak at/ADP/prep/1 the/DET/det/6 Casa/PROPN/compound/6 "
                 "de/PROPN/compound/6 Oro/PROPN/pobj/2 and/CCONJ/cc/1 flew/VERB/conj/1/=fly to/ADP/prep/8 "
                 "Rio/PROPN/compound/12/GPE de/PROPN/compound/12/GPE Janeiro/PROPN/pobj/9/GPE ./PUNCT/punct/1")
    assert not [t for t, lab in _names(doc) if lab == "PERSON"]


def test_mentions_rank_abbreviations_are_no_names():
    from conftest import parsed
    # Brig. Gen. Tomas Eriksen met Lee.  (the tagger calls the given name a nationality)
    doc = parsed("Brig./PROPN/compound/3 Gen./PROPN/compound/3 Tomas/PROPN/compound/3/NORP Eriksen/PROPN/nsubj/4 "
                 "met/VERB/ROOT/4/=meet Lee/PROPN/dobj/4/PERSON ./PUNCT/punct/4")
    assert _names(doc) == [("Tomas Eriksen", "PERSON"), ("Lee", "PERSON")]


def test_mentions_person_widened_over_given_names_and_suffix_but_not_titles():
    from conftest import parsed
    # Speaker Hana J. Novakova met Edwin Cole Jr. and Emperor Akio.
    doc = parsed("Speaker/PROPN/compound/3 Hana/PROPN/compound/3 J./PROPN/compound/3 Novakova/PROPN/nsubj/4/PERSON "
                 "met/VERB/ROOT/4/=meet Edwin/PROPN/compound/6/PERSON Cole/PROPN/dobj/4/PERSON Jr./PROPN/appos/6 "
                 "and/CCONJ/cc/6 Emperor/PROPN/compound/10 Akio/PROPN/conj/6/PERSON ./PUNCT/punct/4")
    assert [n for n in _names(doc) if n[1] == "PERSON"] == [("Hana J. Novakova", "PERSON"), ("Edwin Cole Jr.", "PERSON"),
                                                            ("Akio", "PERSON")]


def test_mentions_phrases_ending_in_a_thing_are_no_people():
    from conftest import parsed
    doc = parsed("The/DET/det/2 Sunrise/PROPN/compound/2/PERSON Agreement/PROPN/nsubj/3/PERSON holds/VERB/ROOT/3/=hold "
                 "./PUNCT/punct/3")
    assert _names(doc) == [("Sunrise Agreement", "ORG")]


def test_mentions_dateline_city_and_foreign_title_are_not_name_parts():
    from conftest import parsed
    doc = parsed("ANKARA/PROPN/compound/2/PERSON Mehmet/PROPN/compound/2/PERSON Yilmaz/PROPN/nsubj/3/PERSON "
                 "met/VERB/ROOT/3/=meet Bundesminister/PROPN/compound/6/PERSON Karl/PROPN/compound/6/PERSON "
                 "Weber/PROPN/dobj/3/PERSON ./PUNCT/punct/3")
    assert [n for n in _names(doc) if n[1] == "PERSON"] == [("Mehmet Yilmaz", "PERSON"), ("Karl Weber", "PERSON")]


@pytest.mark.parametrize("end, names", [("", ["Erik Lund"]), (" ./PUNCT/punct/3", ["Erik Lund", "Sofie"])])
def test_mentions_name_cut_off_by_a_truncated_text_is_dropped(end, names):
    from conftest import parsed
    # Erik Lund later called Sofie   (the page stops there)
    doc = parsed("Erik/PROPN/compound/1/PERSON Lund/PROPN/nsubj/3/PERSON later/ADV/advmod/3 called/VERB/ROOT/3/=call "
                 "Sofie/PROPN/dobj/3/PERSON" + end)
    assert [t for t, lab in _names(doc) if lab == "PERSON"] == names


def test_mentions_a_place_before_the_particle_is_no_person():
    from conftest import parsed
    # The governor of Rio Grande do Sul spoke.  (the tagger left the state untagged)
    doc = parsed("The/DET/det/1 governor/NOUN/nsubj/7 of/ADP/prep/1 Rio/PROPN/compound/4 Grande/PROPN/compound/6 "
                 "do/PROPN/compound/6 Sul/PROPN/pobj/2 spoke/VERB/ROOT/7/=speak ./PUNCT/punct/7")
    assert not [t for t, lab in _names(doc) if lab == "PERSON"]


@pytest.mark.parametrize("words,tags,label,expected", [
    (["Mr", "Tanaka", "spoke"], ["NNP", "NNP", "VBD"], "FAC", [("Tanaka", "PERSON")]),
    (["PM", "Keo", "Vanna", "left"], ["NNP", "NNP", "NNP", "VBD"], "ORG", [("Keo Vanna", "PERSON")]),
    (["General", "Motors", "rose"], ["NNP", "NNPS", "VBD"], "ORG", [("General Motors", "ORG")]),
    (["Mr", "Ministry", "staff"], ["NNP", "NNP", "NN"], "ORG", [("Mr Ministry", "ORG")]),
])
def test_mentions_honorific_makes_a_person_of_a_non_person_span(words, tags, label, expected):
    doc = make_doc(words, tags, [(0, len(words) - 1, label)])
    assert [(s.text, lab) for s, lab in mentions.clean_spans(doc.ents[0])] == expected


def test_mentions_person_tail_with_a_middle_initial_and_a_suffix():
    words = ["Secretary", "of", "Public", "Works", "Daniel", "R.", "Okoro", "Jr.", "arrived"]
    tags = ["NNP", "IN", "NNP", "NNP", "NNP", "NNP", "NNP", "NNP", "VBD"]
    doc = make_doc(words, tags, [(2, 8, "ORG")])
    assert [(s.text, lab) for s, lab in mentions.clean_spans(doc.ents[0])] == [
        ("Public Works", "ORG"), ("Daniel R. Okoro Jr.", "PERSON")]
