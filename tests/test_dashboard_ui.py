"""Links into the reader keep the current filters."""
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from dashboard import ui


def test_ui_article_link_keeps_filters_and_names_the_article():
    links = ui.article_link(pd.Series(["a1"]), {"person": ["Ann Lee"], "article": ["old"]})
    url = urlsplit(links.iloc[0])
    assert url.path == "articles"
    assert parse_qs(url.query) == {"person": ["Ann Lee"], "article": ["a1"]}
