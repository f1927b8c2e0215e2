"""Timeline: meeting events over time per person, person pair or country pair, coloured by kind; held vs
planned; meetings without a stated date drawn apart, at their report date."""
import streamlit as st

from dashboard import figures, labels, notices, plotlite, state, ui

ROWS = 40
POINTS, ALL_POINTS = figures.TIMELINE_FIRST, figures.TIMELINE_MOST
MODES = {"person": "person", "pair": "person pair", "country": "country pair"}

f = state.filters()
st.title("Timeline")
by = st.segmented_control("One row per", list(MODES), default="pair", key="timeline_by", format_func=MODES.get,
                          bind="query-params") or "pair"
shown = state.timeline(f, by, ROWS, POINTS)
points = POINTS
if len(shown) >= POINTS and st.toggle(f"Draw up to {ALL_POINTS:,} events", key="timeline_all", bind="query-params",
                                      help=f"The chart first draws the newest {POINTS:,} events of its rows: "
                                           "fewer markers draw sooner."):
    points = ALL_POINTS
    shown = state.timeline(f, by, ROWS, points)
n = state.event_counts(f)
if shown.empty:
    ui.empty(notices.no_events(f) if not n["events"] else
             f"None of the {labels.plural(n['events'], 'matching meeting event')} can be placed in time: the texts "
             "state no meeting date and the reporting articles have no publication date.")
    st.stop()
drawn = shown["event_id"].nunique()
placeable = n["dated"] + n["reported"]
parts = [f"{labels.plural(n['dated'], 'meeting event')} with a stated date",
         f"{labels.plural(n['reported'], 'meeting')} without a stated date, drawn as ◇ at the date they were reported"]
if n["undrawable"]:
    parts.append(f"{labels.plural(n['undrawable'], 'meeting')} with neither date, not drawn")
st.caption("; ".join(parts)
           + (f". Drawn: the newest {drawn:,} of {placeable:,} on the {ROWS} busiest rows"
              + (f' (turn on "Draw up to {ALL_POINTS:,} events" for more)' if points == POINTS == len(shown) else "")
              if drawn < placeable else "")
           + ". Filled markers: held; open circles: planned; crosses: cancelled; markers of one day are stacked. "
             "Click or box-select markers.")
chosen = ui.chart(figures.timeline(f, by, ROWS, points), key="timeline", on_select="rerun", selection_mode=("points", "box"))
ids = {p.get("customdata") for p in plotlite.points(chosen)}
ids = {i[0] if isinstance(i, list) else i for i in ids}
rows = (shown[shown["event_id"].isin(ids)] if ids else shown).drop_duplicates("event_id")
ui.rows(rows, "timeline_events",
         ["date", "reported", "a_name", "b_name", "kind", "status", "place", "n_articles", "evidence"])
