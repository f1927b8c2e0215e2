"""The chart pages' main Plotly figures, cached ready to send (`plotlite.Drawing`) per build and arguments: a rerun
(a click elsewhere on the page, another viewer's first load) does not build the figure again (building the network's
took 0.08 s of server CPU per run, the timeline's 0.05 s, bench/RESULTS.md §18; the topics' and the map's 0.05–0.15 s
at 1 M articles, §22 (big))."""
from __future__ import annotations

import streamlit as st

from . import charts, geo, graph, palette, plotlite, state
from .filters import Filters


@st.cache_data(show_spinner=False, max_entries=200)
def _network(path: str, build: str, f: Filters, limit: int, people: frozenset, pairs: frozenset) -> plotlite.Drawing:
    net = state.network(f, limit)
    lit = graph.highlighted(net, set(people), set(pairs)) if people or pairs else None
    countries = palette.mapping(state.options()["countries"])
    shown = graph.drawn(net, set(people), set(pairs))
    return plotlite.prepare(charts.network(shown, countries, set(people), set(pairs), lit), static=True)


def network(f: Filters, limit: int, people: set[str], pairs: set[tuple[str, str]]) -> plotlite.Drawing:
    """The network of `state.network(f, limit)` with `people` and `pairs` selected (`charts.network`): its
    busiest pairs and the selection's (`graph.drawn`)."""
    return _network(*state.location(), f, limit, frozenset(people), frozenset(pairs))


TIMELINE_FIRST = 1000  # events the Timeline draws until asked for more: at 1 M articles its 40 busiest rows held
TIMELINE_MOST = 3000   # 2,140, the slowest part of the page to draw (bench/RESULTS.md §24); asked, up to MOST


@st.cache_data(show_spinner=False, max_entries=200)
def _timeline(path: str, build: str, f: Filters, by: str, rows: int, points: int) -> plotlite.Drawing:
    return plotlite.prepare(charts.timeline(state.timeline(f, by, rows, points), by), static=True)


def timeline(f: Filters, by: str, rows: int, points: int) -> plotlite.Drawing:
    """The timeline of `state.timeline(f, by, rows, points)` (`charts.timeline`)."""
    return _timeline(*state.location(), f, by, rows, points)


TOPICS_PICTURE_POINTS = 500   # the Topics lines get a first-view picture up to this many points: at 1 M articles
# (1,000 points) the page with a picture took ~0.5 s more browser main-thread CPU than without, in 4 pairs under load,
# and a wait for the frame without any picture cost the same (bench/RESULTS.md §24)


@st.cache_data(show_spinner=False, max_entries=200)
def _topics(path: str, build: str, f: Filters, period: str, value: str, dots: bool) -> plotlite.Drawing:
    share = state.topic_share(f, period)
    if dots:
        return plotlite.prepare(charts.topic_grid(share, period), static=True)
    return plotlite.prepare(charts.topic_share(share, period, value, palette.mapping(state.options()["topics"])),
                            static=len(share) <= TOPICS_PICTURE_POINTS)


def topics(f: Filters, period: str, value: str, dots: bool) -> plotlite.Drawing:
    """The Topics page's chart of `state.topic_share(f, period)`: the dot grid (`charts.topic_grid`) or lines of
    `value` per topic (`charts.topic_share`). Building it took ~0.15 s of server CPU per new session at 1 M
    articles (25 topics × 120 months; bench/RESULTS.md §22 (big))."""
    return _topics(*state.location(), f, period, value, dots)


@st.cache_data(show_spinner=False, max_entries=200)
def _places(path: str, build: str, f: Filters) -> plotlite.Drawing:
    where = state.places(f)
    located, _ = geo.locate_all(where[where["place"].notna()])
    return plotlite.prepare(charts.places_map(located, f.places))


def places_map(f: Filters) -> plotlite.Drawing:
    """The map of `state.places(f)` with the places `f` picks outlined (`charts.places_map`)."""
    return _places(*state.location(), f)
