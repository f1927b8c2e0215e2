"""The global filters in the sidebar; every widget is bound to a URL query parameter so views can be shared."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from . import filters as flt
from . import labels as words
from . import picker, state
from .filters import KEYS, Filters

BIND = "query-params"
_RELABEL = "_link_relabel"  # URL key → the labels of a link's values it named otherwise (see _fix_link)
FOUND = {"PERSON": "people", "ORG": "orgs", "place": "places"}  # what a search-box match filters, by its kind
# The filters behind "More filters": drawn only while it is open or one of them is set (by a link or the viewer).
# Nine multiselects cost the browser ~0.3-0.5 s of main-thread CPU on every page's first load (bench/RESULTS.md §26).
# Organisations and meeting places stay out: a found name and a click on the map set them from a callback, and a
# value given to a widget on the run that first draws it does not reach the URL.
MORE = ("sources", "languages", "kinds", "statuses")
MORE_KEY = "more_filters"
MORE_LABEL = "More filters: sources, languages, meeting kinds and status, confidence"


def _multi(label: str, field: str, options: list[str], fmt=str, help: str | None = None) -> list[str]:
    if not options:
        return []
    return st.multiselect(label, options, format_func=fmt, key=KEYS[field], bind=BIND, help=help,
                          placeholder="any")


def _cut(listed: int, total: int | None, what: str) -> str | None:
    """The help of a list that offers only the first `listed` of `total` values (None when it offers all)."""
    if not total or listed >= total:
        return None
    return f"Lists the {listed:,} {what} of {total:,}; “Find any name” below the people finds the others."


def _past(field: str, listed) -> list[str]:
    """The values chosen for a list filter that its list does not offer (found by name or named by a link)."""
    offered = set(listed)
    return [v for v in st.session_state.get(KEYS[field]) or [] if v not in offered]


def _add(kind: str, key: str) -> None:
    """A search-box match chosen: into the filter of its kind."""
    field = KEYS[FOUND[kind]]
    st.session_state[field] = sorted(set(st.session_state.get(field) or []) | {key})


def _reset(opts: dict) -> None:
    for field in flt.LIST_FIELDS:
        st.session_state[KEYS[field]] = []
    st.session_state[KEYS["min_confidence"]] = 0.0
    st.session_state[KEYS["undated_meetings"]] = True
    st.session_state[KEYS["undated_articles"]] = False
    st.session_state[KEYS["start"]] = st.session_state[KEYS["end"]] = ""
    st.session_state["find"] = ""
    st.session_state["_link_notes"] = []


def _check_link(opts: dict, labels: dict[str, str]) -> None:
    """Once per session, before the widgets read the URL: keep what a shared link's filters can keep in this
    build (a person, organisation or place past the sidebar's lists too, found by its label, name or id), and
    remember a notice for each value left out or corrected."""
    if st.session_state.get("_link_checked"):
        return
    st.session_state["_link_checked"] = True
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    ids_of = {label: i for i, label in labels.items()}
    known = {KEYS["people"]: {labels[i] for i in opts["people"]["entity_id"]},
             KEYS["orgs"]: {labels[i] for i in opts["orgs"]["entity_id"]},
             KEYS["kinds"]: {words.kind(k) for k in opts["kinds"]},
             KEYS["languages"]: {words.language(k) for k in opts.get("languages", [])},
             KEYS["statuses"]: {words.status(k) for k in opts["statuses"]},
             **{KEYS[f]: set(opts[f]) for f in ("countries", "topics", "sources", "places")}}
    found: dict[str, dict[str, str]] = {}  # URL key → value past the lists → its entity id (or the place)
    for kind, field in FOUND.items():
        asked = [v for v in params.get(KEYS[field], []) if v not in known[KEYS[field]]]
        if asked:
            found[KEYS[field]] = state.names().resolve(asked, [kind])
            known[KEYS[field]] |= set(found[KEYS[field]])
    codes = ({words.kind(k): k for k in opts["kinds"]} | {words.status(k): k for k in opts["statuses"]}
             | {words.language(k): k for k in opts.get("languages", [])})
    keep, notes = flt.check_link(params, known, opts["bounds"])
    keep |= {key: [v for v in params[key] if v in known[key]] for key, got in found.items() if got and key not in keep}
    for key, values in keep.items():
        if key in (KEYS["start"], KEYS["end"]):
            st.session_state[key] = values
        elif key in (KEYS["people"], KEYS["orgs"]):
            st.session_state[key] = [found.get(key, {}).get(v) or ids_of[v] for v in values]
        elif key in (KEYS["kinds"], KEYS["statuses"], KEYS["languages"]):
            st.session_state[key] = [codes[v] for v in values]
        else:
            st.session_state[key] = [found.get(key, {}).get(v, v) for v in values]
    named = [k for got in found.values() for k in got.values()]
    shown = {**labels, **(state.names().labels(named) if named else {})}
    st.session_state[_RELABEL] = {key: [shown.get(i, i) for i in st.session_state[key]] for key, got in found.items()
                                  if any(v != shown.get(k, k) for v, k in got.items())}
    st.session_state["_link_notes"] = notes


def _fix_link(page) -> None:
    """Once, when a link named someone otherwise than by their label (by id, or by a name several people share):
    open `page` again with their labels in the URL, before any widget is bound to it, so that the address shown and
    shared is the one the filters keep (a widget takes its value from the address it was opened with)."""
    fixed = st.session_state.pop(_RELABEL, None)
    if fixed:
        st.switch_page(page, query_params={k: st.query_params.get_all(k) for k in st.query_params} | fixed)


def link_notices() -> None:
    """The notices about a shared link's values left out (shown on every page until the filters change)."""
    notes = st.session_state.get("_link_notes") or []
    if notes:
        st.warning("This link asked for filters this build cannot show:\n\n"
                   + "\n".join(f"- {n}" for n in notes), icon=":material/link_off:")


def _dates(lo, hi) -> tuple:
    """The date range: two fields that apply on Enter and when focus leaves them (Tab, a click elsewhere);
    a year or a month stands for its first (From) or last (To) day. Bound to the URL as `from=` and `to=`."""
    st.markdown("**Dates**", help="Articles by publication date; meetings by their stated date (switches below "
                                  "for items without a date). Type YYYY-MM-DD, YYYY-MM or YYYY; empty = open.")
    c1, c2 = st.columns(2)
    raw = {"start": c1.text_input("From", key=KEYS["start"], bind=BIND, placeholder=str(lo or "YYYY-MM-DD")),
           "end": c2.text_input("To", key=KEYS["end"], bind=BIND, placeholder=str(hi or "YYYY-MM-DD"))}
    got = {}
    for slot, text in raw.items():
        try:
            got[slot] = flt.parse_day(text, end=slot == "end")
        except ValueError as exc:
            st.error(f"{'From' if slot == 'start' else 'To'}: {exc}; this end of the range is open.",
                     icon=":material/event_busy:")
            got[slot] = None
    if got["start"] and got["end"] and got["start"] > got["end"]:
        st.warning("From is after To: nothing can match.", icon=":material/event_busy:")
    return got["start"], got["end"]


def _undated(counts: dict) -> tuple[bool, bool]:
    """Under the date range: how undated meetings and articles are treated, with a switch for each."""
    m, a = counts["meetings"], counts["articles"]
    meetings = st.checkbox(f"Keep meetings without a stated date ({m:,})", value=True, key=KEYS["undated_meetings"], bind=BIND,
                help="The text does not say when these meetings happened. Kept, they count under the date range "
                     "by the date they were reported; left out, only meetings with a stated date count.")
    articles = st.checkbox(f"Keep articles without a publication date ({a:,})", value=False, key=KEYS["undated_articles"],
                bind=BIND, help="A date range cannot place these articles; kept, they count under any date range.")
    return meetings, articles


def more_set() -> bool:
    """Whether a filter behind "More filters" is set (in the session, or in the URL the page was opened with)."""
    keys = [KEYS[f] for f in MORE] + [KEYS["min_confidence"]]
    return any(st.session_state.get(k) for k in keys) or any(k in st.query_params for k in keys)


def _more(opts: dict) -> dict[str, list[str]]:
    """The list filters behind "More filters"."""
    return {
        "sources": _multi("Sources", "sources", opts["sources"]),
        "languages": _multi("Languages", "languages", opts.get("languages", []), words.language,
                            help="The language the article is written in."),
        "kinds": _multi("Meeting kinds", "kinds", opts["kinds"], words.kind),
        "statuses": _multi("Meeting status", "statuses", opts["statuses"], words.status),
    }


def render(opts: dict, undated_counts=None, page=None) -> tuple[Filters, dict[str, str]]:
    """Draw the filter widgets; return the filters and the entity id → label map they use.
    `undated_counts(filters)` gives the undated meetings and articles for the date-range switches; `page` (the
    page being shown) is opened again when a link's values must be written otherwise (see _fix_link)."""
    people: pd.DataFrame = opts["people"]
    orgs: pd.DataFrame = opts["orgs"]
    listed = dict(zip(pd.concat([people["entity_id"], orgs["entity_id"]]),
                      pd.concat([people["label"], orgs["label"]])))
    _check_link(opts, listed)
    if page is not None:
        _fix_link(page)
    lists = {"people": people["entity_id"].tolist(), "orgs": orgs["entity_id"].tolist(),
             "places": list(opts.get("places", []))}
    lists = {field: values + _past(field, values) for field, values in lists.items()}
    extra = [i for f in ("people", "orgs") for i in lists[f] if i not in listed]
    labels = {**listed, **(state.names().labels(extra) if extra else {})}
    lo, hi = opts["bounds"]
    totals = opts.get("totals", {})
    cut = {"people": _cut(len(people), totals.get("PERSON"), "most mentioned people"),
           "orgs": _cut(len(orgs), totals.get("ORG"), "most mentioned organisations"),
           "places": _cut(len(opts.get("places", [])), totals.get("places"), "places with the most meetings")}
    with st.sidebar:
        st.header("Filters")
        start, end = _dates(lo, hi)
        undated = st.container()
        chosen = {"people": _multi("People", "people", lists["people"], labels.get, help=cut["people"])}
        if any(cut.values()):
            picker.search("find", "Find any name", FOUND, _add,
                          help="Any person, organisation or meeting place in the build, not only those listed: "
                               "type part of a name (case and accents ignored) and choose a match to filter by it.")
        chosen |= {
            "countries": _multi("Countries", "countries", opts["countries"],
                                help="Articles mentioning the country or its people; meetings by participants."),
            "orgs": _multi("Organisations", "orgs", lists["orgs"], labels.get, help=cut["orgs"]),
            "topics": _multi("Topics", "topics", opts["topics"]),
            "places": _multi("Meeting places", "places", lists["places"],
                             help=" ".join(filter(None, [
                                 "Where a meeting happened, as the text names the place (see the map).",
                                 cut["places"]]))),
        }
        chosen |= {field: [] for field in MORE}
        conf = 0.0
        is_set = more_set()
        more = st.expander(MORE_LABEL, expanded=is_set, key=MORE_KEY, bind=BIND, on_change="rerun")
        if more.open or is_set:
            with more:
                chosen |= _more(opts)
                conf = st.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key=KEYS["min_confidence"], bind=BIND,
                                 help="Meetings extracted with less confidence are hidden.")
        st.button("Reset filters", on_click=_reset, args=(opts,), icon=":material/restart_alt:")
    f = flt.make(start, end, bounds=(lo, hi), min_confidence=conf, **chosen)
    if f.dated() and undated_counts is not None:
        with undated:
            keep_meetings, keep_articles = _undated(undated_counts(f))
        f = replace(f, undated_meetings=keep_meetings, undated_articles=keep_articles)
    return f, labels
