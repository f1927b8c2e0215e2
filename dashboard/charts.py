"""Plotly figures built from already-filtered frames."""
from __future__ import annotations

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import plotly.express as px


def network(meetings: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """Who-met-whom: nodes are people, edges are meetings; hover lists kinds and dates."""
    g = nx.Graph()
    for r in meetings.itertuples():
        when = "" if pd.isna(r.date) else str(pd.Timestamp(r.date).date())
        if g.has_edge(r.a, r.b):
            g[r.a][r.b]["events"].append(f"{r.kind} {when}".strip())
        else:
            g.add_edge(r.a, r.b, events=[f"{r.kind} {when}".strip()])
    pos = nx.spring_layout(g, seed=7) if len(g) else {}
    fig = go.Figure()
    for a, b, d in g.edges(data=True):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip",
                                 line={"width": 1 + len(d["events"]), "color": "#999"}, showlegend=False))
        fig.add_trace(go.Scatter(x=[(x0 + x1) / 2], y=[(y0 + y1) / 2], mode="markers", marker={"size": 6, "opacity": 0},
                                 hovertext=f"{names.get(a, a)} – {names.get(b, b)}<br>" + "<br>".join(d["events"]),
                                 hoverinfo="text", showlegend=False))
    nodes = list(g.nodes)
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
        text=[names.get(n, n) for n in nodes], textposition="top center", customdata=nodes,
        marker={"size": [10 + 4 * g.degree(n) for n in nodes], "color": "#1f77b4"},
        hovertext=[f"{names.get(n, n)}: {g.degree(n)} counterpart(s)" for n in nodes], hoverinfo="text",
        showlegend=False, name="people"))
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, margin={"l": 0, "r": 0, "t": 30, "b": 0},
                      title="Who met whom")
    return fig


def topic_trend(series: pd.DataFrame) -> go.Figure:
    """Topic frequency over time: articles per period and topic."""
    fig = px.line(series, x="period", y="articles", color="topic", markers=True, title="Topics over time")
    fig.update_layout(margin={"l": 0, "r": 0, "t": 30, "b": 0})
    return fig
