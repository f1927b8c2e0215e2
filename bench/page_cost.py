"""What every page pays on a cold load besides its own content, per script file (CPU time, fit for a loaded machine).

    python bench/page_cost.py --data /work/data/mixed-out --pages articles people --repeats 3

For each page, `repeats` cold loads (a new browser context, as bench/first_load_breakdown.py), each until drawn. Per
load, from a Chrome trace of the renderer main thread: CPU seconds of script compile and run per script file
(Streamlit's chunks by the name before their content hash; the outermost compile or run event of a file counted),
style/layout and paint; and from the drawn page, the number of DOM elements in the sidebar and in the main area and
the sidebar's widgets by kind. Medians of the loads after the first (the server's query cache warm).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from common import load, machine, save
from first_load import CHANGES_JS, DRAWN_JS, PAGES, QUIET_MS
from first_load_breakdown import BUCKETS, TOPLEVEL, TRACE_CATEGORIES
from serve import CHROMIUM, CHROMIUM_ARGS, dashboard

# events whose time is a script's: compile or run, and where the trace names the script
SCRIPT_EVENTS = {"v8.compile": "compile", "V8.CompileCode": "compile", "v8.compileModule": "compile",
                 "v8.produceModuleCache": "compile", "EvaluateScript": "run", "v8.evaluateModule": "run",
                 "FunctionCall": "run", "v8.run": "run"}
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


def _url(e: dict) -> str:
    data = e.get("args", {}).get("data", {}) or {}
    return data.get("url") or data.get("scriptName") or e.get("args", {}).get("fileName") or ""


def per_script(trace: bytes) -> dict[str, dict[str, float]]:
    """Main-thread CPU seconds per script and kind (compile / run), outermost events only, and the other buckets."""
    events = json.loads(trace)
    events = events.get("traceEvents", events) if isinstance(events, dict) else events
    names = {(e["pid"], e["tid"]): e["args"].get("name") for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    main = sorted((e for e in events if e.get("ph") == "X" and "tdur" in e
                   and names.get((e.get("pid"), e.get("tid"))) == "CrRendererMain"),
                  key=lambda e: (e["ts"], -e.get("dur", 0)))
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    busy_until = -1.0
    open_until: dict[str, float] = {}
    for e in main:
        if e["name"] in TOPLEVEL:
            out["(all)"]["total"] += e["tdur"] / 1e6
        kind = SCRIPT_EVENTS.get(e["name"])
        if kind and e["ts"] >= busy_until:
            out[script_name(_url(e))][kind] += e["tdur"] / 1e6
            busy_until = e["ts"] + e.get("dur", 0)
        bucket = BUCKETS.get(e["name"])
        if bucket in ("style+layout", "paint", "gc", "html") and e["ts"] >= open_until.get(bucket, -1):
            out["(other)"][bucket] += e["tdur"] / 1e6
            open_until[bucket] = e["ts"] + e.get("dur", 0)
    return {k: {kk: round(vv, 4) for kk, vv in v.items()} for k, v in out.items()}


def one_load(browser, url: str, timeout_s: float) -> dict:
    """One cold load of `url`: the main thread per script, and the drawn page's elements."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.add_init_script(CHANGES_JS)
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(url)
    page.wait_for_function(DRAWN_JS, arg=[QUIET_MS], timeout=timeout_s * 1000, polling=50)
    trace = browser.stop_tracing()
    dom = page.evaluate(DOM_JS)
    ctx.close()
    return {"scripts": per_script(trace), "dom": dom}


def summary(loads: list[dict]) -> dict:
    """Medians over the loads after the first, per script and kind; the DOM counts of the last load."""
    later = loads[1:] or loads
    keys = sorted({(s, k) for x in later for s, v in x["scripts"].items() for k in v})
    med: dict = defaultdict(dict)
    for s, k in keys:
        med[s][k] = round(statistics.median(x["scripts"].get(s, {}).get(k, 0.0) for x in later), 3)
    return {"scripts": dict(med), "dom": later[-1]["dom"]}


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
            total = s["scripts"].get("(all)", {}).get("total", 0)
            files = sorted(((f, v) for f, v in s["scripts"].items() if not f.startswith("(")),
                           key=lambda fv: -sum(fv[1].values()))
            print(f"{name}: main thread {total:.2f} s CPU; other {s['scripts'].get('(other)')}; load {load()}")
            for f, v in files[:a.top]:
                print(f"    {f:28s} compile {v.get('compile', 0):.3f}  run {v.get('run', 0):.3f}")
            print(f"    DOM {json.dumps(s['dom'])}", flush=True)
        browser.close()
    result["load_after"] = load()
    print("saved", save(f"page-cost-{a.data.name}", result))


if __name__ == "__main__":
    main()
