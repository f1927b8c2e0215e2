"""Real browser, a corpus in two scripts: the language filter and the search that finds a name across scripts.

Built from an English and a Russian article written for this test; served by `streamlit run`, driven by
headless Chromium like test_browser.py.
"""
from __future__ import annotations

import pytest

from bench.serve import dashboard, wait_for_run
from test_browser import ARTIFACTS, CHROMIUM, RUNS, Watch, _after, _idle, _main_text, _no_exception, _open, _pick, _shot

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed")]

ARTICLES = {
    "en.txt": "date 2025-03-11\nTurkish Foreign Minister Hakan Fidan met Azerbaijani Foreign Minister "
              "Jeyhun Bayramov in Ankara on Tuesday.\n",
    "ru.txt": "date 2025-03-14\nМинистр иностранных дел Турции Хакан Фидан провел в четверг телефонный разговор "
              "с министром обороны России Андреем Белоусовым.\n",
    "other.txt": "date 2025-03-12\nThe harvest in the region was larger than expected, officials said on Wednesday.\n",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The dashboard on a build of the two-script corpus."""
    from data_pipeline.run.build import BuildOptions, build

    root = tmp_path_factory.mktemp("browser-ru")
    (root / "in").mkdir()
    for name, text in ARTICLES.items():
        (root / "in" / name).write_text(text, encoding="utf-8")
    build(BuildOptions(input=root / "in", out=root / "data", progress=False, cache_dir=None))
    ARTIFACTS.mkdir(exist_ok=True)
    with dashboard(root / "data", timeout=40, log=ARTIFACTS / "streamlit-russian.log") as (base, _):
        yield base


def _search(page, text: str) -> str:
    box = page.get_by_label("Search title and text")
    box.fill(text)
    _after(page, lambda: box.press("Enter"))
    return _main_text(page)


def test_browser_russian_cross_script_search_and_language_filter(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    Watch(page)  # counts the page's finished script runs
    page.goto(server)
    wait_for_run(page, RUNS[page], 0)
    _idle(page)
    _open(page, "Articles")
    assert "3 articles" in _main_text(page)
    assert "2 articles" in _search(page, "Fidan")   # the English article and the Russian one
    assert "2 articles" in _search(page, "Фидан")   # and back
    assert "1 article," in _search(page, "Белоусов")  # a name only the Russian article writes
    _search(page, "Fidan")
    _pick(page, "Languages", "Russian")
    assert "1 article," in _main_text(page)
    assert "lang=Russian" in page.url
    _no_exception(page, "Articles, Russian only")
    _shot(page, "articles-russian")
    shared = browser.new_page(viewport={"width": 1400, "height": 1000})
    Watch(shared)
    shared.goto(page.url)  # the shared link keeps the language filter and the search
    wait_for_run(shared, RUNS[shared], 0)
    _idle(shared)
    assert "1 article," in _main_text(shared)
    page.close()
    shared.close()
