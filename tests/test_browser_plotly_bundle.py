"""The partial Plotly bundles (dashboard/plotly/, tools/plotly-bundle) in headless Chromium, each alone in a blank
page: they register exactly the trace types their manifest lists, draw the dashboard's own figures with the chart
config the pages use, export a PNG (the modebar's camera button), and the map draws its country outlines from the
vendored topojson file, fetching nothing else."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from bench.serve import CHROMIUM
from dashboard import charts, plotlite, ui

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                                   reason="Chromium is not installed (see .ci/run)")]
ORIGIN = "http://plotly-bundle.test"
DRAW_JS = """async ([figure, config]) => {
  const fig = JSON.parse(figure), gd = document.getElementById("c");
  await Plotly.newPlot(gd, fig.data, fig.layout, config);
  const png = await Plotly.toImage(gd, {format: "png", width: 300, height: 200});
  return {traces: gd._fullData.map((t) => t.type), visible: gd._fullData.map((t) => t.visible),
          points: gd.querySelectorAll(".point, .bars path, .hm image, .heatmaplayer image").length,
          modebar: !!gd.querySelector(".modebar-btn[data-title='Download plot as a PNG']"),
          png: png.slice(0, 22), png_bytes: png.length};
}"""


@pytest.fixture
def blank(browser):
    """A function opening a blank page on a fake origin with one bundle loaded; the page's requests elsewhere are
    refused and listed."""
    ctx = browser.new_context()
    refused: list[str] = []

    def page_with(kind: str):
        ctx.route("**/*", lambda r: refused.append(r.request.url) or r.abort())
        ctx.route(f"{ORIGIN}/", lambda r: r.fulfill(body="<!doctype html><div id=c style='width:700px'></div>",
                                                    content_type="text/html"))
        folder = plotlite.BUNDLE_DIR / plotlite.TOPOJSON["folder"]  # the map's outlines, where the dashboard has them
        ctx.route(f"{ORIGIN}/plotlite/{folder.name}/*", lambda r: r.fulfill(
            path=str(folder / r.request.url.rsplit("/", 1)[1]), content_type="application/json"))
        page = ctx.new_page()
        page.goto(f"{ORIGIN}/")
        page.add_script_tag(path=str(plotlite.BUNDLE_DIR / plotlite.BUNDLES[kind]))
        return page

    yield page_with, refused
    ctx.close()


@pytest.mark.parametrize("kind", sorted(plotlite.BUNDLES))
def test_browser_plotly_bundle_registers_exactly_the_traces_of_its_manifest(blank, kind):
    page_with, _ = blank
    page = page_with(kind)
    got = page.evaluate("() => [Plotly.version, Object.keys(Plotly.PlotSchema.get().traces).sort()]")
    assert got == [plotlite.PLOTLY_VERSION, sorted(plotlite.TRACES[kind])]


def _cartesian_figures() -> list[go.Figure]:
    grid = pd.DataFrame({"x": ["Norway", "Chile", "Norway"], "y": ["Chile", "Chile", "Peru"], "events": [3, 1, 2]})
    terms = pd.DataFrame({"label": ["a port deal (Mar 2024)", "grain (Apr 2024)"], "score": [2.4, 3.1],
                          "key": [["port deal", "2024-03-01"], ["grain", "2024-04-01"]]})
    lines = go.Figure([go.Scatter(x=["2024-01-01", "2024-02-01"], y=[0.1, 0.3], name="trade", mode="lines+markers"),
                       go.Scatter(x=["2024-01-01"], y=[0.2], name="<b>aid</b>", mode="markers")])
    lines.add_annotation(x="2024-02-01", y=0.3, text="a note").add_shape(type="line", x0="2024-01-15",
                                                                          x1="2024-01-15", y0=0, y1=1, yref="paper")
    return [charts.matrix(grid, "x", "y", "events", "Meeting events between countries"),
            charts.top_bar(terms, "label", "score", "Emerging terms", ids="key", integer=False), lines]


@pytest.mark.parametrize("number", range(3))
def test_browser_plotly_bundle_draws_the_dashboards_cartesian_figures_and_exports_png(blank, number):
    page_with, refused = blank
    drawing = plotlite.prepare(_cartesian_figures()[number])
    assert drawing.bundle.endswith(plotlite.BUNDLES["cartesian"])
    got = page_with("cartesian").evaluate(DRAW_JS, [drawing.figure, ui.CHART_CONFIG])
    assert got["traces"] == [t["type"] for t in json.loads(drawing.figure)["data"]] and all(got["visible"])
    assert got["points"] > 0 and got["modebar"] and got["png"] == "data:image/png;base64," and got["png_bytes"] > 2000
    assert refused == []


def test_browser_plotly_bundle_draws_the_map_with_vendored_outlines_and_selects_a_place(blank):
    page_with, refused = blank
    located = pd.DataFrame({"place": ["Oslo", "Chile"], "lat": [59.9, -33.4], "lon": [10.7, -70.6],
                            "iso3": [None, "CHL"], "events": [4, 1]})
    drawing = plotlite.prepare(charts.places_map(located, ("Oslo",)))
    assert drawing.bundle.endswith(plotlite.BUNDLES["geo"])
    page = page_with("geo")
    config = {**ui.CHART_CONFIG, "topojsonURL": plotlite.topojson_url()}  # as plotlite.js passes it
    got = page.evaluate(DRAW_JS, [drawing.figure, config])
    assert got["traces"] == ["scattergeo", "scattergeo"] and got["points"] == 2 and got["modebar"]
    assert got["png"] == "data:image/png;base64," and got["png_bytes"] > 2000
    # each layer is one path of many segments (country borders are a single mesh)
    outlines = page.evaluate("""() => Object.fromEntries(["countries", "coastlines", "land"].map((layer) => [layer,
        Array.from(document.querySelectorAll(`#c .${layer} path`),
                   (p) => (p.getAttribute("d") || "").split("M").length - 1).reduce((a, b) => a + b, 0)]))""")
    assert outlines["countries"] > 50 and outlines["coastlines"] > 10 and outlines["land"] > 10, outlines
    # a click on a marker reaches plotly_click with the place's name, as plotlite.js's selection does
    page.evaluate("""() => { window.__clicked = null;
        document.getElementById("c").on("plotly_click", (ev) => { window.__clicked = ev.points[0].customdata; }); }""")
    box = page.locator("#c .point").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => window.__clicked !== null")
    assert page.evaluate("() => window.__clicked") in ("Oslo", "Chile")
    assert refused == []  # no topojson or anything else fetched from a CDN
