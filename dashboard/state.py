"""Streamlit glue for data access: the operator-chosen data dir, a cached DuckDB store per build, and every
query of `queries.py` as a cached function of its arguments (`state.counts(f)` runs `queries.counts(store, f)`)."""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Callable, TypeVar

import streamlit as st

from . import graph, lookup, queries
from .data import NoData, build_id, check, data_dir, list_size, manifest
from .filters import Filters, to_query_params

T = TypeVar("T")
_QUERIES: dict[str, Callable] = {}


@st.cache_resource(show_spinner=False, max_entries=2)
def _store(path: str, build: str) -> queries.Store:
    """One DuckDB store per published build (a new build id opens a new one)."""
    return queries.Store(Path(path))


@st.cache_data(show_spinner=False, max_entries=2000)
def _run(name: str, path: str, build: str, args: tuple):
    return _QUERIES[name](_store(path, build), *args)


def _cached(fn: Callable[..., T]) -> Callable[..., T]:
    """`fn(store, *args)` as `fn(*args)` on the build being shown, cached per build id and arguments."""
    _QUERIES[fn.__name__] = fn

    @functools.wraps(fn)
    def call(*args):
        path, build = location()
        return _run(fn.__name__, path, build, args)
    return call


_options = _cached(queries.options)
counts = _cached(queries.counts)
undated_counts = _cached(queries.undated_counts)
articles_per_period = _cached(queries.articles_per_period)
events = _cached(queries.events)
event_counts = _cached(queries.event_counts)
event_articles = _cached(queries.event_articles)
timeline = _cached(queries.timeline)
evidence = _cached(queries.evidence)
country_matrix = _cached(queries.country_matrix)
places = _cached(queries.places)
top_entities = _cached(queries.top_entities)
entity = _cached(queries.entity)
roles = _cached(queries.roles)
resolution = _cached(queries.resolution)
mentions_over_time = _cached(queries.mentions_over_time)
counterparts = _cached(queries.counterparts)
topics_around = _cached(queries.topics_around)
topic_share = _cached(queries.topic_share)
topic_country = _cached(queries.topic_country)
topic_evidence = _cached(queries.topic_evidence)
emerging_terms = _cached(queries.emerging_terms)
topic_person = _cached(queries.topic_person)
emerging = _cached(queries.emerging)
term_articles = _cached(queries.term_articles)
search_articles = _cached(queries.search_articles)
article = _cached(queries.article)
article_mentions = _cached(queries.article_mentions)
article_meetings = _cached(queries.article_meetings)
article_topic_sentences = _cached(queries.article_topic_sentences)


def options() -> dict:
    """What the sidebar offers (queries.options), its lists as long as the operator set (data.list_size)."""
    return _options(list_size(sys.argv[1:]))


@st.cache_resource(show_spinner=False, max_entries=2)
def _names(path: str, build: str) -> lookup.Names:
    return lookup.Names.load(_store(path, build))


def names() -> lookup.Names:
    """Every person, organisation and place of the build shown, to find by name (read on first use, per build)."""
    return _names(*location())


def label_of(entity_id: str) -> str:
    """The label a link or the URL names an entity by: the sidebar's, else the build's (lookup.LABELLED)."""
    return labels().get(entity_id) or names().labels([entity_id]).get(entity_id, entity_id)


@st.cache_data(show_spinner=False, max_entries=200)
def _network(path: str, build: str, f: Filters, limit: int):
    return graph.build(_run("network", path, build, (f, limit)))


_QUERIES["network"] = queries.network


def network(f: Filters, limit: int) -> graph.Network:
    """The laid-out network of the filtered events among the `limit` busiest people (cached per build)."""
    path, build = location()
    return _network(path, build, f, limit)


def location() -> tuple[str, str]:
    """(resolved build dir, build id) of the data the operator pointed the server at; NoData when absent."""
    base = data_dir(sys.argv[1:])
    real = check(base)
    return str(real), build_id(real)


def build_manifest() -> dict:
    """The manifest of the build being shown."""
    return manifest(Path(location()[0]))


def filters() -> Filters:
    """The global filters set in the sidebar on this run."""
    return st.session_state.get("_filters", Filters())


def shared_params() -> dict[str, list[str]]:
    """The query parameters that reproduce this run's filters (for links that keep them)."""
    return to_query_params(filters(), labels())


def labels() -> dict[str, str]:
    """entity id → unique display label of this run's sidebar options."""
    return st.session_state.get("_labels", {})


__all__ = ["NoData", "filters", "labels", "location", "build_manifest", "network", "options", "names", "label_of"]
