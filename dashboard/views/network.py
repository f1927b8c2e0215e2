"""Who met whom: the network of people (click a person or a pair to focus), a country × country matrix,
and the meeting events table with evidence sentences and links to the articles."""
import streamlit as st

from dashboard import charts, graph, reasons, state, ui
from dashboard.filters import KEYS

TABLE_ROWS = 500

f = state.filters()
st.title("Who met whom")
n = state.q("event_counts", f)
if not n["events"]:
    ui.empty("No meeting event matches the filters. Remove a person, kind or status filter, "
             "or lower the minimum confidence.")
    st.stop()

people_total = n["people"]
limit = people_total
if people_total > 40:
    limit = st.slider("People in the network (the busiest first)", 10, min(people_total, 300), min(80, people_total),
                      step=10, key="network_size")
net = state.network(f, limit)
chosen = st.plotly_chart(charts.network(net), key="network", on_select="rerun", selection_mode="points")
people, pairs = graph.selected_ids(chosen.selection.points if chosen else [])
selection = (tuple(sorted(people)), tuple(sorted(pairs)))
focus = state.q("events", f, TABLE_ROWS, None, *selection)
names = dict(zip(net.nodes["id"], net.nodes["name"]))
shown = f" (the newest {TABLE_ROWS:,} in the table)" if len(focus) == TABLE_ROWS else ""


def _filter_everywhere(ids: list[str]) -> None:
    st.session_state[KEYS["people"]] = sorted(set(st.session_state.get(KEYS["people"]) or []) | set(ids))


if people or pairs:
    picked = sorted(names.get(p, p) for p in people) + sorted(f"{names.get(a, a)} – {names.get(b, b)}"
                                                              for a, b in pairs)
    ui.note("Selected: " + "; ".join(picked) + f" — their meeting events{shown}. Double-click the chart to clear.")
    selected_people = sorted(people | {p for pair in pairs for p in pair})
    left, right = st.columns(2)
    left.button("Filter every page to these people", on_click=_filter_everywhere, args=(selected_people,),
                icon=":material/filter_alt:")
    if len(people) == 1 and not pairs:
        right.page_link("views/people.py", label="Open the profile", icon=":material/person_search:",
                        query_params={"profile": state.labels().get(next(iter(people)), next(iter(people)))})
else:
    ui.note(f"{n['events']:,} meeting events between {people_total:,} people"
            + (f" (network shows the {len(net.nodes)} busiest)" if limit < people_total else "")
            + f"{shown}. Click a person or a pair to focus the tables below.")

tab_events, tab_matrix = st.tabs(["Meeting events", "Country × country"])
with tab_events:
    ui.table(focus, "meeting_events",
             ["day", "a_name", "b_name", "kind", "status", "place", "n_articles", "confidence", "evidence"],
             column_config={"day": st.column_config.DateColumn("date"), "a_name": "person", "b_name": "counterpart",
                            "n_articles": st.column_config.NumberColumn("articles"),
                            "confidence": st.column_config.ProgressColumn("confidence", min_value=0.0, max_value=1.0,
                                                                           format="%.2f"),
                            "evidence": st.column_config.TextColumn("evidence", width="large")})
    st.subheader("Evidence")
    proof = state.q("evidence", f, tuple(focus["event_id"]))
    proof = proof.assign(open=ui.article_link(proof["article_id"], state.shared_params()),
                         why=proof["reason"].map(reasons.words))
    ui.table(proof, "meeting_evidence",
             ["day", "a_name", "b_name", "kind", "open", "evidence", "why", "source", "published", "title"],
             column_config={"day": st.column_config.DateColumn("date"), "a_name": "person", "b_name": "counterpart",
                            "evidence": st.column_config.TextColumn("evidence sentence", width="large"),
                            "why": st.column_config.TextColumn("why it counts as a meeting"),
                            "published": st.column_config.DateColumn("published"),
                            "open": st.column_config.LinkColumn("article", display_text="open")})
with tab_matrix:
    grid = state.q("country_matrix", f, None, *selection)
    st.plotly_chart(charts.matrix(grid, "x", "y", "events", "Meeting events between countries"), key="country_matrix")
    ui.table(grid.rename(columns={"x": "country", "y": "counterpart country"}), "country_matrix")
