"""News-analytics dashboard: the frame around every page (global filters, navigation)."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import auth, sidebar, state  # noqa: E402

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="News analytics", layout="wide")
auth.guard()  # optional OIDC login and e-mail allow-list; a warning when exposed without it

try:
    opts = state.q("options")
except state.NoData as exc:
    st.title("News analytics")
    st.info(str(exc))
    st.stop()

if opts["total_articles"] == 0:
    st.title("News analytics")
    st.info("The current build holds no articles: the input folder was empty or every file was skipped "
            "(see `skipped` in manifest.json). Add articles and rebuild.")
    st.stop()

page = st.navigation([
    st.Page(VIEWS / "overview.py", title="Overview", url_path="overview", default=True),
    st.Page(VIEWS / "network.py", title="Who met whom", url_path="network"),
    st.Page(VIEWS / "timeline.py", title="Timeline", url_path="timeline"),
    st.Page(VIEWS / "topics.py", title="Topics", url_path="topics"),
    st.Page(VIEWS / "people.py", title="People & organisations", url_path="people"),
    st.Page(VIEWS / "articles.py", title="Articles", url_path="articles"),
])
f, labels = sidebar.render(opts)
st.session_state["_filters"] = f
st.session_state["_labels"] = labels
page.run()
