"""Links into the reader keep the current filters."""
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from dashboard import ui


def test_ui_article_link_keeps_filters_and_names_the_article():
    links = ui.article_link(pd.Series(["a1"]), {"person": ["Ann Lee"], "article": ["old"]})
    url = urlsplit(links.iloc[0])
    assert url.path == "articles"
    assert parse_qs(url.query) == {"person": ["Ann Lee"], "article": ["a1"]}


def test_ui_csv_bytes_defuses_spreadsheet_formulas():
    df = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\")", "+1+2", "plain", "-3"], "n": [1, 2, 3, 4]})
    rows = ui.csv_bytes(df).decode("utf-8").splitlines()
    assert rows[1].startswith("\"'=HYPERLINK") and rows[2] == "'+1+2,2" and rows[3] == "plain,3"
    assert rows[4] == "'-3,4"


def test_ui_html_table_escapes_every_cell_and_header_and_formats_numbers():
    import numpy as np

    shown = pd.DataFrame({"person <b>": ["<script>alert(1)</script>", "Anna & Co"], "meeting events": np.array([1200, 3]),
                          "confidence": [0.8, 1.0], "evidence sentence": ["x", "y"]})
    markup = ui.html_table_markup(shown, {"evidence sentence"})
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "person &lt;b&gt;" in markup and "Anna &amp; Co" in markup
    assert ">1,200<" in markup and ">3<" in markup and ">0.80<" in markup and ">1<" in markup
    assert markup.count('<td class="wide">') == 2  # the wide column's two cells
    assert markup.count("<style>") == 1 and "style=\"padding" not in markup  # one stylesheet, no style per cell
    assert markup.count("<tr>") == 3 and 'class="html-table"' in markup


def test_ui_html_table_links_only_relative_urls_of_the_app():
    shown = pd.DataFrame({"open": ["articles?article=a%201&person=A%22B", "javascript:alert(1)", "https://elsewhere.example/x",
                                   "//elsewhere.example/x", None],
                          "title": ["one", "two", "three", "four", "five"]})
    markup = ui.html_table_markup(shown, links={"open"})
    assert markup.count("<a ") == 1
    assert '<a href="articles?article=a%201&amp;person=A%22B" target="_blank" rel="noopener">open</a>' in markup
    assert 'href="javascript' not in markup and 'href="https' not in markup and 'href="//' not in markup
    assert ">javascript:alert(1)<" in markup and "None" not in markup


def test_ui_html_table_keeps_dates_on_one_line():
    shown = pd.DataFrame({"meeting date": ["2024-03-05", "—"], "counterpart": ["Ada Lorne", "Per Holm"]})
    markup = ui.html_table_markup(shown)
    assert markup.count('class="day"') == 1  # the one date cell, not the dash nor the names
    assert '<td class="day">2024-03-05<' in markup and ".html-table td.day{white-space:nowrap}" in markup


def test_ui_html_table_markup_is_made_once_per_content(monkeypatch):
    calls = []
    real = ui.labels.readable
    monkeypatch.setattr(ui.labels, "readable", lambda *a, **k: calls.append(1) or real(*a, **k))
    ui._markup.clear()
    df = pd.DataFrame({"a_name": ["Ada Lorne", "Per Holm"], "n_articles": [2, 3]})
    first = ui._markup(df, ("a_name", "n_articles"))
    again = ui._markup(df.copy(), ("a_name", "n_articles"))   # another viewer, the same rows: no new work
    other = ui._markup(df.assign(n_articles=[2, 4]), ("a_name", "n_articles"))
    assert first == again and len(calls) == 2
    assert ">4<" in other and ">4<" not in first and "Ada Lorne" in first
    ui._markup.clear()
