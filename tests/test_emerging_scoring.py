"""The emerging-term test (store/emerging.py): evidence floors, learned background, the Dirichlet-prior score,
the sparse-corpus guard, and counting candidates per month (topics/emerging.py)."""
from datetime import date

import pytest

from data_pipeline.store import emerging as test
from data_pipeline.topics import emerging


def _corpus(months=6, per_month=12, burst_month=4, burst=6, sources=3):
    """(published, source, [(key, surface)]): 'drone strike' bursts in one month; boilerplate in every month."""
    docs = []
    for m in range(1, months + 1):
        for i in range(per_month):
            terms = [("telephone conversation", "telephone conversation")] if i < 4 else []
            if i < (burst if m == burst_month else 1):
                terms.append(("drone strike", "drone strikes"))
            docs.append((date(2023, m, 1 + i), f"outlet{i % sources}", terms))
    return docs


def _rows(docs, **limits):
    tc = emerging.count_terms(docs)
    return [{**r, "term": tc.display(r["term"])} for r in test.score(dict(tc.articles), tc.rows(), **limits)]


def test_emerging_finds_the_burst_and_not_the_boilerplate():
    rows = _rows(_corpus())
    assert [(r["month"], r["term"], r["count"]) for r in rows] == [(date(2023, 4, 1), "drone strikes", 6)]
    assert rows[0]["score"] >= test.MIN_SCORE and rows[0]["sources"] == 3


def test_emerging_boilerplate_counts_when_it_doubles():
    docs = _corpus()
    docs += [(date(2023, 2, 20 + i), f"outlet{i}", [("telephone conversation", "telephone conversation")])
             for i in range(8)]
    assert ("telephone conversation", date(2023, 2, 1)) in {(r["term"], r["month"]) for r in _rows(docs)}


def test_emerging_one_outlet_repeating_itself_is_not_a_trend():
    assert _rows(_corpus(sources=1)) == []


def test_emerging_needs_a_minimum_of_articles():
    assert _rows(_corpus(burst=2)) == []


def test_emerging_too_sparse_corpus_reports_nothing():
    assert test.too_sparse([3, 40, 2, 50]) and not test.too_sparse([12, 10, 30])
    assert _rows(_corpus(months=2)) == []


def test_emerging_undated_articles_are_not_counted():
    tc = emerging.count_terms([(None, "a", [("drone strike", "drone strikes")])] * 5
                              + [(date(2023, 1, 2), "a", [("talk", "talks")])])
    assert dict(tc.articles) == {date(2023, 1, 1): 1} and tc.total["drone strike"] == 0


def test_emerging_dirichlet_prior_shrinks_small_counts():
    # the same rate, 2 of 4 against 5 of 100, counts less as evidence than 20 of 40
    small = test.dirichlet_z(2, 4, 5, 100, share=7 / 104)
    large = test.dirichlet_z(20, 40, 5, 100, share=25 / 140)
    assert 0 < small < large
    assert test.dirichlet_z(5, 50, 10, 100, share=15 / 150) == pytest.approx(0.0, abs=1e-9)


def test_emerging_term_shown_in_its_most_frequent_spelling():
    # written "Drone Strikes" first (month 1) and 5 times in all, "drone strikes" 6 times (month 4)
    docs = [(d, s, [(k, "Drone Strikes" if (k == "drone strike" and d.month != 4) else f) for k, f in t])
            for d, s, t in _corpus()]
    assert [r["term"] for r in _rows(docs)] == ["drone strikes"]


def test_emerging_score_rows_are_best_first_and_capped_per_month():
    articles = {date(2023, m, 1): 20 for m in range(1, 6)}
    counts = [(date(2023, 3, 1), f"t{k}", 5 + k, 3) for k in range(6)]
    rows = test.score(articles, counts, top=4)
    assert [r["term"] for r in rows] == ["t5", "t4", "t3", "t2"]
    assert all(r["month"] == date(2023, 3, 1) for r in rows)


def test_emerging_the_corpus_outlets_are_never_terms():
    docs = [(date(2023, 1, 2), "Harbor Wire", [("harbor wire", "Harbor Wire"), ("grain deal", "grain deal")]),
            (date(2023, 1, 3), "Kite Daily / Harbor Wire", [("kite daily", "Kite Daily"), ("grain deal", "grain deal")])]
    tc = emerging.count_terms(docs)
    assert set(tc.total) == {"grain deal"}
    assert emerging.outlet_keys(["Kite Daily / Harbor Wire", None]) == {"kite daily", "harbor wire"}


def test_emerging_term_shown_as_written_in_running_text_not_in_a_dateline():
    docs = [(date(2023, 1, d), None, [("lisbon", "LISBON")]) for d in (1, 2, 3)] + [(date(2023, 1, 4), None, [("lisbon", "Lisbon")])]
    assert emerging.count_terms(docs).display("lisbon") == "Lisbon"


def test_emerging_cyrillic_term_shown_in_its_dictionary_form():
    forms = ["Таллине", "Таллине", "Таллине", "Таллин"]
    docs = [(date(2023, 1, d), None, [("таллин", f)]) for d, f in enumerate(forms, 1)]
    assert emerging.count_terms(docs).display("таллин") == "Таллин"
    forms = ["drone strikes", "drone strikes", "drone strike"]
    docs = [(date(2023, 1, d), None, [("drone strike", f)]) for d, f in enumerate(forms, 1)]
    assert emerging.count_terms(docs).display("drone strike") == "drone strikes"  # English: the most frequent
