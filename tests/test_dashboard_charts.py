"""Figures carry ids for selection, and names reach Plotly escaped."""
from datetime import date

import re

import pandas as pd

from dashboard import charts, graph

EVIL = "<img src=x onerror=alert(1)>"


def _pairs():
    return pd.DataFrame([{"a": "p:a", "b": "p:b", "a_name": EVIL, "b_name": "Bob", "a_country": "X", "b_country": None,
                          "events": 1, "kinds": ["meeting"], "places": ["<b>Oslo</b>"],
                          "dates": [pd.Timestamp(date(2024, 1, 1))]}])


def _events():
    return pd.DataFrame([{"event_id": "e1", "a": "p:a", "b": "p:b", "a_name": EVIL, "b_name": "Bob",
                          "a_country": "X", "b_country": None, "kind": "meeting", "status": "held",
                          "day": pd.Timestamp(date(2024, 1, 1)), "place": "<b>Oslo</b>", "n_articles": 2}])


def test_charts_network_carries_ids_and_escapes_names():
    fig = charts.network(graph.build(_pairs()))
    ids = {c for t in fig.data if t.customdata is not None for c in t.customdata}
    assert {"p:a", "p:b", graph.edge_key("p:a", "p:b")} <= ids
    assert EVIL not in fig.to_json() and "<b>Oslo" not in fig.to_json()


def test_charts_timeline_marks_status_with_symbols():
    ev = pd.concat([_events(), _events().assign(event_id="e2", status="planned")])
    fig = charts.timeline(ev)
    symbols = {t.marker.symbol for t in fig.data}
    assert symbols == {charts.KIND_SYMBOL["held"], charts.KIND_SYMBOL["planned"]}
    assert EVIL not in fig.to_json()


def test_charts_topic_share_points_carry_topic_and_period():
    df = pd.DataFrame({"period": [pd.Timestamp("2024-01-01")], "topic": ["t<script>"], "articles": [2],
                       "total": [4], "share": [0.5]})
    fig = charts.topic_share(df)
    assert list(fig.data[0].customdata[0]) == ["t<script>", "2024-01-01"]
    assert "<script>" not in fig.data[0].name


def test_charts_colour_map_is_stable_and_unknown_is_grey():
    assert charts.colour_map(["b", "a", "unknown"]) == charts.colour_map(["a", "b"])
    assert charts.colour_map(["a"])["unknown"] == "#9ca3af"


def test_charts_timeline_one_row_per_person_shows_each_event_on_both_rows():
    one = _events().assign(a_name="Ann")
    ev = pd.concat([one.assign(who="Ann"), one.assign(who="Bob")])  # as queries.timeline(by="person") returns it
    fig = charts.timeline(ev, "person")
    assert sorted(_row_names(fig)) == ["Ann", "Bob"]


def _row_names(fig) -> list[str]:
    """The row label of every marker of a timeline figure (y is a row position plus a stacking offset)."""
    names = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    return [names[round(y)] for trace in fig.data for y in trace.y]


def test_charts_matrix_keeps_the_largest_rows_and_columns_and_drops_cell_text_when_big():
    df = pd.DataFrame([{"x": f"c{i}", "y": f"r{j}", "n": 1 + (i == 3) * 100} for i in range(40) for j in range(40)])
    fig = charts.matrix(df, "x", "y", "n", "Grid", side=30)
    assert len(fig.data[0].x) == 30 and len(fig.data[0].y) == 30 and "c3" in fig.data[0].x
    assert fig.data[0].texttemplate is None and "largest" in fig.layout.title.text
    small = charts.matrix(df[df["x"].isin(["c0", "c1"]) & df["y"].isin(["r0"])], "x", "y", "n", "Grid")
    assert small.data[0].texttemplate == "%{text}" and small.layout.title.text == "Grid"


def test_htmlcharts_one_period_is_a_wide_bar_with_its_label_once():
    from dashboard import htmlcharts

    one = pd.DataFrame({"period": [pd.Timestamp("2025-04-01")], "mentions": [3]})
    out = htmlcharts.periods(one, "mentions", "Per month", "month", "mention")
    assert out.count("Apr 2025") == 1 and out.count('role="img"') == 1  # one bar, its month named once
    assert "height:100.0%" in out and "max-width:40px" in out and "month of 2025-04-01: 3 mentions" in out


def test_charts_date_axis_of_one_day_shows_days_not_times():
    axis = charts.date_axis(pd.Timestamp("2024-03-23"), pd.Timestamp("2024-03-23"))
    assert axis["dtick"] == charts.DAY_MS and axis["tickformat"] == "%Y-%m-%d"
    assert charts.date_axis(pd.Timestamp("2014-01-01"), pd.Timestamp("2024-01-01"))["tickformat"] == "%Y"


def test_charts_same_day_markers_are_stacked_apart():
    rows = pd.Series(["A – B", "A – B", "A – B", "C – D"])
    days = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-01"]))
    offsets = charts.stack_offsets(rows, days)
    assert offsets[0] != offsets[1] and offsets[2] == 0 and offsets[3] == 0


def test_charts_timeline_draws_undated_meetings_apart_at_their_report_date():
    ev = pd.concat([_events().assign(date=pd.Timestamp("2024-01-01")),
                    _events().assign(event_id="e2", date=pd.NaT, day=pd.Timestamp("2024-02-01"))])
    fig = charts.timeline(ev)
    undated = [t for t in fig.data if t.marker.symbol == charts.UNDATED_SYMBOL]
    assert len(undated) == 1 and "date not stated" in undated[0].name and list(undated[0].customdata) == ["e2"]


def test_charts_network_keeps_partners_of_the_selection_bright():
    net = graph.build(pd.DataFrame([
        {"a": "p:a", "b": "p:b", "a_name": "Ann", "b_name": "Bob", "a_country": "X", "b_country": "Y", "events": 1,
         "kinds": ["meeting"], "places": [], "dates": [], "undated": 0},
        {"a": "p:c", "b": "p:d", "a_name": "Cy", "b_name": "Di", "a_country": "X", "b_country": "Y", "events": 1,
         "kinds": ["meeting"], "places": [], "dates": [], "undated": 0}]))
    lit = graph.highlighted(net, {"p:a"}, set())
    fig = charts.network(net, None, {"p:a"}, set(), lit)
    bright = {i for t in fig.data if t.customdata is not None and t.marker.opacity == 1 for i in t.customdata}
    assert bright == {"p:a", "p:b"}
    assert all(t.unselected.marker.opacity == 1 for t in fig.data if t.customdata is not None
               and set(t.customdata) <= {"p:a", "p:b"})


def test_charts_network_country_colours_follow_the_build_not_the_filter():
    fixed = {"X": "#111111", "Y": "#222222"}
    fig = charts.network(graph.build(_pairs().assign(a_country="Y", b_country="Y")), fixed)
    assert {t.marker.color for t in fig.data if t.name == "Y"} == {"#222222"}


def test_charts_network_legend_lists_the_countries_with_the_most_people(monkeypatch):
    rows = [{"a": f"p:{c}{i}", "b": f"p:{c}{i + 1}", "a_name": f"{c}{i}", "b_name": f"{c}{i + 1}", "a_country": c,
             "b_country": c, "events": 1, "kinds": ["meeting"], "places": [], "dates": [], "undated": 0}
            for c, people in (("Aland", 2), ("Borduria", 6), ("Carpania", 4)) for i in range(0, people, 2)]
    net = graph.build(pd.DataFrame(rows))
    assert charts.legend_countries(net.nodes["country"], 2) == {"Borduria", "Carpania"}
    monkeypatch.setattr(charts, "LEGEND_COUNTRIES", 2)
    fig = charts.network(net)
    listed = {t.name for t in fig.data if t.customdata is not None and t.showlegend is not False and t.name != "pairs"}
    assert listed == {"Borduria", "Carpania"}
    assert {t.name for t in fig.data if t.name == "Aland"} == {"Aland"}   # drawn, only not listed
    assert fig.layout.legend.title.text == "country (2 of 3)"
    monkeypatch.setattr(charts, "LEGEND_COUNTRIES", 3)
    assert charts.network(net).layout.legend.title.text == "country"


def _share_rows(periods, totals, topic="peace talks", hits=None):
    hits = hits or [1] * len(periods)
    return pd.DataFrame({"period": pd.to_datetime(periods), "topic": topic, "articles": hits, "total": totals,
                         "share": [h / t for h, t in zip(hits, totals)]})


def test_charts_topic_share_breaks_the_line_over_periods_without_articles():
    fig = charts.topic_share(_share_rows(["2024-01-01", "2024-04-01"], [4, 2]))
    ys = list(fig.data[0].y)
    assert len(ys) == 4 and ys[0] == 0.25 and ys[3] == 0.5
    assert all(pd.isna(y) for y in ys[1:3]) and fig.data[0].connectgaps is False


def test_charts_topic_share_can_show_counts():
    fig = charts.topic_share(_share_rows(["2024-01-01", "2024-02-01"], [4, 2], hits=[3, 1]), value="articles")
    assert list(fig.data[0].y) == [3, 1] and fig.layout.yaxis.title.text == "articles"


def test_charts_sparse_periods_detects_years_with_few_articles():
    sparse = _share_rows([f"{y}-03-01" for y in range(2008, 2025)], [2] * 17)
    dense = _share_rows([f"2024-{m:02d}-01" for m in range(1, 7)], [30] * 6)
    assert charts.sparse_periods(sparse) and not charts.sparse_periods(dense)


def test_charts_topic_grid_has_one_click_target_per_topic_and_period():
    df = pd.concat([_share_rows(["2024-01-01", "2024-02-01"], [4, 2], topic="a<b>"),
                    _share_rows(["2024-01-01", "2024-02-01"], [4, 2], topic="c", hits=[0, 2])])
    fig = charts.topic_grid(df)
    points = [tuple(c) for c in fig.data[0].customdata]
    assert sorted(points) == [("a<b>", "2024-01-01"), ("a<b>", "2024-02-01"), ("c", "2024-02-01")]
    assert len(points) == len(set(points)) and "<b>" not in "".join(fig.data[0].y)


def test_htmlcharts_escape_labels_and_scale_bars():
    from dashboard import htmlcharts

    out = htmlcharts.ranked([EVIL, "Bob"], [4, 2], "Top <b>", "mention", ["people?profile=%3Cx%3E", "people?profile=Bob"])
    assert EVIL not in out and "&lt;img" in out and "Top &lt;b&gt;" in out
    assert "width:100.0%" in out and "width:50.0%" in out and 'href="people?profile=%3Cx%3E"' in out
    df = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-03-01"]), "articles": [2, 1]})
    bars = htmlcharts.periods(df, "articles", "Per month", "month", "article")
    assert bars.count("title=") == 3 and "month of 2024-02-01: 0 articles" in bars  # the empty month is a gap
    assert "Jan 2024" in bars and "Mar 2024" in bars


def test_charts_topic_legend_is_grouped_with_one_title_per_group():
    import pandas as pd

    df = pd.DataFrame({"period": pd.to_datetime(["2024-01-01"] * 3), "topic": ["trade", "war", "alliances"],
                       "group": ["economy", "security", "diplomacy"], "articles": [1, 2, 1], "total": [4] * 3,
                       "share": [0.25, 0.5, 0.25]})
    fig = charts.topic_share(df, "month")
    assert [t.name for t in fig.data] == ["war", "alliances", "trade"]  # security, diplomacy, economy
    assert [t.legendgroup for t in fig.data] == ["security", "diplomacy", "economy"]
    assert [t.legendgrouptitle.text for t in fig.data] == ["security", "diplomacy", "economy"]
    grid = charts.topic_grid(df, "month")
    assert list(grid.layout.yaxis.categoryarray) == ["economy · trade", "diplomacy · alliances", "security · war"]


def test_htmlcharts_heatmap_escapes_keeps_the_largest_and_shades_by_count():
    from dashboard import htmlcharts

    df = pd.DataFrame([{"c": f"<i>c{i}", "t": f"t{j}", "n": 1 + (i == 3) * 100} for i in range(40) for j in range(3)])
    markup = htmlcharts.heatmap(df, "c", "t", "n", "Grid", "article")
    assert "<i>" not in markup and "&lt;i&gt;c3" in markup
    assert markup.count("<tr>") == 1 + 3 and markup.count("<td") == 3 * 30  # 30 columns of the largest kept
    assert "the 3 × 30 largest" in markup
    assert re.search(r'<th style="[^"]*color:#374151">t0</th>', markup)  # row names in the page's text colour
    assert 'title="t0 × &lt;i&gt;c3: 101 articles" style="background:#08306b">101<' in markup  # the largest, darkest
    assert 'title="t0 × &lt;i&gt;c0: 1 article" style="background:#' in markup and ">101<" in markup
    small = htmlcharts.heatmap(df[df["c"] == "<i>c0"], "c", "t", "n", "Small", "article")
    assert "<b>Small</b>" in small and "largest" not in small
