"""Issue 16 in a real browser, one test per numbered item, on a fixture corpus of its own (tests/analyst_corpus.py):
dates apart, readable values and exports, a network that reads, small charts, AND search, state in the URL.

Runs the served dashboard (dashboard/server.py) and Debian's headless Chromium. Every action waits for the
server's finished script run (bench.serve.RunCounter), never a fixed sleep.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from analyst_corpus import write
from bench.serve import CHARTS, CHROMIUM, DOM_CHANGE_JS, RunCounter, dashboard, wait_for_run, wait_idle

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                                   reason="Chromium is not installed (see .ci/run)")]
INTERNAL = ("n_articles", "n_words", "a_name", "b_name", "phone_call", "PERSON ·", "first_reported", "None", "NaT")
# Streamlit's frontend probes /<page>/_stcore/health and /host-config before the root ones: two harmless 404s
PROBE_404 = "the server responded with a status of 404"


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with dashboard(write(tmp_path_factory.mktemp("analyst") / "data")) as (base, _):
        yield base


class View:
    """One browser page on the dashboard: its finished runs, its errors, and helpers that wait for reruns."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
        self.page.add_init_script(DOM_CHANGE_JS)
        self.runs = RunCounter(self.page)
        self.errors: list[str] = []
        self.requests: list[str] = []  # every URL the page asked for
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type == "error" and PROBE_404 not in m.text else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        wait_for_run(self.page, self.runs, 0)  # the first script run of the session has finished
        self.drawn()

    def drawn(self) -> None:
        """Wait until the page is drawn: the run over, no placeholder left (charts wait for their library), quiet."""
        wait_idle(self.page)
        self.page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')",
                                    timeout=90_000)
        wait_idle(self.page)

    def act(self, action) -> None:
        """Do `action()` and wait for the script run it causes, then for the page to be drawn."""
        before = self.runs.done
        action()
        wait_for_run(self.page, self.runs, before)
        self.drawn()

    def text(self) -> str:
        return self.page.locator('[data-testid="stMain"]').inner_text()

    def figure(self, index: int = 0) -> dict:
        """The data and layout of the index-th Plotly chart, as the browser holds them (once it is drawn)."""
        self.page.wait_for_function("""(i) => { const el = document.querySelectorAll('.js-plotly-plot')[i];
                                              return !!(el && el.data && el.querySelector('.main-svg')); }""",
                                    arg=index, timeout=60_000)
        return self.page.evaluate("""(i) => { const el = document.querySelectorAll('.js-plotly-plot')[i];
            const list = v => v === undefined || v === null ? [] : Array.from(v);
            return {data: el._fullData.map(t => ({name: t.name, customdata: list(t.customdata), text: t.text,
                         x: list(t.x), y: list(t.y), marker: {symbol: t.marker && t.marker.symbol,
                         color: t.marker && t.marker.color, opacity: t.marker && t.marker.opacity}})),
                    layout: el.layout}; }""", index)

    def ticks(self, axis: str = "x", index: int = 0) -> list[str]:
        self.figure(index)
        chart = self.page.locator(".js-plotly-plot").nth(index)
        return [t.text_content() for t in chart.locator(f".{axis}tick text").all()]

    def csv(self, nth: int = 0) -> tuple[bytes, list[dict]]:
        """Click the nth "Download CSV" button; the raw bytes and the rows."""
        with self.page.expect_download() as got:
            self.page.get_by_role("button", name="Download CSV").nth(nth).click()
        raw = Path(got.value.path()).read_bytes()
        return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))

    def sidebar_field(self, label: str):
        return self.page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"]').filter(has_text=label) \
            .locator("input")

    def params(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def close(self) -> None:
        assert self.errors == []
        assert self.page.locator('[data-testid="stException"]').count() == 0
        self.page.close()


def test_browser_analyst_1_meeting_dates_apart_and_undated_items_counted(browser, url):
    v = View(browser, f"{url}/timeline")
    caption = v.text()
    assert "4 meetings without a stated date, drawn as ◇ at the date they were reported" in caption
    fig = v.figure()
    undated = [t for t in fig["data"] if "date not stated" in (t["name"] or "")]
    assert len(undated) == 1 and len(undated[0]["customdata"]) == 4 and undated[0]["marker"]["symbol"] == "diamond-open"
    raw, rows = v.csv()
    calls = [r for r in rows if r["kind"] == "phone call"]
    assert len(calls) == 4 and all(r["meeting date"] == "" and r["reported"].startswith("2024-09") for r in calls)
    # a date range over September: the undated calls count by their report date, and a switch leaves them out
    v.act(lambda: (v.sidebar_field("From").fill("2024-09-01"), v.sidebar_field("From").press("Enter")))
    v.act(lambda: (v.sidebar_field("To").fill("2024-09"), v.sidebar_field("To").press("Tab")))
    assert v.params()["from"] == ["2024-09-01"] and v.params()["to"] == ["2024-09"]
    assert "4 meetings without a stated date" in v.text()
    keep = v.page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(
        has_text="Keep meetings without a stated date")
    v.act(lambda: keep.locator("label").click())
    assert "Meetings without a stated date are left out of the date range" in v.text()
    v.close()
    profile = View(browser, f"{url}/people?profile={quote('Petra Swain')}")
    assert "Not on this chart: 1 mention in articles without a publication date" in profile.text()
    profile.close()


def test_browser_analyst_2_readable_values_headers_and_exports(browser, url):
    v = View(browser, f"{url}/network")
    raw, rows = v.csv()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    assert {"meeting date", "reported", "person", "counterpart", "kind", "article ids", "event id"} <= set(rows[0])
    assert all(r["article ids"] for r in rows)
    text = raw.decode("utf-8-sig")
    assert not [x for x in INTERNAL if x in text]
    assert not [c for r in rows for c in r.values() if c.strip().lower() in ("nan", "none", "nat", "null")]
    v.close()
    reader = View(browser, f"{url}/articles?article=n1")
    heading = reader.page.locator('[data-testid="stMain"] h2').first.inner_text()
    assert heading.startswith("Negotiators from Calder and Meridia resumed work") and "n1.txt" not in heading
    body = reader.text()
    assert "No headline was found" in body and "country or city" in body and "nationality or group" in body
    assert not [x for x in ("GPE", "NORP", "PERSON ·") if x in body]
    marks = reader.page.locator(".article-text mark").evaluate_all("ms => ms.map(m => m.title)")
    assert marks and all(m.endswith("· person") for m in marks)
    reader.close()


def test_browser_analyst_3_network_labels_colours_selection_and_stacking(browser, url):
    v = View(browser, f"{url}/network")
    nodes = [t for t in v.figure()["data"] if t["customdata"] and not str(t["customdata"][0]).startswith("edge:")]
    labels = [x for t in nodes for x in (t["text"] or []) if x]
    ids = [x for t in nodes for x in t["customdata"]]
    assert 0 < len(labels) < len(ids)  # the dense summit cluster cannot name everyone
    colour = {t["name"]: t["marker"]["color"] for t in nodes}
    v.close()
    filtered = View(browser, f"{url}/network?country=Calder")
    nodes = [t for t in filtered.figure()["data"] if t["customdata"] and not str(t["customdata"][0]).startswith("edge:")]
    assert {t["name"]: t["marker"]["color"] for t in nodes}["Calder"] == colour["Calder"]
    filtered.close()
    picked = View(browser, f"{url}/network?sel=person:hanne-brask")
    lit = {i for t in picked.figure()["data"] if t["customdata"] and t["marker"].get("opacity") == 1
           for i in t["customdata"] if not str(i).startswith("edge:")}
    assert {"person:hanne-brask", "person:jonas-ekwall", "person:bruno-fidel"} <= lit  # her partners stay lit
    assert "person:ilse-marwen" not in lit
    assert "Selected: Hanne Brask" in picked.text()
    picked.close()
    tl = View(browser, f"{url}/timeline")
    fig = tl.figure()
    same_day = [(y, c) for t in fig["data"] for x, y, c in zip(t["x"], t["y"], t["customdata"])
                if str(x).startswith("2024-05-20")]
    assert len(same_day) == 2 and same_day[0][0] != same_day[1][0]  # stacked, not on top of each other
    tl.close()


def click_busiest_person(v: View) -> None:
    """Click the network's largest node (the busiest person) and wait for the rerun."""
    v.figure()
    chart = v.page.locator(CHARTS).first
    boxes = [b for b in (p.bounding_box() for p in chart.locator(".scatterlayer .trace:last-child .points path").all())
             if b]
    box = max(boxes, key=lambda b: b["width"])
    v.act(lambda: v.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))


def test_browser_analyst_3_clicking_a_person_puts_the_selection_in_the_url(browser, url):
    v = View(browser, f"{url}/network")
    click_busiest_person(v)
    assert v.params().get("sel") and "Selected:" in v.text()
    shared = v.page.url
    v.close()
    again = View(browser, shared)  # the link reproduces the selection
    assert "Selected:" in again.text()
    again.close()


def test_browser_analyst_3_a_cleared_person_can_be_selected_again(browser, url):
    v = View(browser, f"{url}/network")
    click_busiest_person(v)
    first = v.params().get("sel")
    assert first and "Selected:" in v.text()
    v.act(lambda: v.page.get_by_role("button", name="Clear the selection").click())
    assert not v.params().get("sel") and "Selected:" not in v.text()
    click_busiest_person(v)  # the same node: the chart's stored value is what it was before the clear
    assert v.params().get("sel") == first and "Selected:" in v.text()
    v.close()


def test_browser_analyst_8_first_view_has_no_data_grid_until_asked_and_one_chart_bundle(browser, url):
    v = View(browser, f"{url}/network")
    v.figure()  # drawn, with the bundle the page's HTML started early
    assert v.page.evaluate("document.querySelectorAll('script[src*=\"plotlite/\"]').length") == 1
    assert v.page.locator('[data-testid="stDataFrame"]').count() == 0
    table = v.page.locator(".html-table").first
    assert "meeting date" in table.inner_text() and "counterpart" in table.inner_text()
    # the table's stylesheet reached the page: a sticky header, dates on one line, wide evidence cells
    looks = table.evaluate("""t => { const s = e => e && getComputedStyle(e);
        return [s(t.querySelector('th')).position, s(t.querySelector('td.day')).whiteSpace,
                s(t.querySelector('td.wide')).minWidth, t.querySelectorAll('[style*="padding"]').length]; }""")
    assert looks == ["sticky", "nowrap", "288px", 0]
    v.act(lambda: v.page.get_by_text("Sort and search").first.click())
    assert v.page.locator('[data-testid="stDataFrame"]').count() == 1 and v.params().get("grid_meeting_events")
    v.close()


def test_browser_analyst_8_articles_list_in_html_and_read_opens_an_article_without_the_grid(browser, url):
    v = View(browser, f"{url}/articles")
    main = v.page.locator('[data-testid="stMain"]')
    assert main.locator('[data-testid="stDataFrame"]').count() == 0 and main.locator(".html-table").count() >= 1
    grid_script = "performance.getEntriesByType('resource').some(e => /\\/DataFrame\\.[^/]*js$/.test(e.name))"
    assert not v.page.evaluate(grid_script)  # the grid's 1.2 MB of scripts is not fetched for the first view
    read = main.locator('[data-testid="stSelectbox"]').filter(has_text="Read")
    v.act(lambda: (read.locator("input").click(), v.page.keyboard.type("Quota answer"),
                   v.page.keyboard.press("Enter")))
    assert main.locator("h2").first.inner_text() == "Quota answer" and v.params().get("article") == ["w2"]
    assert "The committee thanked" in v.text()
    shared = View(browser, v.page.url)  # the link opens the same article
    assert shared.page.locator('[data-testid="stMain"] h2').first.inner_text() == "Quota answer"
    shared.close()
    first = main.locator(".html-table tbody tr").first.locator("td").nth(3).inner_text()  # the newest article
    v.act(lambda: main.get_by_text("Sort and search").first.click())
    grid = main.locator('[data-testid="stDataFrame"]')
    assert grid.count() == 1 and v.params().get("grid_articles")
    box = grid.bounding_box()
    v.act(lambda: v.page.mouse.click(box["x"] + 15, box["y"] + 35 + 17))  # the first row's selection box
    assert main.locator("h2").first.inner_text() == first != "Quota answer"
    v.close()


def test_browser_analyst_8_more_filters_drawn_once_open_and_kept_in_the_url(browser, url):
    side = '[data-testid="stSidebar"]'
    v = View(browser, f"{url}/network")
    lists = lambda: v.page.locator(f'{side} [data-testid="stMultiSelect"]').all_inner_texts()  # noqa: E731
    assert "Meeting kinds" not in " ".join(lists()) and v.page.locator(f"{side} [data-testid='stSlider']").count() == 0
    more = v.page.locator(f'{side} [data-testid="stExpander"]')
    assert "sources" in more.inner_text() and "meeting kinds" in more.inner_text()
    v.act(lambda: more.locator("summary").click())
    assert "Meeting kinds" in " ".join(lists())
    assert v.page.locator(f"{side} [data-testid='stSlider']").count() == 1
    assert v.params().get("more_filters")  # open, in the URL
    reopened = View(browser, v.page.url)  # and a reload of that URL opens it again, its filters drawn
    assert reopened.page.locator(f"{side} [data-testid='stSlider']").count() == 1
    reopened.close()
    kinds = v.page.locator(f'{side} [data-testid="stMultiSelect"]').filter(has_text="Meeting kinds")
    kinds.locator("input").click()
    v.act(lambda: (v.page.get_by_role("option", name="phone call", exact=True).click(),
                   v.page.keyboard.press("Escape")))
    # the run that `act` saw finish may be one the expander's click started, under load: wait for the URL itself
    v.page.wait_for_function("() => new URLSearchParams(location.search).getAll('kind').includes('phone call')",
                             timeout=60_000)
    assert v.params().get("kind") == ["phone call"]
    shared = View(browser, f"{url}/network?kind=phone+call")  # a link with a filter from there shows it, set
    chips = shared.page.locator(f'{side} [data-testid="stMultiSelect"]').filter(has_text="Meeting kinds")
    assert [t.get_attribute("aria-label") for t in chips.locator("[data-tag]").all()] == ["phone call"]
    shared.close()
    v.close()


@pytest.mark.parametrize("path, shows", [("network", "Who met whom"), ("timeline", "Meeting events over time"),
                                         ("topics", "per topic per")])
def test_browser_analyst_8_a_static_first_chart_until_plotly_has_drawn(browser, url, path, shows):
    held = []   # the Plotly bundle's requests, held back until the static picture has been seen
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/plotlite/*.js", lambda r: held.append(r))
    page.goto(f"{url}/{path}")
    static = page.locator(".plotlite-static").first
    static.wait_for(timeout=60_000)
    assert held and page.locator(".main-svg").count() == 0
    assert shows in static.inner_html() and static.locator("script, foreignObject").count() == 0
    assert "picture" in static.get_attribute("title")   # says what it is; clicking it does nothing
    host = page.locator(".plotlite").first
    before = host.bounding_box()
    assert before["height"] >= 300 and static.bounding_box()["width"] == before["width"]
    for route in held:
        route.continue_()
    page.wait_for_selector(".plotlite .main-svg", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('.plotlite-static')", timeout=30_000)
    after = host.bounding_box()
    assert (after["y"], after["height"]) == (before["y"], before["height"])   # no jump when Plotly takes over
    assert errors == []
    page.close()


def test_browser_analyst_8_after_the_static_chart_a_click_still_selects_and_no_picture_returns(browser, url):
    v = View(browser, f"{url}/network")
    v.page.wait_for_function("() => !document.querySelector('.plotlite-static')", timeout=60_000)
    click_busiest_person(v)
    assert v.params().get("sel") and "Selected:" in v.text()
    assert v.page.locator(".plotlite-static").count() == 0   # a rerun draws with Plotly only
    v.close()


def test_browser_analyst_5_small_charts(browser, url):
    v = View(browser, f"{url}/people?profile={quote('Petra Swain')}")
    assert v.page.locator(".js-plotly-plot").count() == 0  # the page's charts are plain HTML
    chart = v.page.locator(".html-chart").nth(1)  # chart 0: most mentioned; chart 1: her mentions per month
    lines = chart.inner_text().splitlines()
    assert lines[0] == "Mentions per month" and lines.count("Apr 2024") == 1  # one label per month, once
    assert lines[1].replace(",", "").isdigit()  # the axis: a whole count
    bar = chart.locator('[role="img"]').first.bounding_box()
    assert bar["width"] > 10 and bar["height"] > 10  # a bar, not a hairline
    v.close()
    day = View(browser, f"{url}/timeline?from=2024-03-12&to=2024-03-12")
    assert day.ticks("x") and not [t for t in day.ticks("x") if ":" in t]  # days, never 23:59:59.9995
    day.close()
    one = View(browser, f"{url}/?from=2024-04-02&to=2024-04-02")
    assert "1 day" in one.text() and "1 days" not in one.text()
    weekly = one.page.locator(".html-chart").first.inner_text()  # the landing page's charts are plain HTML
    assert weekly.startswith("Articles per week\n1\n") and "0.2" not in weekly  # whole counts
    one.close()


def test_browser_analyst_6_search_ands_words_and_keeps_quoted_phrases(browser, url):
    v = View(browser, f"{url}/articles")
    assert "holding every word" in v.text() and "quoted phrase" in v.text()
    box = v.page.locator('[data-testid="stMain"] [data-testid="stTextInput"] input').first
    v.act(lambda: (box.fill("Ekwall Brask"), box.press("Enter")))
    assert "4 articles" in v.text()  # both surnames, apart and in any order
    v.act(lambda: (box.fill('"Ekwall Brask"'), box.press("Enter")))
    assert "No article holds every one of these words" in v.text()
    v.close()


def test_browser_analyst_7_every_control_in_the_url_and_every_page_at_its_path(browser, url):
    v = View(browser, f"{url}/overview")
    assert v.page.get_by_role("heading", name="Overview", exact=True).count() == 1
    assert "does not seem to exist" not in v.page.evaluate("document.body.innerText")
    v.close()
    for path, control, value in (("timeline?timeline_by=person", "One row per", "person"),
                                 ("topics?topic_period=week", "Period", "week"),
                                 ("people?entity_kind=organisations", "Show", "organisations")):
        page = View(browser, f"{url}/{path}")
        group = page.page.locator('[data-testid="stButtonGroup"]').filter(has_text=control)
        assert group.get_by_role("radio", name=value, exact=True).get_attribute("aria-checked") == "true", path
        page.close()
    kinds = View(browser, f"{url}/?kind=phone+call")
    assert "Meeting filters (kind, status, place, confidence) apply to articles too" in kinds.text()
    kinds.close()


def test_browser_analyst_shared_link_names_what_this_build_lacks(browser, url):
    v = View(browser, f"{url}/?person=Nobody+Known&person=Hanne+Brask&dates=2024-05-01&dates=2099-06-30")
    warning = v.page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "Nobody Known" in warning
    chips = v.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="People")
    assert "Hanne Brask" in chips.inner_text()
    assert v.sidebar_field("To").input_value() == "2099-06-30" and v.sidebar_field("From").input_value() == "2024-05-01"
    v.close()


def test_browser_analyst_map_of_meeting_places(browser, url):
    v = View(browser, f"{url}/map")
    fig = v.figure()
    places = {p for t in fig["data"] for p in t["customdata"]}
    assert {"Geneva", "Oslo", "Norway"} <= places and "the Amber Pavilion of Nowhere" not in places
    body = v.text()
    assert "Place not stated" in body and "Amber Pavilion" in body
    chart = v.page.locator(CHARTS).first
    point = chart.locator(".scattergeolayer .point, .scattergeo .point, path.point").first
    box = point.bounding_box()
    v.act(lambda: v.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    assert v.params().get("place")
    # land, country borders and coastlines drawn from the outlines the dashboard serves; nothing asked elsewhere
    borders = v.page.wait_for_function("""() => { const p = document.querySelector('.js-plotly-plot .countries path');
        const n = p ? (p.getAttribute('d') || '').split('M').length - 1 : 0; return n > 0 && n; }""", timeout=60_000)
    assert borders.json_value() > 5  # Norway to Switzerland: a dozen or more border lines
    for layer in ("land", "coastlines"):
        assert v.page.locator(f".js-plotly-plot .{layer} path").count(), layer
    assert any(u.startswith(f"{url}/plotlite/topojson-") and u.endswith("/world_110m.json") for u in v.requests)
    own = (url + "/", f"blob:{url}/", "data:")
    assert [u for u in v.requests if not u.startswith(own)] == []
    v.close()


def test_browser_analyst_exports_gexf(browser, url):
    v = View(browser, f"{url}/network")
    v.page.get_by_text("Export this network").click()
    button = v.page.get_by_role("button", name="Download GEXF")
    button.wait_for(state="visible", timeout=60_000)
    with v.page.expect_download(timeout=120_000) as got:
        button.click()
    gexf = Path(got.value.path()).read_text(encoding="utf-8")
    assert "<gexf" in gexf and 'label="Hanne Brask"' in gexf
    v.close()


# when the page opened its WebSocket, and when the Plotly bundle's <script> was added
FIRST_LOAD_JS = """
window.__opened = null; window.__bundleAt = null;
const OpenSocket = window.WebSocket;
window.WebSocket = function (...args) {
  if (window.__opened === null) window.__opened = performance.now();
  return new OpenSocket(...args);
};
window.WebSocket.prototype = OpenSocket.prototype;
new MutationObserver(() => {
  if (window.__bundleAt === null && document.querySelector('script[src*="plotlite/"]')) window.__bundleAt = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


@pytest.mark.parametrize("path", ["", "network", "map", "timeline", "topics", "people", "articles"])
def test_browser_analyst_8_a_first_visit_asks_early_for_every_script_and_runs_plotly_after_connecting(browser, url,
                                                                                                      path):
    from dashboard import preload, server

    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # a new context: empty HTTP cache
    page.add_init_script(DOM_CHANGE_JS + FIRST_LOAD_JS)
    runs = RunCounter(page)
    page.goto(f"{url}/{path}")
    wait_for_run(page, runs, 0)
    wait_idle(page)
    dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    later = set(page.evaluate("(t) => performance.getEntriesByType('resource').filter(e => e.startTime > t)"
                              ".map(e => new URL(e.name).pathname).filter(p => p.includes('/static/js/'))"
                              ".map(p => p.split('/').pop())", dcl))
    named = set(preload.imports(preload.scripts(path, server.JS_DIR), server.JS_DIR))
    # Streamlit's element scripts for what the first view shows were all named by the page (preload.py), so they
    # were fetched together while the server ran the page, not one level of imports after another once it was over
    assert later and later <= named, sorted(later - named)
    opened, bundle = page.evaluate("[window.__opened, window.__bundleAt]")
    assert opened is not None
    if path in preload.CHART_PAGES:  # the bundle ran after Streamlit had connected, not in its way
        assert bundle is not None and bundle > opened
        assert page.evaluate("document.querySelectorAll('script[src*=\"plotlite/\"]').length") == 1
    else:
        assert bundle is None
    page.close()
