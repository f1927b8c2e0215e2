"""Small charts drawn as plain HTML (no chart library), for charts nobody clicks into (the Overview's and the
People page's bars, the Topics page's heatmaps): they appear at once instead of waiting for Plotly's script and
drawing on a busy machine. Every label is HTML-escaped."""
from __future__ import annotations

import html

import pandas as pd

from .charts import largest_grid
from .labels import plural

BLUE, ORANGE = "#4c78a8", "#f58518"
_BOX = "font-family:sans-serif;font-size:0.8rem;color:#374151"


def ranked(names: list[str], values: list[int], title: str, unit: str, links: list[str] | None = None,
           colour: str = ORANGE) -> str:
    """Horizontal bars, one row per name (biggest first as given), the count at the end; a name is a link when
    `links` gives its URL."""
    most = max([int(v) for v in values] + [1])
    rows = []
    for i, (name, value) in enumerate(zip(names, values)):
        label = html.escape(str(name))
        if links:
            label = f'<a href="{html.escape(links[i], quote=True)}" target="_self" style="color:inherit">{label}</a>'
        width = 100 * int(value) / most
        rows.append(f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
                    f'<div style="flex:0 0 38%;text-align:right;overflow:hidden;text-overflow:ellipsis;'
                    f'white-space:nowrap">{label}</div>'
                    f'<div style="flex:1;background:#f3f4f6"><div role="img" '
                    f'aria-label="{html.escape(plural(int(value), unit), quote=True)}" '
                    f'style="width:{width:.1f}%;background:{colour};height:16px"></div></div>'
                    f'<div style="flex:0 0 2.5em">{int(value):,}</div></div>')
    return f'<div class="html-chart" style="{_BOX}"><b>{html.escape(title)}</b>{"".join(rows)}</div>'


def periods(df: pd.DataFrame, value: str, title: str, period: str, unit: str) -> str:
    """Vertical bars, one per period in the frame's span (empty periods as gaps), the largest count on the
    axis and the first and last period under it; hover a bar for its period and count."""
    d = df.set_index(pd.to_datetime(df["period"]))[value]
    span = pd.date_range(d.index.min(), d.index.max(), freq="W-MON" if period == "week" else "MS")
    d = d.reindex(span.union(d.index), fill_value=0)
    most = max(int(d.max()), 1)
    tips = [html.escape(f"{period} of {p.date()}: {plural(int(n), unit)}", quote=True) for p, n in d.items()]
    bars = "".join(
        f'<div role="img" title="{tip}" aria-label="{tip}" style="flex:1;min-width:1px;max-width:40px;'
        f'height:{100 * int(n) / most:.1f}%;background:{BLUE}"></div>' for tip, n in zip(tips, d.values))
    fmt = "%b %Y" if period == "month" else "%Y-%m-%d"
    first, last = d.index.min().strftime(fmt), d.index.max().strftime(fmt)
    ends = f"<span>{first}</span><span>{last}</span>" if first != last else f"<span>{first}</span>"
    return (f'<div class="html-chart" style="{_BOX}"><b>{html.escape(title)}</b>'
            f'<div style="display:flex;gap:4px;margin-top:4px"><div style="width:2em;text-align:right">{most:,}</div>'
            f'<div style="flex:1;display:flex;align-items:flex-end;gap:1px;height:150px;'
            f'border-bottom:1px solid #9ca3af;border-left:1px solid #9ca3af">{bars}</div></div>'
            f'<div style="display:flex;justify-content:{"space-between" if first != last else "center"};'
            f'margin-left:2.3em">{ends}</div></div>')


LIGHT, DARK = (247, 251, 255), (8, 48, 107)  # the ends of Plotly's "Blues" scale


def _shade(share: float) -> str:
    """The cell colour of a count at `share` (0-1) of the largest, from light to dark blue."""
    return "#%02x%02x%02x" % tuple(round(a + (b - a) * share) for a, b in zip(LIGHT, DARK))


def heatmap(df: pd.DataFrame, x: str, y: str, z: str, title: str, unit: str) -> str:
    """Counts `z` (of `unit`s) as a table of `y` rows × `x` columns (the largest, as `charts.matrix` keeps them),
    each cell shaded by its count and showing it; hover a cell for its row, column and count."""
    pivot, title = largest_grid(df, x, y, z, title)
    most = max(int(pivot.values.max()), 1) if pivot.size else 1
    th = "padding:2px 6px;font-weight:normal;text-align:left;vertical-align:bottom"
    heads = "".join(f'<th style="{th};writing-mode:vertical-rl;transform:rotate(180deg);max-height:9em">'
                    f"{html.escape(str(c))}</th>" for c in pivot.columns)
    rows = []
    for name, counts in zip(pivot.index, pivot.values):
        cells = []
        for col, n in zip(pivot.columns, counts):
            share = int(n) / most
            tip = html.escape(f"{name} × {col}: {plural(int(n), unit)}", quote=True)
            light = "" if share > 0.5 else ";color:#111827"  # every cell's style is its own: keep it short
            cells.append(f'<td title="{tip}" style="background:{_shade(share)}{light}">{int(n):,}</td>')
        rows.append(f'<tr><th style="{th};white-space:nowrap;color:#374151">{html.escape(str(name))}</th>'
                    f'{"".join(cells)}</tr>')
    return (f'<div class="html-chart html-heatmap" style="{_BOX};overflow:auto"><b>{html.escape(title)}</b>'
            f'<table cellpadding="3" style="border-collapse:collapse;margin-top:4px"><thead><tr><th></th>{heads}'
            f'</tr></thead><tbody style="text-align:center;color:#fff">{"".join(rows)}</tbody></table></div>')
