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
