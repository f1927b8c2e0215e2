"""Global filter state ↔ parameterised SQL where-clauses ↔ URL query parameters (pure functions).

SQL text here is built only from constant fragments; every value a viewer chooses travels as a
`?` parameter, never inside the SQL string.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Callable, Mapping

# URL query-parameter names; the sidebar widgets use these as keys (bound to the URL).
KEYS = {"dates": "dates", "countries": "country", "people": "person", "orgs": "org", "topics": "topic",
        "sources": "source", "languages": "lang", "kinds": "kind", "statuses": "status", "min_confidence": "conf"}
LIST_FIELDS = ("countries", "people", "orgs", "topics", "sources", "languages", "kinds", "statuses")


@dataclass(frozen=True)
class Filters:
    """What the analyst has narrowed the corpus to; empty means "no restriction"."""
    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = ()
    people: tuple[str, ...] = ()     # entity ids
    orgs: tuple[str, ...] = ()       # entity ids
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # ISO 639-1 codes of the articles' language
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    min_confidence: float = 0.0

    def is_empty(self) -> bool:
        """True when no filter restricts anything."""
        return self == Filters()

    def describe(self) -> list[str]:
        """Active filters as short human-readable parts (ids, not display names)."""
        parts = []
        if self.start or self.end:
            parts.append(f"dates {self.start or '…'} – {self.end or '…'}")
        for name in LIST_FIELDS:
            values = getattr(self, name)
            if values:
                parts.append(f"{name}: {len(values)}")
        if self.min_confidence > 0:
            parts.append(f"confidence ≥ {self.min_confidence:.2f}")
        return parts


def make(start=None, end=None, bounds: tuple[date | None, date | None] = (None, None), min_confidence: float = 0.0,
         **lists) -> Filters:
    """Filters from widget values: a date range equal to the data's bounds means no date filter."""
    lo, hi = bounds
    clean = {k: tuple(sorted(set(v or ()))) for k, v in lists.items()}
    return Filters(start=None if start is None or (lo is not None and start <= lo) else start,
                   end=None if end is None or (hi is not None and end >= hi) else end,
                   min_confidence=float(min_confidence or 0.0), **clean)


def in_list(column: str, values: list) -> tuple[str, list]:
    """`column IN (?, ?, …)`: one placeholder per value, so DuckDB can skip row groups by them."""
    if not values:
        return "FALSE", []
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def article_where(f: Filters, aid_range: tuple[int, int] | None = None, alias: str = "x",
                  events: bool = True, eids: Callable[[tuple[str, ...]], list[int]] | None = None) -> tuple[str, list]:
    """WHERE clause restricting `alias.aid` (a serving table keyed by article) to the filtered articles.

    `aid_range` is the filter's date range as an aid range (see queries.Store.aid_range); source,
    people/org/country mentions and topics restrict articles; meeting kind, status and confidence restrict
    them to articles reporting such a meeting when `events` is true. `eids` maps entity ids to the
    serving tables' integer keys (looked up in SQL when not given).
    """
    x = alias
    sql: list[str] = []
    params: list = []
    if aid_range is not None:
        sql.append(f"{x}.aid BETWEEN ? AND ?")
        params += list(aid_range)
    if f.sources:
        sql.append(f"{x}.aid IN (SELECT aid FROM art WHERE list_contains(?, source))")
        params.append(list(f.sources))
    if f.languages:
        sql.append(f"{x}.aid IN (SELECT aid FROM art WHERE list_contains(?, language))")
        params.append(list(f.languages))
    for ids in (f.people, f.orgs):
        if ids and eids is not None:
            inner, inner_params = in_list("eid", eids(ids))
            sql.append(f"{x}.aid IN (SELECT aid FROM men_by_ent WHERE {inner})")
            params += inner_params
        elif ids:
            sql.append(f"{x}.aid IN (SELECT aid FROM men_by_ent WHERE eid IN "
                       "(SELECT eid FROM ent WHERE list_contains(?, entity_id)))")
            params.append(list(ids))
    if f.countries:
        sql.append(f"{x}.aid IN (SELECT aid FROM art_country WHERE cid IN "
                   "(SELECT cid FROM countries WHERE list_contains(?, country)))")
        params.append(list(f.countries))
    if f.topics:
        sql.append(f"{x}.aid IN (SELECT aid FROM top WHERE list_contains(?, topic))")
        params.append(list(f.topics))
    if events and (f.kinds or f.statuses or f.min_confidence > 0):
        inner, inner_params = meeting_where(f, "mm")
        sql.append(f"{x}.aid IN (SELECT mm.aid FROM mtg mm WHERE {inner})")
        params.extend(inner_params)
    return (" AND ".join(sql) or "TRUE"), params


def meeting_where(f: Filters, alias: str = "m") -> tuple[str, list]:
    """WHERE clause on kind, status and confidence of one meeting (or meeting event) row."""
    m = alias
    sql: list[str] = []
    params: list = []
    if f.kinds:
        sql.append(f"list_contains(?, {m}.kind)")
        params.append(list(f.kinds))
    if f.statuses:
        sql.append(f"list_contains(?, {m}.status)")
        params.append(list(f.statuses))
    if f.min_confidence > 0:
        sql.append(f"{m}.confidence >= ?")
        params.append(f.min_confidence)
    return (" AND ".join(sql) or "TRUE"), params


def event_where(f: Filters, ev_range: tuple[int, int] | None = None, alias: str = "e",
                eids: Callable[[tuple[str, ...]], list[int]] | None = None) -> tuple[str, list]:
    """WHERE clause over the `evt` serving table: event day (as an `ev` range, see queries.Store.ev_range),
    participants, kind/status/confidence, and at least one reporting article passing the source/language/org/topic
    filters."""
    e = alias
    sql, params = [], []
    if ev_range is not None:
        sql.append(f"{e}.ev BETWEEN ? AND ?")
        params += list(ev_range)
    if f.people:
        sql.append(f"(list_contains(?, {e}.a_id) OR list_contains(?, {e}.b_id))")
        params += [list(f.people), list(f.people)]
    if f.countries:
        sql.append(f"(list_contains(?, {e}.a_country) OR list_contains(?, {e}.b_country))")
        params += [list(f.countries), list(f.countries)]
    inner, inner_params = meeting_where(f, e)
    if inner_params:
        sql.append(inner)
        params += inner_params
    article_only = Filters(sources=f.sources, languages=f.languages, orgs=f.orgs, topics=f.topics)
    if not article_only.is_empty():
        inner, inner_params = article_where(article_only, None, "ea", events=False, eids=eids)
        sql.append(f"{e}.ev IN (SELECT ea.ev FROM evt_art ea WHERE {inner})")
        params += inner_params
    return (" AND ".join(sql) or "TRUE"), params


def unique_labels(ids: list[str], names: Mapping[str, str]) -> dict[str, str]:
    """id → display label, unique: a name shared by several ids gets the id appended."""
    counts: dict[str, int] = {}
    for i in ids:
        counts[names.get(i, i)] = counts.get(names.get(i, i), 0) + 1
    return {i: names.get(i, i) if counts[names.get(i, i)] == 1 else f"{names.get(i, i)} ({i})" for i in ids}


def to_query_params(f: Filters, labels: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """The URL query parameters that reproduce `f` (the sidebar widgets read them on load).

    List values are written as their widget labels (`labels` maps entity id → label); dates as ISO.
    """
    labels = labels or {}
    out: dict[str, list[str]] = {}
    if f.start or f.end:
        out[KEYS["dates"]] = [str(f.start or ""), str(f.end or "")]
    for name in LIST_FIELDS:
        values = getattr(f, name)
        if values:
            out[KEYS[name]] = [labels.get(v, v) for v in values]
    if f.min_confidence > 0:
        out[KEYS["min_confidence"]] = [f"{f.min_confidence:g}"]
    return out


def from_query_params(params: Mapping[str, list[str]], labels: Mapping[str, str] | None = None) -> Filters:
    """Inverse of `to_query_params` (unknown keys and malformed values are ignored)."""
    by_label = {v: k for k, v in (labels or {}).items()}
    kw: dict = {}
    dates = list(params.get(KEYS["dates"], []))
    for slot, raw in zip(("start", "end"), dates[:2]):
        try:
            kw[slot] = date.fromisoformat(raw) if raw else None
        except ValueError:
            pass
    for name in LIST_FIELDS:
        values = params.get(KEYS[name], [])
        if values:
            kw[name] = tuple(sorted({by_label.get(v, v) for v in values}))
    try:
        kw["min_confidence"] = float(params.get(KEYS["min_confidence"], ["0"])[0])
    except (ValueError, IndexError):
        pass
    return Filters(**kw)


def without(f: Filters, *names: str) -> Filters:
    """A copy of `f` with the named fields reset to "no restriction"."""
    defaults = {fl.name: fl.default for fl in fields(Filters)}
    return replace(f, **{n: defaults[n] for n in names})
