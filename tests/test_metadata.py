from datetime import date

import pytest

from data_pipeline.ingest import metadata


@pytest.mark.parametrize("line,want", [
    ("By Jane Roe", "Jane Roe"),
    ("by Jane Roe and John Smith | Reuters", "Jane Roe and John Smith"),
    ("Author: Olga Petrova", "Olga Petrova"),
    ("Maria Lopez 5 minutes ago Tue 3rd March 2020 | 10:15 AM", "Maria Lopez"),
    ("Maria Lopez | 3 March 2020", "Maria Lopez"),
    ("The ministers met on Friday in Geneva.", None),
    ("Talks stall as envoys leave Geneva", None),
])
def test_metadata_byline(line, want):
    assert metadata.byline(line) == want


@pytest.mark.parametrize("line,want", [
    ("Pierre © example-news.org", ("Pierre", "example-news.org")),
    ("© 2024 Daily Example. All rights reserved.", (None, "Daily Example")),
    ("Copyright Daily Example", (None, "Daily Example")),
    ("Source: Daily Example", (None, "Daily Example")),
    ("The copyright law was passed by parliament on Monday.", None),
])
def test_metadata_credit(line, want):
    assert metadata.credit(line) == want


@pytest.mark.parametrize("line,want", [
    ("example-news.org", "example-news.org"),
    ("www.Example.com", "www.Example.com"),
    ("Example News", None),
    ("The site example.com was down.", None),
])
def test_metadata_site_line(line, want):
    assert metadata.site_line(line) == want


@pytest.mark.parametrize("line,want", [
    ("Maria Lopez 5 minutes ago Tue 3rd March 2020 | 10:15 AM", date(2020, 3, 3)),
    ("Published: 12 May 2023, 14:05 GMT", date(2023, 5, 12)),
    ("Updated on March 4, 2022", date(2022, 3, 4)),
    ("Summit to open on March 5, 2025 in Vienna", None),  # a headline that mentions a date is not a stamp
    ("Published today", None),
])
def test_metadata_stamp(line, want):
    assert metadata.stamp(line) == want


@pytest.mark.parametrize("line,want", [
    ("Envoys meet in Vienna to ease border tensions", True),
    ("Will the ceasefire hold?", True),
    ("Home | World | Politics | Sport", False),
    ("The ministers met on Friday in Geneva.", False),
    ("Off", False),
])
def test_metadata_is_headline(line, want):
    assert metadata.is_headline(line) is want


@pytest.mark.parametrize("para,want", [
    ("TBILISI, MARCH 4, NEWSAGENCY. The prime minister met the envoy.", ("NEWSAGENCY", "MARCH 4")),
    ("KYIV, May 2, 2023, Example Wire: The talks ended.", ("Example Wire", "May 2, 2023")),
    ("BAKU (Example News / Wire Service - 3rd May, 2022) The president received the envoy.",
     ("Example News / Wire Service", "3rd May, 2022")),
    ("LONDON, March 3 (Wirecorp) - Britain said on Monday.", ("Wirecorp", "March 3")),
    ("PARIS (AFP) — The French president met his counterpart.", ("AFP", None)),
    ("MOSCOW, April 3. /TASS/. The minister said talks would go on.", ("TASS", "April 3")),
    ("BEIJING, April 3 (Xinhua) -- The envoy arrived on Thursday.", ("Xinhua", "April 3")),
    ("Russia (the largest country) said on Monday it would talk.", (None, None)),
    ("NATO, April 3, said it would talk.", (None, None)),
    ("KYIV, May 2, Ukraine's army said on Monday. It added more.", (None, None)),
    ("TBILISI (the capital of Georgia) hosted the talks on Monday.", (None, None)),
    ("The minister met the envoy in Tbilisi on March 4.", (None, None)),
])
def test_metadata_dateline(para, want):
    assert metadata.dateline(para) == want


def test_metadata_from_edges_reads_head_tail_and_dateline():
    head = ["example-news.org", "Envoys meet in Vienna to ease border tensions",
            "Maria Lopez 5 minutes ago Tue 3rd March 2020 | 10:15 AM"]
    tail = ["Pierre © example-news.org"]
    meta = metadata.from_edges(head, tail, ["VIENNA (Example Wire) The envoys met on Tuesday."])
    assert meta.title == "Envoys meet in Vienna to ease border tensions"
    assert meta.author == "Maria Lopez"
    assert meta.source == "Example Wire"  # the dateline agency beats the page credit
    assert meta.site == "example-news.org"
    assert meta.stamps == [date(2020, 3, 3)]


def test_metadata_from_edges_credit_gives_source_without_dateline():
    meta = metadata.from_edges([], ["Pierre © example-news.org"], ["The envoys met on Tuesday in Vienna."])
    assert (meta.author, meta.source, meta.title) == ("Pierre", "example-news.org", None)


@pytest.mark.parametrize("line,want", [
    ("(Reporting by Jane Roe; Editing by John Smith)", "Jane Roe"),
    ("By Monday, the ministers had agreed to a ceasefire along the whole line.", None),
    ("by the way, the talks went well", None),
    ("President Jane Roe Tuesday signed the bill into law after a long debate.", None),
    ("By Jane Roe | Example Wire", "Jane Roe"),
])
def test_metadata_byline_is_not_fooled_by_sentences(line, want):
    assert metadata.byline(line) == want


def test_metadata_is_meta_line():
    assert metadata.is_meta_line("(Reporting by Jane Roe; Editing by John Smith)")
    assert metadata.is_meta_line("Pierre © example-news.org")
    assert not metadata.is_meta_line("The ministers met on Friday in Geneva, officials said.")
