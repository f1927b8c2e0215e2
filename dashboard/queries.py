"""The one query module: parameterised DuckDB queries over a build's serving tables (data_pipeline/serving.py).

A build published by the pipeline carries `serving.duckdb` and `search.sqlite`, opened read-only; an older
or hand-made build gets the same tables built in memory from its parquet files. Every viewer-chosen value
travels as a `?` parameter. Date filters become ranges of the publication-ordered `aid` (articles) and
`ev` (meeting events), which DuckDB answers by skipping whole row groups.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from data_pipeline import fulltext, serving

from .filters import Filters, article_where, event_where, without

PERIODS = ("week", "month")
MEMORY_LIMIT = "1GB"   # per dashboard process; DuckDB spills to disk beyond it
EVENT_COLUMNS = ("event_id, day, date, a_id AS a, b_id AS b, a_name, b_name, a_country, b_country, kind, status, "
                 "place, n_articles, first_reported, confidence, evidence")

country_name = serving.country_name


class Store:
    """A DuckDB connection holding the serving tables of the build in `path`, plus its full-text index."""

    def __init__(self, path: Path, memory_limit: str = MEMORY_LIMIT, threads: int | None = None):
        self.path = Path(path).resolve()
        config = {"memory_limit": memory_limit, **({"threads": threads} if threads else {})}
        self.con = self._open(config)
        self.present = serving.info(self.con)[1]
        self.article_days = self._days("SELECT published FROM art ORDER BY aid")
        self.event_days = self._days("SELECT day FROM evt ORDER BY ev")
        self.search_index = self._index()

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
        file = self.path / fulltext.FILE
        if file.exists() and (self.path / serving.FILE).exists():
            return fulltext.Index.open(file)
        with self.con.cursor() as cur:
            return fulltext.Index.in_memory(cur.execute("SELECT aid, title, text FROM art ORDER BY aid").fetchall())

    def _days(self, sql: str) -> DayIndex:
        with self.con.cursor() as cur:
            col = cur.execute(sql).fetchnumpy()
        return DayIndex(next(iter(col.values())))

    def df(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """Run one parameterised query on a per-call cursor (safe across Streamlit's threads)."""
        with self.con.cursor() as cur:
            return cur.execute(sql, list(params)).df()

    def aid_range(self, f: Filters) -> tuple[int, int]:
        """The aids of articles published inside the filter's date range (all articles without one)."""
        return self.article_days.range(f.start, f.end)

    def ev_range(self, f: Filters) -> tuple[int, int]:
        """The evs of meeting events whose day is inside the filter's date range (all without one)."""
        return self.event_days.range(f.start, f.end)


class DayIndex:
    """Row position ↔ day for a table sorted by day with undated rows first: a date range → a row range."""

    def __init__(self, days):
        values = np.ma.getdata(days).astype("datetime64[D]") if np.ma.isMaskedArray(days) else \
            np.asarray(days).astype("datetime64[D]")
        dated = ~np.isnat(values) if not np.ma.isMaskedArray(days) else ~np.ma.getmaskarray(days) & ~np.isnat(values)
        self.undated = int(len(values) - dated.sum())
        self.days = values[self.undated:]
        self.n = len(values)

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
    return article_where(f, s.aid_range(f), alias)


def _fe(s: Store, f: Filters, alias: str = "e") -> tuple[str, list]:
    """A WHERE fragment restricting the `evt` rows aliased `alias` to the events passing the filters."""
    return event_where(f, s.ev_range(f), alias)


def _period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    return period


# ---------------------------------------------------------------- filter options and counts

def options(s: Store, max_entities: int = 3000) -> dict:
    """Everything the sidebar offers: entities (the most mentioned `max_entities` people and as many
    organisations), countries, topics, sources, kinds, statuses, date bounds."""
    ents = s.df("""SELECT entity_id, name, type, country, mentions FROM (
                     SELECT *, row_number() OVER (PARTITION BY type ORDER BY mentions DESC, entity_id) AS rank
                     FROM ent WHERE type IN ('PERSON', 'ORG'))
                   WHERE rank <= ? ORDER BY name, entity_id""", [max_entities])
    col = lambda sql: s.df(sql).iloc[:, 0].dropna().astype(str).tolist()  # noqa: E731
    bounds = s.df("SELECT min(published) AS lo, max(published) AS hi FROM art").iloc[0]
    return {
        "people": ents[ents["type"] == "PERSON"].reset_index(drop=True),
        "orgs": ents[ents["type"] == "ORG"].reset_index(drop=True),
        "countries": col("SELECT DISTINCT country FROM ent WHERE country IS NOT NULL ORDER BY 1"),
        "topics": col("SELECT topic FROM topic_names ORDER BY 1"),
        "sources": col("SELECT DISTINCT source FROM art WHERE source IS NOT NULL ORDER BY 1"),
        "kinds": col("SELECT DISTINCT kind FROM mtg ORDER BY 1"),
        "statuses": col("SELECT DISTINCT status FROM mtg ORDER BY 1"),
        "bounds": tuple(None if pd.isna(v) else pd.Timestamp(v).date() for v in (bounds["lo"], bounds["hi"])),
        "total_articles": int(s.df("SELECT count(*) FROM art").iloc[0, 0]),
    }


def counts(s: Store, f: Filters) -> dict:
    """Headline numbers: articles, people mentioned, meeting events, and the date span."""
    wa, pa_ = _fa(s, f, "x")
    wm, pm = _fa(s, f, "m")
    we, pe = _fe(s, f, "e")
    row = s.df(f"""SELECT
        (SELECT count(*) FROM art x WHERE {wa}) AS articles,
        (SELECT count(DISTINCT m.eid) FROM men m WHERE m.etype = 'PERSON' AND {wm}) AS people,
        (SELECT count(*) FROM evt e WHERE {we}) AS events,
        (SELECT min(published) FROM art x WHERE {wa}) AS first,
        (SELECT max(published) FROM art x WHERE {wa}) AS last""", pa_ + pm + pe + pa_ + pa_).iloc[0]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


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
        parts.append("(list_contains(?, e.a_id) OR list_contains(?, e.b_id))")
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
    return s.df(f"SELECT {EVENT_COLUMNS} FROM evt e WHERE {w} AND {who} ORDER BY e.ev DESC {lim}", p + p2 + p3)


def event_counts(s: Store, f: Filters) -> dict:
    """How many events pass the filters, how many of them are dated, and how many people they involve."""
    w, p = _fe(s, f, "e")
    row = s.df(f"""WITH fe AS (SELECT a_id, b_id, date, first_reported FROM evt e WHERE {w})
                   SELECT (SELECT count(*) FROM fe) AS events,
                          (SELECT count(*) FROM fe WHERE coalesce(date, first_reported) IS NOT NULL) AS dated,
                          (SELECT count(DISTINCT x) FROM (SELECT a_id AS x FROM fe UNION ALL SELECT b_id FROM fe)) AS people
                """, p).iloc[0]
    return {k: int(v) for k, v in row.items()}


def network(s: Store, f: Filters, limit: int = 80, dates_shown: int = 12) -> pd.DataFrame:
    """Per pair of people among the `limit` busiest (most events), the filtered events between them:
    count, kinds, places and the latest `dates_shown` days, with names and countries."""
    w, p = _fe(s, f, "e")
    return s.df(f"""WITH fe AS (SELECT * FROM evt e WHERE {w}),
                    busy AS (SELECT x FROM (SELECT a_id AS x FROM fe UNION ALL SELECT b_id FROM fe)
                             GROUP BY x ORDER BY count(*) DESC, x LIMIT ?)
                    SELECT least(a_id, b_id) AS a, greatest(a_id, b_id) AS b,
                           any_value(CASE WHEN a_id < b_id THEN a_name ELSE b_name END) AS a_name,
                           any_value(CASE WHEN a_id < b_id THEN b_name ELSE a_name END) AS b_name,
                           any_value(CASE WHEN a_id < b_id THEN a_country ELSE b_country END) AS a_country,
                           any_value(CASE WHEN a_id < b_id THEN b_country ELSE a_country END) AS b_country,
                           count(*) AS events, list(DISTINCT kind ORDER BY kind) AS kinds,
                           coalesce(list(DISTINCT place ORDER BY place) FILTER (WHERE place IS NOT NULL), [])
                               AS places,
                           coalesce(list(DISTINCT day ORDER BY day DESC) FILTER (WHERE day IS NOT NULL)[1:?], [])
                               AS dates
                    FROM fe WHERE a_id IN (SELECT x FROM busy) AND b_id IN (SELECT x FROM busy)
                    GROUP BY 1, 2 ORDER BY 1, 2""", p + [limit, dates_shown])


def timeline(s: Store, f: Filters, by: str = "pair", rows: int = 40, points: int = 3000) -> pd.DataFrame:
    """Dated filtered events on the `rows` busiest timeline rows (person, person pair or country pair), newest
    `points` of them; for `by="person"` each event appears once per participant, with the row in `who`."""
    if by not in ("person", "pair", "country"):
        raise ValueError("by must be person, pair or country")
    w, p = _fe(s, f, "e")
    if by == "person":
        keyed = f"""SELECT ev, who, NULL AS k2 FROM (SELECT ev, a_name AS who FROM fe UNION ALL
                    SELECT ev, b_name FROM fe)"""
    else:
        c1, c2 = ("coalesce(a_country, 'unknown')", "coalesce(b_country, 'unknown')") if by == "country" else \
            ("coalesce(a_name, a_id)", "coalesce(b_name, b_id)")
        keyed = f"SELECT ev, least({c1}, {c2}) AS who, greatest({c1}, {c2}) AS k2 FROM fe"
    cols = EVENT_COLUMNS.replace("a_id AS a", "fe.a_id AS a").replace("b_id AS b", "fe.b_id AS b")
    return s.df(f"""WITH fe AS (SELECT * FROM evt e WHERE {w} AND day IS NOT NULL),
                    keyed AS ({keyed}),
                    busiest AS (SELECT who, k2 FROM keyed GROUP BY ALL ORDER BY count(*) DESC, who, k2 NULLS FIRST
                                LIMIT ?)
                    SELECT {cols}, keyed.who FROM keyed JOIN busiest ON busiest.who = keyed.who
                                                              AND busiest.k2 IS NOT DISTINCT FROM keyed.k2
                    JOIN fe ON fe.ev = keyed.ev ORDER BY fe.ev DESC, keyed.who LIMIT ?""", p + [rows, points])


def _picked(event_ids: tuple[str, ...] | None) -> tuple[str, list]:
    """A condition restricting `e.event_id` to the chosen ids (no restriction for None)."""
    if event_ids is None:
        return "TRUE", []
    return "list_contains(?::VARCHAR[], e.event_id)", [list(event_ids)]


def evidence(s: Store, f: Filters, event_ids: tuple[str, ...] | None = None, limit: int = 5000) -> pd.DataFrame:
    """The sentences (one row per reporting article) behind the filtered events, or behind `event_ids`,
    newest first, at most `limit` rows."""
    w, p = _fe(s, f, "e")
    pick, p2 = _picked(event_ids)
    return s.df(f"""WITH fe AS (SELECT * FROM evt e WHERE {w} AND {pick} ORDER BY ev DESC LIMIT ?)
                    SELECT fe.event_id, fe.day, fe.a_name, fe.b_name, m.kind, m.status, m.date, m.place,
                    m.evidence, m.confidence, m.date_source, a.article_id, a.title, a.source, a.published
                    FROM fe JOIN mtg m ON m.event_id = fe.event_id JOIN art a ON a.aid = m.aid
                    ORDER BY fe.ev DESC, a.article_id, m.start LIMIT ?""", p + p2 + [limit, limit])


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
    w, p = _fa(s, f, "m")
    return s.df(f"""WITH top AS (SELECT eid, sum(n) AS mentions, count(*) AS articles FROM men m
                                 WHERE m.etype = ? AND {w} GROUP BY eid ORDER BY mentions DESC, eid LIMIT ?)
                    SELECT e.entity_id, e.name, e.country, top.mentions, top.articles
                    FROM top JOIN ent e USING (eid) ORDER BY top.mentions DESC, e.name""", [kind] + p + [limit])


def entity(s: Store, entity_id: str) -> dict | None:
    """One entity's record (name, type, aliases, country), or None."""
    df = s.df("SELECT entity_id, name, type, aliases, country FROM ent WHERE entity_id = ?", [entity_id])
    return None if df.empty else df.iloc[0].to_dict()


def roles(s: Store, entity_id: str) -> pd.DataFrame:
    """Roles held by the entity over time (role, org, country, date, article)."""
    return s.df("""SELECT coalesce(r.date, a.published) AS date, r.role, r.org, r.country, r.article_id, a.title
                   FROM roles r LEFT JOIN art a ON a.article_id = r.article_id
                   WHERE r.entity_id = ? ORDER BY 1 NULLS LAST, r.role""", [entity_id])


def resolution(s: Store, entity_id: str) -> pd.DataFrame:
    """Why each surface form was merged into the entity, with how many articles used it."""
    return s.df("""SELECT surface, reason, count(DISTINCT article_id) AS articles FROM resolution
                   WHERE entity_id = ? GROUP BY ALL ORDER BY articles DESC, surface""", [entity_id])


def _eid(s: Store, entity_id: str) -> int:
    """The integer key of an entity id (-1 when unknown, which matches nothing)."""
    df = s.df("SELECT eid FROM ent WHERE entity_id = ?", [entity_id])
    return -1 if df.empty else int(df.iloc[0, 0])


def mentions_over_time(s: Store, f: Filters, entity_id: str, period: str = "month") -> pd.DataFrame:
    """Mentions of the entity per period in the filtered, dated articles."""
    w, p = _fa(s, f, "m")
    return s.df(f"""SELECT date_trunc(?, a.published) AS period, sum(m.n) AS mentions, count(*) AS articles
                    FROM men_by_ent m JOIN art a ON a.aid = m.aid
                    WHERE m.eid = ? AND a.published IS NOT NULL AND {w} GROUP BY 1 ORDER BY 1""",
                [_period(period), _eid(s, entity_id)] + p)


def counterparts(s: Store, f: Filters, entity_id: str, limit: int = 1000) -> pd.DataFrame:
    """Who the entity met: one row per filtered event involving it, newest first, at most `limit`."""
    ev = events(s, f, limit=limit, involving=entity_id)
    ev["counterpart"] = ev["b_name"].where(ev["a"] == entity_id, ev["a_name"])
    return ev[["day", "counterpart", "kind", "status", "place", "n_articles", "evidence", "event_id"]]


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
    wa, pa_ = _fa(s, without(f, "topics"), "x")
    wt, pt = _fa(s, without(f, "topics"), "t")
    pick = "AND list_contains(?, t.topic)" if f.topics else ""
    per = _period(period)
    return s.df(f"""WITH tot AS (SELECT date_trunc(?, published) AS period, count(*) AS total FROM art x
                                 WHERE published IS NOT NULL AND {wa} GROUP BY 1),
                    hits AS (SELECT date_trunc(?, t.published) AS period, t.topic, count(*) AS articles FROM top t
                             WHERE t.published IS NOT NULL AND {wt} {pick} GROUP BY 1, 2),
                    names AS (SELECT DISTINCT topic FROM hits)
                    SELECT tot.period, names.topic, coalesce(hits.articles, 0) AS articles, tot.total,
                           coalesce(hits.articles, 0) / tot.total AS share
                    FROM tot CROSS JOIN names
                    LEFT JOIN hits ON hits.period = tot.period AND hits.topic = names.topic
                    ORDER BY tot.period, names.topic""",
                [per] + pa_ + [per] + pt + ([list(f.topics)] if f.topics else []))


def topic_country(s: Store, f: Filters) -> pd.DataFrame:
    """Articles per (topic, country mentioned) in the filtered articles."""
    w, p = _fa(s, f, "t")
    pick = "AND list_contains(?, t.topic)" if f.topics else ""
    return s.df(f"""SELECT t.topic, t.country, count(*) AS articles FROM top_country t
                    WHERE {w} {pick} GROUP BY ALL ORDER BY t.topic, t.country""",
                p + ([list(f.topics)] if f.topics else []))


def topic_evidence(s: Store, f: Filters, topic: str, period_start=None, period: str = "month") -> pd.DataFrame:
    """The filtered articles behind one topic (in one period when given) and their topic sentences."""
    if period_start is not None:
        first = pd.Timestamp(period_start).date()
        last = (pd.Timestamp(first) + (pd.offsets.Week(1) if _period(period) == "week" else pd.offsets.MonthBegin(1))
                - pd.Timedelta(days=1)).date()
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

ARTICLE_ROW = ("article_id, published, source, title, n_words, path, n_meetings AS meetings")


def search_articles(s: Store, f: Filters, text: str = "", limit: int = 500) -> pd.DataFrame:
    """Filtered articles, newest first, at most `limit`; with `text`, only those whose title or body has its
    words (see data_pipeline/fulltext.py: case- and accent-insensitive, the last word may be a prefix)."""
    w, p = _fa(s, f, "x")
    if not (text or "").strip():
        return s.df(f"SELECT {ARTICLE_ROW} FROM art x WHERE {w} ORDER BY aid DESC LIMIT ?", p + [limit])
    lo, hi = s.aid_range(f)
    narrowed = not without(f, "start", "end").is_empty()
    allowed = s.df(f"SELECT aid FROM art x WHERE {w}", p)["aid"].to_numpy() if narrowed else None
    picked: list[int] = []
    for ids in s.search_index.newest(text, lo, hi):
        hits = np.asarray(ids)
        if allowed is not None:
            hits = hits[np.isin(hits, allowed)]
        picked.extend(hits[: limit - len(picked)].tolist())
        if len(picked) >= limit:
            break
    return s.df(f"""SELECT {ARTICLE_ROW} FROM art x WHERE aid IN (SELECT unnest(?::INTEGER[]))
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
    return s.df("""SELECT coalesce(ea.name, m.a_id) AS a_name, coalesce(eb.name, m.b_id) AS b_name, m.kind, m.status,
                   m.date, m.date_source, m.place, m.evidence, m.confidence, m.start, m."end", m.event_id
                   FROM mtg m LEFT JOIN ent ea ON ea.eid = m.a LEFT JOIN ent eb ON eb.eid = m.b
                   WHERE m.aid = ? ORDER BY m.start""", [_aid(s, article_id)])


def article_topic_sentences(s: Store, article_id: str) -> pd.DataFrame:
    """The topic sentences one article contributed."""
    return s.df("""SELECT topic, sentence, phrase, start, "end" FROM tsent WHERE aid = ?
                   ORDER BY start, topic""", [_aid(s, article_id)])
