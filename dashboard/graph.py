"""Who-met-whom network: nodes and edges from per-pair event counts, a deterministic layout, selection → ids."""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

EDGE_PREFIX = "edge:"    # customdata of an edge's midpoint marker: "edge:<a>|<b>"
EDGES_DRAWN = 300        # pairs the chart draws at most (the busiest), besides those of a selection


@dataclass(frozen=True)
class Network:
    """Positioned nodes (id, name, country, events, x, y, size) and edges (a, b, events, kinds, dates, undated,
    places, x0..y1)."""
    nodes: pd.DataFrame
    edges: pd.DataFrame


def _fmt_day(v) -> str:
    return "" if v is None or pd.isna(v) else str(pd.Timestamp(v).date())


def build(pairs: pd.DataFrame, seed: int = 7) -> Network:
    """Lay out the network of per-pair rows (queries.network: a, b, names, countries, events, kinds, places,
    dates); a person's size is the events on their edges (same input → same positions)."""
    node_cols = ["id", "name", "country", "events", "x", "y", "size"]
    edge_cols = ["a", "b", "events", "kinds", "dates", "undated", "places", "x0", "y0", "x1", "y1"]
    if pairs.empty:
        return Network(pd.DataFrame(columns=node_cols), pd.DataFrame(columns=edge_cols))
    names: dict[str, str] = {}
    countries: dict[str, object] = {}
    per_node: dict[str, int] = {}
    g = nx.Graph()
    undated = pairs["undated"] if "undated" in pairs else pd.Series(0, index=pairs.index)
    rows = zip(pairs["a"], pairs["b"], pairs["a_name"], pairs["b_name"], pairs["a_country"], pairs["b_country"],
               pairs["events"], pairs["kinds"], pairs["places"], pairs["dates"], undated)
    for a, b, an, bn, ac, bc, n, kinds, places, dates, nd in sorted(rows, key=lambda r: (min(r[0], r[1]),
                                                                                        max(r[0], r[1]))):
        for who, name, country in ((a, an, ac), (b, bn, bc)):
            names.setdefault(who, name)
            countries.setdefault(who, country)
            per_node[who] = per_node.get(who, 0) + int(n)
        g.add_edge(min(a, b), max(a, b), events=int(n), kinds=_joined(kinds), places=_joined(places),
                   dates=", ".join(sorted({_fmt_day(x) for x in _items(dates)}, reverse=True)),
                   undated=int(nd or 0))
    pos = nx.spring_layout(g, seed=seed, k=1.5 / max(len(g), 1) ** 0.5) if len(g) > 2 else _line(sorted(g))
    top = max(per_node.values()) if per_node else 1
    nodes = pd.DataFrame([{"id": n, "name": names.get(n, n), "country": _known(countries.get(n)),
                           "events": per_node.get(n, 0), "x": float(pos[n][0]), "y": float(pos[n][1]),
                           "size": marker_size(per_node.get(n, 0), top)}
                          for n in sorted(g.nodes)], columns=node_cols)
    edges = pd.DataFrame([{"a": a, "b": b, **d, "x0": float(pos[a][0]), "y0": float(pos[a][1]),
                           "x1": float(pos[b][0]), "y1": float(pos[b][1])}
                          for a, b, d in sorted((min(a, b), max(a, b), d) for a, b, d in g.edges(data=True))],
                         columns=edge_cols)
    return Network(nodes, edges)


def marker_size(events: int, most: int) -> float:
    """A node's marker diameter in pixels: 12 to 40, by the square root of its share of the busiest's events."""
    return 12 + 28 * (max(events, 0) / max(most, 1)) ** 0.5


def label_room(nodes: pd.DataFrame, width: float = 850, height: float = 440, pad: float = 0.25,
               char_px: float = 7.0, line_px: float = 15.0) -> pd.Series:
    """Which nodes get a written label: the busiest first, each only when its label (above its marker, on a
    `width` × `height` pixel plot of the layout with `pad` around it) overlaps no label already placed and
    no bigger marker than its own. The rest are named on hover."""
    if nodes.empty:
        return pd.Series([], dtype=bool)
    xs = pd.concat([nodes["x"], pd.Series([0.0])])
    ys = pd.concat([nodes["y"], pd.Series([0.0])])
    x0, x1, y0, y1 = xs.min() - pad, xs.max() + pad, ys.min() - pad, ys.max() + pad
    px = (nodes["x"] - x0) / max(x1 - x0, 1e-9) * width
    py = (y1 - nodes["y"]) / max(y1 - y0, 1e-9) * height   # screen y grows downwards
    radius = nodes["size"] / 2 if "size" in nodes else pd.Series(10.0, index=nodes.index)
    markers = [(px[i] - radius[i], py[i] - radius[i], px[i] + radius[i], py[i] + radius[i]) for i in nodes.index]
    placed: list[tuple[float, float, float, float]] = []
    keep = pd.Series(False, index=nodes.index)
    for i in nodes.sort_values(["events", "name"], ascending=[False, True], kind="stable").index:
        w = char_px * len(str(nodes.at[i, "name"]))
        box = (px[i] - w / 2, py[i] - radius[i] - line_px, px[i] + w / 2, py[i] - radius[i])
        if box[0] < 0 or box[2] > width or box[1] < 0:
            continue
        others = [m for j, m in zip(nodes.index, markers) if j != i and radius[j] > radius[i]]
        if any(_overlap(box, b) for b in placed) or any(_overlap(box, m) for m in others):
            continue
        placed.append(box)
        keep[i] = True
    return keep


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def highlighted(net: Network, people: set[str], pairs: set[tuple[str, str]]) -> tuple[set[str], set[tuple[str, str]]]:
    """What a selection lights up: the selected people, everyone they met and the pairs joining them; a
    selected pair lights up its two people and their edge."""
    nodes = set(people) | {p for pair in pairs for p in pair}
    edges = {(min(a, b), max(a, b)) for a, b in pairs}
    for a, b in zip(net.edges["a"], net.edges["b"]):
        if a in people or b in people:
            nodes |= {a, b}
            edges.add((min(a, b), max(a, b)))
    return nodes, edges


def drawn(net: Network, people: set[str] = frozenset(), pairs: set[tuple[str, str]] = frozenset(),
          most: int | None = None) -> Network:
    """The network a chart draws: every node, and of the edges the `most` with the most events (ties by ids) plus
    every edge of a selected person or pair. At 1 M articles the 80 busiest people share 1,716 pairs, whose
    lines and hover markers were most of the page's bytes (bench/RESULTS.md §22 (big)); positions
    and node sizes still come from every edge. `most` None: EDGES_DRAWN."""
    most = EDGES_DRAWN if most is None else most
    e = net.edges
    if len(e) <= most:
        return net
    top = e.sort_values(["events", "a", "b"], ascending=[False, True, True], kind="stable").index[:most]
    chosen = {(min(a, b), max(a, b)) for a, b in pairs}
    mine = [a in people or b in people or (a, b) in chosen for a, b in zip(e["a"], e["b"])]
    keep = e.index.isin(top) | pd.Series(mine, index=e.index).to_numpy()
    return Network(net.nodes, e[keep].reset_index(drop=True))


def to_param(people: set[str], pairs: set[tuple[str, str]]) -> list[str]:
    """A selection as URL values: a person's id, or two ids joined by `~` for a pair."""
    return sorted(people) + sorted(f"{a}~{b}" for a, b in pairs)


def from_param(values: list[str]) -> tuple[set[str], set[tuple[str, str]]]:
    """Inverse of `to_param` (empty or malformed values are ignored)."""
    people: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for v in values or []:
        a, sep, b = str(v).partition("~")
        if sep and a and b:
            pairs.add((min(a, b), max(a, b)))
        elif a and not sep:
            people.add(a)
    return people, pairs


def to_networkx(net: Network) -> nx.Graph:
    """The network as a networkx graph with readable attributes, for GEXF / GraphML export (Gephi)."""
    g = nx.Graph()
    for r in net.nodes.itertuples(index=False):
        g.add_node(r.id, label=str(r.name), country=str(r.country), meetings=int(r.events),
                   x=float(r.x), y=float(r.y))
    for r in net.edges.itertuples(index=False):
        g.add_edge(r.a, r.b, weight=int(r.events), kinds=str(r.kinds), dates=str(r.dates),
                   undated=int(r.undated), places=str(r.places))
    return g


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
