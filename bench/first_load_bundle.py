"""The Plotly bundle's own cost in a cold page: a page with nothing but the bundle's script, in headless Chromium.

    python bench/first_load_bundle.py dashboard/plotly/plotly-cartesian-*.min.js OLD.min.js --repeats 5

Each run is a new browser context (empty cache, fresh V8) loading an empty page on a fake origin whose only script is
the bundle (served from memory); with `--draw`, the page then draws one small scatter with `Plotly.newPlot`. From a
Chrome trace it records the renderer main thread's CPU seconds (script compile, script run, in all) until the
bundle has run (and drawn). Bundles given together are alternated run by run, so a change in the machine's load
falls on both. CPU time of the main thread, fit for a loaded machine; the load is printed beside each figure.
"""
from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from common import load, machine, save
from first_load_breakdown import TRACE_CATEGORIES, main_thread
from serve import CHROMIUM, CHROMIUM_ARGS

ORIGIN = "http://bundle.test"
PAGE = "<!doctype html><html><head><meta charset=utf-8></head><body><div id=c style='width:600px'></div>" \
       "<script src='/bundle.js' onload='window.__ran=true'></script></body></html>"
DRAW_JS = """() => Plotly.newPlot('c', [{type: 'scatter', mode: 'markers', x: [1, 2, 3], y: [2, 1, 3]}],
                                 {height: 300}).then(() => true)"""


def one_run(browser, body: bytes, draw: bool) -> dict[str, float]:
    """One cold page with only `body` as its script: the main thread's CPU split, until it ran (and drew)."""
    ctx = browser.new_context()
    ctx.route(f"{ORIGIN}/", lambda r: r.fulfill(body=PAGE, content_type="text/html"))
    ctx.route(f"{ORIGIN}/bundle.js", lambda r: r.fulfill(body=body, content_type="text/javascript"))
    page = ctx.new_page()
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("() => window.__ran === true && !!window.Plotly", polling=50)
    if draw:
        page.evaluate(DRAW_JS)
    trace = browser.stop_tracing()
    ctx.close()
    main = main_thread(trace)
    return {k: main.get(k, 0.0) for k in ("total", "compile", "script")}


def main() -> None:
    from playwright.sync_api import sync_playwright

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("bundles", nargs="+", type=Path, help="bundle files, alternated run by run")
    p.add_argument("--repeats", type=int, default=5, help="cold runs per bundle (default: 5)")
    p.add_argument("--draw", action="store_true", help="also draw one small scatter after the bundle ran")
    a = p.parse_args()
    bodies = {str(b): b.read_bytes() for b in a.bundles}
    runs: dict[str, list] = {name: [] for name in bodies}
    result: dict = {"machine": machine(), "draw": a.draw, "load_before": load(), "bundles": {}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        one_run(browser, next(iter(bodies.values())), a.draw)  # warm the browser process itself; not counted
        for _ in range(a.repeats):
            for name, body in bodies.items():
                runs[name].append({**one_run(browser, body, a.draw), "load": load()})
        browser.close()
    for name, rs in runs.items():
        med = {k: round(statistics.median(r[k] for r in rs), 3) for k in ("total", "compile", "script")}
        result["bundles"][name] = {"bytes": len(bodies[name]), "runs": rs, "median": med}
        print(f"{Path(name).name}: {len(bodies[name]) / 1e6:.2f} MB; main thread CPU s, median of {len(rs)}: {med}; "
              f"per run total {[r['total'] for r in rs]}", flush=True)
    result["load_after"] = load()
    print(f"load {result['load_before']} -> {result['load_after']}")
    save("first_load_bundle", result)


if __name__ == "__main__":
    main()
