"""First load of every dashboard page in a real browser: URL typed → page fully drawn.

    python bench/first_load.py --data bench/out/dev-en --repeats 5
    python bench/first_load.py --data bench/out/dash-1000000 --repeats 3

One server (dashboard/server.py) per run. For each page and repeat, a new browser context (no cookies, no
session) opens the page's own URL and two times are taken:
- "interactive": the script run finished, no skeleton placeholder left, every Plotly chart has its own SVG and
  the DOM has been quiet for 300 ms (the quiet time is subtracted) — the page fully drawn and clickable;
- "first view": the same, but a chart may still be the server's static picture of it (dashboard/staticchart.py,
  shown until Plotly has drawn): the last DOM change before 300 ms of quiet, or, when a picture was shown and
  Plotly replaced it before such a quiet, the moment every chart first showed a picture or Plotly's SVG (the
  rest of the page drawn) — what the viewer sees. A page without a picture has first view = interactive.
- "first view painted", an additional column (the two above are kept as they were, for the series): the first
  frame the browser painted from which the first-view condition held on every later painted change, seen by an
  animation-frame callback per DOM change instead of the 25 ms poll, which Plotly's first draw starves (a picture
  painted for a few frames before Plotly's draw is missed by the poll; bench/RESULTS.md §24).
`cold` contexts also start with an empty HTTP cache (the first visit of a browser); `warm` contexts share one
profile, so the app's static assets come from the browser cache (a returning analyst).
The server's query cache is warm after the first repeat of a page, as on a shared server. Reports the p50
and max per page and overall, with the machine's load beside every figure.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import load, machine, save
from serve import CHARTS, CHROMIUM, CHROMIUM_ARGS, dashboard

PAGES = ("overview", "network", "map", "timeline", "topics", "people", "articles")
QUIET_MS = 300
# added to every page before its scripts: when the DOM last changed, whether the page is drawn with each chart
# showing `drawn` (a CSS selector), and the first view's time (see the module's docstring)
CHANGES_JS = """
window.__lastChange = performance.now();
new MutationObserver(() => { window.__lastChange = performance.now(); })
  .observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
window.__drawn = (drawn) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return Boolean(app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('[data-testid="stMain"] h1')
    && !document.querySelectorAll('[data-testid="stSkeleton"]').length
    && Array.from(document.querySelectorAll('%s')).every(c => c.querySelector(drawn)));
};
window.__firstView = null;
window.__held = null;   // since when the first-view condition has held
window.__pictured = false;   // a static picture was seen while it held
const __firstTimer = setInterval(() => {
  if (!window.__drawn('.main-svg, .plotlite-static')) { window.__held = null; return; }
  const now = performance.now();
  if (window.__held === null) window.__held = now;
  if (document.querySelector('.plotlite-static')) window.__pictured = true;
  if (now - window.__lastChange > %d) window.__firstView = window.__lastChange;
  else if (window.__pictured && window.__drawn('.main-svg')) window.__firstView = window.__held;
  if (window.__firstView !== null) clearInterval(__firstTimer);
}, 25);
""" % (CHARTS, QUIET_MS)
DRAWN_JS = "([quiet]) => window.__drawn('.main-svg') && performance.now() - window.__lastChange > quiet"
# an additional record of the first view, by the frames the browser paints rather than by the 25 ms poll (which
# cannot run while Plotly's first draw holds the main thread, so it misses a picture shown for a few frames):
# every DOM change asks for one animation frame, whose callback (run just before that frame is painted) notes
# whether the first-view condition holds; `__paintedView` is the first frame from which it held at every later
# such frame. Only `open_page` adds it: CHANGES_JS (and first_load_breakdown.py) stay as they were.
PAINTED_JS = """
window.__paintedView = null;
let __frameAsked = false;
const __frame = () => {
  __frameAsked = false;
  if (!window.__drawn('.main-svg, .plotlite-static')) window.__paintedView = null;
  else if (window.__paintedView === null) window.__paintedView = performance.now();
};
new MutationObserver(() => { if (!__frameAsked) { __frameAsked = true; requestAnimationFrame(__frame); } })
  .observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
"""


def open_page(context, url: str, timeout_s: float) -> tuple[float, float, float]:
    """Seconds from navigation to the first view drawn, to the page interactive (quiet time subtracted) and to the
    first view painted (PAINTED_JS)."""
    page = context.new_page()
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.add_init_script(CHANGES_JS + PAINTED_JS)
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN_JS, arg=[QUIET_MS], timeout=timeout_s * 1000, polling=50)
    seconds = time.perf_counter() - t0 - QUIET_MS / 1000
    last, first, painted = page.evaluate("[window.__lastChange, window.__firstView, window.__paintedView]")
    page.close()
    return before(seconds, last, first), seconds, before(seconds, last, painted)


def before(seconds: float, last: float, mark: float | None) -> float:
    """Seconds to `mark` (page clock, ms), given the interactive page at `seconds` and the last DOM change at `last`:
    both on the page's clock, so `mark` came (last - mark) before the interactive page; no mark is the last change."""
    return max(seconds - max(last - (mark if mark is not None else last), 0) / 1000, 0.0)


def run(data: Path, repeats: int, timeout_s: float, pages: tuple[str, ...]) -> dict:
    """Time every page `repeats` times, cold and warm."""
    from playwright.sync_api import sync_playwright

    out: dict = {"cold": {}, "warm": {}}
    with dashboard(data) as (url, _), sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        open_page(warm, f"{url}/", timeout_s)  # fills the browser cache once
        for name in pages:
            for mode in ("cold", "warm"):
                times, views, painted = [], [], []
                for _ in range(repeats):
                    ctx = browser.new_context() if mode == "cold" else warm
                    view, ready, paint = open_page(ctx, f"{url}/{name}", timeout_s)
                    times.append(round(ready, 2))
                    views.append(round(view, 2))
                    painted.append(round(paint, 2))
                    if mode == "cold":
                        ctx.close()
                out[mode][name] = {"times_s": times, "p50_s": round(statistics.median(times), 2),
                                   "first_view_s": views, "first_view_p50_s": round(statistics.median(views), 2),
                                   "painted_s": painted, "painted_p50_s": round(statistics.median(painted), 2),
                                   "load": load()}
                print(f"{name:9s} {mode}: first view p50 {out[mode][name]['first_view_p50_s']} s {views}, "
                      f"interactive p50 {out[mode][name]['p50_s']} s {times}, "
                      f"first view painted p50 {out[mode][name]['painted_p50_s']} s {painted}  (load {load()})",
                      flush=True)
        warm.close()
        browser.close()
    for mode in ("cold", "warm"):
        every = [t for v in out[mode].values() for t in v["times_s"]]
        views = [t for v in out[mode].values() for t in v["first_view_s"]]
        painted = [t for v in out[mode].values() for t in v["painted_s"]]
        out[mode]["all"] = {"p50_s": round(statistics.median(every), 2), "max_s": max(every),
                            "first_view_p50_s": round(statistics.median(views), 2), "first_view_max_s": max(views),
                            "painted_p50_s": round(statistics.median(painted), 2), "painted_max_s": max(painted)}
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True, help="a build folder")
    p.add_argument("--repeats", type=int, default=5, help="loads per page and mode (default: 5)")
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for a page (default: 120)")
    p.add_argument("--pages", nargs="*", default=list(PAGES), help="page paths (default: every page)")
    a = p.parse_args()
    result = {"machine": machine(), "data": str(a.data), "load_before": load()}
    result.update(run(a.data.resolve(), a.repeats, a.timeout, tuple(a.pages)))
    result["load_after"] = load()
    for what, key in (("first view", "first_view_p50_s"), ("interactive", "p50_s"),
                      ("first view painted", "painted_p50_s")):
        print(f"overall {what} p50: cold {result['cold']['all'][key]} s, warm {result['warm']['all'][key]} s")
    print("saved", save(f"first-load-{a.data.name}", result))


if __name__ == "__main__":
    main()
