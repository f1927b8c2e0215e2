"""Overview: headline counts, articles per week, the latest meeting events and the most mentioned people."""
import streamlit as st

from dashboard import charts, state, ui

f = state.filters()
st.title("Overview")
n = state.q("counts", f)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Articles", f"{int(n['articles']):,}")
c2.metric("People mentioned", f"{int(n['people']):,}")
c3.metric("Meeting events", f"{int(n['events']):,}")
if n["first"] is not None:
    c4.metric("Date span", f"{(n['last'] - n['first']).days + 1:,} days")
    c4.caption(f"{ui.fmt_day(n['first'])} → {ui.fmt_day(n['last'])}")
else:
    c4.metric("Date span", "no dates")

if not n["articles"]:
    ui.empty("No article matches the filters. Widen the date range or remove a filter in the sidebar.")
    st.stop()

left, right = st.columns(2)
with left:
    weekly = state.q("articles_per_period", f, "week")
    if weekly.empty:
        ui.empty("None of the matching articles has a known publication date.")
    else:
        st.plotly_chart(charts.per_period(weekly, "articles", "Articles per week"), key="weekly")
with right:
    top = state.q("top_entities", f, "PERSON", 15)
    if top.empty:
        ui.empty("No person is mentioned in the matching articles.")
    else:
        clicked = st.plotly_chart(charts.top_bar(top, "name", "mentions", "Most mentioned people (click for a profile)",
                                                 ids="entity_id"), key="top_people", on_select="rerun",
                                  selection_mode="points")
        ids = [p.get("customdata") for p in (clicked.selection.points if clicked else [])]
        if ids and isinstance(ids[0], str):
            label = state.labels().get(ids[0], ids[0])
            st.page_link("views/people.py", label="Open the profile", query_params={"profile": label},
                         icon=":material/person_search:")
            ui.note(label)

st.subheader("Latest meeting events")
latest = state.q("events", f, 10)
if latest.empty:
    ui.empty("No meeting event matches the filters.")
else:
    ui.table(latest, "latest_meeting_events",
             ["day", "a_name", "b_name", "kind", "status", "place", "n_articles", "evidence"],
             column_config={"day": st.column_config.DateColumn("date"), "a_name": "person", "b_name": "counterpart",
                            "n_articles": st.column_config.NumberColumn("articles"),
                            "evidence": st.column_config.TextColumn("evidence", width="large")})
