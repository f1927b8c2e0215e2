"""Who met whom: the network of people (click a person or a pair to focus), a country × country matrix,
and the meeting events table with evidence sentences and links to the articles."""
import streamlit as st

from dashboard import charts, graph, state, ui

f = state.filters()
st.title("Who met whom")
events = state.q("events", f)
if events.empty:
    ui.empty("No meeting event matches the filters. Remove a person, kind or status filter, "
             "or lower the minimum confidence.")
    st.stop()

net = graph.build(events)
chosen = st.plotly_chart(charts.network(net), key="network", on_select="rerun", selection_mode="points")
people, pairs = graph.selected_ids(chosen.selection.points if chosen else [])
focus = graph.focus(events, people, pairs)
if people or pairs:
    names = dict(zip(net.nodes["id"], net.nodes["name"]))
    picked = sorted(names.get(p, p) for p in people) + sorted(f"{names.get(a, a)} – {names.get(b, b)}" for a, b in pairs)
    st.caption("Selected: " + "; ".join(picked) + f" — {len(focus)} of {len(events)} meeting events. "
               "Click empty space or double-click the chart to clear.")
else:
    st.caption(f"{len(events)} meeting events between {len(net.nodes)} people. Click a person or a pair to focus.")

tab_events, tab_matrix = st.tabs(["Meeting events", "Country × country"])
with tab_events:
    shown = focus.assign(articles=focus["article_ids"].map(lambda ids: ", ".join(ids) if ids is not None else ""))
    ui.table(shown, "meeting_events",
             ["day", "a_name", "b_name", "kind", "status", "place", "n_articles", "confidence", "evidence"],
             column_config={"day": st.column_config.DateColumn("date"), "a_name": "person", "b_name": "counterpart",
                            "n_articles": st.column_config.NumberColumn("articles"),
                            "confidence": st.column_config.ProgressColumn("confidence", min_value=0.0, max_value=1.0,
                                                                           format="%.2f"),
                            "evidence": st.column_config.TextColumn("evidence", width="large")})
    st.subheader("Evidence")
    proof = state.q("evidence", f, tuple(focus["event_id"]))
    proof = proof.assign(open=ui.article_link(proof["article_id"]))
    ui.table(proof, "meeting_evidence",
             ["day", "a_name", "b_name", "kind", "evidence", "source", "published", "title", "open"],
             column_config={"day": st.column_config.DateColumn("date"), "a_name": "person", "b_name": "counterpart",
                            "evidence": st.column_config.TextColumn("evidence sentence", width="large"),
                            "published": st.column_config.DateColumn("published"),
                            "open": st.column_config.LinkColumn("article", display_text="open in reader")})
with tab_matrix:
    grid = state.q("country_matrix", f)
    st.plotly_chart(charts.matrix(grid, "x", "y", "events", "Meeting events between countries"), key="country_matrix")
    ui.table(grid.rename(columns={"x": "country", "y": "counterpart country"}), "country_matrix")
