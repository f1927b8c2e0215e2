"""Load test: N concurrent browser contexts click filters for D seconds against one dashboard server.

    python bench/load_test.py --articles 100000 --contexts 20 --seconds 60

Generates a contract-shaped corpus (bench/synthetic.py, no NLP), serves it with the real
dashboard, and drives Debian Chromium through Playwright. Every click must end in a completed
script run (a `script_finished` message from the server on the page's websocket) with no exception
box, console error or dialog; reports the latency of those reruns (p50/p95/max) and the server's
resident memory over time.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path


from bench.serve import CHROMIUM, CHROMIUM_ARGS, IDLE_JS, DOM_CHANGE_JS, RunCounter, dashboard, rss_mb

WIDGETS = '[data-testid="stMultiSelect"], [data-testid="stSelectbox"]'


@dataclass
class Stats:
    """What every simulated viewer saw."""

    actions: int = 0
    updated: int = 0  # actions followed by a completed rerun
    stale: list[str] = field(default_factory=list)  # actions whose rerun never completed
    lost: list[str] = field(default_factory=list)  # options whose click the browser did not register (not actions)
    errors: list[str] = field(default_factory=list)  # console errors, page errors, dialogs, exception boxes
    latencies: list[float] = field(default_factory=list)  # click → rerun finished and page drawn
    run_latencies: list[float] = field(default_factory=list)  # click → script run finished on the server
    first_loads: list[float] = field(default_factory=list)


async def _choosable(opt) -> bool:
    """An option that selects a value: not the "Select all" action, nor the "No results" placeholder of an empty list."""
    text = (await opt.inner_text()).strip()
    return text not in ("Select all", "No results") and await opt.get_attribute("aria-disabled") != "true"


async def _choose(page, rng: random.Random) -> str | None:
    """One filter click: add a random option to a multiselect/selectbox, or remove a selected tag."""
    tags = page.locator('button[aria-label^="Remove "]')
    if await tags.count() and rng.random() < 0.4:
        n = await tags.count()
        await tags.nth(rng.randrange(n)).click()
        return "remove-tag"
    widgets = page.locator(WIDGETS)
    n = await widgets.count()
    if not n:
        return None
    w = widgets.nth(rng.randrange(n))
    await w.locator("input").first.click()
    opts = page.locator('[role="option"]')
    try:
        await opts.first.wait_for(timeout=10_000)
    except Exception:
        await page.keyboard.press("Escape")
        return None
    k = await opts.count()
    if not k:
        await page.keyboard.press("Escape")
        return None
    choices = [i for i in range(min(k, 12)) if await _choosable(opts.nth(i))]
    if not choices:
        await page.keyboard.press("Escape")
        return None
    opt = opts.nth(rng.choice(choices))
    label = (await opt.inner_text()).strip()
    await opt.click()
    try:  # close the list only once the choice shows as a tag (Escape too early can swallow the click)
        await w.locator(f'[data-tag] span[title={json.dumps(label)}]').first.wait_for(timeout=10_000)
    except Exception:
        await page.keyboard.press("Escape")
        return f"lost: {label}"
    await page.keyboard.press("Escape")
    return "choose"


async def _run_after(runs: RunCounter, before: int, patience_s: float) -> None:
    """Wait until the server has finished a run for this page after `before` runs; TimeoutError after patience."""
    deadline = time.monotonic() + patience_s
    while runs.done <= before:
        if time.monotonic() > deadline:
            raise TimeoutError("no finished run")
        await asyncio.sleep(0.1)


async def viewer(browser, url: str, seconds: float, seed: int, stats: Stats, patience_s: float = 300) -> None:
    """One browser context: load the app, then click filters for `seconds` (longer, up to `patience_s`,
    until at least one click has registered, so a short run always measures something)."""
    rng = random.Random(seed)
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    await page.add_init_script(DOM_CHANGE_JS)
    runs = RunCounter(page)  # runs the server reports finished to this page
    page.on("console", lambda m: stats.errors.append(f"console: {m.text[:200]}") if m.type == "error" else None)
    page.on("pageerror", lambda e: stats.errors.append(f"pageerror: {str(e)[:200]}"))

    async def on_dialog(d):
        stats.errors.append(f"dialog: {d.message[:200]}")
        await d.dismiss()
    page.on("dialog", on_dialog)
    t0 = time.monotonic()
    await page.goto(url, timeout=180_000)
    await page.wait_for_function(IDLE_JS, timeout=180_000)
    stats.first_loads.append(time.monotonic() - t0)
    stop_at, give_up, mine = time.monotonic() + seconds, time.monotonic() + patience_s, 0
    while time.monotonic() < stop_at or (mine == 0 and time.monotonic() < give_up):
        before = runs.done
        t = time.monotonic()
        try:
            what = await _choose(page, rng)
        except Exception as exc:  # element went stale under a rerun: try again
            what = None
            if "Timeout" not in type(exc).__name__ and "detached" not in str(exc) and "not attached" not in str(exc):
                stats.errors.append(f"click: {str(exc).splitlines()[0][:200]}")
        if what is None:
            await asyncio.sleep(0.2)
            continue
        if what.startswith("lost"):  # the browser never registered the click: a driver miss, not a server failure
            stats.lost.append(what)
            continue
        stats.actions += 1
        mine += 1
        try:
            await _run_after(runs, before, patience_s)
            stats.run_latencies.append(time.monotonic() - t)
            await page.wait_for_function(IDLE_JS, timeout=patience_s * 1000)
        except Exception:
            state = await page.evaluate("""() => [document.querySelector('[data-testid="stApp"]')
                ?.getAttribute('data-test-script-state'),
                Math.round(performance.now() - window.__lastChange), document.visibilityState]""")
            stats.stale.append(f"{what}: script state {state[0]}, runs {before} -> {runs.done}, "
                               f"last DOM change {state[1]} ms ago, page {state[2]}")
            continue
        stats.latencies.append(time.monotonic() - t)
        stats.updated += 1
        shown = await page.locator('[data-testid="stException"]').count()
        if shown:
            stats.errors.append("exception box shown")
        await asyncio.sleep(rng.uniform(0.2, 1.0))  # think time
    await ctx.close()


def percentile(xs: list[float], q: float) -> float:
    """The q-quantile (0..1) of xs, nearest rank."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * len(s) + 0.5) - 1))]


async def drive(url: str, contexts: int, seconds: float, seed: int = 1, patience_s: float = 300) -> Stats:
    """Run `contexts` viewers against `url` with one Chromium, each clicking for `seconds` after its first load."""
    from playwright.async_api import async_playwright

    stats = Stats()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(*(viewer(browser, url, seconds, seed + i, stats, patience_s) for i in range(contexts)))
        await browser.close()
    return stats


class MemorySampler(threading.Thread):
    """Samples a process's RSS (MB) every `every` seconds until stopped."""

    def __init__(self, pid: int, every: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.every, self.samples, self._halt = pid, every, [], threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.samples.append(rss_mb(self.pid))
            except OSError:
                return
            self._halt.wait(self.every)

    def stop(self) -> list[float]:
        self._halt.set()
        self.join()
        return self.samples


def summary(stats: Stats, mem: list[float], contexts: int, seconds: float, articles: int) -> dict:
    """The figures reported in bench/RESULTS.md."""
    half = len(mem) // 2
    return {
        "articles": articles, "contexts": contexts, "seconds": seconds,
        "actions": stats.actions, "updated": stats.updated, "stale": len(stats.stale), "lost_clicks": len(stats.lost), "lost_samples": stats.lost[:5], "errors": len(stats.errors),
        "error_samples": stats.errors[:5],
        "run_p50_s": round(statistics.median(stats.run_latencies), 2) if stats.run_latencies else None,
        "run_p95_s": round(percentile(stats.run_latencies, 0.95), 2) if stats.run_latencies else None,
        "drawn_p50_s": round(statistics.median(stats.latencies), 2) if stats.latencies else None,
        "drawn_p95_s": round(percentile(stats.latencies, 0.95), 2) if stats.latencies else None,
        "drawn_max_s": round(max(stats.latencies), 2) if stats.latencies else None,
        "first_load_p95_s": round(percentile(stats.first_loads, 0.95), 2) if stats.first_loads else None,
        "rss_start_mb": round(mem[0]) if mem else None,
        "rss_peak_mb": round(max(mem)) if mem else None,
        "rss_end_mb": round(mem[-1]) if mem else None,
        "rss_first_half_max_mb": round(max(mem[:half])) if half else None,
        "rss_second_half_max_mb": round(max(mem[half:])) if half else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, serve it, drive the browsers, print and save the figures."""
    from bench.synthetic import Spec, publish

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=100_000, help="generated articles (default: 100000)")
    p.add_argument("--contexts", type=int, default=20, help="concurrent browser contexts (default: 20)")
    p.add_argument("--seconds", type=float, default=60, help="duration of the clicking (default: 60)")
    p.add_argument("--patience", type=float, default=300,
                   help="seconds a click may take before it counts as a view that never updated (default: 300)")
    p.add_argument("--data", type=Path, default=Path("bench/out/load-data"), help="where to publish the corpus")
    p.add_argument("--json", type=Path, default=Path("bench/out/load-results.json"), help="results file")
    p.add_argument("--trace", action="store_true",
                   help="log every rerun request the server receives (next to --json), to tell dropped from unsent")
    args = p.parse_args(argv)
    t = time.monotonic()
    publish(Spec(articles=args.articles), args.data)
    print(f"generated {args.articles} articles in {time.monotonic() - t:.1f} s", flush=True)
    trace = args.json.with_suffix(".reruns.log") if args.trace else None
    if trace:
        trace.unlink(missing_ok=True)
    with dashboard(args.data, log=args.json.with_suffix(".server.log"), trace=trace) as (url, proc):
        mem = MemorySampler(proc.pid)
        mem.start()
        stats = asyncio.run(drive(url, args.contexts, args.seconds, patience_s=args.patience))
        samples = mem.stop()
    result = {**summary(stats, samples, args.contexts, args.seconds, args.articles),
              **({"server_rerun_requests": len(trace.read_text().splitlines()) if trace.exists() else 0}
                 if trace else {}),
              "loadavg_1min_end": round(os.getloadavg()[0], 1), "cpus": os.cpu_count()}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({**result, "rss_samples_mb": samples, "stats": asdict(stats)}, indent=1))
    print(json.dumps(result, indent=1))
    return 0 if not stats.errors and not stats.stale else 1


if __name__ == "__main__":
    sys.exit(main())
