"""The one query module: DuckDB views over a build's parquet files and parameterised queries on them.

Optional tables or columns that a build lacks are filled in (empty tables, NULL columns, meeting
events derived from meetings) so every query works on old and new builds alike.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pycountry

from data_pipeline.tables import SCHEMAS

from .filters import Filters, article_where, event_where, without

_DUCK = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.int64(): "BIGINT", pa.float64(): "DOUBLE",
         pa.list_(pa.string()): "VARCHAR[]"}
PERIODS = ("week", "month")
_EVENT_KEY = ("md5(concat_ws('|', least(a, b), greatest(a, b), kind, coalesce(status, 'held'), "
              "coalesce(CAST(date AS VARCHAR), ''), coalesce(place, '')))")


def _literal(path: Path) -> str:
    """A file path as a SQL string literal (paths come from the operator, never from a viewer)."""
    return "'" + str(path).replace("'", "''") + "'"


def country_name(place: str | None) -> str | None:
    """The country a place name denotes (Armenia, the Russian Federation), or None for cities and the like."""
    if not place:
        return None
    try:
        c = pycountry.countries.lookup(place.strip().removeprefix("the ").strip())
    except LookupError:
        return None
    return getattr(c, "common_name", None) or c.name


class Store:
    """A DuckDB connection with one view per table of the build in `path`."""

    def __init__(self, path: Path):
        self.path = Path(path).resolve()
        self.con = duckdb.connect(":memory:")
        self.present: set[str] = set()
        for name, schema in SCHEMAS.items():
            self._table(name, schema)
        self._derived()

    def _table(self, name: str, schema: pa.Schema) -> None:
        file = self.path / f"{name}.parquet"
        if file.exists():
            self.con.execute(f'CREATE VIEW "{name}_file" AS SELECT * FROM read_parquet({_literal(file)})')
            have = set(self.con.execute(f'SELECT * FROM "{name}_file" LIMIT 0').df().columns)
            self.present.add(name)
        else:
            cols = ", ".join(f'"{f.name}" {_DUCK.get(f.type, "VARCHAR")}' for f in schema)
            self.con.execute(f'CREATE TABLE "{name}_file" ({cols})')
            have = set(schema.names)
        missing = [f'NULL::{_DUCK.get(f.type, "VARCHAR")} AS "{f.name}"' for f in schema if f.name not in have]
        self.con.execute(f'CREATE VIEW "{name}_all" AS SELECT {", ".join(["*"] + missing)} FROM "{name}_file"')

    def _derived(self) -> None:
        c = self.con.execute
        c("CREATE VIEW articles AS SELECT * FROM articles_all")
        c("CREATE VIEW entities AS SELECT * FROM entities_all")
        c("CREATE VIEW mentions AS SELECT * FROM mentions_all")
        c("CREATE VIEW topics AS SELECT * FROM topics_all")
        for t in ("topic_sentences", "roles", "resolution", "emerging_terms"):
            c(f"CREATE VIEW {t} AS SELECT * FROM {t}_all")
        c("CREATE TABLE gpe_country (entity_id VARCHAR, country VARCHAR)")
        gpes = self.df("SELECT entity_id, name FROM entities WHERE type = 'GPE'")
        rows = [(e, c) for e, c in zip(gpes["entity_id"], (country_name(n) for n in gpes["name"])) if c]
        if rows:
            self.con.executemany("INSERT INTO gpe_country VALUES (?, ?)", rows)
        c("""CREATE VIEW entity_country AS SELECT e.entity_id, e.name, e.type,
             coalesce(nullif(e.country, ''), g.country) AS country
             FROM entities e LEFT JOIN gpe_country g ON g.entity_id = e.entity_id""")
        c(f"""CREATE VIEW meetings AS SELECT * REPLACE (coalesce(status, 'held') AS status,
              coalesce(event_id, {_EVENT_KEY}) AS event_id) FROM meetings_all""")
        if "meeting_events" in self.present:
            c("CREATE VIEW events_base AS SELECT * REPLACE (coalesce(status, 'held') AS status) FROM meeting_events_all")
        else:
            c("""CREATE VIEW events_base AS
                 SELECT m.event_id, any_value(least(m.a, m.b)) AS a, any_value(greatest(m.a, m.b)) AS b,
                        any_value(m.kind) AS kind, any_value(m.status) AS status, any_value(m.date) AS date,
                        any_value(m.place) AS place, count(DISTINCT m.article_id) AS n_articles,
                        list(DISTINCT m.article_id ORDER BY m.article_id) AS article_ids,
                        min(p.published) AS first_reported, max(m.confidence) AS confidence
                 FROM meetings m LEFT JOIN articles p ON p.article_id = m.article_id GROUP BY m.event_id""")
        c("""CREATE TABLE events AS
             SELECT e.*, coalesce(e.date, e.first_reported) AS day,
                    coalesce(ea.name, e.a) AS a_name, coalesce(eb.name, e.b) AS b_name,
                    ea.country AS a_country, eb.country AS b_country
             FROM events_base e LEFT JOIN entity_country ea ON ea.entity_id = e.a
                                LEFT JOIN entity_country eb ON eb.entity_id = e.b""")

    def df(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """Run one parameterised query on a per-call cursor (safe across Streamlit's threads)."""
        with self.con.cursor() as cur:
            return cur.execute(sql, list(params)).df()


def _fa(f: Filters) -> tuple[str, list]:
    """`WITH fa AS (...)`: the articles passing the filters."""
    where, params = article_where(f)
    return f"WITH fa AS (SELECT a.* FROM articles a WHERE {where})", params


def _ev(f: Filters) -> tuple[str, list]:
    """`fe AS (...)`: the meeting events passing the filters (append after `_fa`)."""
    where, params = event_where(f)
    return f", fe AS (SELECT e.* FROM events e WHERE {where})", params


# ---------------------------------------------------------------- filter options and counts

def options(s: Store, max_entities: int = 3000) -> dict:
    """Everything the sidebar offers: entities (the most mentioned `max_entities` people and as many
    organisations), countries, topics, sources, kinds, statuses, date bounds."""
    ents = s.df("""SELECT * FROM (
                     SELECT e.entity_id, e.name, e.type, e.country, count(m.article_id) AS mentions,
                            row_number() OVER (PARTITION BY e.type ORDER BY count(m.article_id) DESC, e.entity_id) AS rank
                     FROM entity_country e LEFT JOIN mentions m ON m.entity_id = e.entity_id
                     WHERE e.type IN ('PERSON', 'ORG') GROUP BY e.entity_id, e.name, e.type, e.country)
                   WHERE rank <= ? ORDER BY name, entity_id""", [max_entities])
    col = lambda sql: s.df(sql).iloc[:, 0].dropna().astype(str).tolist()  # noqa: E731
    bounds = s.df("SELECT min(published) AS lo, max(published) AS hi FROM articles").iloc[0]
    return {
        "people": ents[ents["type"] == "PERSON"].reset_index(drop=True),
        "orgs": ents[ents["type"] == "ORG"].reset_index(drop=True),
        "countries": col("SELECT DISTINCT country FROM entity_country WHERE country IS NOT NULL ORDER BY 1"),
        "topics": col("SELECT DISTINCT topic FROM topics ORDER BY 1"),
        "sources": col("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY 1"),
        "kinds": col("SELECT DISTINCT kind FROM meetings ORDER BY 1"),
        "statuses": col("SELECT DISTINCT status FROM meetings ORDER BY 1"),
        "bounds": tuple(None if pd.isna(v) else pd.Timestamp(v).date() for v in (bounds["lo"], bounds["hi"])),
        "total_articles": int(s.df("SELECT count(*) FROM articles").iloc[0, 0]),
    }


def counts(s: Store, f: Filters) -> dict:
    """Headline numbers: articles, people mentioned, meeting events, and the date span."""
    fa, p1 = _fa(f)
    fe, p2 = _ev(f)
    row = s.df(f"""{fa}{fe} SELECT
        (SELECT count(*) FROM fa) AS articles,
        (SELECT count(DISTINCT m.entity_id) FROM mentions m JOIN fa ON fa.article_id = m.article_id
           JOIN entities e ON e.entity_id = m.entity_id WHERE e.type = 'PERSON') AS people,
        (SELECT count(*) FROM fe) AS events,
        (SELECT min(published) FROM fa) AS first, (SELECT max(published) FROM fa) AS last""", p1 + p2).iloc[0]
    return {k: (None if pd.isna(v) else v) for k, v in row.items()}


def articles_per_period(s: Store, f: Filters, period: str = "week") -> pd.DataFrame:
    """Dated articles per week (or month)."""
    fa, p = _fa(f)
    return s.df(f"""{fa} SELECT date_trunc(?, published) AS period, count(*) AS articles FROM fa
                    WHERE published IS NOT NULL GROUP BY 1 ORDER BY 1""", p + [_period(period)])


def _period(period: str) -> str:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    return period


# ---------------------------------------------------------------- meetings

def events(s: Store, f: Filters, limit: int | None = None, involving: str | None = None) -> pd.DataFrame:
    """Meeting events passing the filters (and involving one entity, when given), newest first, with names,
    countries and the most confident evidence sentence."""
    fa, p1 = _fa(f)
    fe, p2 = _ev(f)
    lim = "LIMIT ?" if limit else ""
    who, p3 = ("WHERE a = ? OR b = ?", [involving, involving]) if involving else ("", [])
    return s.df(f"""{fa}{fe}, top AS (SELECT * FROM fe {who} ORDER BY day DESC NULLS LAST, event_id {lim}),
                    ev1 AS (SELECT m.event_id, first(m.evidence ORDER BY m.confidence DESC, m.article_id, m.start)
                            AS evidence FROM meetings m WHERE m.event_id IN (SELECT event_id FROM top) GROUP BY 1)
                    SELECT top.event_id, top.day, top.date, top.a, top.b, top.a_name, top.b_name,
                    top.a_country, top.b_country, top.kind, top.status, top.place, top.n_articles,
                    top.first_reported, top.confidence, ev1.evidence
                    FROM top LEFT JOIN ev1 ON ev1.event_id = top.event_id
                    ORDER BY top.day DESC NULLS LAST, top.event_id""",
                p1 + p2 + p3 + ([limit] if limit else []))


def _picked(event_ids: tuple[str, ...] | None, column: str) -> tuple[str, list]:
    """A join restricting `column` to the chosen event ids (a hash join on the unnested list parameter)."""
    if event_ids is None:
        return "", []
    return f"JOIN (SELECT DISTINCT unnest(?::VARCHAR[]) AS picked_id) sel ON sel.picked_id = {column}", [list(event_ids)]


def evidence(s: Store, f: Filters, event_ids: tuple[str, ...] | None = None, limit: int = 5000) -> pd.DataFrame:
    """The sentences (one row per reporting article) behind the filtered events, or behind `event_ids`,
    newest first, at most `limit` rows."""
    fa, p1 = _fa(f)
    fe, p2 = _ev(f)
    join, p3 = _picked(event_ids, "m.event_id")
    return s.df(f"""{fa}{fe} SELECT m.event_id, fe.day, fe.a_name, fe.b_name, m.kind, m.status, m.date, m.place,
                    m.evidence, m.confidence, m.date_source, a.article_id, a.title, a.source, a.published
                    FROM meetings m {join} JOIN fe ON fe.event_id = m.event_id
                    JOIN articles a ON a.article_id = m.article_id
                    ORDER BY fe.day DESC NULLS LAST, m.event_id, a.article_id, m.start LIMIT ?""",
                p1 + p2 + p3 + [limit])


def country_matrix(s: Store, f: Filters, event_ids: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Meeting events per (country, country) pair, both orders, unknown countries labelled as such
    (only `event_ids` among the filtered events when given)."""
    fa, p1 = _fa(f)
    fe, p2 = _ev(f)
    join, p3 = _picked(event_ids, "fe.event_id")
    return s.df(f"""{fa}{fe}, picked AS (SELECT fe.* FROM fe {join}), pairs AS (
                      SELECT coalesce(a_country, 'unknown') AS x, coalesce(b_country, 'unknown') AS y FROM picked
                      UNION ALL
                      SELECT coalesce(b_country, 'unknown'), coalesce(a_country, 'unknown') FROM picked
                      WHERE coalesce(a_country, 'unknown') <> coalesce(b_country, 'unknown'))
                    SELECT x, y, count(*) AS events FROM pairs GROUP BY ALL ORDER BY x, y""", p1 + p2 + p3)


# ---------------------------------------------------------------- entities

def top_entities(s: Store, f: Filters, kind: str = "PERSON", limit: int = 20) -> pd.DataFrame:
    """Most mentioned entities of one type in the filtered articles."""
    fa, p = _fa(f)
    return s.df(f"""{fa} SELECT e.entity_id, e.name, e.country, count(*) AS mentions,
                    count(DISTINCT m.article_id) AS articles
                    FROM mentions m JOIN fa ON fa.article_id = m.article_id
                    JOIN entity_country e ON e.entity_id = m.entity_id WHERE e.type = ?
                    GROUP BY ALL ORDER BY mentions DESC, e.name LIMIT ?""", p + [kind, limit])


def entity(s: Store, entity_id: str) -> dict | None:
    """One entity's record (name, type, aliases, country), or None."""
    df = s.df("""SELECT e.entity_id, e.name, e.type, e.aliases, c.country FROM entities e
                 JOIN entity_country c ON c.entity_id = e.entity_id WHERE e.entity_id = ?""", [entity_id])
    return None if df.empty else df.iloc[0].to_dict()


def roles(s: Store, entity_id: str) -> pd.DataFrame:
    """Roles held by the entity over time (role, org, country, date, article)."""
    return s.df("""SELECT coalesce(r.date, a.published) AS date, r.role, r.org, r.country, r.article_id, a.title
                   FROM roles r LEFT JOIN articles a ON a.article_id = r.article_id
                   WHERE r.entity_id = ? ORDER BY 1 NULLS LAST, r.role""", [entity_id])


def resolution(s: Store, entity_id: str) -> pd.DataFrame:
    """Why each surface form was merged into the entity, with how many articles used it."""
    return s.df("""SELECT surface, reason, count(DISTINCT article_id) AS articles FROM resolution
                   WHERE entity_id = ? GROUP BY ALL ORDER BY articles DESC, surface""", [entity_id])


def mentions_over_time(s: Store, f: Filters, entity_id: str, period: str = "month") -> pd.DataFrame:
    """Mentions of the entity per period in the filtered, dated articles."""
    fa, p = _fa(f)
    return s.df(f"""{fa} SELECT date_trunc(?, fa.published) AS period, count(*) AS mentions,
                    count(DISTINCT m.article_id) AS articles
                    FROM mentions m JOIN fa ON fa.article_id = m.article_id
                    WHERE m.entity_id = ? AND fa.published IS NOT NULL GROUP BY 1 ORDER BY 1""",
                p + [_period(period), entity_id])


def counterparts(s: Store, f: Filters, entity_id: str) -> pd.DataFrame:
    """Who the entity met: one row per filtered event involving it."""
    ev = events(s, f, involving=entity_id)
    ev["counterpart"] = ev["b_name"].where(ev["a"] == entity_id, ev["a_name"])
    return ev[["day", "counterpart", "kind", "status", "place", "n_articles", "evidence", "event_id"]]


def topics_around(s: Store, f: Filters, entity_id: str) -> pd.DataFrame:
    """Topics of the filtered articles that mention the entity."""
    fa, p = _fa(f)
    return s.df(f"""{fa} SELECT t.topic, count(DISTINCT t.article_id) AS articles FROM topics t
                    JOIN fa ON fa.article_id = t.article_id
                    WHERE t.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?)
                    GROUP BY 1 ORDER BY articles DESC, t.topic""", p + [entity_id])


# ---------------------------------------------------------------- topics

def topic_share(s: Store, f: Filters, period: str = "month") -> pd.DataFrame:
    """Per period with dated articles and per topic: articles with the topic (0 when none), dated articles in
    the period, and the share. Topics seen nowhere in the filtered articles are left out."""
    fa, p = _fa(without(f, "topics"))
    pick = "AND list_contains(?, t.topic)" if f.topics else ""
    return s.df(f"""{fa}, dated AS (SELECT article_id, date_trunc(?, published) AS period FROM fa
                                    WHERE published IS NOT NULL),
                    tot AS (SELECT period, count(*) AS total FROM dated GROUP BY 1),
                    hits AS (SELECT d.period, t.topic, count(DISTINCT d.article_id) AS articles
                             FROM dated d JOIN topics t ON t.article_id = d.article_id {pick} GROUP BY 1, 2),
                    names AS (SELECT DISTINCT topic FROM hits)
                    SELECT tot.period, names.topic, coalesce(hits.articles, 0) AS articles, tot.total,
                           coalesce(hits.articles, 0) / tot.total AS share
                    FROM tot CROSS JOIN names
                    LEFT JOIN hits ON hits.period = tot.period AND hits.topic = names.topic
                    ORDER BY tot.period, names.topic""", p + [_period(period)] + ([list(f.topics)] if f.topics else []))


def topic_country(s: Store, f: Filters) -> pd.DataFrame:
    """Articles per (topic, country mentioned) in the filtered articles."""
    fa, p = _fa(f)
    pick = "AND list_contains(?, t.topic)" if f.topics else ""
    return s.df(f"""{fa} SELECT t.topic, c.country, count(DISTINCT t.article_id) AS articles
                    FROM topics t JOIN fa ON fa.article_id = t.article_id
                    JOIN mentions m ON m.article_id = t.article_id
                    JOIN entity_country c ON c.entity_id = m.entity_id
                    WHERE c.country IS NOT NULL {pick} GROUP BY ALL ORDER BY t.topic, c.country""",
                p + ([list(f.topics)] if f.topics else []))


def topic_evidence(s: Store, f: Filters, topic: str, period_start=None, period: str = "month") -> pd.DataFrame:
    """The filtered articles behind one topic (in one period when given) and their topic sentences."""
    fa, p = _fa(f)
    when, p2 = ("AND date_trunc(?, fa.published) = ?", [_period(period), period_start]) if period_start else ("", [])
    return s.df(f"""{fa} SELECT fa.article_id, fa.published, fa.title, fa.source, ts.sentence, ts.phrase
                    FROM fa JOIN topics t ON t.article_id = fa.article_id AND t.topic = ?
                    LEFT JOIN topic_sentences ts ON ts.article_id = fa.article_id AND ts.topic = t.topic
                    WHERE TRUE {when} ORDER BY fa.published NULLS LAST, fa.article_id, ts.start""",
                p + [topic] + p2)


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

def search_articles(s: Store, f: Filters, text: str = "", limit: int = 500) -> pd.DataFrame:
    """Filtered articles whose title or body contains `text` (case-insensitive, literal), newest first."""
    fa, p = _fa(f)
    needle = (text or "").strip().lower()
    return s.df(f"""{fa} SELECT fa.article_id, fa.published, fa.source, fa.title, fa.n_words, fa.path,
                    (SELECT count(*) FROM meetings m WHERE m.article_id = fa.article_id) AS meetings
                    FROM fa WHERE ? = '' OR contains(lower(coalesce(fa.title, '')), ?) OR contains(lower(fa.text), ?)
                    ORDER BY fa.published DESC NULLS LAST, fa.article_id LIMIT ?""",
                p + [needle, needle, needle, limit])


def article(s: Store, article_id: str) -> dict | None:
    """One article with its clean text, or None."""
    df = s.df("SELECT * FROM articles WHERE article_id = ?", [article_id])
    return None if df.empty else df.iloc[0].to_dict()


def article_mentions(s: Store, article_id: str) -> pd.DataFrame:
    """Entity mentions in one article, by offset."""
    return s.df("""SELECT m.start, m."end", m.text, m.entity_id, e.name, e.type FROM mentions m
                   LEFT JOIN entities e ON e.entity_id = m.entity_id
                   WHERE m.article_id = ? ORDER BY m.start, m."end" DESC""", [article_id])


def article_meetings(s: Store, article_id: str) -> pd.DataFrame:
    """The meetings one article reports, with participant names."""
    return s.df("""SELECT coalesce(ea.name, m.a) AS a_name, coalesce(eb.name, m.b) AS b_name, m.kind, m.status,
                   m.date, m.date_source, m.place, m.evidence, m.confidence, m.start, m."end", m.event_id
                   FROM meetings m LEFT JOIN entities ea ON ea.entity_id = m.a
                   LEFT JOIN entities eb ON eb.entity_id = m.b
                   WHERE m.article_id = ? ORDER BY m.start""", [article_id])


def article_topic_sentences(s: Store, article_id: str) -> pd.DataFrame:
    """The topic sentences one article contributed."""
    return s.df("""SELECT topic, sentence, phrase, start, "end" FROM topic_sentences WHERE article_id = ?
                   ORDER BY start, topic""", [article_id])
