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
