"""Where they met: the places of the filtered meeting events on a map (area = events); click a place to filter
every page to it; meetings whose place is not stated, or cannot be placed, are counted beside it."""
import streamlit as st

from dashboard import figures, geo, labels, notices, plotlite, state, ui
from dashboard.filters import KEYS

f = state.filters()
st.title("Where they met")
where = state.places(f)
if where.empty:
    ui.empty(notices.no_events(f))
    st.stop()
stated = where[where["place"].notna()]
unstated = int(where.loc[where["place"].isna(), "events"].sum())
located, unplaced = geo.locate_all(stated)


def _pick() -> None:
    """A click on a place adds it to the sidebar's place filter (every page follows)."""
    got = st.session_state.get("places_map")
    picked = [p.get("customdata") for p in plotlite.points(got)]
    picked = [p[0] if isinstance(p, list) else p for p in picked if p]
    if picked:
        st.session_state[KEYS["places"]] = sorted(set(st.session_state.get(KEYS["places"]) or []) | set(picked))


left, right = st.columns([3, 1])
with left:
    if located.empty:
        ui.empty("None of the places named can be put on the map.")
    else:
        ui.chart(figures.places_map(f), key="places_map", on_select=_pick, selection_mode="points")
with right:
    total = int(where["events"].sum())
    st.metric("Meeting events", f"{total:,}")
    st.metric("On the map", f"{int(located['events'].sum()):,}")
    st.metric("Place not stated", f"{unstated:,}")
    if len(unplaced):
        st.metric("Place named, not on the map", f"{int(unplaced['events'].sum()):,}")
    ui.note("Click a place to filter every page to it; the sidebar's “Meeting places” lists the chosen ones. "
            "A country named as the place is drawn as a square at its capital. Outlines: Natural Earth, 1:110m.")
    if f.places:
        st.button("Clear the place filter", icon=":material/location_off:",
                  on_click=lambda: st.session_state.__setitem__(KEYS["places"], []))

st.subheader("Places")
rows = where.assign(place=where["place"].fillna("(place not stated)"),
                    on_map=where["place"].isin(set(located["place"])).map({True: "yes", False: "no"}))
ui.html_table(rows, "meeting_places", ["place", "events", "on_map"])
if len(unplaced):
    ui.note("Not on the map (no known city or country of that name): "
            + ", ".join(f"{p} ({labels.plural(int(n), 'event')})" for p, n in zip(unplaced["place"], unplaced["events"])))
