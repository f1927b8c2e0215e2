"""News-analytics dashboard: who met whom, and topics over time, with global filters."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import charts, filters  # noqa: E402
from dashboard.data import NoData, build_id, data_dir, load  # noqa: E402

st.set_page_config(page_title="News analytics", layout="wide")


@st.cache_data(show_spinner=False)
def corpus(path: str, build: str):
    return load(Path(path))


DATA = data_dir(sys.argv[1:])
try:
    c = corpus(str(DATA), build_id(DATA))
except NoData as exc:
    st.title("News analytics")
    st.info(str(exc))
    st.stop()

names = dict(zip(c.entities["entity_id"], c.entities["name"]))
people = c.entities[c.entities["type"] == "PERSON"].sort_values("name")
dates = c.articles["published"].dropna()

with st.sidebar:
    st.header("Filters")
    if len(dates):
        lo, hi = dates.min(), dates.max()
        picked = st.date_input("Date range", value=(lo, hi), key="dates")
        start, end = (picked if isinstance(picked, tuple) and len(picked) == 2 else (lo, hi))
    else:
        start = end = None
    chosen_people = st.multiselect("People", people["entity_id"].tolist(), format_func=lambda e: names.get(e, e),
                                   key="people")
    chosen_topics = st.multiselect("Topics", sorted(c.topics["topic"].unique()), key="topics")

f = filters.Filters(start=start, end=end, people=chosen_people, topics=chosen_topics)
meetings = filters.meetings(c, f)

st.title("News analytics")
st.caption(f"{len(filters.article_ids(c, f))} of {len(c.articles)} articles · {len(meetings)} meetings")

st.subheader("Who met whom")
if meetings.empty:
    st.info("No meetings match the filters.")
else:
    st.plotly_chart(charts.network(meetings, names), key="network")
    table = meetings.assign(a=meetings["a"].map(names), b=meetings["b"].map(names))
    st.dataframe(table[["date", "a", "b", "kind", "place", "evidence"]], hide_index=True, key="meetings")

st.subheader("Topics over time")
series = filters.topic_series(c, f)
if series.empty:
    st.info("No dated articles with topics match the filters.")
else:
    st.plotly_chart(charts.topic_trend(series), key="topics_chart")
