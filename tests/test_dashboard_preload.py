"""A page's HTML names the element scripts the page will need and keeps loading placeholders still; nothing
else the server sends is changed."""
from __future__ import annotations

import re
import urllib.request

import pytest

from dashboard import preload


@pytest.mark.parametrize("path, base, page", [
    ("/", "", ""), ("/network", "", "network"), ("/people/", "", "people"), ("/news/map", "news", "map"),
    ("/news", "/news/", ""), ("/network/_stcore/health", "", None), ("/static/js/x.js", "", None),
    ("/map", "news", None), ("/newsroom/map", "news", None), ("/nowhere", "", None)])
def test_preload_page_of_knows_page_paths_only(path, base, page):
    assert preload.page_of(path, base) == page


def test_preload_scripts_follow_the_page_and_the_files_present(tmp_path):
    for name in ("BidiComponent.abc.js", "PlotlyChart.p.js", "DataFrame.x1.js", "arrowFormatUtils.y2.js", "Other.z.js"):
        (tmp_path / name).write_text("")
    assert preload.scripts("network", tmp_path) == ["BidiComponent.abc.js"]  # its tables are HTML until asked for
    assert preload.scripts("timeline", tmp_path) == ["BidiComponent.abc.js"]
    assert preload.scripts("people", tmp_path) == []   # its charts and tables are plain HTML
    assert preload.scripts("", tmp_path) == []         # so are the Overview's
    assert preload.scripts("topics", tmp_path) == ["BidiComponent.abc.js"]  # charts, and tables in HTML
    assert preload.scripts("articles", tmp_path) == []  # its list too is HTML until the grid is asked for
    assert not any(n.startswith("DataFrame.") for p in preload.PAGES for n in preload.scripts(p, tmp_path))
    assert preload.scripts("network", tmp_path / "missing") == []            # renamed by an upgrade: nothing
    assert not any(n.startswith("PlotlyChart.") for p in preload.PAGES for n in preload.scripts(p, tmp_path))


def test_preload_every_page_names_its_widgets_scripts(tmp_path):
    for name in ("Multiselect.a.js", "Slider.b.js", "Metric.c.js", "ButtonGroup.d.js", "Selectbox.e.js",
                 "Checkbox.f.js", "BidiComponent.g.js"):
        (tmp_path / name).write_text("")
    sidebar = ["Multiselect.a.js"]  # the confidence slider is behind "More filters": no first view shows it
    assert not any(n.startswith("Slider.") for p in preload.PAGES for n in preload.scripts(p, tmp_path))
    assert preload.scripts("", tmp_path) == sidebar + ["Metric.c.js"]
    assert preload.scripts("people", tmp_path) == sidebar + ["ButtonGroup.d.js", "Selectbox.e.js", "Checkbox.f.js"]
    assert preload.scripts("articles", tmp_path) == sidebar + ["Checkbox.f.js", "Selectbox.e.js"]  # grid switch, Read
    assert preload.scripts("timeline", tmp_path) == ["BidiComponent.g.js"] + sidebar + ["ButtonGroup.d.js",
                                                                                         "Checkbox.f.js"]
    assert preload.scripts("timeline", tmp_path, big_only=True) == ["BidiComponent.g.js"]


def test_preload_imports_follow_static_imports_less_the_entrys(tmp_path):
    (tmp_path / "index.e1.js").write_text('import{a as b}from"./react.r1.js";import"./shared.s1.js";')
    (tmp_path / "shared.s1.js").write_text("")
    (tmp_path / "react.r1.js").write_text("")
    (tmp_path / "Slider.x1.js").write_text('import{t as o}from"./shared.s1.js";import"./dep.d1.js";'
                                           'const L=()=>import("./lazy.l1.js");')
    (tmp_path / "dep.d1.js").write_text('import{q}from "./deeper.p1.js";import{z}from"./gone.g1.js";')
    (tmp_path / "deeper.p1.js").write_text('const s="from\\"./not-an-import.js";')
    (tmp_path / "lazy.l1.js").write_text("")
    preload._closure.cache_clear()
    assert preload.imports(["Slider.x1.js"], tmp_path) == ["Slider.x1.js", "dep.d1.js", "deeper.p1.js"]
    assert preload.imports(["missing.m1.js"], tmp_path) == []
    preload._closure.cache_clear()


def test_preload_widget_scripts_wait_for_the_connection_and_big_ones_are_in_the_head(tmp_path):
    (tmp_path / "BidiComponent.abc.js").write_text('import"./serialization.s1.js";')
    (tmp_path / "serialization.s1.js").write_text("")
    (tmp_path / "Multiselect.x1.js").write_text('import"./moment.m1.js";')
    (tmp_path / "moment.m1.js").write_text("")
    preload._closure.cache_clear()
    tags = preload.head_tags("network", tmp_path)
    head = tags.split("<script>")[0]
    assert 'rel="modulepreload" crossorigin href="./static/js/BidiComponent.abc.js"' in head
    assert "Multiselect" not in head and "moment" not in head and "serialization" not in head
    assert ('(["./static/js/Multiselect.x1.js","./static/js/serialization.s1.js","./static/js/moment.m1.js"],'
            '["./static/js/BidiComponent.abc.js","./static/js/Multiselect.x1.js"],"./plotlite/plotly-cartesian-') \
        in tags.replace(", ", ",")
    assert "CONNECTED" in tags and "DOMContentLoaded" not in tags
    preload._closure.cache_clear()


def test_preload_chart_pages_name_the_partial_bundle_they_draw_with(tmp_path):
    tags = {page: preload.head_tags(page, tmp_path) for page in preload.PAGES}
    assert 'rel="preload" as="script" href="./plotlite/plotly-geo-' in tags["map"]
    for page in ("network", "timeline", "topics"):
        assert 'rel="preload" as="script" href="./plotlite/plotly-cartesian-' in tags[page]
    for page in ("", "home", "overview", "people", "articles"):
        assert "plotlite" not in tags[page]


def test_preload_pages_run_what_they_need_once_the_browser_is_idle(tmp_path):
    (tmp_path / "BidiComponent.abc.js").write_text("")
    (tmp_path / "DataFrame.x1.js").write_text("")
    network, articles = preload.head_tags("network", tmp_path), preload.head_tags("articles", tmp_path)
    # the chart page imports the component's script and registers its bundle where plotlite.js looks for it
    assert 'requestIdleCallback' in network and 'window.__plotlite' in network
    assert '["./static/js/BidiComponent.abc.js"],"./plotlite/plotly-cartesian-' in network
    # no element script of these pages is present here (the grid's is no page's first view): no script at all
    assert "<script" not in articles and "<script" not in preload.head_tags("people", tmp_path)
    assert network.count("<script") == network.count("</script>") == 1


def test_preload_inject_puts_tags_before_head_end_only():
    doc = b"<html><head><title>t</title></head><body></body></html>"
    out = preload.inject(doc, "<style>x</style>")
    assert out == b"<html><head><title>t</title><style>x</style></head><body></body></html>"
    assert preload.inject(b"<p>no head</p>", "<style>x</style>") == b"<p>no head</p>"


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    from bench.serve import dashboard
    from dashboard_corpus import write

    with dashboard(write(tmp_path_factory.mktemp("preload") / "data")) as (base, _):
        yield base


def _get(url: str) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


@pytest.mark.slow
def test_preload_served_pages_name_their_scripts_and_the_scripts_exist(url):
    pages = {}
    for path in ("/", "/network", "/people", "/articles"):
        status, headers, body = _get(url + path)
        assert status == 200 and "content-encoding" not in headers and int(headers["content-length"]) == len(body)
        assert preload.STILL_PLACEHOLDERS.encode() in body.split(b"</head>")[0]
        pages[path] = re.findall(rb'rel="modulepreload" crossorigin href="\./static/js/([^"]+)"', body)
        pages[path + " bundles"] = re.findall(rb'rel="preload" as="script" href="\./([^"]+)"', body)
    assert any(n.startswith(b"BidiComponent.") for n in pages["/network"])
    assert not any(n.startswith((b"BidiComponent.", b"PlotlyChart.")) for n in pages["/"] + pages["/people"])
    # no first view shows a data grid (the articles list too is HTML until the viewer asks for the grid)
    assert not any(n.startswith(b"DataFrame.") for n in pages["/"] + pages["/people"] + pages["/network"]
                   + pages["/articles"])
    assert pages["/ bundles"] == pages["/people bundles"] == [] and len(pages["/network bundles"]) == 1
    for name in pages["/network"]:  # every named script is served as it is on disk
        status, _, body = _get(f"{url}/static/js/{name.decode()}")
        assert status == 200 and len(body) > 0
    for name in pages["/network bundles"]:  # the bundle too, from the page's folder, cached for a year
        status, headers, body = _get(f"{url}/{name.decode()}")
        assert status == 200 and body.startswith(b"/**\n* plotly.js (cartesian - minified) v")
        assert "immutable" in headers["cache-control"] and headers["content-type"].startswith("text/javascript")
