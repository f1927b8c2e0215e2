"""Streamlit glue for data access: the operator-chosen data dir, a cached DuckDB store per build, cached queries."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from . import graph, queries
from .data import NoData, build_id, check, data_dir, manifest
from .filters import Filters, to_query_params

QUERIES = {name for name in dir(queries) if not name.startswith("_") and callable(getattr(queries, name))
           and getattr(getattr(queries, name), "__module__", "") == queries.__name__ and name[0].islower()}


@st.cache_resource(show_spinner=False, max_entries=2)
def _store(path: str, build: str) -> queries.Store:
    """One DuckDB store per published build (a new build id opens a new one)."""
    return queries.Store(Path(path))


@st.cache_data(show_spinner=False, max_entries=2000)
def _run(name: str, path: str, build: str, args: tuple):
    return getattr(queries, name)(_store(path, build), *args)


@st.cache_data(show_spinner=False, max_entries=200)
def _network(path: str, build: str, f: Filters, limit: int):
    return graph.build(_run("network", path, build, (f, limit)))


def network(f: Filters, limit: int) -> graph.Network:
    """The laid-out network of the filtered events among the `limit` busiest people (cached per build)."""
    path, build = location()
    return _network(path, build, f, limit)


def location() -> tuple[str, str]:
    """(resolved build dir, build id) of the data the operator pointed the server at; NoData when absent."""
    base = data_dir(sys.argv[1:])
    real = check(base)
    return str(real), build_id(real)


def q(name: str, *args):
    """Run the query function `queries.<name>(store, *args)`, cached per build id and arguments."""
    if name not in QUERIES:
        raise KeyError(name)
    path, build = location()
    return _run(name, path, build, args)


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


__all__ = ["NoData", "q", "filters", "labels", "location", "build_manifest"]
