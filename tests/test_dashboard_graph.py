"""Network layout from per-pair rows, and Plotly selection → ids."""
from datetime import date

import pandas as pd

from dashboard import graph


def _pairs():
    """Per-pair rows as queries.network returns them: p:a–p:b twice, p:b–p:c once."""
    return pd.DataFrame([
        {"a": "p:a", "b": "p:b", "a_name": "Ann", "b_name": "Bob", "a_country": "X", "b_country": "Y", "events": 2,
         "kinds": ["meeting", "phone_call"], "places": ["Oslo"], "dates": [date(2024, 1, 5), date(2024, 1, 1)]},
        {"a": "p:b", "b": "p:c", "a_name": "Bob", "b_name": "Cy", "a_country": "Y", "b_country": None, "events": 1,
         "kinds": ["talks"], "places": ["Rome"], "dates": []}])


def test_graph_build_sizes_nodes_and_edges_by_pairs():
    net = graph.build(_pairs())
    by_id = net.nodes.set_index("id")
    assert by_id.loc["p:b", "events"] == 3 and by_id.loc["p:a", "events"] == 2
    assert by_id.loc["p:c", "country"] == "unknown"
    ab = net.edges[(net.edges["a"] == "p:a") & (net.edges["b"] == "p:b")].iloc[0]
    assert ab["events"] == 2 and ab["kinds"] == "meeting, phone_call" and ab["places"] == "Oslo"
    assert ab["dates"] == "2024-01-05, 2024-01-01"


def test_graph_build_layout_is_deterministic():
    first, second = graph.build(_pairs()), graph.build(_pairs())
    pd.testing.assert_frame_equal(first.nodes, second.nodes)


def test_graph_build_empty_events_give_empty_network():
    net = graph.build(_pairs().iloc[0:0])
    assert net.nodes.empty and net.edges.empty


def test_graph_selected_ids_reads_nodes_and_edges():
    points = [{"customdata": "p:a"}, {"customdata": [graph.edge_key("p:c", "p:b")]}, {"x": 1}]
    assert graph.selected_ids(points) == ({"p:a"}, {("p:b", "p:c")})


def test_graph_label_room_skips_labels_that_would_collide():
    nodes = pd.DataFrame({"id": ["a", "b", "c"], "name": ["Anna Longname", "Bob Longname", "Cy"],
                          "events": [5, 4, 1], "x": [0.0, 0.01, 1.0], "y": [0.0, 0.0, 1.0], "size": [20.0, 18.0, 12.0]})
    room = graph.label_room(nodes)
    assert room.tolist() == [True, False, True]  # b's label would sit on a's; c is far away


def test_graph_highlight_keeps_a_selected_persons_partners_lit():
    net = graph.build(_pairs())
    nodes, edges = graph.highlighted(net, {"p:a"}, set())
    assert nodes == {"p:a", "p:b"} and edges == {("p:a", "p:b")}
    nodes, _ = graph.highlighted(net, set(), {("p:b", "p:c")})
    assert nodes == {"p:b", "p:c"}


def test_graph_selection_round_trips_through_url_values():
    sel = ({"p:a"}, {("p:b", "p:c")})
    assert graph.from_param(graph.to_param(*sel)) == sel
    assert graph.from_param(["", "~p:x", "p:q~"]) == (set(), set())


def _star_and_ring(n: int = 12) -> graph.Network:
    """A hub meeting everyone (hub–k: k + 1 events), and a ring of one-event pairs among the others."""
    rows = []
    for k in range(n):
        rows.append({"a": "p:hub", "b": f"p:{k:02d}", "a_name": "Hub", "b_name": f"N{k}", "a_country": "X",
                     "b_country": "Y", "events": k + 1, "kinds": ["talks"], "places": [], "dates": []})
        rows.append({"a": f"p:{k:02d}", "b": f"p:{(k + 1) % n:02d}", "a_name": f"N{k}", "b_name": f"N{k + 1}",
                     "a_country": "Y", "b_country": "Y", "events": 1, "kinds": ["talks"], "places": [], "dates": []})
    return graph.build(pd.DataFrame(rows))


def test_graph_drawn_keeps_the_busiest_pairs_and_every_node():
    net = _star_and_ring()
    got = graph.drawn(net, most=5)
    assert len(got.edges) == 5 and set(got.edges["events"]) == {12, 11, 10, 9, 8}
    pd.testing.assert_frame_equal(got.nodes, net.nodes)  # positions and sizes come from every pair


def test_graph_drawn_adds_every_pair_of_the_selection():
    net = _star_and_ring()
    got = graph.drawn(net, people={"p:03"}, pairs={("p:07", "p:06")}, most=2)
    pairs = set(zip(got.edges["a"], got.edges["b"]))
    assert {("p:11", "p:hub"), ("p:10", "p:hub")} <= pairs                  # the two busiest
    assert {("p:02", "p:03"), ("p:03", "p:04"), ("p:03", "p:hub")} <= pairs  # all of the selected person's
    assert ("p:06", "p:07") in pairs and len(pairs) == 6


def test_graph_drawn_leaves_a_small_network_whole():
    net = _star_and_ring(4)
    assert graph.drawn(net, most=100) is net
