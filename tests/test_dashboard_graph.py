"""Network aggregation, deterministic layout, and Plotly selection → ids."""
from datetime import date

import pandas as pd

from dashboard import graph


def _events():
    rows = [("e1", "p:a", "p:b", "meeting", date(2024, 1, 1), "Oslo"),
            ("e2", "p:a", "p:b", "phone_call", date(2024, 1, 5), None),
            ("e3", "p:b", "p:c", "talks", None, "Rome")]
    df = pd.DataFrame(rows, columns=["event_id", "a", "b", "kind", "day", "place"])
    names = {"p:a": "Ann", "p:b": "Bob", "p:c": "Cy"}
    return df.assign(a_name=df["a"].map(names), b_name=df["b"].map(names), a_country=["X", "X", "Y"],
                     b_country=["Y", "Y", None])


def test_graph_build_sizes_nodes_and_edges_by_events():
    net = graph.build(_events())
    by_id = net.nodes.set_index("id")
    assert by_id.loc["p:b", "events"] == 3 and by_id.loc["p:a", "events"] == 2
    assert by_id.loc["p:c", "country"] == "unknown"
    ab = net.edges[(net.edges["a"] == "p:a") & (net.edges["b"] == "p:b")].iloc[0]
    assert ab["events"] == 2 and ab["kinds"] == "meeting, phone_call" and ab["places"] == "Oslo"


def test_graph_build_layout_is_deterministic():
    first, second = graph.build(_events()), graph.build(_events())
    pd.testing.assert_frame_equal(first.nodes, second.nodes)


def test_graph_build_empty_events_give_empty_network():
    net = graph.build(_events().iloc[0:0])
    assert net.nodes.empty and net.edges.empty


def test_graph_selected_ids_reads_nodes_and_edges():
    points = [{"customdata": "p:a"}, {"customdata": [graph.edge_key("p:c", "p:b")]}, {"x": 1}]
    assert graph.selected_ids(points) == ({"p:a"}, {("p:b", "p:c")})


def test_graph_focus_keeps_events_of_selected_people_and_pairs():
    ev = _events()
    assert set(graph.focus(ev, {"p:c"}, set())["event_id"]) == {"e3"}
    assert set(graph.focus(ev, set(), {("p:a", "p:b")})["event_id"]) == {"e1", "e2"}
    assert len(graph.focus(ev, set(), set())) == 3


def test_graph_busiest_keeps_events_among_the_most_active_people():
    ev = _events()
    assert set(graph.busiest(ev, 2)["event_id"]) == {"e1", "e2"}  # p:b (3) and p:a (2)
    assert len(graph.busiest(ev, 10)) == 3
