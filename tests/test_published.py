from datetime import date

import pytest

from data_pipeline.ingest.published import BadDate, Candidate, decide, split_header

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize("raw,want,body", [
    (" date 2021-08-11 YEREVAN, AUGUST 11.", date(2021, 8, 11), "YEREVAN, AUGUST 11."),
    ("date 2020-11-21\nUrduPoint.com", date(2020, 11, 21), "UrduPoint.com"),
    ("While exposing to criticism", None, "While exposing to criticism"),
    ("The date 2021-08-11 is in the body", None, "The date 2021-08-11 is in the body"),
])
def test_published_split_header(raw, want, body):
    got, rest = split_header(raw)
    assert got == want
    assert rest == body


def test_published_impossible_header_date_is_an_error():
    with pytest.raises(BadDate, match="2021-02-30"):
        split_header(" date 2021-02-30 Body text")


def c(day: str, source: str = "html-jsonld", kind: str = "published", strength: str = "strong", utc: bool = False,
      alt: str | None = None) -> Candidate:
    return Candidate(date.fromisoformat(day), source, kind, strength, f"{source} said {day}", utc,
                     date.fromisoformat(alt) if alt else None)


def test_published_decide_agreeing_sources():
    got = decide([c("2022-03-04"), c("2022-03-04", "html-meta"), c("2022-03-04", "url")], TODAY)
    assert (got.when, got.source) == (date(2022, 3, 4), "html-jsonld")
    assert "html-meta 2022-03-04" in got.evidence and "url 2022-03-04" in got.evidence


def test_published_decide_strong_disagreement_is_unknown_with_both_recorded():
    got = decide([c("2022-03-04"), c("2022-05-20", "text")], TODAY)
    assert (got.when, got.source) == (None, "none")
    assert "2022-03-04" in got.evidence and "2022-05-20" in got.evidence and "disagree" in got.evidence


def test_published_decide_markup_disagreeing_with_itself_is_settled_by_the_page():
    got = decide([c("2021-06-01"), c("2021-06-04", "html-meta"), c("2021-06-04", "text"), c("2021-06-04", "html-time")],
                  TODAY)
    assert (got.when, got.source) == (date(2021, 6, 4), "text")
    assert "html-jsonld 2021-06-01 set aside" in got.evidence and "html-jsonld 2021-06-01 (" in got.evidence


@pytest.mark.parametrize("cands", [
    [c("2021-06-01"), c("2021-06-01", "html-meta"), c("2021-06-04", "text")],  # the markup agrees: page against markup
    [c("2021-06-01"), c("2021-06-04", "html-meta"), c("2021-06-04", "text"), c("2021-06-09", "url")],  # the rest too
    [c("2021-06-01"), c("2021-06-04", "html-meta"), c("2021-06-09", "text")],  # the page shows a third day
    [c("2021-06-01"), c("2021-06-04", "html-meta")],  # nothing else to settle it
])
def test_published_decide_page_against_markup_stays_unknown(cands):
    assert decide(cands, TODAY).when is None


def test_published_decide_original_before_modification():
    got = decide([c("2020-01-03"), c("2020-02-10", kind="modified"), c("2020-02-10", "text", kind="modified")], TODAY)
    assert got.when == date(2020, 1, 3)
    assert "updated: html-jsonld 2020-02-10" in got.evidence


def test_published_decide_modification_alone_is_no_publication_date():
    got = decide([c("2020-02-10", kind="modified")], TODAY)
    assert got.when is None and "updated" in got.evidence


def test_published_decide_local_day_beats_utc_timestamp_a_day_apart():
    # 23:15 in New York is already the next day in UTC
    got = decide([c("2023-11-09", utc=True), c("2023-11-08", "text")], TODAY)
    assert (got.when, got.source) == (date(2023, 11, 8), "text")
    got = decide([c("2023-11-09", "html-meta", utc=True), c("2023-11-08", "html-jsonld")], TODAY)
    assert got.when == date(2023, 11, 8)


def test_published_decide_majority_within_a_day():
    got = decide([c("2015-12-13", "html-time"), c("2015-12-12", "html-meta"), c("2015-12-12", "url")], TODAY)
    assert got.when == date(2015, 12, 12)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2026-06-03"])
def test_published_decide_implausible_dates_are_unknown_with_a_warning(day):
    got = decide([c(day)], TODAY)
    assert got.when is None and got.warnings and day in got.warnings[0]


def test_published_decide_tomorrow_is_plausible():
    assert decide([c("2026-06-02")], TODAY).when == date(2026, 6, 2)  # time zones ahead of the build machine


def test_published_decide_medium_needs_an_independent_second_source():
    assert decide([c("2021-05-05", "htmldate", strength="medium")], TODAY).when is None
    # htmldate re-reads the meta tags: a vague meta tag and htmldate are one source
    assert decide([c("2021-05-05", "htmldate", strength="medium"),
                   c("2021-05-05", "html-meta", strength="medium")], TODAY).when is None
    got = decide([c("2021-05-05", "htmldate", strength="medium"), c("2021-05-05", "text", strength="weak")], TODAY)
    assert (got.when, got.source) == (date(2021, 5, 5), "text")


def test_published_decide_htmldate_alone_is_labelled_as_markup():
    got = decide([c("2021-05-05", "htmldate", strength="medium"), c("2021-05-05", "html-time", strength="medium")],
                 TODAY)
    assert got.source == "html-time"


def test_published_decide_medium_does_not_override_strong():
    got = decide([c("2021-05-05"), c("2021-08-01", "htmldate", strength="medium")], TODAY)
    assert got.when == date(2021, 5, 5)


def test_published_decide_two_independent_mediums_against_one_strong_is_unknown():
    got = decide([c("2022-01-15", "html-meta"), c("2022-01-25", "html-time", strength="medium"),
                  c("2022-01-25", "text", strength="medium")], TODAY)
    assert got.when is None


def test_published_decide_weak_update_vetoes_a_medium_reading_of_the_same_day():
    got = decide([c("2020-11-04", "htmldate", strength="medium"), c("2020-11-04", "text", strength="weak"),
                  c("2020-11-04", "text", kind="modified", strength="weak")], TODAY)
    assert got.when is None


def test_published_decide_ambiguous_slashed_date_takes_the_confirmed_reading():
    got = decide([c("2024-03-12", "text", alt="2024-12-03"), c("2024-12-03", "html-meta")], TODAY)
    assert got.when == date(2024, 12, 3)
    # unconfirmed, an ambiguous date is no date
    assert decide([c("2024-03-12", "text", alt="2024-12-03")], TODAY).when is None


def test_published_decide_nothing():
    got = decide([], TODAY)
    assert (got.when, got.source, got.evidence) == (None, "none", "")
