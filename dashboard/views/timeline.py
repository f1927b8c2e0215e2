"""Timeline: meeting events over time per person pair or country pair, coloured by kind; held vs planned."""
import streamlit as st

from dashboard import charts, state, ui

ROWS = 40
POINTS = 3000

f = state.filters()
st.title("Timeline")
events = state.q("events", f)
by = st.segmented_control("One row per", ["person", "pair", "country"], default="pair", key="timeline_by",
                          format_func={"person": "person", "pair": "person pair", "country": "country pair"}.get) or "pair"
dated = events.dropna(subset=["day"]) if not events.empty else events
if by == "person" and not dated.empty:
    dated = charts.by_person(dated)
if dated.empty:
    ui.empty("No dated meeting event matches the filters.")
    st.stop()
shown = charts.busiest_rows(dated, by, ROWS).head(POINTS)  # events come newest first
n_dated = dated["event_id"].nunique()
st.caption(f"{n_dated:,} dated meeting events ({len(events) - n_dated:,} without a date)"
           + (f"; drawn: the newest {len(shown):,} on the {ROWS} busiest rows" if len(shown) < len(dated) else "")
           + ". Filled markers: held; open markers: planned; crosses: cancelled. Click or box-select markers.")
chosen = st.plotly_chart(charts.timeline(shown, by), key="timeline", on_select="rerun",
                         selection_mode=("points", "box"))
ids = {p.get("customdata") for p in (chosen.selection.points if chosen else [])}
ids = {i[0] if isinstance(i, list) else i for i in ids}
rows = (shown[shown["event_id"].isin(ids)] if ids else dated).drop_duplicates("event_id")
ui.table(rows, "timeline_events", ["day", "a_name", "b_name", "kind", "status", "place", "n_articles", "evidence"],
         column_config={"day": st.column_config.DateColumn("date"), "a_name": "person", "b_name": "counterpart",
                        "evidence": st.column_config.TextColumn("evidence", width="large")})
