"""Who met whom: the network of people (click a person or a pair to focus; the selection lives in the URL),
exports for Gephi, a country × country matrix, and the meeting events with evidence sentences."""
import streamlit as st

from dashboard import charts, exports, figures, graph, labels, notices, plotlite, reader, state, ui
from dashboard.filters import KEYS

TABLE_ROWS = 500
SELECTION = "sel"   # URL parameter: selected people (ids) and pairs (id~id)

f = state.filters()
st.title("Who met whom")
n = state.event_counts(f)
if not n["events"]:
    ui.empty(notices.no_events(f))
    st.stop()

people_total = n["people"]
limit = people_total
if people_total > 40:
    limit = st.slider("People in the network (the busiest first)", 10, min(people_total, 300), min(80, people_total),
                      step=10, key="network_size", bind="query-params")
net = state.network(f, limit)


def _selected() -> None:
    """A click or a double-click (clear) on the chart: the selection goes into the URL."""
    got = st.session_state.get("network")
    points = plotlite.points(got)
    st.query_params[SELECTION] = graph.to_param(*graph.selected_ids(points))


people, pairs = graph.from_param(st.query_params.get_all(SELECTION))
known = set(net.nodes["id"])
people, pairs = {p for p in people if p in known}, {pr for pr in pairs if set(pr) <= known}
lit = graph.highlighted(net, people, pairs) if people or pairs else None
ui.chart(figures.network(f, limit, people, pairs), key="network", on_select=_selected, selection_mode="points")
selection = (tuple(sorted(people)), tuple(sorted(pairs)))
focus = state.events(f, TABLE_ROWS, None, *selection)
names = dict(zip(net.nodes["id"], net.nodes["name"]))
shown = f" (the newest {TABLE_ROWS:,} in the table)" if len(focus) == TABLE_ROWS else ""


def _filter_everywhere(ids: list[str]) -> None:
    st.session_state[KEYS["people"]] = sorted(set(st.session_state.get(KEYS["people"]) or []) | set(ids))


def _clear() -> None:
    st.query_params[SELECTION] = []


if people or pairs:
    picked = sorted(names.get(p, p) for p in people) + sorted(f"{names.get(a, a)} – {names.get(b, b)}"
                                                              for a, b in pairs)
    partners = len(lit[0] - people - {p for pr in pairs for p in pr}) if lit else 0
    ui.note("Selected: " + "; ".join(picked) + (f" and the {labels.plural(partners, 'person', 'people')} they met"
                                                if partners else "") + f" — their meeting events{shown}.")
    selected_people = sorted(people | {p for pair in pairs for p in pair})
    left, mid, right = st.columns(3)
    left.button("Filter every page to these people", on_click=_filter_everywhere, args=(selected_people,),
                icon=":material/filter_alt:")
    mid.button("Clear the selection", on_click=_clear, icon=":material/deselect:")
    if len(people) == 1 and not pairs:
        right.page_link("views/people.py", label="Open the profile", icon=":material/person_search:",
                        query_params={"profile": state.label_of(next(iter(people)))})
else:
    ui.note(f"{labels.plural(n['events'], 'meeting event')} between {labels.plural(people_total, 'person', 'people')}"
            + notices.network_size(people_total, limit, len(net.nodes))
            + f"{shown}. Names are written where they have room; hover a node for the rest. "
              "Click a person or a pair to focus the tables below."
            + (f" Lines: the {graph.EDGES_DRAWN} pairs with the most meeting events, of {len(net.edges):,} between "
               "these people; click a person to see all of theirs." if len(net.edges) > graph.EDGES_DRAWN else "")
            + (f" The legend lists the {charts.LEGEND_COUNTRIES} countries with the most people here, of "
               f"{net.nodes['country'].nunique()}; hover a node for its country."
               if net.nodes["country"].nunique() > charts.LEGEND_COUNTRIES else ""))
undated = notices.undated_meetings(n, f)
if undated:
    ui.note(undated)

with st.expander("Export this network (Gephi, Cytoscape, yEd)", icon=":material/hub:"):
    st.caption(f"The {labels.plural(len(net.nodes), 'person', 'people')} and "
               f"{labels.plural(len(net.edges), 'pair')} of the network above (every pair, drawn or not), under "
               "the current filters: node label, "
               "country, meeting events and layout position; edge weight = meeting events, with kinds, stated "
               "dates and places. Chart images: the camera button on the chart.")
    c1, c2 = st.columns(2)
    c1.download_button("Download GEXF", lambda: exports.gexf_bytes(net), file_name="who-met-whom.gexf",
                       mime="application/xml", on_click="ignore", icon=":material/download:", key="gexf")
    c2.download_button("Download GraphML", lambda: exports.graphml_bytes(net), file_name="who-met-whom.graphml",
                       mime="application/xml", on_click="ignore", icon=":material/download:", key="graphml")

tab_events, tab_matrix = st.tabs(["Meeting events", "Country × country"], key="network_tab", bind="query-params")
if tab_events.open:
    with tab_events:
        ui.rows(focus, "meeting_events",
                 ["date", "reported", "a_name", "b_name", "kind", "status", "place", "n_articles", "confidence",
                  "evidence"])
        st.subheader("Evidence")
        proof = state.evidence(f, tuple(focus["event_id"]))
        proof = proof.assign(open=ui.article_link(proof["article_id"], state.shared_params()),
                             title=[reader.headline(t, lead)[0] for t, lead in zip(proof["title"], proof["lead"])])
        why = ["reason"] if proof["reason"].notna().any() else []  # shown once the pipeline says why
        ui.rows(proof, "meeting_evidence",
                 ["date", "a_name", "b_name", "kind", "open", "evidence"] + why + ["source", "published", "title"])
if tab_matrix.open:
    with tab_matrix:
        grid = state.country_matrix(f, None, *selection)
        ui.chart(charts.matrix(grid, "x", "y", "events", "Meeting events between countries"), key="country_matrix")
        ui.table(grid, "country_matrix")
