"""Who-met-whom network: nodes and edges from meeting events, a deterministic layout, selection → ids."""
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


def build(events: pd.DataFrame, seed: int = 7) -> Network:
    """Aggregate events per person and per pair and lay the graph out (same input → same positions)."""
    node_cols = ["id", "name", "country", "events", "x", "y"]
    edge_cols = ["a", "b", "events", "kinds", "dates", "places", "x0", "y0", "x1", "y1"]
    if events.empty:
        return Network(pd.DataFrame(columns=node_cols), pd.DataFrame(columns=edge_cols))
    names: dict[str, str] = {}
    countries: dict[str, object] = {}
    pairs: dict[tuple[str, str], dict] = {}
    per_node: dict[str, int] = {}
    cols = zip(events["a"], events["b"], events["a_name"], events["b_name"], events["a_country"],
               events["b_country"], events["kind"], events["day"], events["place"])
    for a, b, an, bn, ac, bc, kind, day, place in cols:
        names.setdefault(a, an)
        names.setdefault(b, bn)
        countries.setdefault(a, ac)
        countries.setdefault(b, bc)
        per_node[a] = per_node.get(a, 0) + 1
        per_node[b] = per_node.get(b, 0) + 1
        d = pairs.setdefault((min(a, b), max(a, b)), {"events": 0, "kinds": set(), "dates": set(), "places": set()})
        d["events"] += 1
        if isinstance(kind, str):
            d["kinds"].add(kind)
        if isinstance(place, str):
            d["places"].add(place)
        if day is not None and not pd.isna(day):
            d["dates"].add(day)
    g = nx.Graph()
    for (a, b), d in sorted(pairs.items()):
        g.add_edge(a, b, events=d["events"], kinds=", ".join(sorted(d["kinds"])),
                   dates=", ".join(sorted({_fmt_day(x) for x in d["dates"]})),
                   places=", ".join(sorted(d["places"])))
    pos = nx.spring_layout(g, seed=seed, k=1.5 / max(len(g), 1) ** 0.5) if len(g) > 2 else _line(sorted(g))
    nodes = pd.DataFrame([{"id": n, "name": names.get(n, n), "country": _known(countries.get(n)),
                           "events": per_node.get(n, 0), "x": float(pos[n][0]), "y": float(pos[n][1])}
                          for n in sorted(g.nodes)], columns=node_cols)
    edges = pd.DataFrame([{"a": a, "b": b, **d, "x0": float(pos[a][0]), "y0": float(pos[a][1]),
                           "x1": float(pos[b][0]), "y1": float(pos[b][1])}
                          for a, b, d in sorted((min(a, b), max(a, b), d) for a, b, d in g.edges(data=True))],
                         columns=edge_cols)
    return Network(nodes, edges)


def busiest(events: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Only the events between the `limit` people with the most events (ties broken by id)."""
    counts = pd.concat([events["a"], events["b"]]).value_counts()
    if len(counts) <= limit:
        return events
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    keep = {k for k, _ in ranked}
    return events[events["a"].isin(keep) & events["b"].isin(keep)]


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


def focus(events: pd.DataFrame, people: set[str], pairs: set[tuple[str, str]]) -> pd.DataFrame:
    """Events involving any selected person or joining any selected pair (all events when nothing is selected)."""
    if not people and not pairs:
        return events
    pair_of = [(min(a, b), max(a, b)) for a, b in zip(events["a"], events["b"])]
    keep = events["a"].isin(people) | events["b"].isin(people) | pd.Series([p in pairs for p in pair_of],
                                                                            index=events.index, dtype=bool)
    return events[keep]
