from datetime import date

import pytest

from data_pipeline.dates import BadDate, split_header


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
