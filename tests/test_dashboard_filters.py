"""Filter state → SQL where-clauses (values only as parameters) and ↔ URL query parameters."""
from datetime import date

import pytest

from dashboard import filters as flt
from dashboard.filters import Filters

HOSTILE = "x'); DROP TABLE articles; --"


def test_filters_make_treats_full_date_range_as_no_filter():
    f = flt.make(date(2024, 1, 1), date(2024, 2, 1), bounds=(date(2024, 1, 1), date(2024, 2, 1)))
    assert f.start is None and f.end is None and f.is_empty()


def test_filters_make_keeps_narrowed_dates_and_sorts_lists():
    f = flt.make(date(2024, 1, 5), date(2024, 2, 1), bounds=(date(2024, 1, 1), date(2024, 2, 1)),
                 people=["p:b", "p:a", "p:a"])
    assert f.start == date(2024, 1, 5) and f.end is None
    assert f.people == ("p:a", "p:b")


@pytest.mark.parametrize("field", ["people", "orgs", "countries", "topics", "sources", "languages", "kinds",
                                   "statuses"])
def test_filters_where_clauses_carry_values_only_as_parameters(field):
    f = Filters(**{field: (HOSTILE,)})
    for sql, params in (flt.article_where(f), flt.event_where(f), flt.meeting_where(f)):
        assert HOSTILE not in sql
        if sql != "TRUE":
            assert sql.count("?") == len(params)
            assert [HOSTILE] in params


def test_filters_empty_filters_give_true_clauses():
    assert flt.article_where(Filters()) == ("TRUE", [])
    assert flt.event_where(Filters()) == ("TRUE", [])


def test_filters_event_clause_checks_reporting_articles_for_article_level_filters():
    sql, params = flt.event_where(Filters(sources=("Agency A",), kinds=("meeting",)))
    assert "evt_art" in sql and ["Agency A"] in params and ["meeting"] in params


def test_filters_language_restricts_articles_and_the_events_they_report():
    sql, params = flt.article_where(Filters(languages=("ru",)))
    assert "language" in sql and params == [["ru"]]
    sql, params = flt.event_where(Filters(languages=("ru",)))
    assert "evt_art" in sql and ["ru"] in params
    assert flt.from_query_params(flt.to_query_params(Filters(languages=("ru",)))) == Filters(languages=("ru",))


def test_filters_date_ranges_arrive_as_row_ranges():
    sql, params = flt.article_where(Filters(), (10, 20))
    assert sql == "x.aid BETWEEN ? AND ?" and params == [10, 20]
    sql, params = flt.event_where(Filters(people=("p:a",)), (3, 4))
    assert sql.startswith("e.ev BETWEEN ? AND ?") and params[:2] == [3, 4]


def test_filters_query_params_round_trip():
    labels = {"p:a": "Anna Berg", "o:x": "Acme"}
    f = Filters(start=date(2024, 1, 2), end=date(2024, 3, 4), people=("p:a",), orgs=("o:x",),
                topics=("arms supplies",), kinds=("meeting",), min_confidence=0.35)
    params = flt.to_query_params(f, labels)
    assert params["person"] == ["Anna Berg"]
    assert flt.from_query_params(params, labels) == f


def test_filters_from_query_params_ignores_malformed_values():
    f = flt.from_query_params({"dates": ["not-a-date", "2024-01-01"], "conf": ["lots"], "unknown": ["1"]})
    assert f == Filters(end=date(2024, 1, 1))


def test_filters_unique_labels_disambiguate_shared_names():
    labels = flt.unique_labels(["p:1", "p:2", "p:3"], {"p:1": "Ann Lee", "p:2": "Ann Lee", "p:3": "Bo"})
    assert labels["p:3"] == "Bo"
    assert labels["p:1"] != labels["p:2"] and "p:1" in labels["p:1"]


def test_filters_without_resets_named_fields():
    f = Filters(topics=("t",), people=("p",))
    assert flt.without(f, "topics") == Filters(people=("p",))
