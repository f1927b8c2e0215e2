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
