"""Emerging terms: key phrases from a Doc, and the monthly log-odds burst score on a synthetic corpus."""
from datetime import date

import pytest

from data_pipeline.nlp import key_phrases, sentences
from data_pipeline.topics import emerging


def _synthetic(burst_month=4, months=6, per_month=10, burst=7):
    """Articles as (published, [(key, surface)]): 'drone strike' bursts in one month, others stay flat."""
    docs = []
    for m in range(1, months + 1):
        for i in range(per_month):
            terms = [("talk", "talks")]
            if i < 2:
                terms.append(("border guard", "border guards"))
            if i < (burst if m == burst_month else 1):
                terms.append(("drone strike", "drone strikes"))
            docs.append((date(2023, m, 1 + i), terms))
    return docs


def test_emerging_finds_the_known_burst():
    rows = emerging.emerging_terms(_synthetic())
    assert [(r["month"], r["term"], r["count"]) for r in rows] == [(date(2023, 4, 1), "drone strikes", 7)]
    assert rows[0]["score"] > 3


def test_emerging_flat_terms_never_emerge():
    rows = emerging.emerging_terms(_synthetic(), min_score=0.5)
    assert {r["term"] for r in rows} == {"drone strikes"}


def test_emerging_minimum_count_drops_rare_terms():
    docs = _synthetic() + [(date(2023, 2, 20), [("parade", "parade")])]
    assert "parade" not in {r["term"] for r in emerging.emerging_terms(docs, min_score=0.0)}
    assert "parade" in {r["term"] for r in emerging.emerging_terms(docs, min_count=1, min_score=0.0)}


def test_emerging_undated_articles_and_single_month_are_skipped():
    docs = [(None, [("drone strike", "drone strikes")])] * 5 + [(date(2023, 1, 2), [("talk", "talks")])] * 3
    assert emerging.emerging_terms(docs, min_count=1, min_score=-10) == []


def test_emerging_log_odds_z_is_zero_for_equal_rates_and_grows_with_the_burst():
    assert emerging.log_odds_z(5, 10, 25, 50) == pytest.approx(0.0)
    assert emerging.log_odds_z(2, 10, 2, 50) < emerging.log_odds_z(5, 10, 2, 50) < emerging.log_odds_z(9, 10, 2, 50)
    assert emerging.log_odds_z(0, 10, 20, 50) < 0


def test_emerging_term_shown_in_its_most_frequent_spelling():
    docs = [(date(2023, 1, 1), [("drone strike", "drone strikes")]), (date(2023, 1, 2), [("drone strike", "Drone strike")]),
            (date(2023, 1, 3), [("drone strike", "drone strikes")]), (date(2023, 2, 1), [("talk", "talks")])]
    rows = emerging.emerging_terms(docs, min_score=0.0)
    assert [r["term"] for r in rows] == ["drone strikes"]


def _analysis(nlp, text):
    doc = nlp(text)
    return {"sent_lemmas": sentences.sentence_lemmas(doc), "sent_offsets": sentences.sentence_offsets(doc),
            "key_phrases": key_phrases.key_phrases(doc)}


def test_emerging_key_phrases_are_trimmed_noun_chunks(nlp):
    text = "Yesterday the drone strikes hit a fuel depot.\nOfficials inspected both fuel depots."
    terms = emerging.article_terms(_analysis(nlp, text), text)
    assert ("drone strike", "drone strikes", 0) in terms
    assert {(k, s) for k, s, _ in terms} >= {("fuel depot", "fuel depot"), ("fuel depot", "fuel depots")}
    for key, surface, _ in terms:
        assert not surface.lower().startswith(("the ", "a "))


def test_emerging_key_phrases_leave_out_people_and_places(nlp):
    text = "President Maria Lindqvist met Prime Minister Tomas Berg in Oslo."
    surfaces = {s for _, s, _ in emerging.article_terms(_analysis(nlp, text), text)}
    assert not any("Lindqvist" in s or "Berg" in s or s == "Oslo" for s in surfaces)


def test_emerging_suggest_skips_covered_terms_and_ranks_untagged_first():
    items = [
        (date(2023, 1, 1), [("drone strike", "drone strikes", 0), ("fuel depot", "fuel depot", 1)], {0}),
        (date(2023, 2, 1), [("drone strike", "drone strikes", 0), ("fuel depot", "fuel depots", 0)], set()),
        (date(2023, 3, 1), [("fuel depot", "fuel depot", 2), ("peace talk", "peace talks", 0)], set()),
        (date(2023, 3, 2), [("peace talk", "peace talks", 0)], set()),
    ]
    rows = emerging.suggest(items, covered=lambda key: key == "peace talk")
    assert [(r["term"], r["articles"], r["untagged"]) for r in rows] == [("fuel depot", 3, 3), ("drone strikes", 2, 1)]


def test_emerging_suggest_leaves_single_words_out_by_default():
    items = [(date(2023, 1, 1), [("tank", "tanks", 0)], set()), (date(2023, 2, 1), [("tank", "tank", 0)], set())]
    assert emerging.suggest(items, covered=lambda key: False) == []
    assert [r["term"] for r in emerging.suggest(items, covered=lambda key: False, min_words=1)] == ["tank"]


def test_emerging_key_phrases_keep_the_theme_after_names_and_places(nlp):
    text = "Officials confirmed the latest Norwegian arms deliveries to Finland."
    surfaces = {s for _, s, _ in emerging.article_terms(_analysis(nlp, text), text)}
    assert "arms deliveries" in surfaces
    assert not any("Norwegian" in s or "latest" in s for s in surfaces)


def test_emerging_key_phrases_skip_line_breaks_and_other_scripts(nlp):
    text = "Border Guards Report Calm\n\nField Hospital Opens\nThe ministry opened a field hospital. Мирные переговоры продолжаются."
    surfaces = {s for _, s, _ in emerging.article_terms(_analysis(nlp, text), text)}
    assert "field hospital" in surfaces
    assert not any("\n" in s or any("А" <= c <= "я" for c in s) for s in surfaces)
