"""Global filter state ↔ parameterised SQL where-clauses ↔ URL query parameters (pure functions).

SQL text here is built only from constant fragments; every value a viewer chooses travels as a
`?` parameter, never inside the SQL string.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Callable, Mapping

from .labels import KINDS, LANGUAGES, STATUSES

# URL query-parameter names; the sidebar widgets use these as keys (bound to the URL).
KEYS = {"start": "from", "end": "to", "dates": "dates", "countries": "country", "people": "person", "orgs": "org",
        "topics": "topic", "sources": "source", "languages": "lang", "kinds": "kind", "statuses": "status",
        "places": "place", "min_confidence": "conf", "undated_meetings": "undated_meetings",
        "undated_articles": "undated_articles"}
_CODE_LABELS = {**KINDS, **STATUSES, **LANGUAGES}  # kinds, statuses and languages appear in the URL as labels
LIST_FIELDS = ("countries", "people", "orgs", "topics", "sources", "languages", "kinds", "statuses", "places")
FLAG_FIELDS = ("undated_meetings", "undated_articles")


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
    places: tuple[str, ...] = ()     # where meetings happened, as the text names the place
    min_confidence: float = 0.0
    undated_meetings: bool = True    # under a date range: keep meetings without a stated date, by report date
    undated_articles: bool = False   # under a date range: keep articles without a publication date

    def is_empty(self) -> bool:
        """True when no filter restricts anything (the undated switches matter only under a date range)."""
        return replace(self, undated_meetings=True, undated_articles=False) == Filters() and not self.dated()

    def dated(self) -> bool:
        """True when a date range is set."""
        return self.start is not None or self.end is not None

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
         undated_meetings: bool = True, undated_articles: bool = False, **lists) -> Filters:
    """Filters from widget values: a date range equal to the data's bounds means no date filter."""
    lo, hi = bounds
    clean = {k: tuple(sorted(set(v or ()))) for k, v in lists.items()}
    return Filters(start=None if start is None or (lo is not None and start <= lo) else start,
                   end=None if end is None or (hi is not None and end >= hi) else end,
                   min_confidence=float(min_confidence or 0.0), undated_meetings=bool(undated_meetings),
                   undated_articles=bool(undated_articles), **clean)


def _ranges(column: str, ranges) -> tuple[str, list]:
    """`column BETWEEN ? AND ?` for one (lo, hi) range, OR-ed for a list of them."""
    if isinstance(ranges, tuple):
        ranges = [ranges]
    parts = [f"{column} BETWEEN ? AND ?" for _ in ranges]
    params = [v for r in ranges for v in r]
    if not parts:
        return "FALSE", []
    return (parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"), params


def in_list(column: str, values: list) -> tuple[str, list]:
    """`column IN (?, ?, …)`: one placeholder per value, so DuckDB can skip row groups by them."""
    if not values:
        return "FALSE", []
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def article_where(f: Filters, aid_range: tuple[int, int] | None = None, alias: str = "x",
                  events: bool = True, eids: Callable[[tuple[str, ...]], list[int]] | None = None) -> tuple[str, list]:
    """WHERE clause restricting `alias.aid` (a serving table keyed by article) to the filtered articles.

    `aid_range` is the filter's date range as an aid range, or a list of them (see queries.Store.aid_range); source,
    people/org/country mentions and topics restrict articles; meeting kind, status and confidence restrict
    them to articles reporting such a meeting when `events` is true. `eids` maps entity ids to the
    serving tables' integer keys (looked up in SQL when not given).
    """
    x = alias
    sql: list[str] = []
    params: list = []
    if aid_range is not None:
        inner, inner_params = _ranges(f"{x}.aid", aid_range)
        sql.append(inner)
        params += inner_params
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
    if events and (f.kinds or f.statuses or f.places or f.min_confidence > 0):
        inner, inner_params = meeting_where(f, "mm")
        sql.append(f"{x}.aid IN (SELECT mm.aid FROM mtg mm WHERE {inner})")
        params.extend(inner_params)
    return (" AND ".join(sql) or "TRUE"), params


def meeting_where(f: Filters, alias: str = "m") -> tuple[str, list]:
    """WHERE clause on kind, status, place and confidence of one meeting (or meeting event) row."""
    m = alias
    sql: list[str] = []
    params: list = []
    if f.kinds:
        sql.append(f"list_contains(?, {m}.kind)")
        params.append(list(f.kinds))
    if f.statuses:
        sql.append(f"list_contains(?, {m}.status)")
        params.append(list(f.statuses))
    if f.places:
        sql.append(f"list_contains(?, {m}.place)")
        params.append(list(f.places))
    if f.min_confidence > 0:
        sql.append(f"{m}.confidence >= ?")
        params.append(f.min_confidence)
    return (" AND ".join(sql) or "TRUE"), params


def event_where(f: Filters, ev_range: tuple[int, int] | None = None, alias: str = "e",
                eids: Callable[[tuple[str, ...]], list[int]] | None = None) -> tuple[str, list]:
    """WHERE clause over the `evt` serving table: event day (as an `ev` range, see queries.Store.ev_range:
    the stated date, else the report date), participants, kind/status/place/confidence, and at least one
    reporting article passing the source/language/org/topic filters. Under a date range, meetings without a
    stated date are left out unless `f.undated_meetings`."""
    e = alias
    sql, params = [], []
    if ev_range is not None:
        sql.append(f"{e}.ev BETWEEN ? AND ?")
        params += list(ev_range)
    if f.dated() and not f.undated_meetings:
        sql.append(f"{e}.date IS NOT NULL")
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


def to_query_params(f: Filters, labels: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """The URL query parameters that reproduce `f` (the sidebar widgets read them on load).

    List values are written as their widget labels (`labels` maps entity id → label); dates as ISO.
    """
    labels = {**_CODE_LABELS, **(labels or {})}
    out: dict[str, list[str]] = {}
    if f.start:
        out[KEYS["start"]] = [f.start.isoformat()]
    if f.end:
        out[KEYS["end"]] = [f.end.isoformat()]
    for name in LIST_FIELDS:
        values = getattr(f, name)
        if values:
            out[KEYS[name]] = [labels.get(v, v) for v in values]
    if f.min_confidence > 0:
        out[KEYS["min_confidence"]] = [f"{f.min_confidence:g}"]
    for name in FLAG_FIELDS:
        if getattr(f, name) != getattr(Filters(), name):
            out[KEYS[name]] = [str(getattr(f, name)).lower()]
    return out


def from_query_params(params: Mapping[str, list[str]], labels: Mapping[str, str] | None = None) -> Filters:
    """Inverse of `to_query_params` (unknown keys and malformed values are ignored)."""
    by_label = {v: k for k, v in {**_CODE_LABELS, **(labels or {})}.items()}
    kw: dict = {}
    for slot, raw in link_dates(params).items():
        try:
            kw[slot] = parse_day(raw, end=slot == "end")
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
    for name in FLAG_FIELDS:
        raw = [v.lower() for v in params.get(KEYS[name], [])]
        if raw and raw[0] in ("true", "false"):
            kw[name] = raw[0] == "true"
    return Filters(**kw)


def without(f: Filters, *names: str) -> Filters:
    """A copy of `f` with the named fields reset to "no restriction"."""
    defaults = {fl.name: fl.default for fl in fields(Filters)}
    return replace(f, **{n: defaults[n] for n in names})


def check_link(params: Mapping[str, list[str]], known: Mapping[str, set[str]],
               bounds: tuple[date | None, date | None]) -> tuple[dict[str, list], list[str]]:
    """What a shared link's filters keep in this build: (URL key → values to keep, for the keys where
    something had to change) and one notice per value left out or corrected, naming it.

    `known` maps URL keys of list filters to the values the sidebar offers; `bounds` is the build's date range.
    A date outside it is moved to its edge (the rest of the range is kept); a malformed date is dropped.
    """
    keep: dict[str, list] = {}
    notes: list[str] = []
    for key, offered in known.items():
        values = list(params.get(key, []))
        dropped = [v for v in values if v not in offered]
        if dropped:
            keep[key] = [v for v in values if v in offered]
            notes.append(f"{_NAMES.get(key, key)} not in this build, left out of the filter: "
                         + ", ".join(f"“{v}”" for v in dropped))
    raw = link_dates(params)
    if any(raw.values()):
        got, date_notes = _link_dates(raw, bounds)
        notes += date_notes
        keep[KEYS["start"]], keep[KEYS["end"]] = got
    return keep, notes


_NAMES = {KEYS["languages"]: "Languages", KEYS["people"]: "People", KEYS["countries"]: "Countries", KEYS["orgs"]: "Organisations",
          KEYS["topics"]: "Topics", KEYS["sources"]: "Sources", KEYS["kinds"]: "Meeting kinds",
          KEYS["statuses"]: "Meeting statuses", KEYS["places"]: "Places"}


def link_dates(params: Mapping[str, list[str]]) -> dict[str, str]:
    """The start and end a link asks for: `from=` and `to=`, or the older `dates=START&dates=END`."""
    older = list(params.get(KEYS["dates"], [])) + ["", ""]
    return {"start": (list(params.get(KEYS["start"], [])) or [older[0]])[0],
            "end": (list(params.get(KEYS["end"], [])) or [older[1]])[0]}


def parse_day(text: str | None, end: bool = False) -> date | None:
    """A typed day: `2024-03-05` (or with `/` or `.`), `2024-03` or `2024` (the first day of the month or year,
    or the last one when `end`); None when empty. ValueError for anything else."""
    text = (text or "").strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    parts = text.split("-")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 4 or len(parts) > 3:
        raise ValueError(f"“{text}” is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    try:
        return _day([int(p) for p in parts], end)
    except ValueError:
        raise ValueError(f"“{text}” is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None


def _day(parts: list[int], end: bool) -> date:
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if end else 1)
    if len(parts) == 3:
        return date(year, month, parts[2])
    if not end:
        return date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _link_dates(raw: dict[str, str], bounds: tuple[date | None, date | None]) -> tuple[list[str], list[str]]:
    """A link's start and end as the date fields show them (a malformed one left out, with a notice), and a
    notice when the range cannot match anything in this build."""
    lo, hi = bounds
    got: dict[str, date | None] = {}
    notes: list[str] = []
    for slot in ("start", "end"):
        try:
            got[slot] = parse_day(raw[slot], end=slot == "end")
        except ValueError as exc:
            got[slot] = None
            notes.append(f"The link's {'start' if slot == 'start' else 'end'} date is left out: {exc}.")
    start, end = got["start"], got["end"]
    if start and end and start > end:
        notes.append(f"The link's start date {start} is after its end date {end}: nothing can match.")
    elif lo and hi and (start and start > hi or end and end < lo):
        notes.append(f"The link's dates ({start or '…'} – {end or '…'}) lie outside this build's dates "
                     f"({lo} – {hi}): nothing can match them.")
    return [start.isoformat() if start else "", end.isoformat() if end else ""], notes
