"""Real browser end to end: `streamlit run` on the built seeds, driven by headless Debian Chromium.

Visits every page, picks a person in the sidebar filter, clicks a network node, a topic point and a
top-person bar (→ profile), reopens the shared URL, and checks the visible content changes with no exception box and no browser console error.
Screenshots and page timings go to the git-ignored `test-artifacts/`.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit
from pathlib import Path

import pytest

from bench.serve import CHARTS, RunCounter, wait_for_run

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PAGES = ["Overview", "Who met whom", "Where they met", "Timeline", "Topics", "People & organisations", "Articles"]
RUNS: dict = {}  # page → its RunCounter (set by Watch)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed at /usr/bin/chromium "
                                                                 "(apt-get install chromium; .ci/run does it)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seeds_data):
    """The dashboard served on a free local port against the seeds build."""
    port = _free_port()
    log = (ARTIFACTS / "streamlit.log")
    ARTIFACTS.mkdir(exist_ok=True)
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "server.py"),
           "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", "--", "--data", str(seeds_data)]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "NEWS_DATA_DIR": "/nonexistent-the-cli-flag-wins"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 40
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + log.read_text()[-2000:])
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


class Watch:
    """Console errors, uncaught page errors and finished script runs seen by one browser page."""

    def __init__(self, page):
        self.errors: list[str] = []
        RUNS[page] = RunCounter(page)
        page.on("console", lambda m: self.errors.append(f"console: {m.text} @ {m.location.get('url')}")
                if m.type == "error" and not _probe(m.location.get("url") or "") else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))


def _probe(url: str) -> bool:
    """Streamlit's frontend, opened on a page's own path (/people), first asks /people/_stcore/health and
    /people/_stcore/host-config: two expected 404s, not errors of the app."""
    return url.endswith(("/_stcore/health", "/_stcore/host-config")) and urlsplit(url).path.count("/") > 2


def _idle(page) -> None:
    """Wait until the page is drawn: no run going, no skeleton, every chart with its SVG."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
                           timeout=60000)
    for chart in page.locator(CHARTS).all():
        chart.locator(".main-svg").first.wait_for(state="attached", timeout=60000)


def _after(page, action) -> None:
    """Do `action()`, wait for the script run it causes to finish (counted from the server's messages), then
    for the page to be drawn; never a fixed sleep."""
    before = RUNS[page].done
    action()
    wait_for_run(page, RUNS[page], before)
    _idle(page)


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _no_exception(page, where: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, f"exception box on {where}"


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _open(page, title: str) -> float:
    """Click a page in the sidebar navigation; return seconds until it is fully drawn."""
    t0 = time.perf_counter()
    _after(page, lambda: page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=title).first.click())
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=30000)
    _idle(page)
    return time.perf_counter() - t0


def _more(page) -> None:
    """Open the sidebar's "More filters" (organisations, sources, languages, meeting kinds... : drawn once open)."""
    _after(page, lambda: page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary').first.click())


def _pick(page, label: str, option: str) -> None:
    """Choose `option` in the sidebar multiselect labelled `label` (opening "More filters" when it is in there)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label).first
    if not box.count():
        _more(page)
    box.locator("input").click()
    box.locator("input").fill(option)
    _after(page, lambda: (page.get_by_role("option", name=option, exact=True).first.click(),
                          page.keyboard.press("Escape")))


def _click_first_point(page, chart, trace: str = ".trace") -> None:
    """Click the first of the biggest markers of a Plotly scatter chart (Plotly picks the point under the mouse)."""
    points = chart.locator(f".scatterlayer {trace} .points path")
    assert points.count() > 0
    boxes = [b for b in (p.bounding_box() for p in points.all()) if b]
    box = max(boxes, key=lambda b: b["width"])  # max() keeps the first of equals
    _after(page, lambda: page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))


def _a_person_who_met_someone(seeds_tables) -> str:
    meetings, entities = seeds_tables["meetings"], seeds_tables["entities"]
    assert len(meetings), "the seeds build has no meeting to show in the network"
    names = dict(zip(entities["entity_id"], entities["name"]))
    return names[meetings.sort_values(["article_id", "start"]).iloc[0]["a"]]


def test_browser_every_page_person_filter_network_click_and_shared_url(server, browser, seeds_tables):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1900})
    watch = Watch(page)
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    page.goto(server + "/")
    wait_for_run(page, RUNS[page], 0)
    page.get_by_role("heading", name="Overview", exact=True).wait_for(timeout=30000)
    _idle(page)
    timings["first load (Overview)"] = time.perf_counter() - t0

    for title in PAGES:
        timings[title] = _open(page, title)
        _no_exception(page, title)
        assert page.locator(f'{CHARTS}, [data-testid="stDataFrame"], .html-chart, .html-table').count() > 0, title
        _shot(page, f"page-{PAGES.index(title)}-{title.split()[0].lower()}")

    # pick a person: the overview numbers change
    _open(page, "Overview")
    before = _main_text(page)
    person = _a_person_who_met_someone(seeds_tables)
    _pick(page, "People", person)
    assert _main_text(page) != before
    assert "person=" in page.url
    _no_exception(page, "Overview filtered")
    _shot(page, "filtered-overview")

    # the network follows the filter; clicking a node focuses the tables on it
    timings["Who met whom (filtered)"] = _open(page, "Who met whom")
    before = _main_text(page)
    _click_first_point(page, page.locator(CHARTS).first, ".trace:last-child")
    page.get_by_text("Selected:").first.wait_for(timeout=15000)
    assert _main_text(page) != before
    _no_exception(page, "network click")
    _shot(page, "network-node-clicked")

    # a point on the topic chart opens the articles and sentences behind it
    _open(page, "Topics")
    before = _main_text(page)
    _click_first_point(page, page.locator(CHARTS).first)
    page.get_by_text("Click a point to see").wait_for(state="detached", timeout=15000)
    assert _main_text(page) != before
    _no_exception(page, "topic click")
    _shot(page, "topic-point-clicked")

    # a name among the most mentioned people links to that person's profile, filters kept
    _open(page, "Overview")
    top_name = page.locator(".html-chart a").first.inner_text()
    _after(page, lambda: page.locator(".html-chart a").first.click())
    page.get_by_role("heading", name="People & organisations", exact=True).wait_for(timeout=30000)
    _idle(page)
    # the profile shown is the linked person's (the URL drops `profile=` when it is the page's default choice)
    assert page.locator('[data-testid="stMain"] h2').first.inner_text() == top_name and "person=" in page.url
    _no_exception(page, "profile link")
    _shot(page, "profile-from-overview")

    # the URL carries the filters: a fresh tab opened on it shows the same selection
    shared = page.url
    other = browser.new_page(viewport={"width": 1400, "height": 1900})
    other_watch = Watch(other)
    other.goto(server + "/?" + urlsplit(shared).query)  # the root URL: deep paths make Streamlit probe with 404s
    wait_for_run(other, RUNS[other], 0)
    other.get_by_role("heading", name="Overview", exact=True).wait_for(timeout=30000)
    _idle(other)
    chips = other.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="People")
    assert person in chips.first.inner_text()
    _shot(other, "shared-url")
    other.close()

    (ARTIFACTS / "timings.json").write_text(json.dumps({k: round(v, 2) for k, v in timings.items()}, indent=2))
    errors = watch.errors + other_watch.errors
    assert not errors, errors
    page.close()
