"""Streamlit cold start to first chart, then each page to its first chart, in a real browser.

    python bench/streamlit_start.py --data bench/out/dash-1000000 --repeats 3

Each repeat starts a fresh `streamlit run dashboard/server.py` (the browser is
already up, so its own start-up is not counted) and times: process start →
health endpoint answers; process start → first chart or table drawn on the
landing page; then, per page, navigation → its first chart or table drawn
(queries uncached: a new server has an empty cache). Peak RSS of the server
is read from /proc (VmHWM). Needs Chromium at /usr/bin/chromium (as the browser tests).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import ROOT, load, machine, save
from serve import free_port

CHROMIUM = "/usr/bin/chromium"
PAGES = ("network", "timeline", "topics", "people", "articles")
# a chart drawn by Plotly (Streamlit's element or the plotlite component), a data grid, or an HTML table or chart
# (first views draw their tables and small charts in HTML: bench/RESULTS.md §16, §18, §26)
DRAWN = ('[data-testid="stPlotlyChart"] .main-svg, [data-testid="stBidiComponentRegular"] .main-svg, '
         '[data-testid="stDataFrame"], .html-table, .html-chart')


def peak_rss_mib(pid: int) -> float:
    """VmHWM (peak resident set) of a live process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return 0.0


def settle(page, timeout_ms: int) -> None:
    """Wait until the script run is over and something is drawn."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_selector(DRAWN, state="attached", timeout=timeout_ms)


def one_start(browser, data: Path, timeout_s: float, pages: tuple[str, ...] = PAGES) -> dict:
    """Start a server, time its first chart and every page, stop it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "server.py"),
           "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", "--", "--data", str(data)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    base = f"http://127.0.0.1:{port}"
    out: dict = {}
    try:
        while True:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if time.perf_counter() - t0 > timeout_s:
                    raise TimeoutError("server did not answer") from None
                time.sleep(0.05)
        out["server_ready_s"] = round(time.perf_counter() - t0, 2)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base)
        page.wait_for_selector(DRAWN, state="attached", timeout=int(timeout_s * 1000))
        out["first_chart_s"] = round(time.perf_counter() - t0, 2)
        settle(page, int(timeout_s * 1000))
        out["pages_s"] = {}
        print(f"  server {out['server_ready_s']} s, first chart {out['first_chart_s']} s", flush=True)
        for name in pages:
            t = time.perf_counter()
            page.goto(f"{base}/{name}")
            page.wait_for_timeout(200)
            try:
                settle(page, int(timeout_s * 1000))
                out["pages_s"][name] = round(time.perf_counter() - t, 2)
            except PlaywrightTimeout:
                out["pages_s"][name] = f"> {timeout_s:.0f} (timed out)"
            print(f"  page {name}: {out['pages_s'][name]}", flush=True)
        out["server_peak_rss_mib"] = round(peak_rss_mib(proc.pid))
        page.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True, help="a build folder")
    p.add_argument("--repeats", type=int, default=3, help="cold starts (default: 3)")
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for a chart (default: 120)")
    p.add_argument("--first-chart-only", action="store_true", help="skip timing the other pages")
    a = p.parse_args()
    from playwright.sync_api import sync_playwright

    result = {"machine": machine(), "data": str(a.data), "load_before": load(), "runs": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
        for i in range(a.repeats):
            run = one_start(browser, a.data.resolve(), a.timeout, () if a.first_chart_only else PAGES)
            run["load"] = load()
            result["runs"].append(run)
            print(f"start {i + 1}: {run}", flush=True)
        browser.close()
    print("saved", save(f"streamlit-{a.data.name}", result))


if __name__ == "__main__":
    main()
