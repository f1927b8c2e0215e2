"""The Streamlit app runs on the built seeds, draws its charts and follows its filters."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def app(seeds_data, monkeypatch):
    monkeypatch.setenv("NEWS_DATA_DIR", str(seeds_data))
    return AppTest.from_file(APP, default_timeout=60)


def test_app_shows_network_and_topic_charts(app):
    app.run()
    assert not app.exception
    keys = [c.proto.id for c in app.get("plotly_chart")]
    assert len(keys) == 2


def test_app_topic_filter_changes_what_is_shown(app):
    app.run()
    before = app.caption[0].value
    app.multiselect(key="topics").select(app.multiselect(key="topics").options[0]).run()
    assert not app.exception
    assert app.caption[0].value != before


def test_app_missing_data_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_DATA_DIR", str(tmp_path / "nowhere"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "data_pipeline build" in at.info[0].value
