"""Timeline: meeting events over time per person pair or country pair, coloured by kind; held vs planned."""
import streamlit as st

from dashboard import charts, state, ui

ROWS = 40
POINTS = 3000

f = state.filters()
st.title("Timeline")
by = st.segmented_control("One row per", ["person", "pair", "country"], default="pair", key="timeline_by",
                          format_func={"person": "person", "pair": "person pair", "country": "country pair"}.get) or "pair"
shown = state.q("timeline", f, by, ROWS, POINTS)
if shown.empty:
    ui.empty("No dated meeting event matches the filters.")
    st.stop()
n = state.q("event_counts", f)
drawn = shown["event_id"].nunique()
st.caption(f"{n['dated']:,} dated meeting events ({n['events'] - n['dated']:,} without a date)"
           + (f"; drawn: the newest {drawn:,} on the {ROWS} busiest rows" if drawn < n["dated"] else "")
           + ". Filled markers: held; open markers: planned; crosses: cancelled. Click or box-select markers.")
chosen = st.plotly_chart(charts.timeline(shown, by), key="timeline", on_select="rerun",
                         selection_mode=("points", "box"))
ids = {p.get("customdata") for p in (chosen.selection.points if chosen else [])}
ids = {i[0] if isinstance(i, list) else i for i in ids}
rows = (shown[shown["event_id"].isin(ids)] if ids else shown).drop_duplicates("event_id")
ui.table(rows, "timeline_events", ["day", "a_name", "b_name", "kind", "status", "place", "n_articles", "evidence"],
         column_config={"day": st.column_config.DateColumn("date"), "a_name": "person", "b_name": "counterpart",
                        "evidence": st.column_config.TextColumn("evidence", width="large")})
