"""The one query module: parameterised DuckDB queries over a build's serving tables (data_pipeline/store/serving.py).

A build published by the pipeline carries `serving.duckdb` and `search.sqlite`, opened read-only; an older
or hand-made build gets the same tables built in memory from its parquet files. Every viewer-chosen value
travels as a `?` parameter. Date filters become ranges of the publication-ordered `aid` (articles; a key made of
the day, serving.aid_range, not a row number) and `ev` (meeting events, dense), which DuckDB answers by skipping
whole row groups. Counts come from count(*), never from the width of a range.
"""
from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import numpy as np
import pandas as pd

from data_pipeline.store import emerging as emerging_test
from data_pipeline.store import fulltext, serving

from . import lookup, periods
from .filters import Filters, article_where, event_where, in_list, without

log = logging.getLogger(__name__)
PERIODS = periods.PERIODS
MEMORY_LIMIT = "1GB"   # per dashboard process; DuckDB spills to disk beyond it
EVENT_COLUMNS = ("event_id", "day", "date", "a_id AS a", "b_id AS b", "a_name", "b_name", "a_country", "b_country",
                 "kind", "status", "place", "n_articles", "first_reported AS reported", "confidence", "evidence")


def _event_columns(alias: str = "e") -> str:
    """The columns an event row carries, read from the `evt` table aliased `alias`."""
    return ", ".join(f"{alias}.{c}" for c in EVENT_COLUMNS)


class Store:
    """A DuckDB connection holding the serving tables of the build in `path`, plus its full-text index."""

    def __init__(self, path: Path, memory_limit: str = MEMORY_LIMIT, threads: int | None = None):
        self.path = Path(path).resolve()
        config = {"memory_limit": memory_limit, **({"threads": threads} if threads else {})}
        self.con = self._open(config)
        self.present = serving.info(self.con)[1]
        self.meeting_columns = set(self.df("SELECT * FROM mtg LIMIT 0").columns)
        self.event_days = self._days("SELECT day FROM evt ORDER BY ev")
        self.search_index = self._index()
        self._memo: OrderedDict = OrderedDict()
        self._memo_lock = threading.Lock()

    def memo(self, key: tuple, compute: Callable[[], pd.DataFrame], size: int = 16) -> pd.DataFrame:
        """`compute()` once per key while it stays among the `size` most recent (pages share intermediates)."""
        with self._memo_lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            self._memo[key] = value
            while len(self._memo) > size:
                self._memo.popitem(last=False)
        return value

    def _open(self, config: dict) -> duckdb.DuckDBPyConnection:
        """The build's serving.duckdb when it is current, else the same tables built in memory."""
        file = self.path / serving.FILE
        if file.exists():
            con = duckdb.connect(str(file), read_only=True, config=config)
            got = serving.info(con)
            if got and got[0] == serving.VERSION:
                return con
            con.close()
        con = duckdb.connect(":memory:", config=config)
        serving.create(con, self.path)
        return con

    def _index(self) -> fulltext.Index:
        """The build's search.sqlite when it opens and answers, else the same index built in memory: a missing,
        stale or corrupted file slows the first search down but never breaks it."""
        file = self.path / fulltext.FILE
        if file.exists() and (self.path / serving.FILE).exists():
            try:
                index = fulltext.Index.open(file)
                list(index.newest("probe", 0, 0))
                return index
            except sqlite3.DatabaseError as exc:
                log.warning("%s: unusable (%s); searching an index built in memory instead", file, exc)
        return self.memory_index()

    def memory_index(self) -> fulltext.Index:
        """The full-text index built in memory from the serving tables."""
        with self.con.cursor() as cur:
            return fulltext.Index.in_memory(cur.execute(serving.SEARCH_ROWS).fetchall())

    def search(self, text: str, lo: int, hi: int, keys, also=()) -> Iterator[list[int]]:
        """`search_index.newest(...)`; when the file index fails mid-way (corruption further in), the search
        starts again on an index built in memory."""
        try:
            yield from self.search_index.newest(text, lo, hi, keys, also=also)
        except sqlite3.DatabaseError as exc:
            log.warning("%s: search failed (%s); searching an index built in memory instead",
                        self.path / fulltext.FILE, exc)
            self.search_index = self.memory_index()
            yield from self.search_index.newest(text, lo, hi, keys, also=also)

    def _days(self, sql: str) -> DayIndex:
        return DayIndex(self.df(sql).iloc[:, 0].to_numpy(dtype="datetime64[D]"))

    def df(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """Run one parameterised query on a per-call cursor (safe across Streamlit's threads)."""
        with self.con.cursor() as cur:
            return cur.execute(sql, list(params)).df()

    def aid_range(self, f: Filters) -> tuple[int, int] | list[tuple[int, int]]:
        """The aids of articles published inside the filter's date range (all articles without one); with
        `f.undated_articles`, also the range of articles without a publication date."""
        inside = serving.aid_range(f.start, f.end)
        if f.dated() and f.undated_articles:
            return [inside, serving.UNDATED]
        return inside

    def aid_ranges(self, f: Filters) -> list[tuple[int, int]]:
        """`aid_range` as a list of ranges, newest first."""
        got = self.aid_range(f)
        return got if isinstance(got, list) else [got]

    def eids(self, entity_ids: tuple[str, ...]) -> list[int]:
        """The integer keys of the given entity ids (unknown ids are left out)."""
        return self.df("SELECT eid FROM ent WHERE entity_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY eid",
                       [list(entity_ids)])["eid"].tolist()

    def tids(self, topics: tuple[str, ...]) -> list[int]:
        """The integer codes of the given topics (unknown ones are left out)."""
        return self.df("SELECT tid FROM topic_names WHERE list_contains(?, topic) ORDER BY tid",
                       [list(topics)])["tid"].tolist()

    def cids(self, countries: tuple[str, ...]) -> list[int]:
        """The integer codes of the given countries (unknown ones are left out)."""
        return self.df("SELECT cid FROM countries WHERE list_contains(?, country) ORDER BY cid",
                       [list(countries)])["cid"].tolist()

    def ev_range(self, f: Filters) -> tuple[int, int]:
        """The evs of meeting events whose day is inside the filter's date range (all without one)."""
        return self.event_days.range(f.start, f.end)


class DayIndex:
    """Row position ↔ day for a table sorted by day with undated rows first: a date range → a row range."""

    def __init__(self, days: np.ndarray):
        self.undated = int(np.isnat(days).sum())  # NaT sort first
        self.days = days[self.undated:]
        self.n = len(days)

    def range(self, start: date | None, end: date | None) -> tuple[int, int]:
        """[lo, hi] row positions (hi < lo when nothing is inside)."""
        if start is None and end is None:
            return 0, self.n - 1
        lo = self.undated + (int(np.searchsorted(self.days, np.datetime64(start, "D"), "left")) if start else 0)
        hi = self.undated + (int(np.searchsorted(self.days, np.datetime64(end, "D"), "right")) if end
                             else len(self.days)) - 1
        return lo, hi


def _fa(s: Store, f: Filters, alias: str = "x") -> tuple[str, list]:
    """A WHERE fragment restricting `alias.aid` to the articles passing the filters."""
    return article_where(f, s.aid_range(f), alias, eids=s.eids)


def _fe(s: Store, f: Filters, alias: str = "e") -> tuple[str, list]:
    """A WHERE fragment restricting the `evt` rows aliased `alias` to the events passing the filters."""
    return event_where(f, s.ev_range(f), alias, eids=s.eids)


def _period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    return period


# ---------------------------------------------------------------- filter options and counts

SIDEBAR_ENTITIES = 1000  # people (and as many organisations, and meeting places) a sidebar list offers
# Every page's sidebar carries these lists: at 3,000 each (1 M articles) they were 134 kB of every page's first
# message and ~0.3 s of the browser's main thread per page (bench/RESULTS.md §22 (big)).


def options(s: Store, max_entities: int | None = None) -> dict:
    """Everything the sidebar offers: entities (the most mentioned `max_entities` people and as many
    organisations, each with its label (lookup.LABELLED), with how many there are in all; SIDEBAR_ENTITIES when
    None), countries, topics, sources, kinds, statuses, the most frequent `max_entities` meeting places, date bounds."""
    max_entities = SIDEBAR_ENTITIES if max_entities is None else max_entities
    ents = s.df(f"""SELECT entity_id, name, type, country, mentions, label FROM (
                     SELECT *, row_number() OVER (PARTITION BY type ORDER BY mentions DESC, entity_id) AS rank
                     FROM ({lookup.LABELLED}))
                   WHERE rank <= ? ORDER BY name, entity_id""", [max_entities])
    col = lambda sql: s.df(sql).iloc[:, 0].dropna().astype(str).tolist()  # noqa: E731
    bounds = s.df("""SELECT least(min(a.lo), min(e.lo)) AS lo, greatest(max(a.hi), max(e.hi)) AS hi FROM
                     (SELECT min(published) AS lo, max(published) AS hi FROM art) a,
                     (SELECT min(day) AS lo, max(day) AS hi FROM evt) e""").iloc[0]
    return {
        "people": ents[ents["type"] == "PERSON"].reset_index(drop=True),
        "orgs": ents[ents["type"] == "ORG"].reset_index(drop=True),
        "countries": col("SELECT country FROM countries ORDER BY 1"),
        "topics": col("SELECT topic FROM topic_names ORDER BY 1"),
        "sources": col("SELECT DISTINCT source FROM art WHERE source IS NOT NULL ORDER BY 1"),
        "languages": col("SELECT DISTINCT language FROM art WHERE language IS NOT NULL ORDER BY 1"),
        "kinds": col("SELECT DISTINCT kind FROM mtg ORDER BY 1"),
        "statuses": col("SELECT DISTINCT status FROM mtg ORDER BY 1"),
        "places": [str(p) for p in s.df("""SELECT place FROM (SELECT place FROM evt WHERE place IS NOT NULL
                                            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ?) ORDER BY 1""",
                                         [max_entities])["place"]],
        "totals": _option_totals(s),
        "bounds": tuple(None if pd.isna(v) else pd.Timestamp(v).date() for v in (bounds["lo"], bounds["hi"])),
        "total_articles": int(s.df("SELECT count(*) FROM art").iloc[0, 0]),
    }


def _option_totals(s: Store) -> dict[str, int]:
    """How many people (PERSON), organisations (ORG) and meeting places there are in all (the sidebar says
    when its lists are cut)."""
    types = s.df("SELECT type, count(*) AS n FROM ent WHERE type IN ('PERSON', 'ORG') GROUP BY 1")
    places = s.df("SELECT count(DISTINCT place) FROM evt").iloc[0, 0]
    return {"PERSON": 0, "ORG": 0, **dict(zip(types["type"], types["n"].astype(int).tolist())), "places": int(places)}


def _mentioned(s: Store, f: Filters) -> pd.DataFrame:
    """Per entity mentioned in the filtered articles: type, mentions, articles (shared by counts and top lists)."""
    def compute() -> pd.DataFrame:
        if f.is_empty():  # the whole corpus: the totals the serving build stored per entity
            return s.df("SELECT eid, type AS etype, mentions, articles FROM ent WHERE mentions > 0")
        w, p = _fa(s, f, "m")
        return s.df(f"SELECT eid, etype, sum(n) AS mentions, count(*) AS articles FROM men m WHERE {w} GROUP BY ALL", p)
    return s.memo(("mentioned", f), compute)


def counts(s: Store, f: Filters) -> dict:
    """Headline numbers: articles, people mentioned, meeting events, and the date span."""
    wa, pa_ = _fa(s, f, "x")
    we, pe = _fe(s, f, "e")
    row = s.df(f"""SELECT
        (SELECT count(*) FROM art x WHERE {wa}) AS articles,
        (SELECT count(*) FROM evt e WHERE {we}) AS events,
        (SELECT min(published) FROM art x WHERE {wa}) AS first,
        (SELECT max(published) FROM art x WHERE {wa}) AS last""", pa_ + pe + pa_ + pa_).iloc[0]
    out = {k: (None if pd.isna(v) else v) for k, v in row.items()}
    out["people"] = int((_mentioned(s, f)["etype"] == "PERSON").sum())
    return {k: out[k] for k in ("articles", "people", "events", "first", "last")}


def articles_per_period(s: Store, f: Filters, period: str = "week") -> pd.DataFrame:
    """Dated articles per week (or month)."""
    w, p = _fa(s, f, "x")
    return s.df(f"""SELECT date_trunc(?, published) AS period, count(*) AS articles FROM art x
                    WHERE published IS NOT NULL AND {w} GROUP BY 1 ORDER BY 1""", [_period(period)] + p)


# ---------------------------------------------------------------- meetings

def _who(people: tuple[str, ...] | list[str] = (), pairs=()) -> tuple[str, list]:
    """Events involving any of `people` or joining any of `pairs` (no restriction when both are empty)."""
    parts, params = [], []
    if people:
        parts.append("(e.a IN (SELECT eid FROM ent WHERE list_contains(?, entity_id)) OR "
                     "e.b IN (SELECT eid FROM ent WHERE list_contains(?, entity_id)))")
        params += [list(people), list(people)]
    for a, b in pairs:
        parts.append("(least(e.a_id, e.b_id) = ? AND greatest(e.a_id, e.b_id) = ?)")
        params += [min(a, b), max(a, b)]
    return ("(" + " OR ".join(parts) + ")" if parts else "TRUE"), params


def events(s: Store, f: Filters, limit: int | None = None, involving: str | None = None,
           people: tuple[str, ...] = (), pairs: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """Meeting events passing the filters (and involving `involving`, any of `people` or any of `pairs`, when
    given), newest first, with names, countries and the most confident evidence sentence; at most `limit`."""
    w, p = _fe(s, f, "e")
    who, p2 = _who(tuple(people) + ((involving,) if involving else ()), pairs)
    lim, p3 = ("LIMIT ?", [limit]) if limit else ("", [])
    return _with_articles(s, s.df(f"SELECT {_event_columns()}, e.ev FROM evt e WHERE {w} AND {who} "
                                  f"ORDER BY e.ev DESC {lim}", p + p2 + p3))


def _with_articles(s: Store, ev: pd.DataFrame) -> pd.DataFrame:
    """Event rows (with their `ev`) plus `article_ids`: the articles reporting each, oldest first."""
    if ev.empty:
        return ev.drop(columns="ev").assign(article_ids=pd.Series(dtype=object))
    cond, params = in_list("ea.ev", sorted(set(ev["ev"].tolist())))
    ids = s.df(f"""SELECT ea.ev, list(a.article_id ORDER BY a.aid) AS article_ids FROM evt_art ea
                   JOIN art a ON a.aid = ea.aid WHERE {cond} GROUP BY ea.ev""", params)
    return ev.merge(ids, on="ev", how="left").drop(columns="ev")


def event_counts(s: Store, f: Filters) -> dict:
    """How many events pass the filters: all, with a stated date, placed only by their report date (`reported`),
    with neither (`undrawable`), and how many people they involve."""
    w, p = _fe(s, f, "e")
    row = s.df(f"""WITH fe AS (SELECT a_id, b_id, date, first_reported FROM evt e WHERE {w})
                   SELECT (SELECT count(*) FROM fe) AS events,
                          (SELECT count(*) FROM fe WHERE date IS NOT NULL) AS dated,
                          (SELECT count(*) FROM fe WHERE date IS NULL AND first_reported IS NOT NULL) AS reported,
                          (SELECT count(*) FROM fe WHERE date IS NULL AND first_reported IS NULL) AS undrawable,
                          (SELECT count(DISTINCT x) FROM (SELECT a_id AS x FROM fe UNION ALL SELECT b_id FROM fe)) AS people
                """, p).iloc[0]
    return {k: int(v) for k, v in row.items()}


def undated_counts(s: Store, f: Filters) -> dict:
    """What a date range leaves out or keeps by report date, under the other filters: articles without a
    publication date, and meetings without a stated date (of which reported inside the range)."""
    wa, pa_ = _fa(s, replace(f, start=None, end=None), "x")
    articles = s.df(f"SELECT count(*) FROM art x WHERE x.aid BETWEEN ? AND ? AND {wa}",
                    list(serving.UNDATED) + pa_).iloc[0, 0]
    we, pe = _fe(s, replace(f, start=None, end=None), "e")
    meetings = s.df(f"SELECT count(*) FROM evt e WHERE e.date IS NULL AND {we}", pe).iloc[0, 0]
    kept = meetings
    if f.dated():
        wk, pk = _fe(s, replace(f, undated_meetings=True), "e")
        kept = s.df(f"SELECT count(*) FROM evt e WHERE e.date IS NULL AND {wk}", pk).iloc[0, 0]
    return {"articles": int(articles), "meetings": int(meetings), "meetings_in_range": int(kept)}


def event_articles(s: Store, event_ids: tuple[str, ...]) -> pd.DataFrame:
    """event_id → the ids of the articles that report it (a list), for exports."""
    if not event_ids:
        return pd.DataFrame({"event_id": pd.Series(dtype=object), "article_ids": pd.Series(dtype=object)})
    evs = s.df("SELECT ev, event_id FROM evt WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [list(event_ids)])
    cond, params = in_list("ea.ev", evs["ev"].tolist())
    rows = s.df(f"""SELECT ea.ev, list(a.article_id ORDER BY a.aid) AS article_ids FROM evt_art ea
                    JOIN art a ON a.aid = ea.aid WHERE {cond} GROUP BY ea.ev""", params)
    return evs.merge(rows, on="ev", how="left")[["event_id", "article_ids"]]


def places(s: Store, f: Filters, limit: int = 500) -> pd.DataFrame:
    """Where the filtered meeting events happened: per place named, how many events (the `limit` most);
    a row with place None counts the events whose place is not stated."""
    w, p = _fe(s, f, "e")
    return s.df(f"""SELECT place, count(*) AS events, count(DISTINCT a_id) + count(DISTINCT b_id) AS people
                    FROM evt e WHERE {w} GROUP BY place ORDER BY (place IS NULL) DESC, events DESC, place
                    LIMIT ?""", p + [limit + 1])


def network(s: Store, f: Filters, limit: int = 80, dates_shown: int = 12) -> pd.DataFrame:
    """Per pair of people among the `limit` busiest (most events), the filtered events between them:
    count, kinds, places, the latest `dates_shown` stated dates and how many have no stated date (`undated`),
    with names and countries."""
    w, p = _fe(s, f, "e")
    return s.df(f"""WITH fe AS (SELECT least(a, b) AS x, greatest(a, b) AS y, kind, place, date FROM evt e
                                WHERE {w} AND a IS NOT NULL AND b IS NOT NULL),
                    busy AS (SELECT p FROM (SELECT x AS p FROM fe UNION ALL SELECT y FROM fe) JOIN ent ON ent.eid = p
                             GROUP BY p, ent.entity_id ORDER BY count(*) DESC, ent.entity_id LIMIT ?),
                    pairs AS (SELECT x, y, count(*) AS events, list(DISTINCT kind ORDER BY kind) AS kinds,
                                     coalesce(list(DISTINCT place ORDER BY place) FILTER (WHERE place IS NOT NULL), [])
                                         AS places,
                                     coalesce(list(DISTINCT date ORDER BY date DESC) FILTER (WHERE date IS NOT NULL)[1:?],
                                              []) AS dates,
                                     count(*) FILTER (WHERE date IS NULL) AS undated
                              FROM fe WHERE x IN (SELECT p FROM busy) AND y IN (SELECT p FROM busy) GROUP BY x, y)
                    SELECT least(ex.entity_id, ey.entity_id) AS a, greatest(ex.entity_id, ey.entity_id) AS b,
                           CASE WHEN ex.entity_id < ey.entity_id THEN ex.name ELSE ey.name END AS a_name,
                           CASE WHEN ex.entity_id < ey.entity_id THEN ey.name ELSE ex.name END AS b_name,
                           CASE WHEN ex.entity_id < ey.entity_id THEN ex.country ELSE ey.country END AS a_country,
                           CASE WHEN ex.entity_id < ey.entity_id THEN ey.country ELSE ex.country END AS b_country,
                           events, kinds, places, dates, undated
                    FROM pairs JOIN ent ex ON ex.eid = pairs.x JOIN ent ey ON ey.eid = pairs.y
                    ORDER BY 1, 2""", p + [limit, dates_shown])


def timeline(s: Store, f: Filters, by: str = "pair", rows: int = 40, points: int = 3000) -> pd.DataFrame:
    """Filtered events that can be placed in time (a stated date, else a report date: `date` tells which) on the
    `rows` busiest timeline rows (person, person pair or country pair), newest `points` of them; for
    `by="person"` each event appears once per participant, with the row in `who`."""
    if by not in ("person", "pair", "country"):
        raise ValueError("by must be person, pair or country")
    w, p = _fe(s, f, "e")
    keys = {"person": "SELECT ev, a AS k1, NULL AS k2 FROM fe UNION ALL SELECT ev, b, NULL FROM fe",
            "pair": "SELECT ev, least(a, b) AS k1, greatest(a, b) AS k2 FROM fe",
            "country": """SELECT ev, least(coalesce(a_country, 'unknown'), coalesce(b_country, 'unknown')) AS k1,
                                 greatest(coalesce(a_country, 'unknown'), coalesce(b_country, 'unknown')) AS k2
                          FROM fe"""}[by]
    who = "ent.name" if by == "person" else "NULL"
    # people by entity id (ties in the busiest rows go by id; eids are hashes), NULL when not an entity
    out = s.df(f"""WITH fe AS (SELECT ev, if(a IS NULL, NULL, a_id) AS a, if(b IS NULL, NULL, b_id) AS b, a_country,
                                      b_country FROM evt e WHERE {w} AND day IS NOT NULL),
                    keyed AS ({keys}),
                    busiest AS (SELECT k1, k2 FROM keyed GROUP BY ALL ORDER BY count(*) DESC, k1, k2 NULLS FIRST
                                LIMIT ?),
                    shown AS (SELECT keyed.* FROM keyed SEMI JOIN busiest ON busiest.k1 IS NOT DISTINCT FROM keyed.k1
                                                     AND busiest.k2 IS NOT DISTINCT FROM keyed.k2
                              ORDER BY keyed.ev DESC, keyed.k1 LIMIT ?)
                    SELECT {_event_columns()}, e.ev,
                           {who} AS who
                    FROM shown JOIN evt e ON e.ev = shown.ev
                    {"LEFT JOIN ent ON ent.entity_id = shown.k1" if by == "person" else ""}
                    ORDER BY e.ev DESC, who""", p + [rows, points])
    return _with_articles(s, out)


def _picked(event_ids: tuple[str, ...] | None) -> tuple[str, list]:
    """A condition restricting `e.event_id` to the chosen ids (no restriction for None)."""
    if event_ids is None:
        return "TRUE", []
    return "e.event_id IN (SELECT unnest(?::VARCHAR[]))", [list(event_ids)]


def evidence(s: Store, f: Filters, event_ids: tuple[str, ...] | None = None, limit: int = 5000) -> pd.DataFrame:
    """The sentences (one row per reporting article) behind the filtered events, or behind `event_ids`,
    newest first, at most `limit` rows."""
    w, p = _fe(s, f, "e")
    pick, p2 = _picked(event_ids)
    shown = s.df(f"""SELECT ev, event_id, day, a_name, b_name FROM evt e WHERE {w} AND {pick}
                     ORDER BY ev DESC LIMIT ?""", p + p2 + [limit])
    # constants, not joins: the reporting articles of recent events sit in a few row groups DuckDB can pick out
    evs, p3 = in_list("ev", shown["ev"].tolist())
    reports = s.df(f"SELECT DISTINCT aid FROM evt_art WHERE {evs}", p3)
    aids, p4 = in_list("m.aid", reports["aid"].tolist())
    reason = ", m.reason" if "reason" in s.meeting_columns else ", NULL::VARCHAR AS reason"
    rows = s.df(f"""SELECT m.event_id, m.kind, m.status, m.date, m.place, m.evidence, m.confidence, m.date_source,
                           m.start, a.article_id, a.title, a.source, a.published, left(a.text, 400) AS lead{reason}
                    FROM mtg m JOIN art a ON a.aid = m.aid WHERE {aids}""", p4)
    out = shown.merge(rows, on="event_id").sort_values(["ev", "article_id", "start"], ascending=[False, True, True])
    return out[["event_id", "day", "a_name", "b_name", "kind", "status", "date", "place", "evidence", "confidence",
                "date_source", "reason", "article_id", "title", "lead", "source", "published"]].head(limit) \
        .reset_index(drop=True)


def country_matrix(s: Store, f: Filters, event_ids: tuple[str, ...] | None = None, people: tuple[str, ...] = (),
                   pairs: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """Meeting events per (country, country) pair, both orders, unknown countries labelled as such
    (only `event_ids`, or only events of the selected `people` and `pairs`, among the filtered events)."""
    w, p = _fe(s, f, "e")
    pick, p2 = _picked(event_ids)
    who, p3 = _who(people, pairs)
    return s.df(f"""WITH picked AS (SELECT coalesce(a_country, 'unknown') AS x, coalesce(b_country, 'unknown') AS y
                                    FROM evt e WHERE {w} AND {pick} AND {who}),
                    pairs AS (SELECT x, y FROM picked UNION ALL SELECT y, x FROM picked WHERE x <> y)
                    SELECT x, y, count(*) AS events FROM pairs GROUP BY ALL ORDER BY x, y""", p + p2 + p3)


# ---------------------------------------------------------------- entities

def top_entities(s: Store, f: Filters, kind: str = "PERSON", limit: int = 20) -> pd.DataFrame:
    """Most mentioned entities of one type in the filtered articles."""
    ranked = _mentioned(s, f)
    ranked = ranked[ranked["etype"] == kind]
    if len(ranked) > limit:  # every entity tied with the last place, which goes by entity id below
        ranked = ranked[ranked["mentions"] >= ranked["mentions"].nlargest(limit).iloc[-1]]
    return s.df("""SELECT e.entity_id, e.name, e.country, t.mentions, t.articles
                   FROM (SELECT unnest(?::BIGINT[]) AS eid, unnest(?::BIGINT[]) AS mentions,
                                unnest(?::BIGINT[]) AS articles) t JOIN ent e USING (eid)
                   QUALIFY row_number() OVER (ORDER BY t.mentions DESC, e.entity_id) <= ?
                   ORDER BY t.mentions DESC, e.name""",
                [ranked["eid"].tolist(), ranked["mentions"].tolist(), ranked["articles"].tolist(), limit])


def entity(s: Store, entity_id: str) -> dict | None:
    """One entity's record (name, type, aliases, country), or None."""
    df = s.df("SELECT entity_id, name, type, aliases, country FROM ent WHERE entity_id = ?", [entity_id])
    return None if df.empty else df.iloc[0].to_dict()


def roles(s: Store, entity_id: str) -> pd.DataFrame:
    """Roles held by the entity over time (role, org, country, date, article)."""
    return s.df("""SELECT coalesce(r.date, r.published) AS date, r.role, r.org, r.country, r.article_id, r.title
                   FROM roles r WHERE r.entity_id = ? ORDER BY 1 NULLS LAST, r.role""", [entity_id])


def resolution(s: Store, entity_id: str) -> pd.DataFrame:
    """Why each surface form was merged into the entity, with how many articles used it."""
    return s.df("""SELECT surface, reason, count(DISTINCT article_id) AS articles FROM resolution
                   WHERE entity_id = ? GROUP BY ALL ORDER BY articles DESC, surface""", [entity_id])


def _eid(s: Store, entity_id: str) -> int:
    """The integer key of an entity id (-1 when unknown, which matches nothing)."""
    df = s.df("SELECT eid FROM ent WHERE entity_id = ?", [entity_id])
    return -1 if df.empty else int(df.iloc[0, 0])


def mentions_over_time(s: Store, f: Filters, entity_id: str, period: str = "month") -> pd.DataFrame:
    """Mentions of the entity per period in the filtered articles; mentions in articles without a publication
    date are one row with an empty period (last)."""
    w, p = _fa(s, f, "m")
    return s.df(f"""SELECT date_trunc(?, a.published) AS period, sum(m.n) AS mentions, count(*) AS articles
                    FROM men_by_ent m JOIN art a ON a.aid = m.aid
                    WHERE m.eid = ? AND {w} GROUP BY 1 ORDER BY 1 NULLS LAST""",
                [_period(period), _eid(s, entity_id)] + p)


def counterparts(s: Store, f: Filters, entity_id: str, limit: int = 1000) -> pd.DataFrame:
    """Who the entity met: one row per filtered event involving it, newest first, at most `limit`."""
    ev = events(s, f, limit=limit, involving=entity_id)
    ev["counterpart"] = ev["b_name"].where(ev["a"] == entity_id, ev["a_name"])
    return ev[["day", "date", "reported", "counterpart", "kind", "status", "place", "n_articles", "evidence",
               "event_id", "article_ids"]]


def topics_around(s: Store, f: Filters, entity_id: str) -> pd.DataFrame:
    """Topics of the filtered articles that mention the entity."""
    w, p = _fa(s, f, "t")
    return s.df(f"""SELECT t.topic, count(*) AS articles FROM top t
                    WHERE t.aid IN (SELECT aid FROM men_by_ent WHERE eid = ?) AND {w}
                    GROUP BY 1 ORDER BY articles DESC, t.topic""", [_eid(s, entity_id)] + p)


# ---------------------------------------------------------------- topics

def topic_share(s: Store, f: Filters, period: str = "month") -> pd.DataFrame:
    """Per period with dated articles and per topic: articles with the topic (0 when none), dated articles in
    the period, and the share. Topics seen nowhere in the filtered articles are left out."""
    if period in periods.FROM_MONTHS:   # summed from the months (one query serves month, quarter and year)
        return periods.coarsen(s.memo(("topic_share", f), lambda: topic_share(s, f, "month")), period)
    wa, pa_ = _fa(s, without(f, "topics"), "x")
    wt, pt = _fa(s, without(f, "topics"), "t")
    pick = "AND list_contains(?, t.topic)" if f.topics else ""
    per = _period(period)
    return s.df(f"""WITH tot AS (SELECT date_trunc(?, published) AS period, count(*) AS total FROM art x
                                 WHERE published IS NOT NULL AND {wa} GROUP BY 1),
                    hits AS (SELECT date_trunc(?, t.published) AS period, t.topic, count(*) AS articles FROM top t
                             WHERE t.published IS NOT NULL AND {wt} {pick} GROUP BY 1, 2),
                    names AS (SELECT DISTINCT h.topic, n.topic_group AS "group" FROM hits h
                              JOIN topic_names n USING (topic))
                    SELECT tot.period, names.topic, names."group", coalesce(hits.articles, 0) AS articles, tot.total,
                           coalesce(hits.articles, 0) / tot.total AS share
                    FROM tot CROSS JOIN names
                    LEFT JOIN hits ON hits.period = tot.period AND hits.topic = names.topic
                    ORDER BY tot.period, names.topic""",
                [per] + pa_ + [per] + pt + ([list(f.topics)] if f.topics else []))


def topic_country(s: Store, f: Filters) -> pd.DataFrame:
    """Articles per (topic, country mentioned) in the filtered articles."""
    if f.is_empty():
        return s.df("SELECT topic, country, articles FROM topic_country_all ORDER BY topic, country")
    w, p = _fa(s, without(f, "topics"), "t")  # rows of the picked topics are rows of articles having them
    pick = "AND t.tid IN (SELECT tid FROM topic_names WHERE list_contains(?, topic))" if f.topics else ""
    return s.df(f"""WITH grid AS (SELECT t.tid, t.cid, count(*) AS articles FROM top_country t
                                  WHERE {w} {pick} GROUP BY ALL)
                    SELECT n.topic, c.country, grid.articles FROM grid JOIN topic_names n USING (tid)
                    JOIN countries c USING (cid) ORDER BY n.topic, c.country""",
                p + ([list(f.topics)] if f.topics else []))


def topic_evidence(s: Store, f: Filters, topic: str, period_start=None, period: str = "month") -> pd.DataFrame:
    """The filtered articles behind one topic (in one period when given) and their topic sentences."""
    if period_start is not None:
        first = pd.Timestamp(period_start).date()
        last = periods.last_day(first, _period(period)).date()
        start = max(first, f.start) if f.start else first
        end = min(last, f.end) if f.end else last
        when, pw = "AND date_trunc(?, a.published) = ?", [period, first]
        f = Filters(**{**f.__dict__, "start": start, "end": end})
    else:
        when, pw = "", []
    w, p = _fa(s, f, "t")
    return s.df(f"""SELECT a.article_id, a.published, a.title, a.source, ts.sentence, ts.phrase
                    FROM top t JOIN art a ON a.aid = t.aid
                    LEFT JOIN tsent ts ON ts.aid = t.aid AND ts.topic = t.topic
                    WHERE t.topic = ? AND {w} {when}
                    ORDER BY a.published NULLS LAST, a.article_id, ts.start""", [topic] + p + pw)


def topic_groups(s: Store) -> dict[str, str]:
    """topic -> its taxonomy group (security, diplomacy, economy, humanitarian, other)."""
    df = s.df("SELECT topic, topic_group FROM topic_names ORDER BY topic")
    return dict(zip(df["topic"], df["topic_group"]))


def topic_person(s: Store, f: Filters, limit: int = 15) -> pd.DataFrame:
    """Articles per (topic, person mentioned) in the filtered articles, for the `limit` people mentioned in most
    articles that have a topic."""
    w, p = _fa(s, without(f, "topics"), "t")
    pick = "AND t.tid IN (SELECT tid FROM topic_names WHERE list_contains(?, topic))" if f.topics else ""
    picked = [list(f.topics)] if f.topics else []
    return s.df(f"""WITH rows AS (SELECT t.tid, m.eid, t.aid FROM top t JOIN men m USING (aid)
                                  WHERE m.etype = 'PERSON' AND {w} {pick}),
                    people AS (SELECT eid, count(DISTINCT aid) AS n FROM rows JOIN ent USING (eid)
                               GROUP BY eid, ent.entity_id ORDER BY n DESC, ent.entity_id LIMIT ?)
                    SELECT n.topic, e.name AS person, e.entity_id, count(DISTINCT r.aid) AS articles
                    FROM rows r JOIN people USING (eid) JOIN topic_names n USING (tid) JOIN ent e USING (eid)
                    GROUP BY ALL ORDER BY n.topic, person""", p + picked + [limit])


def emerging(s: Store, f: Filters, limit: int = 30) -> dict:
    """The emerging-term test (data_pipeline/store/emerging.py) re-run on the filtered articles:
    {"terms": month, term, kind, count, sources, score (best first); "months": dated months;
    "full_months": months with enough articles for the test; "sparse": too few of those to test}."""
    w, p = _fa(s, f, "x")
    per_month = s.df(f"""SELECT date_trunc('month', published) AS month, count(*) AS articles FROM art x
                         WHERE published IS NOT NULL AND {w} GROUP BY 1""", p)
    articles = {pd.Timestamp(m).date(): int(n) for m, n in zip(per_month["month"], per_month["articles"])}
    out = {"months": len(articles), "sparse": emerging_test.too_sparse(articles.values()),
           "full_months": sum(1 for n in articles.values() if n >= emerging_test.MIN_PERIOD_ARTICLES),
           "terms": pd.DataFrame(columns=["month", "term", "kind", "count", "sources", "score"])}
    if out["sparse"]:
        return out
    counts = s.df(f"""SELECT x.month, x.term_id, count(*) AS n, count(DISTINCT x.source) AS sources FROM term_art x
                      WHERE {w} GROUP BY 1, 2""", p)
    rows = emerging_test.score(articles, ((pd.Timestamp(m).date(), int(t), int(n), int(k)) for m, t, n, k in
                                          zip(counts["month"], counts["term_id"], counts["n"], counts["sources"])))
    if not rows:
        return out
    found = pd.DataFrame(rows).sort_values(["score", "month", "term"], ascending=[False, False, True]).head(limit)
    names = s.df("SELECT term_id, term, kind FROM term_names WHERE list_contains(?, term_id)",
                 [found["term"].astype(int).tolist()])
    found = found.rename(columns={"term": "term_id"}).merge(names, on="term_id")
    out["terms"] = found.sort_values(["score", "month", "term"], ascending=[False, False, True])[
        ["month", "term", "kind", "count", "sources", "score"]].reset_index(drop=True)
    return out


def term_articles(s: Store, f: Filters, term: str, month) -> pd.DataFrame:
    """The filtered articles of one month that hold an emerging term, with the first sentence that names it."""
    w, p = _fa(s, f, "x")
    df = s.df(f"""SELECT a.article_id, a.published, a.source, a.title, a.text FROM term_art x
                  JOIN term_names n USING (term_id) JOIN art a ON a.aid = x.aid
                  WHERE n.term = ? AND x.month = date_trunc('month', ?::DATE) AND {w}
                  ORDER BY a.published, a.article_id""", [term, month] + p)
    df["sentence"] = [_sentence_with(text, term) for text in df["text"]]
    return df.drop(columns=["text"])


def _sentence_with(text: str, term: str) -> str:
    """The sentence (between sentence ends or line breaks) around the first case-insensitive use of `term`."""
    at = text.lower().find(term.lower())
    if at < 0:
        return ""
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)|\n", text[:at])]
    start = ends[-1] if ends else 0
    stop = re.search(r"[.!?](?=\s|$)|\n", text[at + len(term):])
    end = at + len(term) + (stop.end() if stop else len(text) - at - len(term))
    return " ".join(text[start:end].split())


def emerging_terms(s: Store, f: Filters, limit: int = 30) -> pd.DataFrame:
    """Emerging terms (per month, scored by the pipeline) inside the filtered date range."""
    sql, params = [], []
    if f.start:
        sql.append("month >= date_trunc('month', ?::DATE)")
        params.append(f.start)
    if f.end:
        sql.append("month <= ?")
        params.append(f.end)
    where = " AND ".join(sql) or "TRUE"
    return s.df(f"""SELECT month, term, count, score FROM emerging_terms WHERE {where}
                    ORDER BY score DESC, month DESC, term LIMIT ?""", params + [limit])


# ---------------------------------------------------------------- articles

ARTICLE_ROW = ("article_id, published, source, language, title, n_words, path, n_meetings AS meetings, "
               "CASE WHEN title IS NULL OR trim(title) = '' THEN left(text, 400) END AS lead")
MAX_ALIASES = 40  # other spellings a search also looks for (see name_spellings)


def name_spellings(s: Store, text: str) -> list[str]:
    """Every spelling of the people, places and organisations named `text` (an alias or an alias's last word,
    any case): "Shoigu" also finds "Шойгу" and "Сергея Шойгу", and back. Empty when `text` names no entity."""
    t = " ".join((text or "").split())
    if not t:
        return []
    rows = s.df("""SELECT aliases FROM ent WHERE lower(name) = lower(?)
                   OR list_contains(list_transform(aliases, lambda a: lower(a)), lower(?))
                   OR list_contains(list_transform(aliases, lambda a: lower(string_split(a, ' ')[-1])), lower(?))
                   ORDER BY mentions DESC LIMIT 5""", [t, t, t])
    out: list[str] = []
    for aliases in rows["aliases"]:
        out += [a for a in aliases if a.lower() != t.lower() and a not in out]
    return out[:MAX_ALIASES]


def search_articles(s: Store, f: Filters, text: str = "", limit: int = 500) -> pd.DataFrame:
    """Filtered articles, newest first, at most `limit`; with `text`, only those whose title or body has its
    words (see data_pipeline/store/fulltext.py: case- and accent-insensitive, the last word may be a prefix),
    or another spelling of the name it is, in any script (`name_spellings`)."""
    w, p = _fa(s, f, "x")
    if not (text or "").strip():
        return s.df(f"SELECT {ARTICLE_ROW} FROM art x WHERE {w} ORDER BY aid DESC LIMIT ?", p + [limit])
    # people, organisations, topics and countries are posting lists in the index; the rest is checked here
    keys = [[fulltext.key("e", i) for i in s.eids(ids)] for ids in (f.people, f.orgs) if ids]
    keys += [[fulltext.key("t", i) for i in s.tids(f.topics)]] if f.topics else []
    keys += [[fulltext.key("c", i) for i in s.cids(f.countries)]] if f.countries else []
    rest = without(f, "start", "end", "people", "orgs", "topics", "countries")
    if rest.is_empty():
        allowed = None
    else:
        wr, pr = _fa(s, rest, "x")
        allowed = s.df(f"SELECT aid FROM art x WHERE {wr}", pr)["aid"].to_numpy()
    picked: list[int] = []
    also = name_spellings(s, text)
    for lo, hi in s.aid_ranges(f):
        for ids in s.search(text, lo, hi, keys, also):
            hits = np.asarray(ids)
            if allowed is not None:
                hits = hits[np.isin(hits, allowed)]
            picked.extend(hits[: limit - len(picked)].tolist())
            if len(picked) >= limit:
                break
        if len(picked) >= limit:
            break
    return s.df(f"""SELECT {ARTICLE_ROW} FROM art x WHERE aid IN (SELECT unnest(?::BIGINT[]))
                    ORDER BY aid DESC""", [picked])


def article(s: Store, article_id: str) -> dict | None:
    """One article with its clean text, or None."""
    df = s.df("SELECT * EXCLUDE (aid, n_meetings) FROM art WHERE article_id = ?", [article_id])
    return None if df.empty else df.iloc[0].to_dict()


def _aid(s: Store, article_id: str) -> int:
    df = s.df("SELECT aid FROM art WHERE article_id = ?", [article_id])
    return -1 if df.empty else int(df.iloc[0, 0])


def article_mentions(s: Store, article_id: str) -> pd.DataFrame:
    """Entity mentions in one article, by offset."""
    return s.df("""SELECT m.start, m."end", m.text, e.entity_id, e.name, e.type FROM spans m
                   LEFT JOIN ent e ON e.eid = m.eid
                   WHERE m.aid = ? ORDER BY m.start, m."end" DESC""", [_aid(s, article_id)])


def article_meetings(s: Store, article_id: str) -> pd.DataFrame:
    """The meetings one article reports, with participant names."""
    reason = ", m.reason" if "reason" in s.meeting_columns else ""
    return s.df(f"""SELECT coalesce(ea.name, m.a_id) AS a_name, coalesce(eb.name, m.b_id) AS b_name, m.kind, m.status,
                   m.date, a.published AS reported, m.date_source, m.place, m.evidence, m.confidence, m.start,
                   m."end", m.event_id, a.article_id{reason}
                   FROM mtg m JOIN art a ON a.aid = m.aid
                   LEFT JOIN ent ea ON ea.eid = m.a LEFT JOIN ent eb ON eb.eid = m.b
                   WHERE m.aid = ? ORDER BY m.start""", [_aid(s, article_id)])


def article_topic_sentences(s: Store, article_id: str) -> pd.DataFrame:
    """The topic sentences one article contributed."""
    return s.df("""SELECT topic, sentence, phrase, start, "end" FROM tsent WHERE aid = ?
                   ORDER BY start, topic""", [_aid(s, article_id)])
