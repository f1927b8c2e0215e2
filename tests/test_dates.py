from datetime import date

import pytest

from data_pipeline.ingest.published import BadDate, split_header


@pytest.mark.parametrize("raw,want,body", [
    (" date 2021-08-11 YEREVAN, AUGUST 11.", date(2021, 8, 11), "YEREVAN, AUGUST 11."),
    ("date 2020-11-21\nUrduPoint.com", date(2020, 11, 21), "UrduPoint.com"),
    ("While exposing to criticism", None, "While exposing to criticism"),
    ("The date 2021-08-11 is in the body", None, "The date 2021-08-11 is in the body"),
])
def test_dates_split_header(raw, want, body):
    got, rest = split_header(raw)
    assert got == want
    assert rest == body


def test_dates_impossible_header_date_is_an_error():
    with pytest.raises(BadDate, match="2021-02-30"):
        split_header(" date 2021-02-30 Body text")


from data_pipeline.ingest.published import DateEvidence, Fact, full_dates, infer_from_anniversary, load_facts, month_days, nearest_year, parse_date, publication_date


@pytest.mark.parametrize("value,want", [
    ("2024-05-06T10:00:00Z", date(2024, 5, 6)),
    ("Tue, 05 Mar 2024 10:00:00 GMT", date(2024, 3, 5)),
    ("21st November, 2020", date(2020, 11, 21)),
    ("2021-02-30", None),
    ("April 3", None),  # no year: not a date
    ("3 days ago", None),  # relative: would depend on the build day
    ("", None),
    (None, None),
    (date(2020, 1, 2), date(2020, 1, 2)),
])
def test_dates_parse_date(value, want):
    assert parse_date(value) == want


def test_dates_parse_date_field_languages():
    assert parse_date("5 марта 2024", ("en", "ru")) == date(2024, 3, 5)


def test_dates_full_dates_and_month_days():
    text = "Talks on March 5, 2024 followed the 12th of May 2023 meeting; the next is on June 9 or 10 July."
    assert [d for _, _, d in full_dates(text)] == [date(2024, 3, 5), date(2023, 5, 12)]
    assert [(m, d) for _, _, m, d in month_days(text)] == [(6, 9), (7, 10)]


def test_dates_month_days_ignore_times_and_years():
    assert month_days("In May 2021 the bill passed at 10:30.") == []


def test_dates_nearest_year_crosses_new_year():
    assert nearest_year(12, 31, date(2021, 1, 1)) == date(2020, 12, 31)
    assert nearest_year(2, 29, date(2021, 3, 1)) == date(2020, 2, 29)


FACTS = (Fact("diplomatic relations", (("Ruritania", "Strelsau"), ("Freedonia", "Freedonian")), "1990-06-15"),
         Fact("founding", (("Example League",),), "1950"))


@pytest.mark.parametrize("text,want", [
    ("On June 15 the two ministers marked the 10th anniversary of diplomatic relations between Strelsau and "
     "Freedonia.", date(2000, 6, 15)),
    ("Ministers exchanged messages on June 14, on the eve of the 20th anniversary of diplomatic relations between "
     "Ruritania and Freedonia.", date(2010, 6, 14)),
    ("The envoy spoke of the fifth anniversary of diplomatic relations between Ruritania and Freedonia. "
     "Celebrations took place on June 15.", date(1995, 6, 15)),
    # no day stated: a year alone is not a publication date
    ("The 10th anniversary of diplomatic relations between Ruritania and Freedonia was marked.", None),
    # the parties must both be named
    ("On June 15 they marked the 10th anniversary of diplomatic relations with Freedonia.", None),
    ("Next year is the 30th anniversary of diplomatic relations between Ruritania and Freedonia, on June 15.", None),
    ("On March 2 the Example League celebrated its 70th anniversary of founding.", date(2020, 3, 2)),
])
def test_dates_infer_from_anniversary(text, want):
    assert infer_from_anniversary(text, FACTS) == want


def test_dates_publication_date_order():
    text = "The 10th anniversary of diplomatic relations between Ruritania and Freedonia fell on June 15."
    full = DateEvidence(header=date(2001, 1, 1), field="2002-02-02", dateline="March 3, 2003",
                        stamps=(date(2004, 4, 4),), text=text)
    assert publication_date(full, FACTS) == (date(2001, 1, 1), "header")
    full.header = None
    assert publication_date(full, FACTS) == (date(2002, 2, 2), "header")
    full.field = "not a date"
    assert publication_date(full, FACTS) == (date(2003, 3, 3), "dateline")
    full.dateline = "MARCH 3"  # year from the stamp of the same article
    assert publication_date(full, FACTS) == (date(2004, 3, 3), "dateline")
    full.dateline = None
    assert publication_date(full, FACTS) == (date(2004, 4, 4), "text")
    full.stamps = ()
    assert publication_date(full, FACTS) == (date(2000, 6, 15), "inferred")
    assert publication_date(full, ()) == (None, "none")


def test_dates_month_day_without_year_is_not_a_date():
    ev = DateEvidence(dateline="APRIL 3", text="This was announced on April 3 by the minister.")
    assert publication_date(ev, FACTS) == (None, "none")


def test_dates_load_facts(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text("aliases:\n  Ruritania: [Ruritania, Strelsau]\n"
                    "events:\n  - what: independence\n    parties: [Ruritania]\n    date: 1901-02-03\n")
    (fact,) = load_facts(path)
    assert fact.parties == (("Ruritania", "Strelsau"),) and fact.year == 1901 and fact.month_day == (2, 3)


def test_dates_load_facts_rejects_bad_dates(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text("events:\n  - what: independence\n    date: 3 Feb 1901\n")
    with pytest.raises(ValueError, match="YYYY"):
        load_facts(path)


def test_dates_default_facts_file_is_valid():
    facts = load_facts()
    assert facts and all(f.what and 1000 < f.year < 2100 for f in facts)
