"""The read-optimised copy of a build that the dashboard queries: `serving.duckdb` next to the parquet files.

Why: at a million articles, joining 20 M mention rows on string ids for every click is seconds, not
milliseconds. Here every article gets an integer `aid` in publication order (undated first, then oldest
→ newest), so a date range is an `aid` range, and every fact table is sorted by `aid` (DuckDB skips the
row groups outside the range). Entities get an integer `eid`; per-article facts that the dashboard
aggregates (mentions per entity, countries mentioned, topics × countries) are pre-joined; meeting events
carry their names, countries and best evidence sentence.

The parquet files stay the contract; this file is derived from them. `create()` builds the same tables
in any DuckDB connection: in a file at publish time, or in memory when a build lacks the file.
"""
from __future__ import annotations

import os
from itertools import chain
from pathlib import Path

import duckdb
import pyarrow as pa

from data_pipeline.lexicon.countries import country_name
from data_pipeline.store import fulltext, partitions
from data_pipeline.store.tables import SCHEMAS

FILE = "serving.duckdb"
VERSION = 7  # bump when a serving table changes; the dashboard rebuilds in memory on a mismatch

_DUCK = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.int64(): "BIGINT", pa.float64(): "DOUBLE",
         pa.list_(pa.string()): "VARCHAR[]"}
# an event key for builds whose meetings lack event_id: same pair, kind, status, date and place
_EVENT_KEY = ("md5(concat_ws('|', least(a, b), greatest(a, b), kind, coalesce(status, 'held'), "
              "coalesce(CAST(date AS VARCHAR), ''), coalesce(place, '')))")


def _literal(path: Path) -> str:
    """A file path as a SQL string literal (paths come from the operator, never from a viewer)."""
    return "'" + str(path).replace("'", "''") + "'"


def _sources(con: duckdb.DuckDBPyConnection, build: Path) -> set[str]:
    """Temp views `src_<table>` over the build's parquet files, with absent tables empty and absent columns NULL;
    returns the names of the tables the build has."""
    present = set()
    for name, schema in SCHEMAS.items():
        file = build / f"{name}.parquet"
        if file.exists():
            # a per-article table is a folder of monthly files (partitions.py), read as one table
            files = file / f"*{partitions.SUFFIX}" if file.is_dir() else file
            have = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet({_literal(files)})").fetchall()}
            source = f"read_parquet({_literal(files)})"
            present.add(name)
        else:
            have, source = set(), None
        cols = [f'"{f.name}"' if f.name in have else f'NULL::{_DUCK.get(f.type, "VARCHAR")} AS "{f.name}"'
                for f in schema]
        body = f"SELECT {', '.join(cols)} FROM {source}" if source else f"SELECT {', '.join(cols)} WHERE FALSE"
        con.execute(f'CREATE OR REPLACE TEMP VIEW "src_{name}" AS {body}')
    return present


# meeting columns the dashboard shows when the contract has them (why a sentence counts as a meeting)
_MEETING_EXTRAS = "".join(f", m.{c}" for c in ("reason",) if c in SCHEMAS["meetings"].names)

# Each step is one CREATE TABLE; the order matters (later steps read earlier tables).
STEPS: list[tuple[str, str]] = [
    ("art", """
        SELECT (row_number() OVER (ORDER BY published ASC NULLS FIRST, article_id DESC) - 1)::INTEGER AS aid,
               a.*, coalesce(m.n, 0)::INTEGER AS n_meetings
        FROM src_articles a LEFT JOIN (SELECT article_id, count(*) AS n FROM src_meetings GROUP BY 1) m
             USING (article_id)
        ORDER BY aid"""),
    ("ent_keys", """
        SELECT (row_number() OVER (ORDER BY e.entity_id) - 1)::INTEGER AS eid, e.entity_id, e.name, e.type,
               e.aliases, coalesce(nullif(e.country, ''), g.country) AS country
        FROM src_entities e LEFT JOIN gpe_country g USING (entity_id)
        ORDER BY eid"""),
    # every mention, for the reader's highlights
    ("spans", """
        SELECT a.aid, e.eid, m.text, m.start, m."end", m.sentence
        FROM src_mentions m JOIN art a USING (article_id) LEFT JOIN ent_keys e USING (entity_id)
        ORDER BY a.aid, m.start, m."end" DESC"""),
    # one row per (article, entity): what every count and top-N aggregates
    ("men", """
        SELECT s.aid, s.eid, e.type AS etype, count(*)::INTEGER AS n
        FROM spans s JOIN ent_keys e USING (eid) GROUP BY ALL ORDER BY s.aid, s.eid"""),
    ("men_by_ent", "SELECT eid, aid, n FROM men ORDER BY eid, aid"),
    # entities with their corpus totals (what an unfiltered view shows without scanning `men`)
    ("ent", """
        SELECT e.*, coalesce(t.mentions, 0) AS mentions, coalesce(t.articles, 0) AS articles FROM ent_keys e
        LEFT JOIN (SELECT eid, sum(n) AS mentions, count(*) AS articles FROM men GROUP BY eid) t USING (eid)
        ORDER BY eid"""),
    # small integer codes for countries and topics, so the big per-article tables below scan as integers
    ("countries", """
        SELECT (row_number() OVER (ORDER BY country))::SMALLINT AS cid, country
        FROM (SELECT DISTINCT country FROM ent WHERE country IS NOT NULL)"""),
    # topic_group: the taxonomy's group of the topic (security, diplomacy, economy, humanitarian, other)
    ("topic_names", """
        SELECT (row_number() OVER (ORDER BY topic))::SMALLINT AS tid, topic, topic_group
        FROM (SELECT topic, coalesce(max("group"), 'other') AS topic_group FROM src_topics GROUP BY topic)"""),
    ("art_country", """
        SELECT DISTINCT m.aid, c.cid FROM men m JOIN ent e USING (eid) JOIN countries c USING (country)
        ORDER BY m.aid, c.cid"""),
    ("top", """
        SELECT a.aid, a.published, n.tid, t.topic, t.score FROM src_topics t JOIN art a USING (article_id)
        JOIN topic_names n USING (topic) ORDER BY a.aid, t.topic"""),
    ("top_country", "SELECT t.aid, t.tid, c.cid FROM top t JOIN art_country c USING (aid) ORDER BY t.aid, t.tid, c.cid"),
    ("topic_country_all", """
        SELECT n.topic, c.country, count(*) AS articles FROM top_country t JOIN topic_names n USING (tid)
        JOIN countries c USING (cid) GROUP BY ALL ORDER BY n.topic, c.country"""),
    ("tsent", """
        SELECT a.aid, s.topic, s.sentence, s.phrase, s.start, s."end" FROM src_topic_sentences s
        JOIN art a USING (article_id) ORDER BY a.aid, s.start, s.topic"""),
    ("mtg", f"""
        SELECT a.aid, m.a AS a_id, m.b AS b_id, ea.eid AS a, eb.eid AS b, m.kind, coalesce(m.status, 'held') AS status,
               m.date, m.date_source, m.place, m.evidence, m.start, m."end", m.confidence,
               coalesce(m.event_id, {_EVENT_KEY}) AS event_id{_MEETING_EXTRAS}
        FROM src_meetings m JOIN art a USING (article_id)
        LEFT JOIN ent ea ON ea.entity_id = m.a LEFT JOIN ent eb ON eb.entity_id = m.b
        ORDER BY a.aid, m.start, m.a, m.b, m.kind"""),
    # one row per real-world event, newest last; `day` is its date, else when it was first reported
    ("evt", """
        WITH best AS (SELECT event_id, first(evidence ORDER BY confidence DESC, aid, start) AS evidence
                 FROM mtg GROUP BY 1)
        SELECT (row_number() OVER (ORDER BY coalesce(b.date, b.first_reported) ASC NULLS FIRST, b.event_id DESC)
                - 1)::INTEGER AS ev,
               b.event_id, coalesce(b.date, b.first_reported) AS day, b.date, b.kind, b.status, b.place,
               b.n_articles, b.first_reported, b.confidence,
               ea.eid AS a, eb.eid AS b, b.a AS a_id, b.b AS b_id,
               coalesce(ea.name, b.a) AS a_name, coalesce(eb.name, b.b) AS b_name,
               ea.country AS a_country, eb.country AS b_country, best.evidence
        FROM evt_base b LEFT JOIN ent ea ON ea.entity_id = b.a LEFT JOIN ent eb ON eb.entity_id = b.b
        LEFT JOIN best USING (event_id)
        ORDER BY ev"""),
    ("evt_art", """
        SELECT DISTINCT e.ev, m.aid FROM mtg m JOIN evt e USING (event_id) ORDER BY e.ev, m.aid"""),
    ("roles", """
        SELECT r.*, a.published, a.title FROM src_roles r LEFT JOIN art a USING (article_id)
        ORDER BY r.entity_id, r.article_id, r.role"""),
    ("resolution", "SELECT * FROM src_resolution ORDER BY entity_id, surface, article_id"),
    ("emerging_terms", "SELECT * FROM src_emerging_terms ORDER BY month, score DESC, term"),
    # emerging-term candidates per article, for the test re-run on filtered articles (store/emerging.py)
    ("term_names", """
        SELECT (row_number() OVER (ORDER BY term))::INTEGER AS term_id, term, kind
        FROM (SELECT term, min(kind) AS kind FROM src_article_terms GROUP BY term)"""),
    ("term_art", """
        SELECT a.aid, n.term_id, date_trunc('month', a.published) AS month,
               coalesce(a.source, 'article ' || a.article_id) AS source
        FROM src_article_terms t JOIN art a USING (article_id) JOIN term_names n USING (term)
        WHERE a.published IS NOT NULL ORDER BY a.aid, n.term_id"""),
]


# meeting events: the pipeline's table, or (older builds) grouped from the meetings by event id
_EVENTS_TABLE = """SELECT event_id, a, b, kind, coalesce(status, 'held') AS status, date, place, n_articles,
                          first_reported, confidence FROM src_meeting_events"""
_EVENTS_FROM_MEETINGS = """
    SELECT m.event_id, any_value(least(m.a_id, m.b_id)) AS a, any_value(greatest(m.a_id, m.b_id)) AS b,
           any_value(m.kind) AS kind, any_value(m.status) AS status, any_value(m.date) AS date,
           any_value(m.place) AS place, count(DISTINCT m.aid) AS n_articles, min(a.published) AS first_reported,
           max(m.confidence) AS confidence
    FROM mtg m JOIN art a USING (aid) GROUP BY m.event_id"""


# what the full-text index holds per article: its words, and a token per entity, topic and country (fulltext.key)
SEARCH_ROWS = """
    SELECT a.aid, a.title, a.text, concat_ws(' ', e.keys, t.keys, c.keys) AS keys FROM art a
    LEFT JOIN (SELECT aid, string_agg('e' || eid, ' ' ORDER BY eid) AS keys FROM men GROUP BY aid) e USING (aid)
    LEFT JOIN (SELECT aid, string_agg('t' || tid, ' ' ORDER BY tid) AS keys FROM top GROUP BY aid) t USING (aid)
    LEFT JOIN (SELECT aid, string_agg('c' || cid, ' ' ORDER BY cid) AS keys FROM art_country GROUP BY aid) c
         USING (aid)
    ORDER BY a.aid"""


def create(con: duckdb.DuckDBPyConnection, build: Path) -> None:
    """Create every serving table in `con` from the parquet files of `build`."""
    build = Path(build).resolve()
    present = _sources(con, build)
    events = _EVENTS_TABLE if "meeting_events" in present else _EVENTS_FROM_MEETINGS
    con.execute("CREATE OR REPLACE TEMP TABLE gpe_country (entity_id VARCHAR, country VARCHAR)")
    gpes = con.execute("SELECT entity_id, name FROM src_entities WHERE type = 'GPE'").fetchall()
    rows = [(e, c) for e, c in ((e, country_name(n)) for e, n in gpes) if c]
    if rows:
        con.executemany("INSERT INTO gpe_country VALUES (?, ?)", rows)
    for name, sql in STEPS:
        if name == "evt":
            con.execute(f"CREATE OR REPLACE TEMP VIEW evt_base AS {events}")
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")
    con.execute("CREATE INDEX art_article_id ON art (article_id)")  # the reader opens articles by id
    con.execute("CREATE OR REPLACE TABLE serving_info AS SELECT ?::INTEGER AS version, ?::VARCHAR[] AS present",
                [VERSION, sorted(present)])


def write(build: Path, memory_limit: str = "4GB") -> list[Path]:
    """Build `serving.duckdb` and the full-text index `search.sqlite` inside the build directory `build`
    (each written under a temp name, then renamed); returns their paths."""
    build = Path(build)
    final, tmp = build / FILE, build / f".{FILE}.tmp-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp), config={"memory_limit": memory_limit})
        try:
            con.execute("SET enable_progress_bar = false")
            create(con, build)
            cur = con.execute(SEARCH_ROWS)
            index = fulltext.write(build, chain.from_iterable(iter(lambda: cur.fetchmany(10_000), [])))
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    return [final, index]


def info(con: duckdb.DuckDBPyConnection) -> tuple[int, set[str]] | None:
    """(version, tables the build had) of the serving tables in `con`, or None when they are absent."""
    try:
        version, present = con.execute("SELECT version, present FROM serving_info").fetchone()
    except duckdb.Error:
        return None
    return int(version), set(present)
