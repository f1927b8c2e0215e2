"""The filtered network opens in Gephi: GEXF and GraphML with names, countries and weights."""
import io

import networkx as nx
import pandas as pd

from dashboard import exports, graph


def _net():
    return graph.build(pd.DataFrame([
        {"a": "p:a", "b": "p:b", "a_name": "Ann Åström", "b_name": "Борис", "a_country": "X", "b_country": None,
         "events": 3, "kinds": ["meeting"], "places": ["Oslo"], "dates": [], "undated": 3}]))


def test_exports_gexf_and_graphml_round_trip_through_networkx():
    for data, read in ((exports.gexf_bytes(_net()), nx.read_gexf), (exports.graphml_bytes(_net()), nx.read_graphml)):
        g = read(io.BytesIO(data))
        labels = {d.get("label") for _, d in g.nodes(data=True)}
        assert labels == {"Ann Åström", "Борис"}
        (_, _, edge), = g.edges(data=True)
        assert int(edge["weight"]) == 3 and int(edge["undated"]) == 3
