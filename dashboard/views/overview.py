"""Overview: headline counts, articles per week, the latest meeting events and the most mentioned people."""
import streamlit as st

from dashboard import charts, labels, notices, state, ui

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
        ui.chart(charts.per_period(weekly, "articles", f"Articles per {period}", period), key="weekly")
        missing = int(n["articles"]) - int(weekly["articles"].sum())
        if missing:
            ui.note(f"Not on this chart: {labels.plural(missing, 'article')} without a publication date.")
with right:
    top = state.top_entities(f, "PERSON", 15)
    if top.empty:
        ui.empty("No person is mentioned in the matching articles.")
    else:
        clicked = ui.chart(charts.top_bar(top, "name", "mentions", "Most mentioned people (click for a profile)",
                                          ids="entity_id"), key="top_people", on_select="rerun", selection_mode="points")
        ids = [p.get("customdata") for p in (clicked.selection.points if clicked else [])]
        if ids and isinstance(ids[0], str):
            label = state.labels().get(ids[0], ids[0])
            st.page_link("views/people.py", label="Open the profile", query_params={"profile": label},
                         icon=":material/person_search:")
            ui.note(label)

st.subheader("Latest meeting events")
latest = state.events(f, 10)
if latest.empty:
    ui.empty(notices.no_events(f))
else:
    ui.note("Newest first by meeting date; a meeting whose date the text does not state is placed by the date it "
            "was reported (its meeting date shows “—”).")
    ui.table(latest, "latest_meeting_events",
             ["date", "reported", "a_name", "b_name", "kind", "status", "place", "n_articles", "evidence"])
