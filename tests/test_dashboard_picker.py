"""AppTest of the search boxes that reach past the sidebar's lists (dashboard/picker.py): an entity or place found by
name filters every page, stays selected under its label, comes back from the URL, and its profile opens."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import list_size
from picker_corpus import RARE, RARE_PLACE, TWIN_B, write
from test_dashboard_app import _app as app_test


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("picker") / "data")


def _app(data: Path, monkeypatch, params: dict | None = None, page: str | None = None, size: int = 3) -> AppTest:
    """The app with its lists cut to `size` (3: the fixture corpus has more people, organisations and places)."""
    return app_test(data, monkeypatch, params, page, size)


def _multi(at: AppTest, label: str):
    return next(m for m in at.multiselect if m.label == label)


def _said(at: AppTest) -> str:
    return " ".join([html.unescape(e.proto.body) for e in at.get("html")] + [m.value for m in at.markdown]
                    + [m.value for m in at.caption])


def _param(at: AppTest, key: str) -> list[str]:
    """The values of a URL parameter after the run (AppTest keeps a single value as a string)."""
    got = at.query_params.get(key, [])
    return [got] if isinstance(got, str) else list(got)


def _pick(at: AppTest, box: str, text: str, match: str) -> AppTest:
    at.text_input(key=box).input(text).run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label.replace("\\", "").startswith(match)).click().run()
    assert not at.exception, at.exception
    return at


def test_dashboard_picker_list_size_comes_from_the_command_line_or_the_environment():
    assert list_size(["--data", "d", "--list-size", "25"], {}) == 25
    assert list_size([], {"NEWS_LIST_SIZE": "40"}) == 40
    assert list_size(["--list-size", "7"], {"NEWS_LIST_SIZE": "40"}) == 7
    assert list_size([], {}) is None and list_size([], {"NEWS_LIST_SIZE": "many"}) is None


def test_dashboard_picker_is_there_only_when_a_list_is_cut(corpus, monkeypatch):
    assert not [t for t in _app(corpus, monkeypatch, size=1000).text_input if t.key == "find"]
    at = _app(corpus, monkeypatch)
    assert [t for t in at.text_input if t.key == "find"]
    assert "finds the others" in _multi(at, "People").proto.help


def test_dashboard_picker_finds_a_person_past_the_list_and_filters_by_them(corpus, monkeypatch):
    at = _app(corpus, monkeypatch)
    assert RARE[0] not in _multi(at, "People").options
    before = _said(at)
    at.text_input(key="find").input("ZABOTA").run()  # any case, no accents
    matches = [b.label.replace("\\", "") for b in at.button if (b.key or "").startswith("find:")]
    assert matches == [f"{RARE[1]} — person · 1 mention"]
    _pick(at, "find", "zabota", RARE[1])
    people = _multi(at, "People")
    assert people.value == [RARE[0]] and RARE[1] in people.options  # selected, shown by its label
    assert _param(at, "person") == [RARE[1]]
    assert _said(at) != before and "1 article" in _said(at)


def test_dashboard_picker_a_place_past_the_list_filters_the_meetings(corpus, monkeypatch):
    at = _pick(_app(corpus, monkeypatch, page="network"), "find", "kessa", RARE_PLACE)
    assert _multi(at, "Meeting places").value == [RARE_PLACE]
    assert "1 meeting event between 2 people" in _said(at)


def test_dashboard_picker_twins_are_told_apart_by_their_ids(corpus, monkeypatch):
    at = _app(corpus, monkeypatch)
    at.text_input(key="find").input("lena ostrow").run()
    labels = [b.label.replace("\\", "") for b in at.button if (b.key or "").startswith("find:")]
    assert len(labels) == 2 and all("Lena Ostrow (person:lena-ostrow" in x for x in labels), labels


def test_dashboard_picker_a_link_naming_someone_past_the_list_keeps_them(corpus, monkeypatch):
    at = _app(corpus, monkeypatch, {"person": [RARE[1]], "place": [RARE_PLACE], "org": ["Harth Union", "Nobody Inc"]})
    assert _multi(at, "People").value == [RARE[0]]
    assert _multi(at, "Meeting places").value == [RARE_PLACE]
    assert _multi(at, "Organisations").value == ["org:harth-union"]
    notes = " ".join(w.value for w in at.warning)
    assert "Nobody Inc" in notes and RARE[1] not in notes and "Harth Union" not in notes
    by_id = _app(corpus, monkeypatch, {"person": [TWIN_B]})  # an id, as a hand-made link may carry it
    assert _multi(by_id, "People").value == [TWIN_B]
    assert TWIN_B not in " ".join(w.value for w in by_id.warning)  # no "left out" notice
    assert _param(by_id, "person") == [f"Lena Ostrow ({TWIN_B})"]  # the address names them by label


def test_dashboard_picker_a_profile_link_opens_whatever_the_rank(corpus, monkeypatch):
    at = _app(corpus, monkeypatch, {"profile": [RARE[1]]}, page="people")
    assert at.selectbox(key="profile").value == RARE[0]
    assert f">{RARE[1]}</h2>" in _said(at)


def test_dashboard_picker_the_profile_page_finds_anyone(corpus, monkeypatch):
    at = _pick(_app(corpus, monkeypatch, page="people"), "find_profile", "ostrow", "Lena Ostrow (person:lena-ostrow-2)")
    assert at.selectbox(key="profile").value == TWIN_B
    assert _param(at, "profile") == [f"Lena Ostrow ({TWIN_B})"]
    assert "Lena Ostrow</h2>" in _said(at)


def test_dashboard_picker_the_network_filters_every_page_to_someone_past_the_list(corpus, monkeypatch):
    at = _app(corpus, monkeypatch, {"sel": [RARE[0]]}, page="network")
    next(b for b in at.button if b.label == "Filter every page to these people").click().run()
    assert not at.exception, at.exception
    assert _multi(at, "People").value == [RARE[0]] and RARE[1] in _multi(at, "People").options
