from datetime import date

import pytest

from data_pipeline.lexicon.dates import full_dates, month_days, nearest_year, parse_date, plausible, timestamp


@pytest.mark.parametrize("text,want", [
    ("Talks on March 5, 2024 followed the 12th of May 2023 meeting", [date(2024, 3, 5), date(2023, 5, 12)]),
    ("Filed March 5,2020 11:42", [date(2020, 3, 5)]),  # no space after the comma
    ("Opened on June 14, 202319:25", [date(2023, 6, 14)]),  # a year glued to its time
    ("Thursday, April 18th 2024 - 09:14 UTC", [date(2024, 4, 18)]),
    ("Posted 09 Oct. 2012", [date(2012, 10, 9)]),
    ("03.02.2021, 09:15", [date(2021, 2, 3)]),
    ("2021-02-03 and 2021/02/04", [date(2021, 2, 3), date(2021, 2, 4)]),
    ("Berlin, 1. Februar 2022", [date(2022, 2, 1)]),
    ("le 9 décembre 2019 à 09h08", [date(2019, 12, 9)]),
    ("25 марта 2022 года", [date(2022, 3, 25)]),
    ("16 АВГ 2022, 18:42", [date(2022, 8, 16)]),
    ("15 августа, 2023 19:22", [date(2023, 8, 15)]),
    ("2019年6月24日", [date(2019, 6, 24)]),
    ("Ramadan 04, 1445, March 14, 2024", [date(2024, 3, 14)]),  # a Hijri year is out of range
    ("the 2020 budget of 12 ministries", []),
    ("they may 3 2020 say", []),  # "may" in lower case is a verb
    ("February 30, 2021", []),
    ("Harbour Office 7. 3. 2023.", [date(2023, 3, 7)]),  # day first, spaced
    ("19 | 05 | 2021", [date(2021, 5, 19)]),  # set in boxes
    ("pages 1 | 2 | 3 | 2024 | 5", []),  # a row of numbers, not a date
])
def test_lexicon_dates_full_dates(text, want):
    assert [m.when for m in full_dates(text)] == want


def test_lexicon_dates_slashed_dates_keep_the_other_reading():
    (m,) = full_dates("12/03/2024 21:15")
    assert (m.when, m.alt) == (date(2024, 3, 12), date(2024, 12, 3))
    (m,) = full_dates("13/03/2023")  # only one reading exists
    assert (m.when, m.alt) == (date(2023, 3, 13), None)
    (m,) = full_dates("04/30/2023")
    assert (m.when, m.alt) == (date(2023, 4, 30), None)
    (m,) = full_dates("14.07.2017")  # dots: day first, always
    assert m.alt is None
    (m,) = full_dates("03 | 07 | 2025")  # boxed like a slashed date: either reading
    assert (m.when, m.alt) == (date(2025, 7, 3), date(2025, 3, 7))


def test_lexicon_dates_two_digit_years_only_when_asked():
    assert full_dates("Rome/12.02.21/Agency:") == []
    assert [m.when for m in full_dates("Rome/12.02.21/Agency:", short_year=True)] == [date(2021, 2, 12)]


def test_lexicon_dates_month_days():
    text = "the next is on June 9 or 10 July; МОСКВА, 25 марта. In May 2021 the bill passed at 10:30."
    assert [(m, d) for _, _, m, d in month_days(text)] == [(6, 9), (7, 10), (3, 25)]
    assert month_days("they may 5 times") == []


def test_lexicon_dates_nearest_year_crosses_new_year():
    assert nearest_year(12, 31, date(2021, 1, 1)) == date(2020, 12, 31)
    assert nearest_year(2, 29, date(2021, 3, 1)) == date(2020, 2, 29)


@pytest.mark.parametrize("value,want", [
    ("2023-11-09T03:28:35Z", (date(2023, 11, 9), True)),
    ("2023-11-09T03:28:35+00:00", (date(2023, 11, 9), True)),
    ("2023-11-08T22:28:35-05:00", (date(2023, 11, 8), False)),
    ("2019-06-17T18:28:00+0200", (date(2019, 6, 17), False)),
    ("2023-11-08", (date(2023, 11, 8), False)),
    ("20231108", (date(2023, 11, 8), False)),
    ("1700000000", (date(2023, 11, 14), True)),
    ("Tue, 08 Nov 2023 10:00:00 GMT", (date(2023, 11, 8), False)),
    ("06/13/2019", (date(2019, 6, 13), False)),
    ("03/07/2019", None),  # ambiguous without context
    ("yesterday", None),
    (["2023-11-08"], None),
])
def test_lexicon_dates_timestamp(value, want):
    assert timestamp(value) == want


@pytest.mark.parametrize("value,want", [
    ("2024-05-06T10:00:00Z", date(2024, 5, 6)),
    ("Tue, 05 Mar 2024 10:00:00 GMT", date(2024, 3, 5)),
    ("21st November, 2020", date(2020, 11, 21)),
    ("5 марта 2024", date(2024, 3, 5)),
    ("2021-02-30", None),
    ("April 3", None),  # no year: not a date
    ("3 days ago", None),  # relative: would depend on the build day
    ("", None),
    (None, None),
    (["2021-01-01", "2021-02-01"], None),  # a list is not a date
    ({"date": "2021-01-01"}, None),
    (date(2020, 1, 2), date(2020, 1, 2)),
])
def test_lexicon_dates_parse_date(value, want):
    assert parse_date(value) == want


def test_lexicon_dates_plausible_window():
    today = date(2026, 6, 1)
    assert plausible(date(1900, 1, 1), today) and plausible(date(2026, 6, 2), today)
    assert not plausible(date(1, 1, 1), today) and not plausible(date(9999, 12, 31), today)
    assert not plausible(date(2026, 6, 3), today)
