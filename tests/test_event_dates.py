"""Event date resolution: explicit, relative, across a year boundary, and the article-date default."""
from __future__ import annotations

from datetime import date

import pytest

from data_pipeline.nlp.event_dates import event_date, parse_date

PUB = date(2023, 3, 15)  # a Wednesday


@pytest.mark.parametrize("text, published, future, expected", [
    ("March 2", PUB, False, (date(2023, 3, 2), "text")),
    ("2 March", PUB, False, (date(2023, 3, 2), "text")),
    ("on Aug. 5, 2021", PUB, False, (date(2021, 8, 5), "text")),
    ("December 28", date(2024, 1, 3), False, (date(2023, 12, 28), "text")),  # last year's December
    ("January 5", date(2023, 12, 29), True, (date(2024, 1, 5), "text")),  # a planned meeting next January
    ("March 20-21", PUB, True, (date(2023, 3, 20), "text")),
    ("yesterday", PUB, False, (date(2023, 3, 14), "relative")),
    ("last week", PUB, False, (date(2023, 3, 8), "relative")),
    ("Monday", PUB, False, (date(2023, 3, 13), "relative")),
    ("Wednesday", PUB, False, (date(2023, 3, 15), "relative")),  # the day of publication
    ("Friday", PUB, True, (date(2023, 3, 17), "relative")),
    ("March 2", None, False, (None, "none")),  # no year to anchor it
    ("Monday", None, False, (None, "none")),
    ("last year", PUB, False, (None, "none")),
    ("September", PUB, False, (None, "none")),
    ("two months", PUB, False, (None, "none")),
])
def test_event_dates_parse(text, published, future, expected):
    assert parse_date(text, published, future) == expected


def test_event_dates_same_day_follows_the_narrative_context():
    assert parse_date("the same day", PUB, context=date(2023, 3, 9)) == (date(2023, 3, 9), "text")
    assert parse_date("the following day", PUB, context=date(2023, 3, 9)) == (date(2023, 3, 10), "text")
    assert parse_date("that day", PUB) == (None, "none")


def test_event_dates_never_default_to_the_article_date(nlp):
    doc = nlp("Kamala Harris met Emmanuel Macron.")
    met = doc[2]
    assert event_date(met, met, "held", PUB, (None, "none")) == (None, "none")
    assert event_date(met, met, "planned", PUB, (None, "none")) == (None, "none")
    assert event_date(met, met, "held", None, (None, "none")) == (None, "none")


def test_event_dates_ignore_a_date_of_another_clause(nlp):
    doc = nlp("Scholz said on Monday that he had met Macron in Paris.")
    met = next(t for t in doc if t.lemma_ == "meet")
    assert event_date(met, met, "held", PUB, (None, "none")) == (None, "none")


@pytest.mark.parametrize("text", ["December 30", "Thursday", "tomorrow", "January 3"])
def test_event_dates_at_the_end_of_the_calendar_give_no_date_instead_of_an_error(text):
    """A report dated 9999-12-31 (a placeholder): a relative or yearless date there may not exist."""
    when, _ = parse_date(text, date.max, future=True)
    assert when is None or when <= date.max
