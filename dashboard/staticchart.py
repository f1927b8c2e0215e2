"""A Plotly figure (its JSON dict) drawn as static, escaped SVG markup by the server, shown in the chart's place
until the partial Plotly bundle has drawn the interactive chart (bench/RESULTS.md §20, §22 (svg)): on a cold load
the chart element arrives 0.3–0.6 s before Plotly's own SVG. A picture only: scatter markers, lines and text, bar
traces, linear / date / category axes, the title and the legend; nothing clickable, no script, every text escaped.

Sizes follow Plotly's: the layout's height in pixels and the page's width, so the picture takes the chart's place
without a jump. x positions are percentages of the plot area (its width is known only in the browser), y positions
pixels; margins grow for tick labels and the legend as Plotly's automargin does, approximately."""
from __future__ import annotations

import base64
import functools
import html
import math
import re
from datetime import datetime, timedelta

import numpy as np

FONT = '"Source Sans", sans-serif'
TEXT = "#2a3f5f"          # plotly_white's text colour
GRID = "#EBF0F8"          # and its grid
DEFAULT_COLOUR = "#636efa"
CHAR_PX = 5.9             # average width of a 12 px character, for the margins Plotly's automargin would make
TITLE = "A picture of the chart while the interactive chart loads"
MAX_POINTS = 2500         # above this many points, no picture: its bytes and parsing would cost what it saves
MAX_BYTES = 200_000
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|rgba?\([0-9., ]{5,40}\)|[a-zA-Z]{3,20}")
_TAG = re.compile(r"<[^>]{0,200}>")
_DTYPES = {"f8": "<f8", "f4": "<f4", "i1": "<i1", "i2": "<i2", "i4": "<i4", "u1": "<u1", "u2": "<u2", "u4": "<u4"}


def svg(figure: dict) -> str:
    """The figure as a sized `<div>` of SVG (the class `plotlite-static`), every text escaped; "" when the figure
    has more than MAX_POINTS points or the markup would exceed MAX_BYTES (the chart then shows as Plotly draws it)."""
    layout = figure.get("layout") or {}
    traces = [t for t in figure.get("data") or [] if t.get("visible", True) is True]
    if sum(len(values(t.get("x"))) for t in traces) > MAX_POINTS:
        return ""
    height = int(_num(layout.get("height")) or 450)
    margin = {"l": 80, "r": 80, "t": 100, "b": 80, **{k: v for k, v in (layout.get("margin") or {}).items()
                                                        if k in "lrtb" and _num(v) is not None}}
    xa, ya = _Axis(layout.get("xaxis") or {}, traces, "x"), _Axis(layout.get("yaxis") or {}, traces, "y")
    legend = _legend(traces, layout)
    scale = _colourbar(traces)
    left = margin["l"] + (ya.label_px() if ya.visible else 0)
    right = margin["r"] + (legend.width if legend else 0) + (70 if scale else 0)
    top, bottom = margin["t"], margin["b"] + (22 if xa.visible else 0) + (20 if xa.title else 0)
    plot_h = max(height - top - bottom, 20)
    title = _text(_title(layout))
    parts = [f'<div class="plotlite-static" title="{TITLE}" style="position:relative;width:100%;height:{height}px;'
             f'overflow:hidden;font-family:{html.escape(FONT)};pointer-events:none">',
             f'<svg width="100%" height="{height}" style="position:absolute;left:0;top:0" role="img" '
             f'aria-label="{title or "chart"}">']
    if title:
        parts.append(f'<text x="1%" y="{min(top, 50) / 2 + 6:.0f}" font-size="16" font-weight="600" '
                     f'fill="{TEXT}">{title}</text>')
    parts.append("</svg>")
    parts.append(f'<svg style="position:absolute;left:{left:.0f}px;top:{top:.0f}px;width:calc(100% - '
                 f'{left + right:.0f}px);height:{plot_h:.0f}px;overflow:visible" height="{plot_h:.0f}">')
    parts += ya.grid_y(plot_h) + xa.grid_x(plot_h)
    parts.append(f'<svg width="100%" height="{plot_h:.0f}">')  # the data, clipped to the plot area
    for t in traces:
        parts += _bars(t, xa, ya, plot_h) if t.get("type") == "bar" else _scatter(t, xa, ya, plot_h)
    parts.append("</svg></svg>")
    if legend:
        parts.append(legend.markup(margin["r"] + (70 if scale else 0), top))
    if scale:
        parts.append(_colourbar_markup(scale, margin["r"], top, plot_h))
    parts.append("</div>")
    markup = "".join(parts)
    return markup if len(markup) <= MAX_BYTES else ""


def _text(value) -> str:
    """Plotly label text (HTML-escaped with a few tags, as charts.esc makes it) as escaped SVG text."""
    if value is None:
        return ""
    plain = html.unescape(_TAG.sub(" ", str(value)))
    return html.escape(" ".join(plain.split()), quote=True)


def _title(layout: dict):
    title = layout.get("title")
    return title.get("text") if isinstance(title, dict) else title


def _colour(value, default: str = DEFAULT_COLOUR) -> str:
    return value if isinstance(value, str) and _COLOUR.fullmatch(value) else default


def _num(value):
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def values(arr) -> list:
    """A trace's array as a list: plain JSON lists, or Plotly's typed arrays ({"dtype", "bdata"})."""
    if isinstance(arr, dict) and "bdata" in arr:
        dtype = _DTYPES.get(arr.get("dtype", "f8"))
        if dtype is None:
            return []
        return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=dtype).ravel().tolist()
    return list(arr) if isinstance(arr, (list, tuple)) else []


def _each(value, n: int) -> list:
    """A per-point list of length n from a scalar or an array attribute."""
    got = values(value) if isinstance(value, (list, tuple, dict)) else None
    if got is None or not got:
        return [value] * n
    return (got + [got[-1]] * n)[:n]


def _date(value) -> float | None:
    """A Plotly date string (or ms number) as ms since the epoch."""
    if isinstance(value, (int, float)):
        return _num(value)
    if not isinstance(value, str):
        return None
    try:
        d = datetime.fromisoformat(value.strip().replace(" ", "T")[:26])
    except ValueError:
        return None
    return (d - datetime(1970, 1, 1, tzinfo=d.tzinfo)).total_seconds() * 1000


class _Axis:
    """One axis: its type, range, ticks, and where a value falls on it (0–1)."""

    def __init__(self, spec: dict, traces: list[dict], letter: str):
        self.spec, self.letter = spec, letter
        self.visible = spec.get("visible", True) is not False
        self.title = _text(spec.get("title", {}).get("text") if isinstance(spec.get("title"), dict)
                           else spec.get("title"))
        raw = [v for t in traces for v in values(t.get(letter)) if v is not None]
        kind = spec.get("type")
        if kind not in ("linear", "date", "category"):
            kind = "category" if any(isinstance(v, str) and _date(v) is None for v in raw) else \
                "date" if any(isinstance(v, str) for v in raw) else "linear"
        self.kind = kind
        self.categories: list = []
        if kind == "category":
            order = spec.get("categoryarray") if spec.get("categoryorder") == "array" else None
            seen = list(dict.fromkeys(str(v) for v in raw))
            self.categories = [str(c) for c in order or []] + [c for c in seen if c not in set(map(str, order or []))]
            self.index = {c: i for i, c in enumerate(self.categories)}
        self.lo, self.hi = self._range(raw, traces)

    def value(self, v) -> float | None:
        if v is None:
            return None
        if self.kind == "category":
            return self.index.get(str(v))
        return _date(v) if self.kind == "date" else _num(v)

    def _range(self, raw: list, traces: list[dict]) -> tuple[float, float]:
        given = self.spec.get("range")
        if isinstance(given, list) and len(given) == 2:
            lo, hi = self.value(given[0]), self.value(given[1])
            if lo is not None and hi is not None and hi != lo:
                return lo, hi
        if self.kind == "category":
            return -0.5, max(len(self.categories), 1) - 0.5
        got = [x for x in (self.value(v) for v in raw) if x is not None]
        if any(t.get("type") == "bar" for t in traces) or self.spec.get("rangemode") == "tozero":
            got.append(0.0)
        if not got:
            return (0.0, 1.0) if self.kind == "linear" else (0.0, 86_400_000.0)
        lo, hi = min(got), max(got)
        if hi == lo:
            pad = 86_400_000.0 if self.kind == "date" else 1.0
        else:
            pad = (hi - lo) * 0.06
        return (lo if lo == 0 and self.kind == "linear" else lo - pad), hi + pad

    def at(self, v) -> float | None:
        """Where `v` falls on the axis, 0 (range start) to 1 (range end); None when not a value."""
        x = self.value(v)
        return None if x is None else (x - self.lo) / (self.hi - self.lo)

    def ticks(self) -> list[tuple[float, str]]:
        """(position 0–1, label) of each tick inside the range."""
        return self._ticks

    @functools.cached_property
    def _ticks(self) -> list[tuple[float, str]]:
        # made once: the margin (label_px) and the grid both read them
        if not self.visible:
            return []
        if self.spec.get("tickmode") == "array" or "tickvals" in self.spec:
            vals = values(self.spec.get("tickvals"))
            texts = values(self.spec.get("ticktext")) or [str(v) for v in vals]
            out = [(self.at(v), str(s)) for v, s in zip(vals, texts)]
        elif self.kind == "category":
            out = [(self.at(c), c) for c in self.categories]
        elif self.kind == "date":
            out = self._date_ticks()
        else:
            out = self._linear_ticks()
        return [(p, _text(s)) for p, s in out if p is not None and -0.001 <= p <= 1.001]

    def _linear_ticks(self) -> list[tuple[float, str]]:
        lo, hi = sorted((self.lo, self.hi))
        step = _num(self.spec.get("dtick"))
        if not step or (hi - lo) / step > 50:
            raw = (hi - lo) / 6 or 1.0
            mag = 10 ** math.floor(math.log10(raw))
            step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
        fmt = str(self.spec.get("tickformat") or "")
        first = math.ceil(lo / step - 1e-9) * step
        out = []
        for i in range(60):
            v = first + i * step
            if v > hi + 1e-9 * step:
                break
            out.append((self.at(v), _number(v, fmt, step)))
        return out

    def _date_ticks(self) -> list[tuple[float, str]]:
        lo, hi = sorted((self.lo, self.hi))
        start, end = datetime(1970, 1, 1) + timedelta(milliseconds=lo), datetime(1970, 1, 1) + timedelta(milliseconds=hi)
        dtick, fmt = self.spec.get("dtick"), self.spec.get("tickformat")
        span_days = (hi - lo) / 86_400_000
        months = days = None
        if isinstance(dtick, str) and dtick.startswith("M") and dtick[1:].isdigit():
            months = int(dtick[1:])
        elif _num(dtick):
            days = max(_num(dtick) / 86_400_000, 1 / 24)
        elif span_days / 14 <= 8:
            days = next(d for d in (1, 2, 7, 14) if span_days / d <= 8)
        else:
            months = next((m for m in (1, 3, 12, 24, 60, 120, 240) if span_days / (30.4 * m) <= 8), 600)
        if not fmt:
            fmt = "%b %d, %Y" if days else "%b %Y" if months < 12 else "%Y"
        fmt = str(fmt).replace("%-", "%")
        out = []
        if months:
            cur = datetime(start.year, 1, 1)
            while cur < start:
                cur = _add_months(cur, months)
            while cur <= end and len(out) < 60:
                out.append(cur)
                cur = _add_months(cur, months)
        else:
            anchor = datetime(2000, 1, 3) if days >= 7 else datetime(start.year, start.month, start.day)
            n = math.ceil((start - anchor) / timedelta(days=days))
            cur = anchor + timedelta(days=days * n)
            while cur <= end and len(out) < 60:
                out.append(cur)
                cur += timedelta(days=days)
        return [(self.at(_date(d.isoformat())), _strftime(d, fmt)) for d in out]

    def label_px(self) -> float:
        """Room the tick labels and the title take beside a y-axis (automargin)."""
        longest = max((len(html.unescape(s)) for _, s in self.ticks()), default=0)
        return min(longest * CHAR_PX + 8, 360) + (22 if self.title else 0)

    def grid_y(self, plot_h: float) -> list[str]:
        out = []
        for p, label in self.ticks():
            y = (1 - p) * plot_h
            out.append(f'<line x1="0" x2="100%" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                       f'<text x="-6" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{TEXT}">{label}</text>')
        if self.title:
            out.append(f'<text transform="translate({-self.label_px() + 12:.0f},{plot_h / 2:.0f}) rotate(-90)" '
                       f'text-anchor="middle" font-size="14" fill="{TEXT}">{self.title}</text>')
        return out

    def grid_x(self, plot_h: float) -> list[str]:
        out = []
        for p, label in self.ticks():
            out.append(f'<line x1="{p * 100:.2f}%" x2="{p * 100:.2f}%" y1="0" y2="{plot_h:.1f}" stroke="{GRID}"/>'
                       f'<text x="{p * 100:.2f}%" y="{plot_h + 16:.1f}" text-anchor="middle" font-size="12" '
                       f'fill="{TEXT}">{label}</text>')
        if self.title:
            out.append(f'<text x="50%" y="{plot_h + 38:.0f}" text-anchor="middle" font-size="14" '
                       f'fill="{TEXT}">{self.title}</text>')
        return out


def _add_months(d: datetime, months: int) -> datetime:
    total = d.year * 12 + d.month - 1 + months
    return datetime(total // 12, total % 12 + 1, 1)


def _strftime(d: datetime, fmt: str) -> str:
    try:
        return d.strftime(fmt)
    except ValueError:
        return d.date().isoformat()


def _number(v: float, fmt: str, step: float) -> str:
    """A tick value under a d3 format Plotly uses here (".0%", ",d"), or plainly."""
    if abs(v) < step * 1e-9:
        v = 0.0
    if fmt.endswith("%"):
        digits = int(fmt[1:-1]) if fmt[1:-1].isdigit() else 0
        return f"{v * 100:.{digits}f}%"
    if fmt in (",d", "d") or float(v).is_integer():
        return f"{int(round(v)):,}" if "," in fmt or abs(v) >= 10_000 else str(int(round(v)))
    return f"{v:.{max(0, -math.floor(math.log10(step)))}f}" if step < 1 else f"{v:g}"


_SYMBOLS = {  # a marker symbol as a path around (0, 0) for a size (diameter) s
    "diamond": lambda r: f"M0,{-r * 1.3:.1f}L{r * 1.3:.1f},0L0,{r * 1.3:.1f}L{-r * 1.3:.1f},0Z",
    "square": lambda r: f"M{-r:.1f},{-r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}Z",
    "x-thin": lambda r: f"M{-r:.1f},{-r:.1f}L{r:.1f},{r:.1f}M{r:.1f},{-r:.1f}L{-r:.1f},{r:.1f}",
}


def _marker(x: str, y: float, size: float, symbol: str, fill: str, line: str, line_w: float, opacity: float) -> str:
    """One marker at x (percent text) and y (pixels)."""
    return "<g {}>{}</g>".format(*_marker_parts(x, y, size, symbol, fill, line, line_w, opacity))


def _grouped(parts: list[tuple[str, str]]) -> list[str]:
    """(paint, shape) pairs as markup, one `<g>` of paint per run of shapes painted alike (half the bytes)."""
    out, run = [], None
    for paint, shape in parts:
        if paint != run:
            out.append(("</g>" if run is not None else "") + f"<g {paint}>")
            run = paint
        out.append(shape)
    return out + (["</g>"] if run is not None else [])


def _marker_parts(x: str, y: float, size: float, symbol: str, fill: str, line: str, line_w: float,
                  opacity: float) -> tuple[str, str]:
    """One marker's paint (attributes) and shape (an element at x, percent text, and y, pixels)."""
    symbol = symbol if isinstance(symbol, str) else "circle"
    base = symbol.replace("-open", "")
    open_ = symbol.endswith("-open") or base == "x-thin"
    r = max(size, 1) / 2
    paint = (f'fill="none" stroke="{fill}" stroke-width="{max(line_w, 1.5):.1f}"' if open_ else
             f'fill="{fill}"' + (f' stroke="{line}" stroke-width="{line_w:.1f}"' if line_w > 0 else ""))
    paint += f' opacity="{opacity:.2f}"' if opacity < 1 else ""
    if base not in _SYMBOLS:
        return paint, f'<circle cx="{x}" cy="{y:.1f}" r="{r:.1f}"/>'
    return paint, f'<svg x="{x}" y="{y:.1f}" overflow="visible"><path d="{_SYMBOLS[base](r)}"/></svg>'


def _scale_colour(v, scale: list, lo: float, hi: float) -> str:
    """A number's colour on a colorscale ([[pos, "rgb(...)"], ...]), linearly between its stops."""
    x = _num(v)
    if x is None or not scale:
        return DEFAULT_COLOUR
    p = 0.0 if hi == lo else min(max((x - lo) / (hi - lo), 0.0), 1.0)
    stops = [(float(s), _rgb(c)) for s, c in scale]
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if p <= p1:
            f = 0.0 if p1 == p0 else (p - p0) / (p1 - p0)
            return "rgb({},{},{})".format(*(round(a + (b - a) * f) for a, b in zip(c0, c1)))
    return "rgb({},{},{})".format(*stops[-1][1])


def _rgb(colour: str) -> tuple[int, int, int]:
    if colour.startswith("#") and len(colour) == 7:
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
    got = re.findall(r"[\d.]+", colour)
    return tuple(int(float(v)) for v in got[:3]) if len(got) >= 3 else (99, 110, 250)


def _marker_colours(marker: dict, n: int) -> list[str]:
    colour = marker.get("color")
    nums = values(colour) if isinstance(colour, (list, dict)) else None
    if nums and all(isinstance(v, (int, float)) for v in nums if v is not None):
        scale = marker.get("colorscale") if isinstance(marker.get("colorscale"), list) else []
        got = [v for v in nums if _num(v) is not None]
        lo = _num(marker.get("cmin")) if _num(marker.get("cmin")) is not None else min(got, default=0)
        hi = _num(marker.get("cmax")) if _num(marker.get("cmax")) is not None else max(got, default=1)
        return [_scale_colour(v, scale, lo, hi) for v in _each(colour, n)]
    return [_colour(c) for c in _each(colour, n)]


def _scatter(t: dict, xa: _Axis, ya: _Axis, plot_h: float) -> list[str]:
    xs, ys = values(t.get("x")), values(t.get("y"))
    n = min(len(xs), len(ys))
    pos = [(xa.at(x), ya.at(y)) for x, y in zip(xs[:n], ys[:n])]
    mode = str(t.get("mode") or ("lines+markers" if n < 20 else "lines"))
    out = []
    line = t.get("line") or {}
    if "lines" in mode:
        colour, width = _colour(line.get("color")), _num(line.get("width")) or 2
        segments = [f'<line x1="{x0 * 100:.2f}%" y1="{(1 - y0) * plot_h:.1f}" x2="{x1 * 100:.2f}%" '
                    f'y2="{(1 - y1) * plot_h:.1f}"/>'
                    for (x0, y0), (x1, y1) in zip(pos, pos[1:]) if None not in (x0, y0, x1, y1)]
        if segments:
            out += [f'<g stroke="{colour}" stroke-width="{width:g}">', *segments, "</g>"]
    marker = t.get("marker") or {}
    if "markers" in mode:
        sizes = _each(marker.get("size", 6), n)
        fills = _marker_colours(marker, n) if "color" in marker else [_colour(line.get("color"))] * n
        bubble = isinstance(marker.get("size"), (list, dict))   # plotly.js fades bubbles unless told otherwise
        opac = _each(marker.get("opacity", 0.7 if bubble else 1), n)
        symbols = _each(marker.get("symbol", "circle"), n)
        mline = marker.get("line") or {}
        lcols, lws = _each(mline.get("color"), n), _each(mline.get("width", 0), n)
        trace_op = _num(t.get("opacity"))
        parts = []
        for i, (px, py) in enumerate(pos):
            if px is None or py is None or not (-0.02 <= px <= 1.02 and -0.02 <= py <= 1.02):
                continue
            op = (_num(opac[i]) if _num(opac[i]) is not None else 1.0) * (trace_op if trace_op is not None else 1)
            parts.append(_marker_parts(f"{px * 100:.2f}%", (1 - py) * plot_h, _num(sizes[i]) or 6, symbols[i],
                                       fills[i], _colour(lcols[i], fills[i]), _num(lws[i]) or 0, op))
        out += _grouped(parts)
    if "text" in mode:
        texts, sizes = _each(t.get("text"), n), _each(marker.get("size", 6), n)
        font = t.get("textfont") or {}
        fill = _colour(font.get("color"), TEXT)
        labels = []
        for (px, py), s, size in zip(pos, texts, sizes):
            label = _text(s)
            if label and px is not None and py is not None and 0 <= px <= 1 and 0 <= py <= 1:
                y = (1 - py) * plot_h - (_num(size) or 6) / 2 - 4
                labels.append(f'<text x="{px * 100:.2f}%" y="{y:.1f}">{label}</text>')
        if labels:
            out += [f'<g text-anchor="middle" font-size="12" fill="{fill}">', *labels, "</g>"]
    return out


def _bars(t: dict, xa: _Axis, ya: _Axis, plot_h: float) -> list[str]:
    horizontal = t.get("orientation") == "h"
    xs, ys = values(t.get("x")), values(t.get("y"))
    n = min(len(xs), len(ys))
    fills = _marker_colours(t.get("marker") or {}, n) if "color" in (t.get("marker") or {}) else [DEFAULT_COLOUR] * n
    cat, num = (ya, xa) if horizontal else (xa, ya)
    cats, nums = (ys, xs) if horizontal else (xs, ys)
    band = 0.8 / max(cat.hi - cat.lo, 1)  # a bar's thickness as a share of the axis (categories are 1 apart)
    out = []
    for c, v, fill in zip(cats[:n], nums[:n], fills):
        pc, p0, p1 = cat.at(c), num.at(0), num.at(v)
        if None in (pc, p0, p1):
            continue
        lo, hi = sorted((min(max(p0, 0), 1), min(max(p1, 0), 1)))
        if horizontal:
            y = (1 - pc - band / 2) * plot_h
            out.append(f'<rect x="{lo * 100:.2f}%" width="{(hi - lo) * 100:.2f}%" y="{y:.1f}" '
                       f'height="{band * plot_h:.1f}" fill="{fill}"/>')
        else:
            out.append(f'<rect x="{(pc - band / 2) * 100:.2f}%" width="{band * 100:.2f}%" y="{(1 - hi) * plot_h:.1f}" '
                       f'height="{(hi - lo) * plot_h:.1f}" fill="{fill}"/>')
    return out


class _Legend:
    def __init__(self, title: str, rows: list[tuple[str, str, str, str]]):
        self.title, self.rows = title, rows   # rows: (kind "group"/"item"/"gap", label, colour, symbol)
        longest = max([len(html.unescape(r[1])) for r in rows] + [len(html.unescape(title))], default=0)
        self.width = min(longest * CHAR_PX + 50, 320)

    def markup(self, right: float, top: float) -> str:
        h = 19 * (len(self.rows) + bool(self.title)) + 10 - 9 * sum(r[0] == "gap" for r in self.rows)
        out = [f'<svg style="position:absolute;right:{right:.0f}px;top:{top:.0f}px;width:{self.width:.0f}px;'
               f'height:{h}px">']
        y = 14
        if self.title:
            out.append(f'<text x="8" y="{y}" font-size="12" fill="{TEXT}">{self.title}</text>')
            y += 19
        for kind, label, colour, symbol in self.rows:
            if kind == "gap":
                y += 10
                continue
            if kind == "group":
                out.append(f'<text x="8" y="{y}" font-size="12" font-weight="600" fill="{TEXT}">{label}</text>')
            else:
                out.append(_marker("20", y - 4, 11, symbol, colour, "#374151", 1, 1) +
                           f'<text x="34" y="{y}" font-size="12" fill="{TEXT}">{label}</text>')
            y += 19
        out.append("</svg>")
        return "".join(out)


def _legend(traces: list[dict], layout: dict) -> _Legend | None:
    """The legend Plotly would show: a row per trace that shows in it (and a title per legend group)."""
    shown = [t for t in traces if t.get("showlegend", True) is not False and t.get("name") is not None]
    if layout.get("showlegend") is False or (layout.get("showlegend") is not True and len(shown) < 2):
        return None
    groups: dict = {}   # legend group -> its traces, groups in order of first appearance (as Plotly lists them)
    for t in shown:
        groups.setdefault(t.get("legendgroup") or "", []).append(t)
    rows: list = []
    for members in groups.values():
        if rows:
            rows.append(("gap", "", "", ""))
        grouptitle = members[0].get("legendgrouptitle")
        if isinstance(grouptitle, dict) and grouptitle.get("text"):
            rows.append(("group", _text(grouptitle["text"]), "", ""))
        for t in members:
            marker, line = t.get("marker") or {}, t.get("line") or {}
            colour = marker.get("color") if isinstance(marker.get("color"), str) else line.get("color")
            symbol = marker.get("symbol") if isinstance(marker.get("symbol"), str) else "circle"
            rows.append(("item", _text(t.get("name")), _colour(colour), symbol))
    legend = layout.get("legend") or {}
    title = legend.get("title", {}).get("text") if isinstance(legend.get("title"), dict) else None
    return _Legend(_text(title), rows)


def _colourbar(traces: list[dict]) -> tuple[list, str] | None:
    """(colorscale, title) of the first trace that shows a colour scale."""
    for t in traces:
        marker = t.get("marker") or {}
        if marker.get("showscale") and isinstance(marker.get("colorscale"), list):
            bar = marker.get("colorbar") or {}
            title = bar.get("title", {}).get("text") if isinstance(bar.get("title"), dict) else bar.get("title")
            return marker["colorscale"], _text(title)
    return None


def _colourbar_markup(scale: tuple[list, str], right: float, top: float, plot_h: float) -> str:
    stops, title = scale
    grad = "".join(f'<stop offset="{float(p) * 100:.0f}%" stop-color="{_colour(c)}"/>' for p, c in stops)
    h = max(plot_h - 30, 20)
    return (f'<svg style="position:absolute;right:{right + 20:.0f}px;top:{top:.0f}px;width:50px;height:{plot_h:.0f}px">'
            f'<defs><linearGradient id="plotlite-static-scale" x1="0" y1="1" x2="0" y2="0">{grad}</linearGradient>'
            f'</defs><text x="0" y="12" font-size="12" fill="{TEXT}">{title}</text>'
            f'<rect x="0" y="24" width="15" height="{h:.0f}" fill="url(#plotlite-static-scale)"/></svg>')
