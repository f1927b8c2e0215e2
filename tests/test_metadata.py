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
    ("Envoys meet in Vienna to ease border tensions", True),
    ("Will the ceasefire hold?", True),
    ("Home | World | Politics | Sport", False),
    ("The ministers met on Friday in Geneva.", False),
    ("Off", False),
])
def test_metadata_is_headline(line, want):
    assert metadata.is_headline(line) is want


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
