"""Streamlit glue for data access: the operator-chosen data dir, a cached DuckDB store per build, cached queries."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

from . import queries
from .data import NoData, build_id, check, data_dir, manifest
from .filters import Filters

QUERIES = {name for name in dir(queries) if not name.startswith("_") and callable(getattr(queries, name))
           and getattr(getattr(queries, name), "__module__", "") == queries.__name__ and name[0].islower()}


@st.cache_resource(show_spinner=False, max_entries=2)
def _store(path: str, build: str) -> queries.Store:
    """One DuckDB store per published build (a new build id opens a new one)."""
    return queries.Store(Path(path))


@st.cache_data(show_spinner=False, max_entries=2000)
def _run(name: str, path: str, build: str, args: tuple):
    return getattr(queries, name)(_store(path, build), *args)


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


def labels() -> dict[str, str]:
    """entity id → unique display label of this run's sidebar options."""
    return st.session_state.get("_labels", {})


__all__ = ["NoData", "q", "filters", "labels", "location", "build_manifest"]
