"""bench/first_load.py's additional "first view painted" record, on a hand-made page in headless Chromium: a chart's
static picture painted for a frame before a long main-thread task (as Plotly's first draw is) is seen; the 25 ms poll
of the existing first-view metric cannot run during that task."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.serve import CHROMIUM

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                                   reason="Chromium is not installed (see .ci/run)")]
ORIGIN = "http://first-load.test"
# a page shaped as the dashboard's (the selectors CHANGES_JS reads): after 200 ms a chart shows a picture; one frame
# later a 900 ms task holds the main thread, then Plotly's SVG replaces the picture
PAGE = """<!doctype html><div data-testid="stApp" data-test-script-state="notRunning"><div data-testid="stMain">
<h1>A page</h1><div data-testid="stBidiComponentRegular" id="chart"></div></div></div><script>
const chart = document.getElementById("chart");
const draw = () => {
  const stop = performance.now() + 900;
  while (performance.now() < stop) {}
  chart.innerHTML = '<svg class="main-svg"></svg>';
  window.__svgAt = performance.now();
};
setTimeout(() => {
  if (PICTURE) {
    chart.innerHTML = '<svg class="plotlite-static"></svg>';
    window.__pictureAt = performance.now();
    requestAnimationFrame(() => setTimeout(draw, 0));
  } else draw();
}, 200);
</script>"""


@pytest.fixture(scope="module")
def first_load(request):
    import sys

    bench = str(Path(__file__).resolve().parent.parent / "bench")  # its scripts import each other by plain name
    sys.path.insert(0, bench)
    request.addfinalizer(lambda: sys.path.remove(bench))
    import first_load

    return first_load


@pytest.mark.parametrize("picture", [True, False])
def test_bench_first_load_painted_view_sees_a_picture_the_poll_is_starved_of(browser, first_load, picture):
    ctx = browser.new_context()
    html = PAGE.replace("PICTURE", "true" if picture else "false")
    ctx.route(f"{ORIGIN}/", lambda r: r.fulfill(body=html, content_type="text/html"))
    page = ctx.new_page()
    page.add_init_script(first_load.CHANGES_JS + first_load.PAINTED_JS)
    page.goto(f"{ORIGIN}/")
    page.wait_for_function(first_load.DRAWN_JS, arg=[first_load.QUIET_MS], timeout=20_000, polling=50)
    painted, svg, shown = page.evaluate("[window.__paintedView, window.__svgAt, window.__pictureAt]")
    ctx.close()
    if picture:
        assert shown <= painted < shown + 300 < svg  # the frame with the picture, long before Plotly's SVG
    else:
        assert painted >= svg  # nothing to see before the chart itself
    seconds, last = 5.0, svg  # the interactive page at 5 s, its last change when the SVG came
    assert first_load.before(seconds, last, painted) == pytest.approx(seconds - max(last - painted, 0) / 1000)
    assert first_load.before(seconds, last, None) == seconds
