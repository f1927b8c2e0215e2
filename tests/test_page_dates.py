from datetime import date
from pathlib import Path

import pytest

from data_pipeline.ingest.page_dates import page_candidates, parse_page, url_date
from data_pipeline.ingest.page_text import date_line_candidates, headline_element, labelled_stamp, visible_lines
from data_pipeline.ingest.published import decide

PAGES = Path(__file__).parent / "pages"
TODAY = date(2026, 6, 1)


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def decided(name: str):
    return decide(page_candidates(page(name), with_htmldate=False), TODAY)


@pytest.mark.parametrize("name,when,source", [
    ("jsonld.html", date(2021, 4, 9), "html-jsonld"),  # the page's article, not the related one or its image
    ("meta.html", date(2022, 10, 3), "html-meta"),
    ("time.html", date(2020, 9, 14), "html-time"),  # the <time> by the headline, not the comments' one
    ("url.html", date(2019, 11, 5), "url"),
    ("date-line.html", date(2021, 3, 3), "text"),
    ("dateline.html", date(2021, 6, 2), "dateline"),
    ("utc.html", date(2023, 11, 8), "text"),  # the local day, not the UTC timestamp's
    ("xhtml-declared.html", date(2015, 10, 14), "text"),  # an XML declaration before the XHTML
    ("form-wrapped.html", date(2019, 3, 3), "text"),  # the whole page inside one <form> (ASP.NET)
    ("headline-date.html", date(2021, 11, 12), "text"),  # a date glued to the headline; a hidden h1 before it
    ("labelled.html", date(2019, 3, 12), "text"),  # the one date the page labels as published, at its end
    ("posted-sentence.html", date(2009, 11, 8), "text"),  # "This entry was posted on ..." under the post
    ("minor-heading.html", date(2022, 6, 21), "text"),  # the headline an h4 that matches the title
    ("banner.html", date(2021, 12, 8), "text"),  # a banner headline, the navigation, then the article's own
    ("site-h1.html", date(2023, 11, 2), "text"),  # the h1 is the site's name, one word of the title
    ("one-word-headline.html", date(2023, 10, 10), "text"),  # the title less the site's name is one word
    ("ticker.html", date(2021, 3, 4), "text"),  # the byline four lines below, not the ticker three above
    ("no-h1.html", date(2017, 3, 14), "text"),  # no h1, the title the site's name: the first h2 of a few words
    ("pieces.html", date(2022, 1, 28), "text"),  # a date set in pieces, each a block of its own
    ("label-value.html", date(2016, 3, 3), "text"),  # <dt>Published:</dt><dd>date</dd>, the update apart
    ("read-also.html", date(2022, 5, 8), "html-jsonld"),  # the date after "Read also" is a teaser's
    ("byline-label.html", date(2023, 3, 7), "text"),  # "By" a block of its own, then the name and a spaced date
    ("boxed-date.html", date(2021, 5, 19), "text"),  # "19 | 05 | 2021" above the headline
    ("date-parts.html", date(2016, 9, 9), "text"),  # month, day and year in spans with no space between
    ("opening-date.html", date(2019, 5, 11), "dateline"),  # "(11.05.2019) Beekeepers ...": the text opens dated
    ("hidden-modified.html", date(2019, 7, 15), "text"),  # a hidden <time itemprop=dateModified> is markup only
    ("embedded-post.html", date(2020, 6, 3), "html-jsonld"),  # the quoted Instagram post's date is that post's
    ("section-og-title.html", date(2024, 3, 12), "text"),  # og:title names a section's h2; the h1 matches <title>
    ("box-h1.html", date(2022, 2, 3), "text"),  # the h1 "Quicklinks" names a box; the one long h2 is the headline
    ("sole-meta.html", date(2012, 5, 14), "html-meta"),  # <meta name=date>, and no other date on the page
])
def test_page_dates_each_source(name, when, source):
    got = decided(name)
    assert (got.when, got.source) == (when, source)


def test_page_dates_time_says_published_in_its_own_words():
    cands = page_candidates(page("time-text.html"), with_htmldate=False)
    (tm,) = [c for c in cands if c.source == "html-time"]  # far from the headline, its attribute another day
    assert (tm.when, tm.kind, tm.strength) == (date(2017, 2, 25), "published", "strong")
    assert decided("time-text.html").when == date(2017, 2, 25)


def test_page_dates_theme_markup():
    got = decided("wp-theme.html")  # the body's "has-sidebar" class is layout; the menu's teaser times are far off
    assert got.when == date(2020, 2, 16)
    assert "updated: html-time 2020-02-15" in got.evidence  # the hidden <time class=updated>, markup only
    assert "text 2020-02-15" not in got.evidence and "2020-03-03" not in got.evidence


def test_page_dates_microdata_of_the_page_item():
    got = decided("microdata.html")  # the item holding the headline, not the teaser before it; in a "footer"
    assert (got.when, got.source) == (date(2018, 4, 11), "html-meta")
    assert "itemprop datePublished" in got.evidence and "updated: html-meta 2018-04-13" in got.evidence
    assert "2018-02-20" not in got.evidence


def test_page_dates_modification_kept_apart():
    got = decided("jsonld.html")
    assert "updated: html-jsonld 2021-04-12" in got.evidence
    assert "2020-02-02" not in got.evidence and "2019-01-01" not in got.evidence
    assert "updated: html-meta 2022-10-20" in decided("meta.html").evidence


@pytest.mark.parametrize("name,seen", [
    ("conflict.html", ["2019-03-01", "2021-05-07", "disagree"]),  # markup and the visible line disagree
    ("updated-only.html", ["updated"]),  # an update date is no publication date
    ("placeholder.html", []),  # 0001-01-01
    ("widget.html", []),  # the day the page was saved, in a weather widget
    ("meta-and-events.html", ["html-meta? 2012-05-14"]),  # <meta name=date>, and the page shows another date
])
def test_page_dates_unknown(name, seen):
    got = decided(name)
    assert got.when is None and got.source == "none"
    assert all(s in got.evidence for s in seen)


def test_page_dates_placeholder_warns():
    assert "0001-01-01" in decided("placeholder.html").warnings[0]


def test_page_dates_htmldate_answer_is_a_medium_candidate():
    cands = page_candidates(page("url.html"), htmldate_answer="2019-11-05")
    (hd,) = [c for c in cands if c.source == "htmldate"]
    assert hd.strength == "medium" and hd.when == date(2019, 11, 5)


def test_page_dates_htmldate_reads_the_page_itself():
    cands = page_candidates(page("meta.html"))
    assert any(c.source == "htmldate" and c.when == date(2022, 10, 3) for c in cands)


def test_page_dates_headline_and_visible_lines():
    tree = parse_page(page("date-line.html"))
    head = headline_element(tree)
    lines, at = visible_lines(tree, head)
    assert lines[at] == "Museum returns carved panels to the monastery"
    assert lines[at + 1].startswith("By Ines Varga")
    assert "Home | Culture | Regions" in lines[:at]
    assert "<" not in "".join(lines) and "title" not in " ".join(lines[:at]).lower()


@pytest.mark.parametrize("url,want", [
    ("https://news.example.org/2019/11/05/rail-strike/", date(2019, 11, 5)),
    ("https://example.org/posts/2019-12-22-firefox-notes", date(2019, 12, 22)),
    ("https://example.org/a/story_20200119_x.html", date(2020, 1, 19)),
    ("https://example.org/2019/11/rail-strike/", None),  # a month is not a date
    ("https://paper.example/world/2021/mar/09/flood-defences", date(2021, 3, 9)),
    ("https://paper.example/news/2022/sept/4/harvest", date(2022, 9, 4)),
    ("https://example.org/2023/10/5-questions-for-the-mayor/", None),  # a slug starting with a number
    ("https://example.org/press/27-04-2020-new-depot", date(2020, 4, 27)),
    ("https://example.org/press/storm-warning-04-05-2020.html", None),  # 4 May or April 5
    ("https://example.org/2019/03/31/", date(2019, 3, 31)),
    ("https://example.org/story/12345678", None),
    (None, None),
])
def test_page_dates_url_date(url, want):
    assert url_date(url) == want


def test_page_dates_unparseable_page_gives_nothing():
    assert page_candidates("") == [] and page_candidates("\x00\x01") == []


def test_page_dates_unparseable_page_keeps_htmldate_answer():
    (hd,) = page_candidates("", htmldate_answer="2019-11-05")
    assert (hd.source, hd.when) == ("htmldate", date(2019, 11, 5))


def test_page_dates_label_and_value_lines_joined():
    got = decided("label-value.html")
    assert "updated: text 2022-01-14 (Zuletzt geändert: 14.01.2022 um 09:25)" in got.evidence


def test_page_dates_labelled_stamp_only_when_one_day_is_labelled():
    assert [c.when for c in labelled_stamp(["Intro", "Published: 2 May 2021 | News"])] == [date(2021, 5, 2)]
    assert labelled_stamp(["Posted on 2 May 2021", "Posted on 9 May 2021"]) == []  # a list of articles
    assert labelled_stamp(["Updated: 2 May 2021", "2 May 2021"]) == []  # not labelled as the publication



def test_page_dates_paragraph_opening_with_a_date():
    lines = ["Storm damage worse than feared", "By Ada Kern",
             "21.3.2022 - The storm that crossed the valley on Sunday damaged more roofs than the first reports said, "
             "the district office counted."]
    (c,) = [c for c in date_line_candidates(lines, 0) if c.source == "dateline"]
    assert (c.when, c.strength) == (date(2022, 3, 21), "strong")
    assert not [c for c in date_line_candidates(lines[:2] + ["21.3.2022 - Storm warning"], 0)
                if c.source == "dateline"]  # a short item of a list, not a paragraph
    assert not [c for c in date_line_candidates(lines[:2] + [lines[2].replace(" - ", ": ")], 0)
                if c.source == "dateline"]  # "date: ..." opens an entry of a timeline


def test_page_dates_timeline_is_no_dateline():
    cands = page_candidates(page("timeline.html"), with_htmldate=False)
    assert not [c for c in cands if c.source == "dateline"]
    assert decided("timeline.html").when is None


def test_page_dates_headline_of_a_list_of_posts_is_the_first_h1():
    posts = "".join(f"<h2><a href='/p{i}'>Post number {i} of the news list</a></h2><p>[{i} May 2020]</p>"
                    for i in range(1, 4))
    tree = parse_page(f"<html><head><title>Party news</title></head><body><h1>News</h1>{posts}</body></html>")
    assert headline_element(tree).text_content() == "News"
