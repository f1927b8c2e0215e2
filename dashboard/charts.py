"""Plotly figures built from already-filtered frames. Every data string is HTML-escaped before Plotly sees it
(Plotly renders a subset of HTML in labels and hover text). Colours come from `palette` (fixed per value)."""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import labels, palette, periods
from .graph import Network, edge_key, label_room

STATUS_SYMBOL = {"held": "circle", "planned": "circle-open", "cancelled": "x-thin-open"}
KIND_SYMBOL = STATUS_SYMBOL  # the older name
UNDATED_SYMBOL = "diamond-open"   # a meeting whose date the text does not state, drawn at its report date
MARGIN = {"l": 10, "r": 10, "t": 40, "b": 10}
DAY_MS = 86_400_000
FADED = 0.2


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
    """A stable colour per value of the given full list ('unknown' is grey); see palette.mapping."""
    return palette.mapping(values)


def date_axis(lo, hi, period: str | None = None) -> dict:
    """A date x-axis for [lo, hi] with padding and at most ~10 ticks, each labelled once: days, weeks or months
    as the span needs (never a time of day, never the same month twice)."""
    lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
    pad = max(pd.Timedelta(days={"month": 20, "week": 5}.get(period or "", 3)), (hi - lo) * 0.03)
    lo, hi = lo - pad, hi + pad + (pd.Timedelta(days={"month": 20, "week": 4}.get(period or "", 0)))
    span = max((hi - lo).days, 1)
    axis: dict = {"type": "date", "range": [lo, hi]}
    if period != "month":
        for step in (1, 2, 7, 14):
            if span / step <= 10:
                return {**axis, "dtick": step * DAY_MS, "tickformat": "%Y-%m-%d",
                        "tick0": "2000-01-03" if step >= 7 else "2000-01-01"}
    for months in (1, 2, 3, 6, 12, 24, 60, 120):
        if span / (30.4 * months) <= 10:
            return {**axis, "dtick": f"M{months}", "tick0": "2000-01-01", "tickformat": "%b %Y" if months < 12 else "%Y"}
    return {**axis, "tickformat": "%Y"}


def count_axis(most: float, title: str | None = None) -> dict:
    """A y-axis of whole counts from 0: integer ticks only (no 0.2 steps for a count of 1)."""
    most = max(float(most or 0), 1.0)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 10 ** 9) if most / s <= 6)
    return {"rangemode": "tozero", "dtick": step, "tickformat": ",d", "range": [0, most * 1.1],
            **({"title": title} if title else {})}


def top_bar(df: pd.DataFrame, label: str, value: str, title: str, ids: str | None = None,
            integer: bool = True) -> go.Figure:
    """Horizontal bars, biggest on top; customdata carries `ids` when given."""
    d = df.iloc[::-1]
    fig = go.Figure(go.Bar(x=d[value], y=d[label].map(esc), orientation="h", marker_color="#f58518",
                           customdata=d[ids] if ids else None,
                           hovertemplate=f"%{{y}}: %{{x}} {labels.column(value)}<extra></extra>"))
    xaxis = count_axis(d[value].max() if len(d) else 1) if integer else {}
    return fig.update_layout(title=title, margin=MARGIN, height=max(250, 24 * len(d) + 80), clickmode="event+select",
                             xaxis=xaxis, yaxis={"type": "category"})


def _edge_hover(names: dict, e: pd.DataFrame) -> list[str]:
    out = []
    for a, b, n, k, d, u, p in zip(e["a"], e["b"], e["events"], e["kinds"], e["dates"], e["undated"], e["places"]):
        kinds = ", ".join(labels.kind(x.strip()) for x in str(k).split(",") if x.strip())
        when = esc(_clip(d)) or "none stated"
        if u:
            when += f" (+ {labels.plural(int(u), 'meeting')} without a stated date)"
        out.append(f"<b>{esc(names.get(a, a))} – {esc(names.get(b, b))}</b><br>{labels.plural(int(n), 'meeting event')}"
                   f"<br>kinds: {esc(kinds)}<br>meeting dates: {when}<br>places: {esc(_clip(p)) or 'not stated'}")
    return out


def network(net: Network, countries: dict[str, str] | None = None, people: set[str] = frozenset(),
            pairs: set[tuple[str, str]] = frozenset(), lit: tuple[set[str], set] | None = None) -> go.Figure:
    """People as nodes (size = meeting events, colour = country, fixed by `countries`), pairs as edges (width =
    events). Labels only where they have room (hover names the rest). With a selection (`lit`: the people and
    pairs it lights up), everything else fades; the selected and their partners stay bright and named."""
    countries = countries or palette.mapping(net.nodes["country"].tolist())
    lit_nodes, lit_edges = lit or (set(), set())
    fig = go.Figure()
    most = max(int(net.edges["events"].max()), 1) if len(net.edges) else 1
    e = net.edges.assign(w=(1 + 5 * net.edges["events"] / most).round() if len(net.edges) else net.edges["events"])
    e = e.assign(lit=[(a, b) in lit_edges for a, b in zip(e["a"], e["b"])])
    for (w, on), grp in e.groupby(["w", "lit"], sort=True):   # one line trace per width, not one per edge
        xs = [v for x0, x1 in zip(grp["x0"], grp["x1"]) for v in (x0, x1, None)]
        ys = [v for y0, y1 in zip(grp["y0"], grp["y1"]) for v in (y0, y1, None)]
        colour = "#4b5563" if on else ("#e5e7eb" if lit_nodes else "#b0b7c3")
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"width": int(w) + (1 if on else 0), "color": colour}))
    names = dict(zip(net.nodes["id"], net.nodes["name"]))
    if len(e):
        fig.add_trace(go.Scatter(x=(e["x0"] + e["x1"]) / 2, y=(e["y0"] + e["y1"]) / 2, mode="markers",
                                 marker={"size": 14, "color": "#b0b7c3", "symbol": "diamond",
                                         "opacity": [0.8 if on else (FADED if lit_nodes else 0.6) for on in e["lit"]]},
                                 customdata=[edge_key(a, b) for a, b in zip(e["a"], e["b"])],
                                 hovertext=_edge_hover(names, e), hoverinfo="text", showlegend=False, name="pairs",
                                 unselected={"marker": {"opacity": FADED if lit_nodes else 0.6}},
                                 selected={"marker": {"opacity": 1}}))
    nodes = net.nodes.assign(room=label_room(net.nodes), lit=net.nodes["id"].isin(lit_nodes))
    listed = legend_countries(nodes["country"])
    for country, grp in nodes.groupby("country", sort=True):
        for on in (True, False):
            part = grp[grp["lit"] == on] if lit_nodes else (grp if on else grp.iloc[0:0])
            if part.empty:
                continue
            faded = bool(lit_nodes) and not on
            text = [esc(n) if (lit_nodes and on) or (r and not lit_nodes) else ""
                    for n, r in zip(part["name"], part["room"])]
            fig.add_trace(go.Scatter(
                x=part["x"], y=part["y"], mode="markers+text", name=esc(country), legendgroup=esc(country),
                showlegend=bool(on or grp["lit"].sum() == 0) and country in listed, text=text,
                textposition="top center",
                textfont={"color": "#9ca3af" if faded else "#111827"}, customdata=part["id"],
                marker={"size": part["size"], "color": palette.colour(country, countries),
                        "opacity": FADED if faded else 1, "line": {"width": 2 if on and lit_nodes else 1,
                                                                   "color": "#111827" if on and lit_nodes else "#374151"}},
                selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": FADED if faded else 1}},
                hovertext=[f"<b>{esc(n)}</b><br>{esc(country)}<br>{labels.plural(int(k), 'meeting event')}"
                           for n, k in zip(part["name"], part["events"])], hoverinfo="text"))
    pad = 0.25
    xs = pd.concat([net.nodes["x"], pd.Series([0.0])])
    ys = pd.concat([net.nodes["y"], pd.Series([0.0])])
    fig.update_layout(xaxis={"visible": False, "range": [xs.min() - pad, xs.max() + pad]},
                      yaxis={"visible": False, "range": [ys.min() - pad, ys.max() + pad]},
                      margin=MARGIN, height=520, title="Who met whom (click a person or a pair; hover for names)",
                      legend={"title": {"text": "country" if len(listed) == nodes["country"].nunique() else
                                        f"country ({len(listed)} of {nodes['country'].nunique()})"}},
                      clickmode="event+select", dragmode="pan")
    return fig


LEGEND_COUNTRIES = 12   # countries the network's legend lists: at 1 M articles its 80 people came from ~60, and
# the legend's entries were a third of the chart's drawing time (bench/RESULTS.md §24)


def legend_countries(countries: pd.Series, most: int | None = None) -> set:
    """The `most` (None: LEGEND_COUNTRIES) countries with the most people in the network (ties by name), which its
    legend lists."""
    most = LEGEND_COUNTRIES if most is None else most
    counts = countries.value_counts()
    return set(sorted(counts.index, key=lambda c: (-counts[c], str(c)))[:most])


MATRIX_SIDE = 30        # rows and columns a heatmap shows at most (the largest totals)
MATRIX_TEXT_CELLS = 600  # cells up to which each shows its count (more would swamp the browser)


def largest_grid(df: pd.DataFrame, x: str, y: str, z: str, title: str,
                 side: int = MATRIX_SIDE) -> tuple[pd.DataFrame, str]:
    """Counts `z` pivoted to `y` rows × `x` columns, only the `side` rows and columns with the largest totals
    (sorted by name), and `title` saying so when it had to cut."""
    pivot = df.pivot_table(index=y, columns=x, values=z, aggfunc="sum", fill_value=0)
    if pivot.shape[0] > side or pivot.shape[1] > side:
        rows = pivot.sum(axis=1).sort_values(ascending=False, kind="stable").index[:side]
        cols = pivot.sum(axis=0).sort_values(ascending=False, kind="stable").index[:side]
        pivot = pivot.loc[sorted(rows), sorted(cols)]
        title = f"{title} (the {len(rows)} × {len(cols)} largest)"
    return pivot, title


def matrix(df: pd.DataFrame, x: str, y: str, z: str, title: str, xlabel: str = "", ylabel: str = "",
           side: int = MATRIX_SIDE) -> go.Figure:
    """A heatmap of counts, the `side` rows and columns with the largest totals, with the count in each cell
    when the grid is small."""
    if df.empty:
        return go.Figure().update_layout(title=title)
    pivot, title = largest_grid(df, x, y, z, title, side)
    text = {"text": pivot.values, "texttemplate": "%{text}"} if pivot.size <= MATRIX_TEXT_CELLS else {}
    fig = go.Figure(go.Heatmap(z=pivot.values, x=[esc(c) for c in pivot.columns], y=[esc(r) for r in pivot.index],
                               colorscale="Blues", hovertemplate=f"%{{y}} × %{{x}}: %{{z}} {labels.column(z)}<extra></extra>",
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
    labels_ = {k: " – ".join(esc(x) for x in k) for k in set(keys)}
    return keys.map(labels_).astype(object)


def stack_offsets(rows: pd.Series, days: pd.Series, step: float = 0.22) -> pd.Series:
    """Vertical offsets that spread markers sharing a row and a day (0 for a lone marker; ±step/2, … for more),
    so same-day meetings stay visible side by side instead of hiding each other."""
    key = pd.DataFrame({"r": rows.values, "d": pd.to_datetime(days).dt.normalize().values}, index=rows.index)
    rank = key.groupby(["r", "d"], sort=False).cumcount()
    size = key.groupby(["r", "d"], sort=False)["r"].transform("size")
    spread = (step * 3 / size).clip(upper=step)
    return (rank - (size - 1) / 2) * spread


def timeline(events: pd.DataFrame, by: str = "pair", kinds: dict[str, str] | None = None) -> go.Figure:
    """Meeting events over time, one row per pair (or country pair, or person); colour = kind (fixed),
    symbol = status. A meeting whose date the text does not state is drawn at its report date as an open
    diamond; markers of one row and day are stacked."""
    ev = events.dropna(subset=["day"]).copy()
    ev["row"] = timeline_rows(ev, by)
    ev["stated"] = ev["date"].notna() if "date" in ev else True
    busy = ev.groupby("row")["event_id"].nunique()
    bottom_up = sorted(busy.index, key=lambda r: (busy[r], [-ord(c) for c in str(r)]))  # busiest on top, then A-Z
    position = {r: i for i, r in enumerate(bottom_up)}
    ev["y"] = ev["row"].map(position) + stack_offsets(ev["row"], ev["day"])
    fig = go.Figure()
    for (kind, status, stated), grp in ev.groupby(["kind", "status", "stated"], sort=True):
        colour = palette.kind(kind)
        name = f"{labels.kind(kind)} · {labels.status(status)}" if stated else \
            f"{labels.kind(kind)} · date not stated (at report date)"
        fig.add_trace(go.Scatter(
            x=grp["day"], y=grp["y"], mode="markers", name=esc(name), customdata=grp["event_id"],
            legendgroup="dated" if stated else "undated",
            marker={"size": 11 + 2 * grp["n_articles"].clip(upper=5), "color": colour,
                    "symbol": STATUS_SYMBOL.get(status, "diamond") if stated else UNDATED_SYMBOL,
                    "line": {"width": 2, "color": colour}, "opacity": 1 if stated else 0.85},
            hovertext=[f"<b>{r}</b><br>{esc(labels.kind(kind))} ({esc(labels.status(status))})<br>"
                       + (f"meeting date: {pd.Timestamp(d).date()}" if stated else
                          f"meeting date not stated; reported {pd.Timestamp(d).date()}")
                       + f"<br>place: {esc(p) or 'not stated'}<br>{labels.plural(int(n), 'article')}"
                       for r, d, p, n in zip(grp["row"], grp["day"], grp["place"], grp["n_articles"])],
            hoverinfo="text"))
    layout: dict = {"title": "Meeting events over time (◇ = date not stated, drawn at its report date)",
                    "margin": MARGIN, "height": max(300, 36 * len(position) + 140),
                    "legend": {"title": {"text": "kind · status"}},
                    "yaxis": {"tickmode": "array", "tickvals": list(position.values()), "ticktext": list(position),
                              "range": [-0.6, len(position) - 0.4], "zeroline": False}}
    if len(ev):
        layout["xaxis"] = date_axis(ev["day"].min(), ev["day"].max())
    return fig.update_layout(**layout)


def sparse_periods(df: pd.DataFrame, period: str = "month", min_articles: int = 5) -> bool:
    """True when most periods of the span have no article or only a handful: shares would jump 0 % / 100 %."""
    if df.empty:
        return True
    totals = df.drop_duplicates("period").set_index("period")["total"]
    span = len(periods.starts(totals.index.min(), totals.index.max(), period))
    return (totals >= min_articles).sum() < max(3, span / 2)


def topic_share(df: pd.DataFrame, period: str = "month", value: str = "share",
                colours: dict[str, str] | None = None) -> go.Figure:
    """Share (or count) of articles per topic per period; a period without articles breaks the line instead
    of being drawn across. Hover shows the counts; click a point for its articles."""
    fig = go.Figure()
    colours = colours or palette.mapping(df["topic"].tolist())
    every = periods.starts(df["period"].min(), df["period"].max(), period) if len(df) else []
    groups = topic_group_of(df)
    titled: set[str] = set()
    for topic in sorted(df["topic"].unique(), key=lambda t: (GROUP_ORDER.get(groups[t], 9), groups[t], t)):
        grp = df[df["topic"] == topic]
        grp = grp.set_index(pd.to_datetime(grp["period"])).reindex(every).rename_axis("at").reset_index()
        seen = grp["total"].notna()
        group = groups[topic]
        fig.add_trace(go.Scatter(
            x=grp["at"], y=grp[value].where(seen), mode="lines+markers", name=esc(topic), connectgaps=False,
            legendgroup=esc(group), legendgrouptitle_text=None if group in titled else esc(group),
            line={"color": palette.colour(topic, colours)}, marker={"size": [9 if a else 5 for a in grp["articles"].fillna(0)]},
            customdata=[[topic, pd.Timestamp(p).date().isoformat()] for p in grp["at"]],
            hovertext=[f"<b>{esc(topic)}</b><br>{period} of {pd.Timestamp(p).date()}<br>"
                       + (f"{int(a)} of {int(t)} articles ({s:.0%})" if ok else "no article")
                       for p, a, t, s, ok in zip(grp["at"], grp["articles"], grp["total"], grp["share"], seen)],
            hoverinfo="text"))
        titled.add(group)
    what = "Share of articles" if value == "share" else "Articles"
    yaxis = {"tickformat": ".0%", "title": "share of articles"} if value == "share" else {"title": "articles"}
    return fig.update_layout(title=f"{what} per topic per {period} (click a point)", margin=MARGIN,
                             height=max(420, 22 * len(groups) + 40 * len(set(groups.values())) + 80), yaxis=yaxis,
                             clickmode="event+select", legend={"groupclick": "toggleitem", "tracegroupgap": 8})


GROUP_ORDER = {"security": 0, "diplomacy": 1, "economy": 2, "humanitarian": 3, "other": 4}


def topic_group_of(df: pd.DataFrame) -> dict[str, str]:
    """topic -> its group from a frame's `group` column ("other" when the build has none)."""
    if "group" not in df:
        return {t: "other" for t in df["topic"].unique()}
    return {t: (g if isinstance(g, str) and g else "other") for t, g in zip(df["topic"], df["group"])}


def topic_grid(df: pd.DataFrame, period: str = "month") -> go.Figure:
    """Topic × period dot grid for sparse corpora: one dot per topic and period with articles, its size the
    count, its colour the share; each dot is one click target (no two topics share a point)."""
    d = df[df["articles"] > 0]
    groups = topic_group_of(df)
    label = {t: f"{esc(groups[t])} · {esc(t)}" for t in groups}
    order = sorted(set(d["topic"]), key=lambda t: (GROUP_ORDER.get(groups[t], 9), groups[t], t), reverse=True)
    fig = go.Figure(go.Scatter(
        x=d["period"], y=d["topic"].map(label), mode="markers",
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
                             xaxis={"type": "date"}, clickmode="event+select",
                             yaxis={"type": "category", "categoryorder": "array",
                                    "categoryarray": [label[t] for t in order]})


def places_map(located: pd.DataFrame, chosen: tuple[str, ...] = ()) -> go.Figure:
    """Where meetings happened: one marker per place (a city at its coordinates, a country as a square at its
    capital), area = meeting events; the places in `chosen` outlined. customdata carries the place name.
    Land, countries and coastlines in muted greys under the markers, from the world 1:110m outlines the dashboard's
    own server serves (plotlite.TOPOJSON: plotly.js asks for `<scope>_<resolution>m.json`); no lakes, rivers or
    ocean."""
    fig = go.Figure()
    most = max(int(located["events"].max()), 1) if len(located) else 1
    for is_country, grp in located.groupby(located["iso3"].notna(), sort=True):
        picked = grp["place"].isin(chosen)
        fig.add_trace(go.Scattergeo(
            lat=grp["lat"], lon=grp["lon"], mode="markers+text", text=grp["place"].map(esc),
            textposition="top center", name="countries (at the capital)" if is_country else "cities",
            customdata=grp["place"],
            marker={"size": 8 + 32 * (grp["events"] / most) ** 0.5, "sizemode": "diameter",
                    "symbol": "square" if is_country else "circle",
                    "color": "#e45756" if is_country else "#4c78a8", "opacity": 0.75,
                    "line": {"width": [3 if p else 0.5 for p in picked], "color": "#111827"}},
            hovertext=[f"<b>{esc(p)}</b><br>{labels.plural(int(n), 'meeting event')}"
                       + ("<br>(a country: drawn at its capital)" if is_country else "")
                       for p, n in zip(grp["place"], grp["events"])],
            hoverinfo="text"))
    geo = {"scope": "world", "resolution": 110, "showland": True, "landcolor": "#e9ecf0",
           "showcountries": True, "countrycolor": "#bcc2cb", "countrywidth": 0.6,
           "showcoastlines": True, "coastlinecolor": "#9ca3af", "coastlinewidth": 0.6,
           "showlakes": False, "showrivers": False, "showocean": False, "showsubunits": False, "showframe": True,
           "projection": {"type": "equirectangular"}, "bgcolor": "#fdfdfe",
           "lataxis": {"showgrid": True, "dtick": 15, "gridcolor": "#e5e7eb"},
           "lonaxis": {"showgrid": True, "dtick": 15, "gridcolor": "#e5e7eb"}}
    if len(located):
        pad = 8
        geo["lataxis"]["range"] = [max(-90, located["lat"].min() - pad), min(90, located["lat"].max() + pad)]
        geo["lonaxis"]["range"] = [max(-180, located["lon"].min() - pad), min(180, located["lon"].max() + pad)]
    return fig.update_layout(
        title="Where meetings happened (marker area = meeting events; click a place to filter)", margin=MARGIN,
        height=520, clickmode="event+select", legend={"title": {"text": "place named"}}, geo=geo)


def bars(df: pd.DataFrame, x: str, y: str, title: str, color: str = "#54a24b") -> go.Figure:
    """Simple vertical bars with escaped category labels."""
    d = _esc_frame(df, [x]) if df[x].dtype == object else df
    fig = go.Figure(go.Bar(x=d[x], y=d[y], marker_color=color, hovertemplate=f"%{{x}}: %{{y}} {y}<extra></extra>"))
    return fig.update_layout(title=title, margin=MARGIN, height=320, yaxis=count_axis(d[y].max() if len(d) else 1))
