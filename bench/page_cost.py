"""What every page pays on a cold load besides its own content, per script file (CPU time, fit for a loaded machine).

    python bench/page_cost.py --data /work/data/mixed-out --pages articles people --repeats 3

For each page, `repeats` cold loads (a new browser context, as bench/first_load_breakdown.py), each until drawn. Per
load: the renderer main thread's CPU seconds from a Chrome trace (all, style/layout, paint, GC); the seconds of its
JavaScript per script file from V8's sampling profiler (self time; Streamlit's chunks by the name before their content
hash; compile counts to the file compiled); and from the drawn page, the number of DOM elements in the sidebar and in
the main area and the sidebar's widgets by kind. Medians of the loads after the first (the server's query cache warm).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
from collections import Counter
from pathlib import Path

from common import load, machine, save
from first_load import CHANGES_JS, DRAWN_JS, PAGES, QUIET_MS
from first_load_breakdown import TRACE_CATEGORIES, main_thread
from serve import CHROMIUM, CHROMIUM_ARGS, dashboard

HASHED = re.compile(r"^(.+?)\.[0-9a-zA-Z_-]{8}\.(js|mjs)$")
# the drawn page's elements: in the sidebar, in the main area, and the sidebar's widgets by Streamlit's test id
DOM_JS = """() => {
  const side = document.querySelector('[data-testid="stSidebar"]'), main = document.querySelector('[data-testid="stMain"]');
  const kinds = {};
  (side ? side.querySelectorAll('[data-testid^="st"][class*="st-key-"], [data-testid="stElementContainer"] > [data-testid]') : [])
    .forEach(e => { const k = e.getAttribute('data-testid'); kinds[k] = (kinds[k] || 0) + 1; });
  return {sidebar_elements: side ? side.querySelectorAll('*').length : 0,
          main_elements: main ? main.querySelectorAll('*').length : 0,
          all_elements: document.querySelectorAll('*').length, sidebar_widgets: kinds};
}"""


def script_name(url: str) -> str:
    """A script's short name: Streamlit's chunk name without its content hash, or the file name; "inline" without one."""
    if not url:
        return "(no script named)"
    name = url.rsplit("?", 1)[0].rsplit("/", 1)[-1] or url
    m = HASHED.match(name)
    return m.group(1) if m else name


def main_thread_total(trace: bytes) -> dict[str, float]:
    """CPU seconds of the renderer main thread's top-level tasks, and its style/layout, paint and GC buckets
    (`first_load_breakdown.main_thread`, the buckets this report prints)."""
    return {k: v for k, v in main_thread(trace).items() if k in ("total", "style+layout", "paint", "gc")}


def per_script(profile: dict) -> dict[str, float]:
    """Seconds of the main thread's JavaScript by the script of the function running (self time, from the V8
    sampling profiler: every sample's interval goes to the file of the function it caught); "(program)" is the
    browser's own work outside JavaScript (parse, style, layout, paint), "(garbage collector)" V8's GC."""
    url = {n["id"]: n["callFrame"].get("url") or n["callFrame"].get("functionName") for n in profile["nodes"]}
    out: Counter = Counter()
    for node, delta in zip(profile.get("samples", []), profile.get("timeDeltas", [])):
        name = url.get(node) or ""
        out[name if name.startswith("(") else script_name(name)] += delta / 1e6
    out.pop("(idle)", None)
    return {k: round(v, 4) for k, v in out.items()}


def one_load(browser, url: str, timeout_s: float) -> dict:
    """One cold load of `url`: the main thread per script, and the drawn page's elements."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.add_init_script(CHANGES_JS)
    cdp = ctx.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 250})
    cdp.send("Profiler.start")
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(url)
    page.wait_for_function(DRAWN_JS, arg=[QUIET_MS], timeout=timeout_s * 1000, polling=50)
    trace = browser.stop_tracing()
    profile = cdp.send("Profiler.stop")["profile"]
    dom = page.evaluate(DOM_JS)
    ctx.close()
    return {"main": main_thread_total(trace), "scripts": per_script(profile), "dom": dom}


def summary(loads: list[dict]) -> dict:
    """Medians over the loads after the first: main thread, seconds per script; the DOM counts of the last load."""
    later = loads[1:] or loads
    med = lambda xs: round(statistics.median(xs), 3)  # noqa: E731
    main = {k: med([x["main"].get(k, 0.0) for x in later]) for k in sorted({k for x in later for k in x["main"]})}
    files = {f: med([x["scripts"].get(f, 0.0) for x in later]) for f in {f for x in later for f in x["scripts"]}}
    return {"main": main, "scripts": dict(sorted(files.items(), key=lambda kv: -kv[1])), "dom": later[-1]["dom"]}


def main() -> None:
    from playwright.sync_api import sync_playwright

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True, help="a build folder")
    p.add_argument("--repeats", type=int, default=3, help="cold loads per page (default: 3)")
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for a page (default: 120)")
    p.add_argument("--pages", nargs="*", default=list(PAGES), help="page paths (default: every page)")
    p.add_argument("--top", type=int, default=14, help="scripts to print per page (default: 14)")
    a = p.parse_args()
    result: dict = {"machine": machine(), "data": str(a.data), "load_before": load(), "pages": {}}
    with dashboard(a.data.resolve()) as (url, _proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in a.pages:
            loads = [one_load(browser, f"{url}/{name}", a.timeout) for _ in range(a.repeats)]
            s = summary(loads)
            result["pages"][name] = {"loads": loads, "summary": s, "load": load()}
            print(f"{name}: main thread CPU {s['main']}; load {load()}")
            print("    sampled s: " + ", ".join(f"{f} {v:.3f}" for f, v in list(s["scripts"].items())[:a.top]))
            print(f"    DOM {json.dumps(s['dom'])}", flush=True)
        browser.close()
    result["load_after"] = load()
    print("saved", save(f"page-cost-{a.data.name}", result))


if __name__ == "__main__":
    main()
