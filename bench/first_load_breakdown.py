"""Where a page's first load goes, in CPU time (fit for a loaded machine): server, bytes, browser main thread.

    python bench/first_load_breakdown.py --data bench/out/dev-en --repeats 3

For each page, `repeats` cold loads (a new browser context: empty HTTP cache, new session), each until drawn
(bench/first_load.py's test). Per load it records the server's CPU seconds (utime + stime of the Streamlit
process over the load, from /proc), the bytes sent (HTTP bodies by type, and WebSocket frames), and from a
Chrome trace the renderer main thread's CPU seconds (`tdur` of its top-level tasks), split into script
compile, script run, style/layout and paint. Wall time is printed too, marked as wall time under load.
The first load of a page runs its queries (the server's query cache is cold); later loads hit the cache.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import defaultdict
from pathlib import Path

from common import load, machine, save
from first_load import CHANGES_JS, DRAWN_JS, PAGES, QUIET_MS
from serve import CHARTS, CHROMIUM, CHROMIUM_ARGS, RunCounter, dashboard

TRACE_CATEGORIES = ["toplevel", "v8", "devtools.timeline", "disabled-by-default-devtools.timeline"]
# trace event name -> bucket of the renderer main thread's time (outermost event of a bucket counted once)
BUCKETS = {"v8.compile": "compile", "V8.CompileCode": "compile", "v8.compileModule": "compile",
           "EvaluateScript": "script", "v8.evaluateModule": "script", "FunctionCall": "script",
           "TimerFire": "script", "FireAnimationFrame": "script", "EventDispatch": "script",
           "RunMicrotasks": "script", "V8.RunMicrotasks": "script",
           "UpdateLayoutTree": "style+layout", "Layout": "style+layout", "RecalculateStyles": "style+layout",
           "Paint": "paint", "PrePaint": "paint", "Layerize": "paint", "UpdateLayer": "paint",
           "ParseHTML": "html", "MajorGC": "gc", "MinorGC": "gc", "V8.GC_SCAVENGER": "gc"}
TOPLEVEL = ("ThreadControllerImpl::RunTask", "RunTask")
COMPOSITORS = ("Compositor", "VizCompositorThread")  # the renderer's and the GPU process's (software) compositor


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main_thread(trace: bytes) -> dict[str, float]:
    """CPU seconds of the renderer main thread: top-level tasks in all, and per bucket (nested events of one
    bucket counted once, by their outermost event); and of the compositor threads."""
    events = json.loads(trace)
    events = events.get("traceEvents", events) if isinstance(events, dict) else events
    names = {(e["pid"], e["tid"]): e["args"].get("name") for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    per_thread: dict = defaultdict(list)
    out: dict[str, float] = defaultdict(float)
    for e in events:
        thread = names.get((e.get("pid"), e.get("tid")))
        if e.get("ph") != "X" or "tdur" not in e:
            continue
        if thread == "CrRendererMain":
            per_thread[(e["pid"], e["tid"])].append(e)
        elif thread in COMPOSITORS and e["name"] in TOPLEVEL:
            out["compositing (other threads)"] += e["tdur"] / 1e6
    for evs in per_thread.values():
        evs.sort(key=lambda e: (e["ts"], -e.get("dur", 0)))
        open_until: dict[str, float] = {}
        for e in evs:
            if e["name"] in TOPLEVEL:
                out["total"] += e["tdur"] / 1e6
            bucket = BUCKETS.get(e["name"])
            if bucket and e["ts"] >= open_until.get(bucket, -1):
                out[bucket] += e["tdur"] / 1e6
                open_until[bucket] = e["ts"] + e.get("dur", 0)
    return {k: round(v, 3) for k, v in out.items()}


def one_load(browser, url: str, server_pid: int, timeout_s: float) -> dict:
    """One cold load of `url`: wall seconds, server CPU seconds, bytes, and the main thread's CPU split."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.add_init_script(CHANGES_JS)
    runs = RunCounter(page)
    sizes: dict[str, int] = defaultdict(int)

    def finished(request) -> None:
        try:
            body = request.sizes()["responseBodySize"]
        except Exception:  # a request the browser cancelled
            return
        served = "/static/" in request.url or "/plotlite/" in request.url  # Streamlit's assets, Plotly bundles
        kind = request.url.rsplit("?", 1)[0].rsplit(".", 1)[-1] if served else "other"
        sizes[f"http_{kind}"] += body

    page.on("requestfinished", finished)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: sizes.__setitem__(
        "websocket", sizes["websocket"] + len(p)) if isinstance(p, (bytes, bytearray, str)) else None))
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    cpu0, t0 = cpu_seconds(server_pid), time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN_JS, arg=[QUIET_MS], timeout=timeout_s * 1000, polling=50)
    wall, cpu1 = time.perf_counter() - t0 - QUIET_MS / 1000, cpu_seconds(server_pid)
    trace = browser.stop_tracing()
    plotly = page.locator(CHARTS).count()
    ctx.close()
    return {"wall_s_under_load": round(wall, 2), "server_cpu_s": round(cpu1 - cpu0, 3),
            "browser_main": main_thread(trace), "bytes": dict(sizes), "plotly_charts": plotly, "script_runs": runs.done}


def summary(loads: list[dict]) -> dict:
    """Medians over the loads after the first (query cache warm), and the first load's server CPU."""
    later = loads[1:] or loads
    med = lambda xs: round(statistics.median(xs), 3)  # noqa: E731
    buckets = sorted({k for x in later for k in x["browser_main"]})
    return {"server_cpu_first_s": loads[0]["server_cpu_s"],
            "server_cpu_s": med([x["server_cpu_s"] for x in later]),
            "browser_main_s": {b: med([x["browser_main"].get(b, 0.0) for x in later]) for b in buckets},
            "kbytes": {k: round(med([x["bytes"].get(k, 0) for x in later]) / 1024, 1)
                       for k in sorted({k for x in later for k in x["bytes"]})},
            "plotly_charts": later[0]["plotly_charts"], "script_runs": later[0]["script_runs"],
            "wall_s_under_load": med([x["wall_s_under_load"] for x in later])}


def main() -> None:
    from playwright.sync_api import sync_playwright

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True, help="a build folder")
    p.add_argument("--repeats", type=int, default=3, help="cold loads per page (default: 3)")
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for a page (default: 120)")
    p.add_argument("--pages", nargs="*", default=list(PAGES), help="page paths (default: every page)")
    a = p.parse_args()
    result: dict = {"machine": machine(), "data": str(a.data), "load_before": load(), "pages": {}}
    with dashboard(a.data.resolve()) as (url, proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in a.pages:
            loads = [one_load(browser, f"{url}/{name}", proc.pid, a.timeout) for _ in range(a.repeats)]
            s = summary(loads)
            result["pages"][name] = {"loads": loads, "summary": s, "load": load()}
            print(f"{name:9s} server CPU {s['server_cpu_first_s']:.2f} s first, {s['server_cpu_s']:.2f} s cached; "
                  f"browser main {s['browser_main_s']}; kB {s['kbytes']}; {s['plotly_charts']} Plotly; "
                  f"{s['script_runs']} runs; "
                  f"wall {s['wall_s_under_load']} s under load {load()}", flush=True)
        browser.close()
    result["load_after"] = load()
    print("saved", save(f"first-load-breakdown-{a.data.name}", result))


if __name__ == "__main__":
    main()
