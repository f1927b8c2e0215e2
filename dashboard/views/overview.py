"""Overview: headline counts, articles per week, the latest meeting events and the most mentioned people.
The landing page draws its two small charts and its ten-row table in plain HTML, so it shows at once (no chart
library and no data grid to load)."""
from urllib.parse import urlencode

import streamlit as st

from dashboard import htmlcharts, labels, notices, state, ui

f = state.filters()
st.title("Overview")
n = state.counts(f)
ev = state.event_counts(f)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Articles", f"{int(n['articles']):,}")
c2.metric("People mentioned", f"{int(n['people']):,}")
c3.metric("Meeting events", f"{int(n['events']):,}")
if n["first"] is not None:
    c4.metric("Publication dates span", labels.days((n["last"] - n["first"]).days + 1))
    c4.caption(f"{ui.fmt_day(n['first'])} → {ui.fmt_day(n['last'])}")
else:
    c4.metric("Publication dates span", "no dates")
for line in notices.overview(f, n, ev):
    ui.note(line)

if not n["articles"]:
    ui.empty(notices.no_articles(f))
    st.stop()

left, right = st.columns(2)
with left:
    span = (n["last"] - n["first"]).days if n["first"] is not None else 0
    period = "week" if span <= 400 else "month"   # weekly bars over years are hairlines
    weekly = state.articles_per_period(f, period)
    if weekly.empty:
        ui.empty("None of the matching articles has a known publication date.")
    else:
        st.html(htmlcharts.periods(weekly, "articles", f"Articles per {period}", period, "article"))
        missing = int(n["articles"]) - int(weekly["articles"].sum())
        if missing:
            ui.note(f"Not on this chart: {labels.plural(missing, 'article')} without a publication date.")
with right:
    top = state.top_entities(f, "PERSON", 15)
    if top.empty:
        ui.empty("No person is mentioned in the matching articles.")
    else:
        names = [state.label_of(i) for i in top["entity_id"]]
        keep = {k: v for k, v in state.shared_params().items()}
        links = ["people?" + urlencode({**keep, "profile": [label]}, doseq=True) for label in names]
        st.html(htmlcharts.ranked(top["name"].tolist(), top["mentions"].tolist(),
                                  "Most mentioned people (click a name for the profile)", "mention", links))

st.subheader("Latest meeting events")
latest = state.events(f, 10)
if latest.empty:
    ui.empty(notices.no_events(f))
else:
    ui.note("Newest first by meeting date; a meeting whose date the text does not state is placed by the date it "
            "was reported (its meeting date shows “—”).")
    ui.html_table(latest, "latest_meeting_events",
             ["date", "reported", "a_name", "b_name", "kind", "status", "place", "n_articles", "evidence"])
