"""AppTest of every page: renders populated, follows the global filters, restores state from the URL."""
import html
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import filters as flt
from dashboard.filters import Filters
from dashboard_corpus import write

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = {"overview": "Overview", "network": "Who met whom", "map": "Where they met", "timeline": "Timeline",
         "topics": "Topics",
         "people": "People & organisations", "articles": "Articles"}


def _app(data: Path, monkeypatch, params: dict | None = None, page: str | None = None,
         size: int | None = None) -> AppTest:
    """The app on `data` (`size`: the sidebar lists' length, NEWS_LIST_SIZE), with `params` in the URL, run once
    (then switched to `page`), with no exception."""
    monkeypatch.setenv("NEWS_DATA_DIR", str(data))
    if size is not None:
        monkeypatch.setenv("NEWS_LIST_SIZE", str(size))
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _open_more(at: AppTest) -> AppTest:
    """Open the sidebar's "More filters" (its list filters are drawn only when it is open or one is set)."""
    from dashboard import sidebar

    at.session_state[sidebar.MORE_KEY] = True
    at.run()
    return at


def _charts(at: AppTest) -> list[dict]:
    """The Plotly figures the run drew (dashboard/plotlite.py: a component whose data carries the figure JSON)."""
    return [json.loads(json.loads(e.proto.json)["figure"]) for e in at.get("bidi_component")
            if e.proto.component_name == "plotlite"]


def _first_table_rows(at: AppTest) -> int:
    """Rows of the page's first table: a data grid, or else an HTML table (ui.html_table)."""
    if at.dataframe:
        return len(at.dataframe[0].value)
    return _html_tables(at)[0].count("<tr>") - 1  # less the header row


def _html_tables(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html") if 'class="html-table"' in e.proto.body]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return write(tmp_path_factory.mktemp("tiny") / "data")


@pytest.mark.parametrize("page", PAGES)
def test_dashboard_app_every_page_renders_from_the_seeds(seeds_data, monkeypatch, page):
    at = _app(seeds_data, monkeypatch, page=page)
    assert at.title[0].value == PAGES[page]
    shown = len(_charts(at)) + len(at.dataframe) + len(at.get("html"))
    assert shown > 0


def test_dashboard_app_person_filter_changes_the_overview(tiny, monkeypatch):
    at = _app(tiny, monkeypatch)
    before = [m.value for m in at.metric]
    at.multiselect(key="person").select("person:eva-falk").run()
    assert not at.exception
    after = [m.value for m in at.metric]
    assert after != before and after[0] == "1"


@pytest.mark.parametrize("page", ["network", "timeline", "people"])
def test_dashboard_app_kind_filter_changes_meeting_pages(tiny, monkeypatch, page):
    at = _open_more(_app(tiny, monkeypatch, page=page))
    before = _first_table_rows(at)
    at.multiselect(key="kind").select("phone_call").run()
    assert not at.exception
    assert 0 < _first_table_rows(at) < before


def test_dashboard_app_more_filters_drawn_when_open_or_set(tiny, monkeypatch):
    from dashboard import sidebar

    at = _app(tiny, monkeypatch)
    behind = {"Sources", "Languages", "Meeting kinds", "Meeting status"}
    assert not behind & {m.label for m in at.multiselect} and not at.slider
    assert {"People", "Countries", "Organisations", "Topics", "Meeting places"} <= {m.label for m in at.multiselect}
    assert [e.label for e in at.expander] == [sidebar.MORE_LABEL]  # it names what it holds
    _open_more(at)
    assert behind - {"Languages"} <= {m.label for m in at.multiselect} and at.slider  # one language: no list
    at.multiselect(key="kind").select("phone_call").run()
    at.session_state[sidebar.MORE_KEY] = False  # closed with a filter set: its widgets stay, and it still applies
    at.run()
    assert at.multiselect(key="kind").value == ["phone_call"] and at.session_state["_filters"].kinds == ("phone_call",)
    for link in ({"kind": ["phone call"]}, {"conf": "0.5"}):  # a link setting one draws them
        shared = _app(tiny, monkeypatch, link)
        assert "Meeting kinds" in {m.label for m in shared.multiselect} and shared.slider, link
    assert _app(tiny, monkeypatch, {"conf": "0.5"}).session_state["_filters"].min_confidence == pytest.approx(0.5)


def test_dashboard_app_filters_load_from_the_url(tiny, monkeypatch):
    at = _app(tiny, monkeypatch, {"person": ["Eva Falk"], "kind": ["phone call"], "dates": ["2024-01-10", "2024-01-20"]})
    f = at.session_state["_filters"]
    assert f.people == ("person:eva-falk",) and f.kinds == ("phone_call",) and f.start.isoformat() == "2024-01-10"


def test_dashboard_app_url_state_round_trips(tiny, monkeypatch):
    at = _app(tiny, monkeypatch)
    at.multiselect(key="person").select("person:carl-dorn").run()
    at.multiselect(key="topic").select("ceasefire").run()
    _open_more(at).slider(key="conf").set_value(0.3).run()
    chosen: Filters = at.session_state["_filters"]
    assert chosen.people and chosen.topics and chosen.min_confidence == pytest.approx(0.3)
    shared = flt.to_query_params(chosen, at.session_state["_labels"])
    again = _app(tiny, monkeypatch, shared, page="network")
    assert again.session_state["_filters"] == chosen


def _read(at: AppTest):
    """The Articles page's "Read" box (its key names the article the URL opened)."""
    return next(s for s in at.selectbox if s.label == "Read")


def test_dashboard_app_articles_search_and_reader(tiny, monkeypatch):
    at = _app(tiny, monkeypatch, {"article": "a2"}, page="articles")
    at.query_params["article"] = "a2"
    at.run()
    body = " ".join(h.proto.body for h in at.get("html"))
    assert "<mark" in body and "Eva Falk" in body
    assert not at.dataframe  # the list is an HTML table on the first view (no grid script); so are the article's
    assert _read(at).value == "a2"
    assert any("Eva Falk" in t and "counterpart" in t for t in _html_tables(at))  # its meetings
    at.text_input(key="q").input("oslo").run()
    # the match, after the open article (the link's, outside the search now)
    assert _read(at).options == ["A call and a plan · 2024-01-20", "Ministers meet · 2024-01-03"]
    assert "Ministers meet" in _html_tables(at)[0] and "A call and a plan" not in _html_tables(at)[0]
    at.toggle(key="grid_articles").set_value(True).run()  # the interactive grid, with row selection
    assert list(at.dataframe[0].value["title"]) == ["Ministers meet"]


def test_dashboard_app_articles_read_opens_the_chosen_article(tiny, monkeypatch):
    at = _app(tiny, monkeypatch, page="articles")
    newest = _read(at)
    assert newest.value == "a2" and len(newest.options) == 3  # every match, newest first; the newest is open
    assert "A call and a plan" in at.get("html")[1].proto.body
    _read(at).set_value("a1").run()
    shown = " ".join(h.proto.body for h in at.get("html"))
    assert "Ministers meet" in shown and "Arms supplies were discussed" in shown and "Eva Falk" not in shown
    assert at.query_params["article"] == "a1"  # by its id, as the other pages' links name it
    at.run()
    assert _read(at).value == "a1"


def test_dashboard_app_articles_a_linked_article_outside_the_search_stays_open(tiny, monkeypatch):
    at = _app(tiny, monkeypatch, {"article": "a2", "q": "oslo"}, page="articles")
    at.query_params.update({"article": "a2", "q": "oslo"})
    at.run()
    read = _read(at)
    assert read.value == "a2" and read.options[0].startswith("A call and a plan")  # listed first, then the matches
    assert any("does not match the current search" in c.value for c in at.caption)
    at.query_params["article"] = "gone"
    at.run()
    assert any("not in the current build" in i.value for i in at.info) and not at.exception
    assert _read(at).value == "a1" and at.query_params["article"] == "a1"  # the first match, in the URL


def test_dashboard_app_hostile_text_stays_text(tmp_path, monkeypatch):
    from dashboard_corpus import TEXTS
    monkeypatch.setitem(TEXTS, "a3", "<script>alert(1)</script> Anna Berg <img src=x onerror=alert(1)>")
    at = _app(write(tmp_path / "data"), monkeypatch, page="articles")
    at.query_params["article"] = "a3"
    at.run()
    body = " ".join(h.proto.body for h in at.get("html"))
    assert "&lt;script&gt;" in body and "<script>" not in body and "<img src=x" not in body


def test_dashboard_app_new_build_shows_without_restart(tmp_path, monkeypatch):
    data = write(tmp_path / "data")
    at = _app(data, monkeypatch)
    assert at.metric[0].value == "3"
    from dashboard_corpus import TEXTS
    monkeypatch.setitem(TEXTS, "a4", "Eva Falk spoke.")
    monkeypatch.setitem(__import__("dashboard_corpus").META, "a4", (None, None, None))
    write(data)
    (data / "manifest.json").write_text('{"build_id": "second"}', encoding="utf-8")
    at.run()
    assert at.metric[0].value == "4"


def test_dashboard_app_missing_data_says_how_to_build(tmp_path, monkeypatch):
    at = _app(tmp_path / "nowhere", monkeypatch)
    assert "data_pipeline build" in at.info[0].value


def test_dashboard_app_empty_corpus_explains(tmp_path, monkeypatch):
    from data_pipeline.store.tables import SCHEMAS
    import pyarrow.parquet as pq
    for name, schema in SCHEMAS.items():
        pq.write_table(schema.empty_table(), tmp_path / f"{name}.parquet")
    at = _app(tmp_path, monkeypatch)
    assert "no articles" in at.info[0].value


def test_dashboard_app_no_match_shows_a_helpful_message(tiny, monkeypatch):
    at = _app(tiny, monkeypatch, {"person": ["Eva Falk"], "source": ["Agency A"]}, page="network")
    assert at.info and "No meeting event matches" in at.info[0].value


@pytest.mark.parametrize("by", ["person", "country"])
def test_dashboard_app_timeline_rows_per_person_or_country(tiny, monkeypatch, by):
    at = _app(tiny, monkeypatch, page="timeline")
    at.session_state["timeline_by"] = by
    at.run()
    assert not at.exception
    figure = _charts(at)[0]
    rows = set(figure["layout"]["yaxis"]["ticktext"])  # one tick per row; markers sit at row positions
    assert rows == ({"Anna Berg", "Carl Dorn", "Eva Falk"} if by == "person" else {"Norway – Sweden", "Sweden – unknown"})
    assert _first_table_rows(at) == 3


@pytest.mark.parametrize("page, table", [("network", "meeting_events"), ("timeline", "timeline_events")])
def test_dashboard_app_big_tables_are_html_until_the_grid_is_asked_for(tiny, monkeypatch, page, table):
    at = _app(tiny, monkeypatch, page=page)
    assert not at.dataframe and _html_tables(at)  # no data-grid script on the first view
    at.toggle(key=f"grid_{table}").set_value(True).run()
    assert not at.exception and len(at.dataframe) == 1 and len(at.dataframe[0].value) == 3
    shared = _app(tiny, monkeypatch, {f"grid_{table}": "true"}, page=page)  # the choice is read from the URL
    assert len(shared.dataframe) == 1


def test_dashboard_app_topic_heatmaps_are_html_not_plotly(tiny, monkeypatch):
    at = _app(tiny, monkeypatch, page="topics")
    heat = [e.proto.body for e in at.get("html") if "html-heatmap" in e.proto.body]
    assert len(heat) == 1 and "Articles per topic and country" in heat[0]
    assert not [t for fig in _charts(at) for t in fig["data"] if t.get("type") == "heatmap"]


INTERNAL_COLUMNS = {"n_articles", "n_words", "a_name", "b_name", "first_reported", "date_source", "a_country",
                    "b_country", "day", "entity_id", "article_id", "event_id", "lead", "path"}


@pytest.mark.parametrize("page", PAGES)
def test_dashboard_app_tables_show_readable_headers_and_no_missing_markers(seeds_data, tmp_path_factory,
                                                                          monkeypatch, page):
    from analyst_corpus import write as write_analyst

    for data in (seeds_data, write_analyst(tmp_path_factory.mktemp("analyst-app") / "data")):
        at = _app(data, monkeypatch, page=page)
        for frame in at.dataframe:
            df = frame.value
            assert not INTERNAL_COLUMNS & set(df.columns), (page, list(df.columns))
            cells = df.astype(str).map(str.strip).map(str.lower)
            assert not cells.isin(["none", "nan", "nat", "<na>"]).any().any(), (page, df.head())
        for body in _html_tables(at):  # small tables drawn as HTML (ui.html_table) read the same way
            heads = {html.unescape(h) for h in re.findall(r"<th\b[^>]*>(.*?)</th>", body)}
            cells = {html.unescape(c).strip().lower() for c in re.findall(r"<td\b[^>]*>(.*?)</td>", body)}
            assert heads and not INTERNAL_COLUMNS & heads, (page, heads)
            assert not cells & {"none", "nan", "nat", "<na>"}, (page, cells)


def test_dashboard_app_overview_latest_events_is_a_readable_html_table(tiny, monkeypatch):
    at = _app(tiny, monkeypatch)
    tables = _html_tables(at)
    assert len(tables) == 1 and not at.dataframe  # no data grid on the landing page
    heads = re.findall(r"<th\b[^>]*>(.*?)</th>", tables[0])
    assert heads[:4] == ["meeting date", "reported", "person", "counterpart"]
    assert "Eva Falk" in tables[0] and tables[0].count("<tr>") == 1 + 3  # header + the tiny corpus' 3 events


def test_dashboard_app_sidebar_says_when_its_lists_are_cut(tmp_path, monkeypatch):
    from dashboard import queries

    monkeypatch.setattr(queries, "SIDEBAR_ENTITIES", 1)
    at = _app(write(tmp_path / "data"), monkeypatch)
    people = next(m for m in at.multiselect if m.label == "People")
    assert len(people.options) == 1
    assert re.search(r"Lists the 1 most mentioned people of [2-9]", people.proto.help)
    countries = next(m for m in at.multiselect if m.label == "Countries")
    assert not countries.proto.help.startswith("Lists")
    _open_more(at)
    places = next(m for m in at.multiselect if m.label == "Meeting places")
    assert places.proto.help.startswith("Where a meeting happened") and not places.proto.help.endswith(" ")


def test_dashboard_app_network_draws_its_busiest_pairs_and_says_so(tmp_path, monkeypatch):
    from dashboard import graph

    monkeypatch.setattr(graph, "EDGES_DRAWN", 1)
    at = _app(write(tmp_path / "data"), monkeypatch, page="network")
    said = " ".join(html.unescape(e.proto.body) for e in at.get("html"))
    assert re.search(r"Lines: the 1 pairs with the most meeting events, of [2-9] between these people", said), said
    pairs = next(t for t in _charts(at)[0]["data"] if t.get("name") == "pairs")
    assert len(pairs["customdata"]) == 1


def test_dashboard_app_timeline_draws_the_newest_events_until_asked_for_more(tiny, monkeypatch):
    from dashboard import figures
    at = _app(tiny, monkeypatch, page="timeline")
    assert "timeline_all" not in [t.key for t in at.toggle]   # under the cap: nothing to ask for
    monkeypatch.setattr(figures, "TIMELINE_FIRST", 2)
    at = _app(tiny, monkeypatch, page="timeline")
    drawn = {i for trace in _charts(at)[0]["data"] for i in trace["customdata"]}
    assert len(drawn) == 2
    assert any("the newest 2 of 3" in c.value and "Draw up to" in c.value for c in at.caption)
    at.toggle(key="timeline_all").set_value(True).run()
    assert not at.exception
    assert len({i for trace in _charts(at)[0]["data"] for i in trace["customdata"]}) == 3
    shared = _app(tiny, monkeypatch, {"timeline_all": "true"}, page="timeline")   # the choice is in the URL
    assert len({i for trace in _charts(shared)[0]["data"] for i in trace["customdata"]}) == 3


def test_dashboard_app_topics_long_span_starts_at_a_coarser_period_and_says_so(tiny, monkeypatch):
    from dashboard import periods
    at = _app(tiny, monkeypatch, page="topics")
    assert at.segmented_control(key="topic_period").value == "month"
    assert not any("one point per" in c.value for c in at.caption)
    monkeypatch.setattr(periods, "MOST_SHOWN", 0)   # every span is "long": the coarsest period
    at = _app(tiny, monkeypatch, page="topics")
    assert at.segmented_control(key="topic_period").value == "year"
    assert any("one point per year" in c.value and "Pick month" in c.value for c in at.caption)
    assert "per year" in _charts(at)[0]["layout"]["title"]["text"]
    month = _app(tiny, monkeypatch, {"topic_period": "month"}, page="topics")   # the month view, from the URL
    assert "per month" in _charts(month)[0]["layout"]["title"]["text"]
    assert not any("one point per" in c.value for c in month.caption)


def test_dashboard_app_topics_lines_picture_only_while_the_chart_is_small(tiny, monkeypatch):
    from dashboard import figures
    at = _app(tiny, monkeypatch, {"topic_view": "lines"}, page="topics")
    sent = [json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == "plotlite"]
    assert sent[0]["static"].startswith("<div")   # a small chart: its first view is a picture
    monkeypatch.setattr(figures, "TOPICS_PICTURE_POINTS", 0)
    figures._topics.clear()
    at = _app(tiny, monkeypatch, {"topic_view": "lines"}, page="topics")
    sent = [json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == "plotlite"]
    assert sent[0]["static"] == "" and "per month" in json.loads(sent[0]["figure"])["layout"]["title"]["text"]
