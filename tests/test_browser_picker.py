"""Issue 16, links and profiles at scale, in a real browser: with the sidebar's lists cut to 3 (`NEWS_LIST_SIZE`),
a person past them is found by name, filters every page, comes back from a shared URL under their label, and every
link to their profile opens it (tests/picker_corpus.py; Debian's headless Chromium)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from bench.serve import CHROMIUM, dashboard
from picker_corpus import RARE, TWIN_B, write
from test_browser_analyst import View

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                                   reason="Chromium is not installed (see .ci/run)")]
SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NEWS_LIST_SIZE", "3")
        with dashboard(write(tmp_path_factory.mktemp("picker") / "data")) as (base, _):
            yield base


def _find(v: View, box: str, text: str, match: str) -> None:
    """Type `text` into the search box labelled `box` and click the match whose label starts with `match`."""
    field = v.page.locator('[data-testid="stTextInput"]').filter(has_text=box).locator("input")
    field.fill(text)  # the box searches once typing pauses
    button = v.page.get_by_role("button", name=match)
    button.first.wait_for(timeout=60_000)
    v.act(lambda: button.first.click())


def _chips(v: View, label: str) -> list[str]:
    """The values shown in the sidebar multiselect `label`."""
    box = v.page.locator(f'{SIDEBAR} [data-testid="stMultiSelect"]').filter(has_text=label)
    return [t.get_attribute("aria-label") for t in box.locator("[data-tag]").all()]


def test_browser_picker_someone_past_the_list_filters_every_page_and_the_link_keeps_them(browser, url):
    v = View(browser, f"{url}/network")
    assert "13 meeting events between 8 people" in v.text()
    _find(v, "Find any name", "zabota", RARE[1])  # no accents typed
    v.page.locator(f'{SIDEBAR} [data-tag]').filter(has_text=RARE[1]).wait_for(timeout=60_000)
    v.drawn()
    assert _chips(v, "People") == [RARE[1]] and v.params()["person"] == [RARE[1]]
    assert "1 meeting event between 2 people" in v.text()
    v.act(lambda: v.page.get_by_role("link", name="Articles").click())
    v.page.wait_for_url("**/articles**")
    assert "ferries" in v.text() and "Maren Solvik met" not in v.text()  # only the article that mentions them
    shared = v.page.url
    v.close()

    again = View(browser, shared)  # a colleague opens the shared link
    assert _chips(again, "People") == [RARE[1]]
    assert "ferries" in again.text() and "cannot show" not in again.text()
    again.close()


def test_browser_picker_a_profile_link_opens_whatever_the_rank(browser, url):
    v = View(browser, f"{url}/network?sel={quote(RARE[0])}")
    assert RARE[1] in v.text()  # the network selection names them
    v.act(lambda: v.page.get_by_role("link", name="Open the profile").click())
    v.page.wait_for_url("**/people**")
    v.page.get_by_role("heading", name=RARE[1]).wait_for(timeout=60_000)
    v.close()


def test_browser_picker_the_profile_page_finds_anyone_and_the_url_reopens_it(browser, url):
    v = View(browser, f"{url}/people")
    _find(v, "Find anyone by name", "OSTROW", f"Lena Ostrow ({TWIN_B})")
    v.page.get_by_role("heading", name="Lena Ostrow").wait_for(timeout=60_000)
    v.drawn()
    assert v.params()["profile"] == [f"Lena Ostrow ({TWIN_B})"] and "person · country not known" in v.text()
    reopened = View(browser, v.page.url)
    reopened.page.get_by_role("heading", name="Lena Ostrow").wait_for(timeout=60_000)
    assert reopened.params()["profile"] == [f"Lena Ostrow ({TWIN_B})"]
    assert "person · country not known" in reopened.text()  # the twin without a country, not the other one
    reopened.close()
    v.close()


def test_browser_picker_a_link_naming_someone_by_id_shows_their_label(browser, url):
    v = View(browser, f"{url}/network?person={quote(TWIN_B)}&person={quote('Maren Solvik')}")
    label = f"Lena Ostrow ({TWIN_B})"
    v.page.locator(f'{SIDEBAR} [data-tag]').filter(has_text=label).wait_for(timeout=60_000)
    v.drawn()
    assert sorted(_chips(v, "People")) == [label, "Maren Solvik"]
    assert sorted(v.params()["person"]) == [label, "Maren Solvik"]  # the address a colleague gets names them so
    v.close()
