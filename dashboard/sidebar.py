"""The global filters in the sidebar; every widget is bound to a URL query parameter so views can be shared."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from . import filters as flt
from .filters import KEYS, Filters

BIND = "query-params"
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "hy": "Armenian", "az": "Azerbaijani",
                  "ka": "Georgian", "tr": "Turkish", "fr": "French", "de": "German", "und": "undetermined"}


def _multi(label: str, field: str, options: list[str], fmt=str, help: str | None = None) -> list[str]:
    if not options:
        return []
    return st.multiselect(label, options, format_func=fmt, key=KEYS[field], bind=BIND, help=help,
                          placeholder="any")


def _reset(opts: dict) -> None:
    for field in flt.LIST_FIELDS:
        st.session_state[KEYS[field]] = []
    st.session_state[KEYS["min_confidence"]] = 0.0
    if all(opts["bounds"]):
        st.session_state[KEYS["dates"]] = opts["bounds"]


def render(opts: dict) -> tuple[Filters, dict[str, str]]:
    """Draw the filter widgets; return the filters and the entity id → label map they use."""
    people: pd.DataFrame = opts["people"]
    orgs: pd.DataFrame = opts["orgs"]
    labels = flt.unique_labels(people["entity_id"].tolist() + orgs["entity_id"].tolist(),
                               dict(zip(pd.concat([people["entity_id"], orgs["entity_id"]]),
                                        pd.concat([people["name"], orgs["name"]]))))
    lo, hi = opts["bounds"]
    with st.sidebar:
        st.header("Filters")
        start = end = None
        if lo and hi:
            picked = st.date_input("Date range", value=(lo, hi), min_value=lo, max_value=hi, key=KEYS["dates"],
                                   bind=BIND, help="Article publication date; meeting events by their own date.")
            if isinstance(picked, (tuple, list)) and len(picked) == 2:
                start, end = picked
        chosen = {
            "people": _multi("People", "people", people["entity_id"].tolist(), labels.get),
            "countries": _multi("Countries", "countries", opts["countries"],
                                help="Articles mentioning the country or its people; meetings by participants."),
            "orgs": _multi("Organisations", "orgs", orgs["entity_id"].tolist(), labels.get),
            "topics": _multi("Topics", "topics", opts["topics"]),
            "sources": _multi("Sources", "sources", opts["sources"]),
            "languages": _multi("Languages", "languages", opts["languages"], lambda c: LANGUAGE_NAMES.get(c, c),
                                help="The language the article is written in."),
            "kinds": _multi("Meeting kinds", "kinds", opts["kinds"]),
            "statuses": _multi("Meeting status", "statuses", opts["statuses"]),
        }
        conf = st.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key=KEYS["min_confidence"], bind=BIND,
                         help="Meetings extracted with less confidence are hidden.")
        st.button("Reset filters", on_click=_reset, args=(opts,), icon=":material/restart_alt:")
    f = flt.make(start, end, bounds=(lo, hi), min_confidence=conf, **chosen)
    return f, labels
