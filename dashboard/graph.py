"""Who-met-whom network: nodes and edges from per-pair event counts, a deterministic layout, selection → ids."""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

EDGE_PREFIX = "edge:"    # customdata of an edge's midpoint marker: "edge:<a>|<b>"


@dataclass(frozen=True)
class Network:
    """Positioned nodes (id, name, country, events, x, y) and edges (a, b, events, kinds, dates, places, x0..y1)."""
    nodes: pd.DataFrame
    edges: pd.DataFrame


def _fmt_day(v) -> str:
    return "" if v is None or pd.isna(v) else str(pd.Timestamp(v).date())


def build(pairs: pd.DataFrame, seed: int = 7) -> Network:
    """Lay out the network of per-pair rows (queries.network: a, b, names, countries, events, kinds, places,
    dates); a person's size is the events on their edges (same input → same positions)."""
    node_cols = ["id", "name", "country", "events", "x", "y"]
    edge_cols = ["a", "b", "events", "kinds", "dates", "places", "x0", "y0", "x1", "y1"]
    if pairs.empty:
        return Network(pd.DataFrame(columns=node_cols), pd.DataFrame(columns=edge_cols))
    names: dict[str, str] = {}
    countries: dict[str, object] = {}
    per_node: dict[str, int] = {}
    g = nx.Graph()
    rows = zip(pairs["a"], pairs["b"], pairs["a_name"], pairs["b_name"], pairs["a_country"], pairs["b_country"],
               pairs["events"], pairs["kinds"], pairs["places"], pairs["dates"])
    for a, b, an, bn, ac, bc, n, kinds, places, dates in sorted(rows, key=lambda r: (min(r[0], r[1]), max(r[0], r[1]))):
        for who, name, country in ((a, an, ac), (b, bn, bc)):
            names.setdefault(who, name)
            countries.setdefault(who, country)
            per_node[who] = per_node.get(who, 0) + int(n)
        g.add_edge(min(a, b), max(a, b), events=int(n), kinds=_joined(kinds), places=_joined(places),
                   dates=", ".join(sorted({_fmt_day(x) for x in _items(dates)}, reverse=True)))
    pos = nx.spring_layout(g, seed=seed, k=1.5 / max(len(g), 1) ** 0.5) if len(g) > 2 else _line(sorted(g))
    nodes = pd.DataFrame([{"id": n, "name": names.get(n, n), "country": _known(countries.get(n)),
                           "events": per_node.get(n, 0), "x": float(pos[n][0]), "y": float(pos[n][1])}
                          for n in sorted(g.nodes)], columns=node_cols)
    edges = pd.DataFrame([{"a": a, "b": b, **d, "x0": float(pos[a][0]), "y0": float(pos[a][1]),
                           "x1": float(pos[b][0]), "y1": float(pos[b][1])}
                          for a, b, d in sorted((min(a, b), max(a, b), d) for a, b, d in g.edges(data=True))],
                         columns=edge_cols)
    return Network(nodes, edges)


def _items(values) -> list:
    """A list cell (list, array or None) as a list."""
    return [] if values is None else list(values)


def _joined(values) -> str:
    return ", ".join(sorted(str(v) for v in _items(values)))


def _known(value) -> str:
    return "unknown" if value is None or pd.isna(value) or not str(value) else str(value)


def _line(nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Two (or one) nodes side by side: spring layout adds nothing there."""
    return {n: (float(i), 0.0) for i, n in enumerate(nodes)}


def edge_key(a: str, b: str) -> str:
    """The customdata an edge marker carries."""
    return f"{EDGE_PREFIX}{min(a, b)}|{max(a, b)}"


def selected_ids(points: list[dict]) -> tuple[set[str], set[tuple[str, str]]]:
    """Plotly selection points → (selected person ids, selected (a, b) pairs)."""
    people: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for p in points or []:
        cd = p.get("customdata")
        if isinstance(cd, (list, tuple)):
            cd = cd[0] if cd else None
        if not isinstance(cd, str):
            continue
        if cd.startswith(EDGE_PREFIX):
            a, _, b = cd[len(EDGE_PREFIX):].partition("|")
            if a and b:
                pairs.add((min(a, b), max(a, b)))
        else:
            people.add(cd)
    return people, pairs
