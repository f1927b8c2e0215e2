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
    assert preload.scripts("articles", tmp_path) == ["DataFrame.x1.js", "arrowFormatUtils.y2.js"]
    assert preload.scripts("network", tmp_path / "missing") == []            # renamed by an upgrade: nothing
    assert not any(n.startswith("PlotlyChart.") for p in preload.PAGES for n in preload.scripts(p, tmp_path))


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
    assert '["./static/js/DataFrame.x1.js"],null)' in articles and "window.__plotlite" in articles
    assert "<script" not in preload.head_tags("people", tmp_path)  # nothing to run early: no script at all
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
    assert not any(n.startswith(b"DataFrame.") for n in pages["/"] + pages["/people"] + pages["/network"])
    assert any(n.startswith(b"DataFrame.") for n in pages["/articles"])  # its article list is a grid
    assert pages["/ bundles"] == pages["/people bundles"] == [] and len(pages["/network bundles"]) == 1
    for name in pages["/network"]:  # every named script is served as it is on disk
        status, _, body = _get(f"{url}/static/js/{name.decode()}")
        assert status == 200 and len(body) > 0
    for name in pages["/network bundles"]:  # the bundle too, from the page's folder, cached for a year
        status, headers, body = _get(f"{url}/{name.decode()}")
        assert status == 200 and body.startswith(b"/**\n* plotly.js (cartesian - minified) v")
        assert "immutable" in headers["cache-control"] and headers["content-type"].startswith("text/javascript")
