"""The filtered network as files other tools open: GEXF and GraphML (Gephi, Cytoscape, yEd), via networkx."""
from __future__ import annotations

import io

import networkx as nx

from .graph import Network, to_networkx


def gexf_bytes(net: Network) -> bytes:
    """The network as GEXF 1.2 (node label, country, meeting count and layout position; edge weight = events)."""
    buf = io.BytesIO()
    nx.write_gexf(to_networkx(net), buf, encoding="utf-8")
    return buf.getvalue()


def graphml_bytes(net: Network) -> bytes:
    """The network as GraphML, with the same attributes as the GEXF."""
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(net), buf, encoding="utf-8")
    return buf.getvalue()
