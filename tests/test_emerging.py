"""Emerging-term candidates (key phrases and names from a Doc) and phrase suggestions for the taxonomy.
The significance test itself is in test_emerging_scoring.py."""
from datetime import date

import pytest

from data_pipeline.nlp import key_phrases, sentences
from data_pipeline.topics import emerging


def _analysis(nlp, text, names=False):
    doc = nlp(text)
    return {"sent_lemmas": sentences.sentence_lemmas(doc), "sent_offsets": sentences.sentence_offsets(doc),
            "key_phrases": key_phrases.key_phrases(doc), "name_spans": sentences.name_spans(doc) if names else []}


def test_emerging_log_odds_z_is_zero_for_equal_rates_and_grows_with_the_burst():
    assert emerging.log_odds_z(5, 10, 25, 50) == pytest.approx(0.0)
    assert emerging.log_odds_z(2, 10, 2, 50) < emerging.log_odds_z(5, 10, 2, 50) < emerging.log_odds_z(9, 10, 2, 50)
    assert emerging.log_odds_z(0, 10, 20, 50) < 0


def test_emerging_key_phrases_are_trimmed_noun_chunks(nlp):
    text = "Yesterday the drone strikes hit a fuel depot.\nOfficials inspected both fuel depots."
    terms = emerging.article_terms(_analysis(nlp, text), text)
    assert ("drone strike", "drone strikes", 0, "phrase") in terms
    assert {(k, s) for k, s, _, _ in terms} >= {("fuel depot", "fuel depot"), ("fuel depot", "fuel depots")}
    for key, surface, _, _ in terms:
        assert not surface.lower().startswith(("the ", "a "))


def test_emerging_key_phrases_leave_out_people_and_places(nlp):
    text = "President Maria Lindqvist met Prime Minister Tomas Berg in Oslo."
    surfaces = {s for _, s, _, _ in emerging.article_terms(_analysis(nlp, text), text)}
    assert not any("Lindqvist" in s or "Berg" in s or s == "Oslo" for s in surfaces)


def test_emerging_names_are_candidates_with_their_label(nlp):
    text = "President Maria Lindqvist met Prime Minister Tomas Berg in Oslo."
    found = {(k, kind) for k, _, _, kind in emerging.article_terms(_analysis(nlp, text, names=True), text)}
    assert {("maria lindqvist", "PERSON"), ("oslo", "GPE")} <= found


@pytest.mark.parametrize("text", ["The ministers held a separate telephone conversation on Monday.",
                                  "Both sides issued a joint statement after the exchange of views."])
def test_emerging_phrases_of_reporting_words_only_are_not_candidates(nlp, text):
    assert [t for t in emerging.article_terms(_analysis(nlp, text), text) if t[3] == "phrase"] == []


def test_emerging_a_subject_beside_reporting_words_stays(nlp):
    text = "The envoys opened peace talks in the capital."
    assert "peace talk" in {k for k, _, _, _ in emerging.article_terms(_analysis(nlp, text), text)}


def test_emerging_suggest_skips_covered_terms_and_ranks_untagged_first():
    p = "phrase"
    items = [
        (date(2023, 1, 1), [("drone strike", "drone strikes", 0, p), ("fuel depot", "fuel depot", 1, p)], {0: {"war"}}),
        (date(2023, 2, 1), [("drone strike", "drone strikes", 0, p), ("fuel depot", "fuel depots", 0, p)], {}),
        (date(2023, 3, 1), [("fuel depot", "fuel depot", 2, p), ("peace talk", "peace talks", 0, p)], {}),
        (date(2023, 3, 2), [("peace talk", "peace talks", 0, p), ("anna berg", "Anna Berg", 0, "PERSON")], {}),
        (date(2023, 3, 3), [("anna berg", "Anna Berg", 0, "PERSON")], {}),
    ]
    rows = emerging.suggest(items, covered=lambda key: key == "peace talk")
    assert [(r["term"], r["articles"], r["untagged"]) for r in rows] == [("fuel depot", 3, 3), ("drone strikes", 2, 1)]
    # the precision estimate: the share of the phrase's articles that already carry its most common topic
    assert [(r["topic"], r["precision"]) for r in rows] == [("war", 0.33), ("war", 0.5)]


def test_emerging_suggest_leaves_single_words_out_by_default():
    items = [(date(2023, 1, 1), [("tank", "tanks", 0, "phrase")], {}), (date(2023, 2, 1), [("tank", "tank", 0, "phrase")], {})]
    assert emerging.suggest(items, covered=lambda key: False) == []
    assert [r["term"] for r in emerging.suggest(items, covered=lambda key: False, min_words=1)] == ["tank"]


def test_emerging_key_phrases_keep_the_theme_after_names_and_places(nlp):
    text = "Officials confirmed the latest Norwegian arms deliveries to Finland."
    surfaces = {s for _, s, _, _ in emerging.article_terms(_analysis(nlp, text), text)}
    assert "arms deliveries" in surfaces
    assert not any("Norwegian" in s or "latest" in s for s in surfaces)


def test_emerging_key_phrases_skip_line_breaks_and_other_scripts(nlp):
    text = "Border Guards Report Calm\n\nField Hospital Opens\nThe ministry opened a field hospital. Мирные переговоры продолжаются."
    surfaces = {s for _, s, _, _ in emerging.article_terms(_analysis(nlp, text), text)}
    assert "field hospital" in surfaces
    assert not any("\n" in s or any("А" <= c <= "я" for c in s) for s in surfaces)


def _names_analysis(text, spans):
    """A hand-built analysis of one sentence split on spaces, with name spans [(first, last, label)]."""
    words, offsets, at = text.split(" "), [], 0
    for w in words:
        offsets.append([at, at + len(w)])
        at += len(w) + 1
    return {"sent_lemmas": [[w.lower() for w in words]], "sent_offsets": [offsets], "key_phrases": [],
            "name_spans": [[0, first, last, last - 1, label] for first, last, label in spans]}


def test_emerging_a_surname_alone_counts_as_the_full_name_of_the_same_article():
    text = "Senator Ines Vallo spoke . Vallo said Vallo ’s plan stands ."
    an = _names_analysis(text, [(1, 3, "PERSON"), (5, 6, "PERSON"), (7, 9, "ORG")])
    found = [(k, s, kind) for k, s, _, kind in emerging.article_terms(an, text)]
    assert found == [("ines vallo", "Ines Vallo", "PERSON"), ("ines vallo", "Ines Vallo", "PERSON"),
                     ("ines vallo", "Ines Vallo", "ORG")]  # the possessive "’s" is no part of the name


def test_emerging_a_leading_party_word_joins_the_shorter_full_name():
    text = "Democrat Rui Sol met Rui Sol ."
    an = _names_analysis(text, [(0, 3, "PERSON"), (4, 6, "PERSON")])
    assert {k for k, _, _, _ in emerging.article_terms(an, text)} == {"rui sol"}


def test_emerging_an_ambiguous_surname_is_left_alone():
    text = "Ana Berg and Ola Berg agree , Berg said ."
    an = _names_analysis(text, [(0, 2, "PERSON"), (3, 5, "PERSON"), (7, 8, "PERSON")])
    assert {k for k, _, _, _ in emerging.article_terms(an, text)} == {"ana berg", "ola berg", "berg"}


def test_emerging_cyrillic_names_are_keyed_by_their_lemmas():
    text = "Министр прибыл в Таллин , затем в Таллине ."
    an = _names_analysis(text, [(3, 4, "LOC"), (7, 8, "LOC")])
    an["sent_lemmas"][0][7] = "таллин"  # what the Russian lemmatiser gives for the locative form
    assert {(k, s) for k, s, _, _ in emerging.article_terms(an, text)} == {("таллин", "Таллин"),
                                                                            ("таллин", "Таллине")}


@pytest.mark.parametrize("text", ["The envoys met behind closed doors in the capital.",
                                  "Senior officials told local media that prices rose by two percentage points."])
def test_emerging_generic_and_number_phrases_are_not_candidates(nlp, text):
    phrases = [s for _, s, _, kind in emerging.article_terms(_analysis(nlp, text), text) if kind == "phrase"]
    assert phrases == []


def test_emerging_a_surname_tagged_as_an_organisation_joins_the_person():
    text = "Judge Oda Lind ruled . Lind appealed ."
    an = _names_analysis(text, [(1, 3, "PERSON"), (5, 6, "ORG")])
    assert {k for k, _, _, _ in emerging.article_terms(an, text)} == {"oda lind"}


@pytest.mark.parametrize("text, kept", [("LISBON (Harbor Wire) - Port workers in Lisbon struck .", {"lisbon"}),
                                        ("OSLO , May 2 , Kite Daily . Oslo hosted talks .", {"oslo"}),
                                        ("Oslo , the capital , hosted talks .", {"oslo"})])
def test_emerging_the_place_of_a_dateline_is_not_a_candidate(text, kept):
    words = text.split(" ")
    spans = [(i, i + 1, "GPE") for i, w in enumerate(words) if w.lower() in ("lisbon", "oslo")]
    found = [(k, s) for k, s, _, _ in emerging.article_terms(_names_analysis(text, spans), text)]
    assert {k for k, _ in found} == kept and all(not s.isupper() for _, s in found)
