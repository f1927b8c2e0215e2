"""Plotly figures built from already-filtered frames. Every data string is HTML-escaped before Plotly sees it
(Plotly renders a subset of HTML in labels and hover text)."""
from __future__ import annotations

import html

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from .graph import Network, edge_key

PALETTE = px.colors.qualitative.Safe + px.colors.qualitative.Pastel
KIND_SYMBOL = {"held": "circle", "planned": "circle-open", "cancelled": "x-thin-open"}
MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}


def esc(value) -> str:
    """One data value as text Plotly will show literally."""
    return "" if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) else html.escape(str(value))


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(", ", 1)[0] + ", …"


def _esc_frame(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        out[c] = out[c].map(esc)
    return out


def colour_map(values: list[str]) -> dict[str, str]:
    """A stable colour per value (sorted order; 'unknown' is grey)."""
    keys = sorted(set(values) - {"unknown"})
    out = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    out["unknown"] = "#9ca3af"
    return out


def per_period(df: pd.DataFrame, y: str, title: str, period: str = "week") -> go.Figure:
    """Bars of `y` per period."""
    fig = go.Figure(go.Bar(x=df["period"], y=df[y], marker_color="#4c78a8",
                           hovertemplate=f"{period} of %{{x|%Y-%m-%d}}<br>%{{y}} {y}<extra></extra>"))
    xaxis: dict = {"type": "date", "tickformat": "%b %Y" if period == "month" else "%Y-%m-%d"}
    if len(df):
        half = pd.Timedelta(days=20 if period == "month" else 5)
        lo, hi = pd.Timestamp(df["period"].min()), pd.Timestamp(df["period"].max())
        xaxis["range"] = [lo - half, hi + half * (3 if period == "month" else 2)]
    return fig.update_layout(title=title, margin=MARGIN, height=300, bargap=0.1, xaxis=xaxis)


def top_bar(df: pd.DataFrame, label: str, value: str, title: str, ids: str | None = None) -> go.Figure:
    """Horizontal bars, biggest on top; customdata carries `ids` when given."""
    d = df.iloc[::-1]
    fig = go.Figure(go.Bar(x=d[value], y=d[label].map(esc), orientation="h", marker_color="#f58518",
                           customdata=d[ids] if ids else None,
                           hovertemplate=f"%{{y}}: %{{x}} {value}<extra></extra>"))
    return fig.update_layout(title=title, margin=MARGIN, height=max(250, 24 * len(d) + 80), clickmode="event+select")


def network(net: Network) -> go.Figure:
    """People as nodes (size = meeting events, colour = country), pairs as edges (width = events)."""
    fig = go.Figure()
    most = max(int(net.edges["events"].max()), 1) if len(net.edges) else 1
    width = (1 + 5 * net.edges["events"] / most).round() if len(net.edges) else net.edges["events"]
    for w, grp in net.edges.groupby(width, sort=True):   # one line trace per width, not one per edge
        xs = [v for x0, x1 in zip(grp["x0"], grp["x1"]) for v in (x0, x1, None)]
        ys = [v for y0, y1 in zip(grp["y0"], grp["y1"]) for v in (y0, y1, None)]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"width": int(w), "color": "#b0b7c3"}))
    names = dict(zip(net.nodes["id"], net.nodes["name"]))
    if len(net.edges):
        e = net.edges
        hover = [f"<b>{esc(names.get(a, a))} – {esc(names.get(b, b))}</b><br>{n} event(s)<br>kinds: {esc(k)}"
                 f"<br>dates: {esc(_clip(d)) or 'unknown'}<br>places: {esc(_clip(p)) or 'unknown'}"
                 for a, b, n, k, d, p in zip(e["a"], e["b"], e["events"], e["kinds"], e["dates"], e["places"])]
        fig.add_trace(go.Scatter(x=(e["x0"] + e["x1"]) / 2, y=(e["y0"] + e["y1"]) / 2, mode="markers",
                                 marker={"size": 14, "color": "#b0b7c3", "symbol": "diamond", "opacity": 0.6},
                                 customdata=[edge_key(a, b) for a, b in zip(e["a"], e["b"])],
                                 hovertext=hover, hoverinfo="text", showlegend=False, name="pairs"))
    colours = colour_map(net.nodes["country"].tolist())
    top = max(int(net.nodes["events"].max()), 1) if len(net.nodes) else 1
    for country, grp in net.nodes.groupby("country", sort=True):
        fig.add_trace(go.Scatter(
            x=grp["x"], y=grp["y"], mode="markers+text", name=esc(country),
            text=grp["name"].map(esc), textposition="top center", customdata=grp["id"],
            marker={"size": 12 + 28 * (grp["events"] / top) ** 0.5, "color": colours[country],
                    "line": {"width": 1, "color": "#374151"}},
            hovertext=[f"<b>{esc(n)}</b><br>{esc(country)}<br>{k} meeting event(s)"
                       for n, k in zip(grp["name"], grp["events"])], hoverinfo="text"))
    pad = 0.25
    xs = pd.concat([net.nodes["x"], pd.Series([0.0])])
    ys = pd.concat([net.nodes["y"], pd.Series([0.0])])
    fig.update_layout(xaxis={"visible": False, "range": [xs.min() - pad, xs.max() + pad]},
                      yaxis={"visible": False, "range": [ys.min() - pad, ys.max() + pad]},
                      margin=MARGIN, height=520, title="Who met whom (click a person or a pair)",
                      legend={"title": {"text": "country"}}, clickmode="event+select", dragmode="pan")
    return fig


MATRIX_SIDE = 30        # rows and columns a heatmap shows at most (the largest totals)
MATRIX_TEXT_CELLS = 600  # cells up to which each shows its count (more would swamp the browser)


def matrix(df: pd.DataFrame, x: str, y: str, z: str, title: str, xlabel: str = "", ylabel: str = "",
           side: int = MATRIX_SIDE) -> go.Figure:
    """A heatmap of counts, the `side` rows and columns with the largest totals, with the count in each cell
    when the grid is small."""
    if df.empty:
        return go.Figure().update_layout(title=title)
    pivot = df.pivot_table(index=y, columns=x, values=z, aggfunc="sum", fill_value=0)
    if pivot.shape[0] > side or pivot.shape[1] > side:
        rows = pivot.sum(axis=1).sort_values(ascending=False, kind="stable").index[:side]
        cols = pivot.sum(axis=0).sort_values(ascending=False, kind="stable").index[:side]
        pivot = pivot.loc[sorted(rows), sorted(cols)]
        title = f"{title} (the {len(rows)} × {len(cols)} largest)"
    text = {"text": pivot.values, "texttemplate": "%{text}"} if pivot.size <= MATRIX_TEXT_CELLS else {}
    fig = go.Figure(go.Heatmap(z=pivot.values, x=[esc(c) for c in pivot.columns], y=[esc(r) for r in pivot.index],
                               colorscale="Blues", hovertemplate=f"%{{y}} × %{{x}}: %{{z}} {z}<extra></extra>",
                               **text))
    return fig.update_layout(title=title, margin=MARGIN, height=max(300, 28 * len(pivot) + 120),
                             xaxis_title=xlabel, yaxis_title=ylabel)


def _row_keys(events: pd.DataFrame, by: str) -> pd.Series:
    """Each event's row key: (person,) when by == "person", else the order-free pair of names or countries."""
    if by == "person":
        return pd.Series([(w,) for w in events["who"]], index=events.index, dtype=object)
    c1, c2 = ("a_country", "b_country") if by == "country" else ("a_name", "b_name")
    a = events[c1].astype(object).where(events[c1].notna(), "unknown")
    b = events[c2].astype(object).where(events[c2].notna(), "unknown")
    return pd.Series([(x, y) if str(x) <= str(y) else (y, x) for x, y in zip(a, b)], index=events.index, dtype=object)


def timeline_rows(events: pd.DataFrame, by: str = "pair") -> pd.Series:
    """The timeline row label of each event: its person pair or its country pair (escaped, order-free)."""
    keys = _row_keys(events, by)
    labels = {k: " – ".join(esc(x) for x in k) for k in set(keys)}
    return keys.map(labels).astype(object)


def timeline(events: pd.DataFrame, by: str = "pair") -> go.Figure:
    """Meeting events over time, one row per pair (or country pair), colour = kind, symbol = status."""
    ev = events.dropna(subset=["day"]).copy()
    ev["row"] = timeline_rows(ev, by)
    colours = colour_map(ev["kind"].tolist())
    fig = go.Figure()
    for (kind, status), grp in ev.groupby(["kind", "status"], sort=True):
        fig.add_trace(go.Scatter(
            x=grp["day"], y=grp["row"], mode="markers", name=f"{esc(kind)} · {esc(status)}",
            customdata=grp["event_id"],
            marker={"size": 12 + 3 * grp["n_articles"].clip(upper=6), "color": colours[kind],
                    "symbol": KIND_SYMBOL.get(status, "diamond"), "line": {"width": 2, "color": colours[kind]}},
            hovertext=[f"<b>{r}</b><br>{esc(kind)} ({esc(status)})<br>{pd.Timestamp(d).date()}"
                       f"<br>place: {esc(p) or 'unknown'}<br>{n} article(s)"
                       for r, d, p, n in zip(grp["row"], grp["day"], grp["place"], grp["n_articles"])],
            hoverinfo="text"))
    return fig.update_layout(title="Meeting events over time (filled = held, open = planned)", margin=MARGIN,
                             height=max(300, 36 * ev["row"].nunique() + 140), legend={"title": {"text": "kind · status"}},
                             yaxis={"type": "category"})


def _period_starts(lo, hi, period: str) -> pd.DatetimeIndex:
    """Every period start from `lo` to `hi` (weeks start on Monday, as DuckDB's date_trunc)."""
    return pd.date_range(pd.Timestamp(lo), pd.Timestamp(hi), freq="W-MON" if period == "week" else "MS")


def sparse_periods(df: pd.DataFrame, period: str = "month", min_articles: int = 5) -> bool:
    """True when most periods of the span have no article or only a handful: shares would jump 0 % / 100 %."""
    if df.empty:
        return True
    totals = df.drop_duplicates("period").set_index("period")["total"]
    span = len(_period_starts(totals.index.min(), totals.index.max(), period))
    return (totals >= min_articles).sum() < max(3, span / 2)


def topic_share(df: pd.DataFrame, period: str = "month", value: str = "share") -> go.Figure:
    """Share (or count) of articles per topic per period; a period without articles breaks the line instead
    of being drawn across. Hover shows the counts; click a point for its articles."""
    fig = go.Figure()
    colours = colour_map(df["topic"].tolist())
    every = _period_starts(df["period"].min(), df["period"].max(), period) if len(df) else []
    for topic, grp in df.groupby("topic", sort=True):
        grp = grp.set_index(pd.to_datetime(grp["period"])).reindex(every).rename_axis("at").reset_index()
        seen = grp["total"].notna()
        fig.add_trace(go.Scatter(
            x=grp["at"], y=grp[value].where(seen), mode="lines+markers", name=esc(topic), connectgaps=False,
            legendgroup=esc(grp["group"].dropna().iloc[0]) if "group" in grp and grp["group"].notna().any() else None,
            line={"color": colours[topic]}, marker={"size": [9 if a else 5 for a in grp["articles"].fillna(0)]},
            customdata=[[topic, pd.Timestamp(p).date().isoformat()] for p in grp["at"]],
            hovertext=[f"<b>{esc(topic)}</b><br>{period} of {pd.Timestamp(p).date()}<br>"
                       + (f"{int(a)} of {int(t)} articles ({s:.0%})" if ok else "no article")
                       for p, a, t, s, ok in zip(grp["at"], grp["articles"], grp["total"], grp["share"], seen)],
            hoverinfo="text"))
    what = "Share of articles" if value == "share" else "Articles"
    yaxis = {"tickformat": ".0%", "title": "share of articles"} if value == "share" else {"title": "articles"}
    return fig.update_layout(title=f"{what} per topic per {period} (click a point)", margin=MARGIN,
                             height=420, yaxis=yaxis, clickmode="event+select")


def topic_grid(df: pd.DataFrame, period: str = "month") -> go.Figure:
    """Topic × period dot grid for sparse corpora: one dot per topic and period with articles, its size the
    count, its colour the share; each dot is one click target (no two topics share a point)."""
    d = df[df["articles"] > 0]
    fig = go.Figure(go.Scatter(
        x=d["period"], y=d["topic"].map(esc), mode="markers",
        marker={"size": 8 + 22 * (d["articles"] / max(d["articles"].max(), 1)) ** 0.5 if len(d) else [],
                "color": d["share"], "colorscale": "Blues", "cmin": 0, "cmax": 1, "showscale": True,
                "colorbar": {"title": "share", "tickformat": ".0%"}, "line": {"width": 1, "color": "#334155"}},
        customdata=[[t, pd.Timestamp(p).date().isoformat()] for t, p in zip(d["topic"], d["period"])],
        hovertext=[f"<b>{esc(t)}</b><br>{period} of {pd.Timestamp(p).date()}<br>{a} of {n} articles ({s:.0%})"
                   for t, p, a, n, s in zip(d["topic"], d["period"], d["articles"], d["total"], d["share"])],
        hoverinfo="text"))
    return fig.update_layout(title=f"Articles per topic per {period}: few articles per {period}, so dots, not lines "
                                   "(size = articles, colour = share; click a dot)",
                             margin=MARGIN, height=max(300, 26 * d["topic"].nunique() + 120),
                             xaxis={"type": "date"}, clickmode="event+select")


def bars(df: pd.DataFrame, x: str, y: str, title: str, color: str = "#54a24b") -> go.Figure:
    """Simple vertical bars with escaped category labels."""
    d = _esc_frame(df, [x]) if df[x].dtype == object else df
    fig = go.Figure(go.Bar(x=d[x], y=d[y], marker_color=color, hovertemplate=f"%{{x}}: %{{y}} {y}<extra></extra>"))
    return fig.update_layout(title=title, margin=MARGIN, height=320)
