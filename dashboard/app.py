"""News-analytics dashboard: the frame around every page (global filters, navigation)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import auth, sidebar, state

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="News analytics", layout="wide")
auth.guard()  # optional OIDC login and e-mail allow-list; a warning when exposed without it

try:
    opts = state.options()
except state.NoData as exc:
    st.title("News analytics")
    st.info(str(exc))
    st.stop()

if opts["total_articles"] == 0:
    st.title("News analytics")
    st.info("The current build holds no articles: the input folder was empty or every file was skipped "
            "(see `skipped` in manifest.json). Add articles and rebuild.")
    st.stop()

PAGES = [("overview.py", "Overview", "overview"), ("network.py", "Who met whom", "network"),
         ("map.py", "Where they met", "map"), ("timeline.py", "Timeline", "timeline"),
         ("topics.py", "Topics", "topics"), ("people.py", "People & organisations", "people"),
         ("articles.py", "Articles", "articles")]
pages = [st.Page(VIEWS / file, title=title, url_path=path) for file, title, path in PAGES]
# Streamlit serves the default page only at the root, so the Overview listed above answers /overview and this
# hidden default page shows the same Overview at the root: every page has its own path.
pages.append(st.Page(VIEWS / "overview.py", title="Overview", url_path="home", default=True, visibility="hidden"))
page = st.navigation(pages)
f, labels = sidebar.render(opts, state.undated_counts, page)
st.session_state["_filters"] = f
st.session_state["_labels"] = labels
sidebar.link_notices()
page.run()
