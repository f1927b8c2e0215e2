"""Hostile article content stays text in a real browser: no dialog, no injected element, no console error.

Runs the real dashboard server and Debian's headless Chromium (Playwright). Titles, bodies, person
names and topics carry script tags, an onerror image, a javascript: Markdown link and a template
expression; each must show up literally and do nothing.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.serve import CHROMIUM, DOM_CHANGE_JS, RunCounter, dashboard, wait_for_run, wait_idle
from bench.synthetic import Spec, publish

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (see .ci/run)")]

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "{{7*7}}"]

INJECTED_JS = """() => {
  const bad = document.querySelectorAll(
      'img[src="x"], [onerror], a[href^="javascript:" i], iframe[srcdoc], object, embed');
  const scripts = Array.from(document.scripts).filter(s => s.textContent.includes('alert(1)'));
  const links = Array.from(document.querySelectorAll('a')).filter(a => a.textContent.trim() === 'x');
  return bad.length + scripts.length + links.length;
}"""

TEXT_JS = """() => {
  const parts = [document.body.innerText];
  document.querySelectorAll('svg text').forEach(t => parts.push(t.textContent));
  document.querySelectorAll('[title], [aria-label]').forEach(e =>
      parts.push(e.getAttribute('title') || '', e.getAttribute('aria-label') || ''));
  return parts.join('\\n');
}"""


@pytest.fixture(scope="module")
def hostile_tables(tmp_path_factory) -> Path:
    """A contract-shaped corpus whose names, topics, titles and bodies are all hostile strings."""
    out = tmp_path_factory.mktemp("hostile") / "data"
    publish(Spec(articles=12, people=HOSTILE + ["Plain Name"], topics=HOSTILE, title=" ".join(HOSTILE),
                 body_extra=" ".join(HOSTILE)), out)
    return out


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    """Hostile titles and bodies through the real build (ingest, spaCy, resolution, topics)."""
    from data_pipeline.run.build import BuildOptions, build

    tmp = tmp_path_factory.mktemp("hostile-build")
    src = tmp / "in"
    src.mkdir()
    for i, bad in enumerate(HOSTILE):
        (src / f"{i}.txt").write_text(
            f"date 2021-0{i + 1}-10\n{bad} Foreign minister Anna Berg met her counterpart Omar Haddad in Vienna "
            f"on Tuesday. The talks were about energy security. {bad}\nThey discussed {bad} and elections.\n",
            encoding="utf-8")
    for name, body in (("h.html", "<html><head><title>{0}</title></head><body><p>{0} Anna Berg met Omar Haddad "
                                  "in Geneva on Monday to discuss trade.</p></body></html>"),
                       ("j.json", '{{"title": "{0}", "text": "{0} Anna Berg met Omar Haddad in Oslo.", '
                                  '"date": "2021-06-01"}}')):
        (src / name).write_text(body.format(HOSTILE[0].replace('"', "'")), encoding="utf-8")
    shutil.copy(src / "0.txt", src / "dup.txt")
    out = tmp / "data"
    build(BuildOptions(input=src, out=out, progress=False, cache_dir=None))
    return out


@pytest.fixture(scope="module")
def hostile_url(hostile_tables):
    """One dashboard server on the hostile tables, shared by the tests of this module."""
    with dashboard(hostile_tables) as (url, _):
        yield url


class Watch:
    """Collects every dialog, console error and page error of a page."""

    def __init__(self, page):
        self.runs = RunCounter(page)  # script runs the server finished for this page
        self.events: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.events.append(f"pageerror: {e}"))

    def _dialog(self, d):
        self.events.append(f"dialog: {d.message}")
        d.dismiss()


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.add_init_script(DOM_CHANGE_JS)
    watch = Watch(page)
    page.goto(url)
    wait_idle(page)
    return page, watch


def _select_everything(page, watch: Watch) -> list[str]:
    """Pick a hostile option in every multiselect/selectbox, hover chart points; return the hostile picks."""
    picked = []
    widgets = page.locator('[data-testid="stMultiSelect"], [data-testid="stSelectbox"]')
    for i in range(widgets.count()):
        before = watch.runs.done
        widgets.nth(i).locator("input").first.click()
        opts = page.locator('[role="option"]')
        try:
            opts.first.wait_for(timeout=5_000)
        except Exception:
            page.keyboard.press("Escape")
            continue
        # an option not chosen already (choosing a selectbox's current value runs nothing), hostile if any
        free = [j for j in range(min(opts.count(), 30)) if opts.nth(j).get_attribute("aria-selected") != "true"]
        if not free:
            page.keyboard.press("Escape")
            continue
        hostile = [j for j in free if any(h in opts.nth(j).inner_text() for h in HOSTILE)]
        choice = opts.nth(hostile[0] if hostile else free[0])
        picked += [h for h in HOSTILE if h in choice.inner_text()]
        choice.click()
        page.keyboard.press("Escape")
        wait_for_run(page, watch.runs, before)
        wait_idle(page)
    points = page.locator(".js-plotly-plot .scatterlayer .point")
    for i in range(min(points.count(), 8)):
        try:
            points.nth(i).hover(timeout=2_000, force=True)
        except Exception:
            pass  # a point hidden under another one
    return picked


def _visit_every_page(page, watch: Watch) -> dict[str, str]:
    """Open each page of the sidebar navigation; check it stays inert; return page title → visible text."""
    texts = {}
    links = page.locator('[data-testid="stSidebarNavLink"]')
    titles = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert titles, "no page navigation found"
    for title in titles:
        _goto(page, title)
        _assert_inert_and_literal(page, watch, [])
        texts[title] = page.evaluate(TEXT_JS)
    return texts


def _goto(page, title: str) -> None:
    """Click a page in the sidebar navigation and wait for it to be drawn."""
    # a page switch may replace the app's DOM, which the run counter cannot always see: wait for the
    # page's own heading instead (every page is headed by its navigation title)
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=title).first.click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=60_000)
    wait_idle(page)


def _search(page, watch: Watch, needle: str) -> None:
    """Type into the Articles page's search box (a widget bound to the URL) and wait for the rerun."""
    before = watch.runs.done
    box = page.locator('[data-testid="stMain"] [data-testid="stTextInput"] input').first  # not the sidebar dates
    box.fill(needle)
    box.press("Enter")
    wait_for_run(page, watch.runs, before)
    wait_idle(page)
    _assert_inert_and_literal(page, watch, [])


def _reader_text(page) -> str:
    """The article reader's title and body as shown (on the Articles page)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stMain"] h2, .article-text'))
                                   .map(e => e.innerText).join('\\n')""")


def _assert_inert_and_literal(page, watch: Watch, expect: list[str]) -> None:
    """No dialog/console error/injected element, and every `expect` string shown literally (charts may lag)."""
    try:
        page.wait_for_function(f"() => {json.dumps(expect)}.every(h => ({TEXT_JS})().includes(h))", timeout=30_000)
    except Exception:
        pass  # reported below with the missing strings
    text = page.evaluate(TEXT_JS)
    assert [h for h in expect if h not in text] == [], "not shown literally"
    assert watch.events == []
    assert page.evaluate(INJECTED_JS) == 0
    assert page.locator('[data-testid="stException"]').count() == 0


def test_security_browser_hostile_tables_render_as_text(browser, hostile_url):
    page, watch = _open(browser, hostile_url)
    _assert_inert_and_literal(page, watch, HOSTILE)
    texts = _visit_every_page(page, watch)
    shown = "\n".join(texts.values())
    assert [h for h in HOSTILE if h not in shown] == []
    _goto(page, "Articles")
    assert " ".join(HOSTILE) in _reader_text(page)  # a title, literally, in the reader heading and the body text
    _search(page, watch, HOSTILE[1])
    assert HOSTILE[1] in _reader_text(page)
    _search(page, watch, "%' OR '1'='1")  # literal text, not SQL: nothing contains it
    assert "No article matches" in page.evaluate("document.body.innerText")
    _search(page, watch, "")
    picked = _select_everything(page, watch)
    assert picked  # the filters offer hostile names/topics, shown literally once chosen
    _assert_inert_and_literal(page, watch, picked)
    page.close()


def test_security_browser_hostile_build_render_as_text(browser, hostile_build):
    with dashboard(hostile_build) as (url, _):
        page, watch = _open(browser, url)
        _visit_every_page(page, watch)
        _goto(page, "Articles")
        assert any(h in _reader_text(page) for h in HOSTILE)  # the first article's hostile body, literally
        _search(page, watch, "Oslo")  # only the JSON article: its hostile title heads the reader, literally
        assert HOSTILE[0] in page.locator('[data-testid="stMain"] h2').first.inner_text()
        _search(page, watch, "")
        _select_everything(page, watch)
        _assert_inert_and_literal(page, watch, [])
        page.close()


def test_security_browser_url_cannot_choose_the_data(browser, hostile_url, tmp_path):
    """Query parameters naming another directory are ignored: the operator's data is shown."""
    page, watch = _open(browser, f"{hostile_url}/?data={tmp_path}&path=../../etc/passwd&--data=/etc")
    _assert_inert_and_literal(page, watch, HOSTILE[:2])
    assert "No analysis tables" not in page.evaluate("document.body.innerText")
    page.close()
