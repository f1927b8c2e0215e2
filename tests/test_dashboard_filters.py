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
    assert params["person"] == ["Anna Berg"] and params["from"] == ["2024-01-02"] and params["to"] == ["2024-03-04"]
    assert flt.from_query_params(params, labels) == f


def test_filters_from_query_params_ignores_malformed_values():
    f = flt.from_query_params({"dates": ["not-a-date", "2024-01-01"], "conf": ["lots"], "unknown": ["1"]})
    assert f == Filters(end=date(2024, 1, 1))


def test_filters_without_resets_named_fields():
    f = Filters(topics=("t",), people=("p",))
    assert flt.without(f, "topics") == Filters(people=("p",))


def test_filters_check_link_keeps_what_the_build_has_and_names_the_rest():
    keep, notes = flt.check_link({"person": ["Anna Berg", "Nobody Known"], "dates": ["2021-01-01", "2099-06-30"]},
                                 {"person": {"Anna Berg"}}, (date(2020, 5, 1), date(2024, 6, 30)))
    assert keep["person"] == ["Anna Berg"] and (keep["from"], keep["to"]) == ("2021-01-01", "2099-06-30")
    assert notes == ["People not in this build, left out of the filter: “Nobody Known”"]


def test_filters_check_link_names_malformed_and_impossible_dates():
    keep, notes = flt.check_link({"from": ["2030-01-01"], "to": ["2031-01-01"]}, {}, (date(2020, 1, 1), date(2024, 1, 1)))
    assert (keep["from"], keep["to"]) == ("2030-01-01", "2031-01-01") and "outside" in notes[0]
    keep, notes = flt.check_link({"from": ["2021-13-45"], "to": ["2022"]}, {}, (date(2020, 1, 1), date(2024, 1, 1)))
    assert (keep["from"], keep["to"]) == ("", "2022-12-31") and "2021-13-45" in notes[0]
    assert flt.check_link({"person": ["A"], "from": ["2021-01-01"]}, {"person": {"A"}},
                          (date(2020, 1, 1), date(2024, 1, 1)))[1] == []


def test_filters_parse_day_takes_years_and_months_as_their_first_or_last_day():
    assert flt.parse_day("2024") == date(2024, 1, 1) and flt.parse_day("2024", end=True) == date(2024, 12, 31)
    assert flt.parse_day("2024-02", end=True) == date(2024, 2, 29) and flt.parse_day("2024/03/05") == date(2024, 3, 5)
    assert flt.parse_day(" ") is None
    for bad in ("yesterday", "24-01-01", "2024-1-1-1", "2024-02-30"):
        with pytest.raises(ValueError):
            flt.parse_day(bad)


def test_filters_undated_meetings_switch_only_matters_under_a_date_range():
    assert "e.date IS NOT NULL" not in flt.event_where(Filters(undated_meetings=False))[0]
    assert "e.date IS NOT NULL" in flt.event_where(Filters(start=date(2024, 1, 1), undated_meetings=False))[0]
    assert Filters(undated_meetings=False).is_empty()


def test_filters_kinds_travel_in_the_url_as_words():
    params = flt.to_query_params(Filters(kinds=("phone_call",)))
    assert params == {"kind": ["phone call"]}
    assert flt.from_query_params(params) == Filters(kinds=("phone_call",))


def test_filters_place_filter_restricts_meetings_and_their_articles():
    sql, params = flt.event_where(Filters(places=("Oslo",)))
    assert "place" in sql and ["Oslo"] in params
    assert "mtg" in flt.article_where(Filters(places=("Oslo",)))[0]
