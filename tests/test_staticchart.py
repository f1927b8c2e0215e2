"""The server's static picture of a Plotly figure (dashboard/staticchart.py): escaped, script-free SVG of markers,
lines, text, bars and the three axis kinds, on hand-made figures."""
import html
import json
import re
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest

from dashboard import staticchart

NS = ""


def parse(markup: str) -> ET.Element:
    """The markup as XML (it must be well-formed: the browser inserts it as HTML, but any stray `<` would show)."""
    return ET.fromstring(markup)


def painted(root: ET.Element, tag: str, inherited: dict | None = None) -> list[dict]:
    """Every `tag` element's attributes with those it inherits from the groups around it (fill, stroke ...)."""
    out = []
    for child in root:
        attrs = {**(inherited or {}), **child.attrib}
        if child.tag == tag:
            out.append(attrs)
        out += painted(child, tag, {k: v for k, v in attrs.items() if k not in ("x", "y", "cx", "cy", "r", "d")})
    return out


def of(fig: go.Figure) -> str:
    return staticchart.svg(json.loads(fig.to_json()))


def texts(markup: str) -> list[str]:
    return ["".join(t.itertext()) for t in parse(markup).iter(f"{NS}text")]


def test_untrusted_text_is_escaped_and_nothing_runs():
    evil = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>'
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 2], mode="markers+text", text=[html.escape(evil), "Ann &amp; Bob"],
                               name=evil))   # charts.py escapes labels (Plotly reads a few tags); raw here
    fig.add_trace(go.Scatter(x=[1], y=[2], name="second"))
    fig.update_layout(title=evil, yaxis={"title": evil})
    markup = of(fig)
    assert "<script" not in markup and "<img" not in markup and "onerror=" not in markup.replace("onerror=&quot;", "")
    root = parse(markup)
    assert not [e for e in root.iter() if any(k.lower().startswith("on") for k in e.attrib)]
    shown = texts(markup)
    assert "Ann & Bob" in shown                     # Plotly's escaped label shown as Plotly shows it
    assert evil in shown                             # an escaped label shown literally, as text
    assert root.tag == "div" and root.attrib["class"] == "plotlite-static"


def test_size_follows_the_layout_and_the_page_width():
    markup = of(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])).update_layout(height=333))
    assert "height:333px" in markup and "width:100%" in markup


def test_markers_are_placed_on_linear_axes_by_percent_and_pixels():
    fig = go.Figure(go.Scatter(x=[0, 5, 10], y=[0, 5, 10], mode="markers", marker={"size": [4, 8, 12]}))
    fig.update_layout(xaxis={"range": [0, 10]}, yaxis={"range": [0, 10]}, height=300,
                      margin={"l": 10, "r": 10, "t": 40, "b": 10})
    circles = list(parse(of(fig)).iter(f"{NS}circle"))
    assert [c.attrib["cx"] for c in circles] == ["0.00%", "50.00%", "100.00%"]
    ys = [float(c.attrib["cy"]) for c in circles]
    assert ys[0] > ys[1] > ys[2] == 0.0             # up the page as the value grows
    assert [float(c.attrib["r"]) for c in circles] == [2.0, 4.0, 6.0]


def test_symbols_open_and_filled_and_points_outside_the_range_left_out():
    fig = go.Figure(go.Scatter(x=[1, 2, 3, 99], y=[1, 1, 1, 1], mode="markers", marker={
        "symbol": ["circle-open", "diamond", "diamond-open", "circle"], "color": "#123456"}))
    fig.update_layout(xaxis={"range": [0, 4]})
    root = parse(of(fig))
    circles, paths = painted(root, "circle"), painted(root, "path")
    assert len(circles) == 1 and circles[0]["fill"] == "none" and circles[0]["stroke"] == "#123456"
    assert [p["fill"] for p in paths] == ["#123456", "none"]   # the filled diamond, the open one


def test_lines_break_at_gaps_and_text_sits_above_its_marker():
    fig = go.Figure(go.Scatter(x=[0, 1, None, 2, 3], y=[0, 1, None, 1, 0], mode="lines+markers+text",
                               text=["a", "b", "", "c", "d"], line={"color": "#ff0000", "width": 3}))
    root = parse(of(fig))
    lines = [ln for ln in painted(root, "line") if ln.get("stroke") == "#ff0000"]
    assert len(lines) == 2                           # 0-1 and 2-3, not across the gap
    assert {t for t in texts(of(fig))} >= {"a", "b", "c", "d"}


def test_date_axis_ticks_are_labelled_by_the_axis_format():
    fig = go.Figure(go.Scatter(x=["2024-01-15", "2024-06-15"], y=[1, 2], mode="markers"))
    fig.update_layout(xaxis={"type": "date", "range": ["2024-01-01", "2024-07-01"], "dtick": "M1",
                             "tickformat": "%b %Y"})
    shown = texts(of(fig))
    assert [s for s in shown if s.endswith("2024")] == ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "May 2024",
                                                         "Jun 2024", "Jul 2024"]


def test_date_axis_without_a_range_spans_the_data():
    fig = go.Figure(go.Scatter(x=["2020-03-01", "2023-03-01"], y=[1, 2], mode="markers"))
    shown = texts(of(fig))
    assert "2021" in shown and "2022" in shown and not any("00:00" in s for s in shown)


def test_category_axis_follows_the_given_order_bottom_up():
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=["b", "a", "c"], mode="markers"))
    fig.update_layout(yaxis={"type": "category", "categoryorder": "array", "categoryarray": ["c", "b", "a"]})
    root = parse(of(fig))
    ticks = {"".join(t.itertext()): float(t.attrib["y"]) for t in root.iter(f"{NS}text") if t.attrib.get("x") == "-6"}
    assert ticks["c"] > ticks["b"] > ticks["a"]       # the first category at the bottom


def test_tick_values_and_texts_given_by_the_figure_are_used():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[0, 1], mode="markers"))
    fig.update_layout(yaxis={"tickmode": "array", "tickvals": [0, 1], "ticktext": ["first row", "second row"],
                             "range": [-0.6, 1.6]})
    assert {"first row", "second row"} <= set(texts(of(fig)))


def test_percent_and_count_tick_formats():
    share = go.Figure(go.Scatter(x=[1, 2], y=[0.0, 0.5])).update_layout(yaxis={"tickformat": ".0%",
                                                                               "range": [0, 0.5]})
    assert {"0%", "50%"} <= set(texts(of(share)))
    count = go.Figure(go.Scatter(x=[1, 2], y=[0, 4])).update_layout(yaxis={"dtick": 1, "range": [0, 4.4]})
    assert {"0", "1", "2", "3", "4"} <= set(texts(of(count))) and "0.5" not in texts(of(count))


def test_horizontal_bars_are_as_long_as_their_values():
    fig = go.Figure(go.Bar(x=[2, 4], y=["short", "long"], orientation="h", marker_color="#f58518"))
    fig.update_layout(xaxis={"range": [0, 4]})
    rects = [r for r in parse(of(fig)).iter(f"{NS}rect") if r.attrib.get("fill") == "#f58518"]
    assert [r.attrib["width"] for r in rects] == ["50.00%", "100.00%"]
    assert float(rects[0].attrib["y"]) > float(rects[1].attrib["y"])   # the first category at the bottom


def test_vertical_bars_from_zero():
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 3], marker_color="#54a24b"))
    rects = [r for r in parse(of(fig)).iter(f"{NS}rect") if r.attrib.get("fill") == "#54a24b"]
    assert len(rects) == 2 and float(rects[1].attrib["height"]) == pytest.approx(3 * float(rects[0].attrib["height"]),
                                                                                  rel=0.01)


def test_typed_arrays_from_numpy_are_read():
    import numpy as np
    fig = go.Figure(go.Scatter(x=np.array([0.0, 10.0]), y=np.array([1, 2], dtype="int8"), mode="markers",
                               marker={"size": np.array([10, 20])}))
    raw = json.loads(fig.to_json())
    assert isinstance(raw["data"][0]["x"], dict)     # plotly writes numpy arrays as base64 typed arrays
    assert [float(c.attrib["r"]) for c in parse(staticchart.svg(raw)).iter(f"{NS}circle")] == [5.0, 10.0]


def test_numeric_marker_colours_follow_the_colour_scale():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 1], mode="markers", marker={
        "color": [0, 1], "cmin": 0, "cmax": 1, "colorscale": [[0, "rgb(0,0,0)"], [1, "rgb(200,100,50)"]],
        "showscale": True, "colorbar": {"title": {"text": "share"}}}))
    root = parse(of(fig))
    assert [c["fill"] for c in painted(root, "circle")] == ["rgb(0,0,0)", "rgb(200,100,50)"]
    assert "share" in texts(of(fig))


def test_legend_lists_traces_by_group_and_hides_those_left_out():
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[1], y=[1], name="held", legendgroup="dated", marker={"color": "#4c78a8"}))
    fig.add_trace(go.Scatter(x=[1], y=[1], name="hidden", showlegend=False))
    fig.add_trace(go.Scatter(x=[1], y=[1], name="not stated", legendgroup="undated",
                             marker={"symbol": "diamond-open", "color": "#4c78a8"}))
    fig.update_layout(legend={"title": {"text": "kind · status"}})
    shown = texts(of(fig))
    assert shown.index("kind · status") < shown.index("held") < shown.index("not stated") and "hidden" not in shown


def test_hostile_colours_are_replaced():
    fig = go.Figure(go.Scatter(x=[1], y=[1], mode="markers", marker={"color": "red"}))
    raw = json.loads(fig.to_json())
    raw["data"][0]["marker"]["color"] = '"/><script>x</script>'
    markup = staticchart.svg(raw)
    assert "<script" not in markup and staticchart.DEFAULT_COLOUR in markup


def test_empty_figure_gives_a_sized_picture_with_its_title():
    markup = staticchart.svg({"data": [], "layout": {"title": {"text": "Nothing yet"}, "height": 300}})
    assert "Nothing yet" in texts(markup) and "height:300px" in markup
    assert not list(parse(markup).iter(f"{NS}circle"))
    assert re.search(r'class="plotlite-static"', staticchart.svg({}))


def test_the_dashboard_charts_draw(monkeypatch):
    """The network, timeline and topic figures of charts.py draw without error and show their labels."""
    import pandas as pd

    from dashboard import charts
    ev = pd.DataFrame({"event_id": ["e1", "e2"], "day": pd.to_datetime(["2024-02-01", "2024-03-05"]),
                       "date": pd.to_datetime(["2024-02-01", None]), "a_name": ["Ann Li", "Ann Li"],
                       "b_name": ["Bo Chen", "Cy Dunn"], "a_country": ["X", "X"], "b_country": ["Y", "Z"],
                       "who": ["Ann Li", "Ann Li"], "kind": ["meeting", "talks"], "status": ["held", "planned"],
                       "place": ["Oslo", None], "n_articles": [1, 2]})
    markup = of(charts.timeline(ev, "pair"))
    assert {"Ann Li – Bo Chen", "Ann Li – Cy Dunn"} <= set(texts(markup))
    share = pd.DataFrame({"topic": ["trade", "trade"], "group": ["economy", "economy"],
                          "period": pd.to_datetime(["2024-01-01", "2024-03-01"]), "articles": [1, 3],
                          "total": [2, 3], "share": [0.5, 1.0]})
    assert "economy · trade" in texts(of(charts.topic_grid(share, "month")))
    assert "100%" in texts(of(charts.topic_share(share, "month", "share")))


def test_a_figure_too_big_for_a_cheap_picture_gets_none():
    many = go.Figure(go.Scatter(x=list(range(staticchart.MAX_POINTS + 1)), y=[1] * (staticchart.MAX_POINTS + 1)))
    assert staticchart.svg(json.loads(many.to_json())) == ""
    fits = go.Figure(go.Scatter(x=list(range(100)), y=[1] * 100, mode="markers"))
    assert staticchart.svg(json.loads(fits.to_json())).startswith('<div class="plotlite-static"')
