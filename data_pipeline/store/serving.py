"""The read-optimised copy of a build that the dashboard queries: `serving.duckdb` next to the parquet files.

Why: at a million articles, joining 20 M mention rows on string ids for every click is seconds, not
milliseconds. Here every article gets an integer `aid` in publication order (undated first, then oldest
→ newest), so a date range is an `aid` range, and every fact table is sorted by `aid` (DuckDB skips the
row groups outside the range). Entities get an integer `eid`; per-article facts that the dashboard
aggregates (mentions per entity, countries mentioned, topics × countries) are pre-joined; meeting events
carry their names, countries and best evidence sentence.

The keys are stable, so that a rebuild can patch these files instead of writing them again (`patch`):
`aid` = (DAY_OFFSET + days since 1970-01-01) × 2^DAY_BITS + the article's rank within its day (undated
articles: their rank alone, below every dated one), so adding an article renumbers only its day; `eid` is
63 bits of the md5 of `entity_id`. `aid`s are therefore not dense: count rows, never range widths.

The parquet files stay the contract; this file is derived from them. `create()` builds the same tables
in any DuckDB connection: in a file at publish time, or in memory when a build lacks the file.
"""
from __future__ import annotations

import os
import shutil
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from data_pipeline.lexicon.countries import country_name
from data_pipeline.store import fulltext, partitions
from data_pipeline.store.tables import SCHEMAS

FILE = "serving.duckdb"
VERSION = 8  # bump when a serving table changes; the dashboard rebuilds in memory on a mismatch

DAY_BITS = 20  # up to 2^20 articles a day
DAY_OFFSET = 1 << 22  # keeps every day's key above the undated articles' ranks
_EPOCH = date(1970, 1, 1)


def day_key(day: date) -> int:
    """The smallest `aid` an article published on `day` can have."""
    return (DAY_OFFSET + day.toordinal() - _EPOCH.toordinal()) << DAY_BITS


UNDATED = (0, day_key(date.min) - 1)  # the aids of articles without a publication date


def aid_range(start: date | None, end: date | None) -> tuple[int, int]:
    """[lo, hi] aids of articles published from `start` to `end` (either open); undated articles only when both are."""
    if start is None and end is None:
        return 0, day_key(date.max) + (1 << DAY_BITS) - 1
    lo = day_key(start) if start else day_key(date.min)
    hi = day_key(end) + (1 << DAY_BITS) - 1 if end else day_key(date.max) + (1 << DAY_BITS) - 1
    return lo, hi


# aid and eid in SQL (see the module docstring)
_AID = (f"(CASE WHEN a.published IS NULL THEN 0 ELSE ({DAY_OFFSET} + (a.published - DATE '1970-01-01'))::BIGINT "
        f"<< {DAY_BITS} END + row_number() OVER (PARTITION BY a.published ORDER BY a.article_id DESC) - 1)::BIGINT")


def _eid(column: str) -> str:
    """The `eid` of the entity id in `column` (NULL for NULL)."""
    return f"(md5_number({column}) >> 65)::BIGINT"


_DUCK = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.int64(): "BIGINT", pa.float64(): "DOUBLE",
         pa.list_(pa.string()): "VARCHAR[]"}
# an event key for builds whose meetings lack event_id: same pair, kind, status, date and place
_EVENT_KEY = ("md5(concat_ws('|', least(a, b), greatest(a, b), kind, coalesce(status, 'held'), "
              "coalesce(CAST(date AS VARCHAR), ''), coalesce(place, '')))")


def _literal(path: Path) -> str:
    """A file path as a SQL string literal (paths come from the operator, never from a viewer)."""
    return "'" + str(path).replace("'", "''") + "'"


def _sources(con: duckdb.DuckDBPyConnection, build: Path, tables: dict[str, Tables] | None = None,
             unread: Iterable[str] = ()) -> set[str]:
    """Temp views `src_<table>` over the build's parquet files, with absent tables empty and absent columns NULL;
    returns the names of the tables the build has. `tables`: the same tables in memory, each with its rows in the
    order its files hold them (`publish._write_tables`), read instead of the files (publish writes both at once);
    or, for a per-article table, its months (`Tables`: in a patch, see `patch`). `unread`: tables of `tables` that
    get no view (a patch reads their changed months only, `_month_sources`), yet count as present."""
    present = set()
    for name in SCHEMAS:
        if tables is not None:
            if name in tables and name in unread:
                present.add(name)
            elif name in tables:
                source, have = _memory(con, f"mem_{name}", tables[name])
                _view(con, f"src_{name}", name, source, have)
                present.add(name)
            else:
                _view(con, f"src_{name}", name, None)
            continue
        file = build / f"{name}.parquet"
        if file.exists():
            # a per-article table is a folder of monthly files (partitions.py), read as one table
            _view(con, f"src_{name}", name, _parquet([file / f"*{partitions.SUFFIX}" if file.is_dir() else file]))
            present.add(name)
        else:
            _view(con, f"src_{name}", name, None)
    return present


# a table in memory, or a per-article table's months in key order: each the rows of that month (the file's
# rows, in its order) or the path of a parquet file holding them
Tables = pa.Table | dict[str, "pa.Table | Path"]


def _memory(con: duckdb.DuckDBPyConnection, mem: str, table: Tables,
            keys: set[str] | None = None) -> tuple[str | None, set[str] | None]:
    """A SQL source over `table` (a per-article table's months: those of `keys` only, all when None), with its
    columns when they are known without asking DuckDB; (None, set()) for no rows."""
    if isinstance(table, pa.Table):
        con.register(mem, table)
        return f'"{mem}"', set(table.column_names)
    parts = [part for key, part in table.items() if keys is None or key in keys]
    rows = [part for part in parts if isinstance(part, pa.Table)]
    files = [part for part in parts if not isinstance(part, pa.Table)]
    if rows:
        con.register(mem, pa.concat_tables(rows) if len(rows) > 1 else rows[0])
    if rows and files:  # rows changed in memory beside months unchanged on disk (the order of their rows is lost)
        have = set(rows[0].column_names) | set(pq.read_schema(files[0]).names)  # a build's files share one schema
        return f'(SELECT * FROM {_parquet(files)} UNION ALL BY NAME SELECT * FROM "{mem}")', have
    if rows:
        return f'"{mem}"', set(rows[0].column_names)
    return (_parquet(files), None) if files else (None, set())


def _parquet(files: list[Path]) -> str | None:
    """A SQL source reading parquet `files` (globs allowed) as one table; None for no files."""
    return f"read_parquet([{', '.join(map(_literal, files))}])" if files else None


def _month_sources(con: duckdb.DuckDBPyConnection, build: Path, months: set[str] | None,
                   tables: dict[str, Tables] | None = None) -> None:
    """Temp views `month_<table>` over the per-article tables' files of `months` and `undated` (every month: None),
    so that a patch reads the months it changes, not the whole corpus. `tables`: as for `patch`."""
    for name in partitions.PARTITIONED:
        folder = build / f"{name}.parquet"
        if months is None or (tables is None and not folder.is_dir()) or (tables is not None and name not in tables):
            con.execute(f'CREATE OR REPLACE TEMP VIEW "month_{name}" AS SELECT * FROM "src_{name}"')
            continue
        keys = set(months) | {partitions.UNDATED}
        if tables is not None:
            _view(con, f"month_{name}", name, *_memory(con, f"mem_month_{name}", tables[name], keys))
            continue
        files = [folder / f"{key}{partitions.SUFFIX}" for key in sorted(keys)]
        _view(con, f"month_{name}", name, _parquet([f for f in files if f.is_file()]))


def _view(con: duckdb.DuckDBPyConnection, view: str, name: str, source: str | None,
          have: set[str] | None = None) -> None:
    """A temp view over SQL `source` (parquet files or a registered Arrow table) with the columns of contract
    table `name`, absent ones NULL (no source: no rows). `have`: the source's columns when known (an Arrow table's),
    else DuckDB is asked."""
    schema = SCHEMAS[name]
    if have is None:
        have = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()} if source else set()
    cols = [f'"{f.name}"' if f.name in have else f'NULL::{_DUCK.get(f.type, "VARCHAR")} AS "{f.name}"'
            for f in schema]
    body = f"SELECT {', '.join(cols)} FROM {source}" if source else f"SELECT {', '.join(cols)} WHERE FALSE"
    con.execute(f'CREATE OR REPLACE TEMP VIEW "{view}" AS {body}')


# meeting columns the dashboard shows when the contract has them (why a sentence counts as a meeting)
_MEETING_EXTRAS = "".join(f", m.{c}" for c in ("reason",) if c in SCHEMAS["meetings"].names)

# Each step is one table; the order matters (later steps read earlier tables). Corpus-wide tables come first
# (CORPUS_FIRST) and last (CORPUS_LAST); the per-article steps between them (PER_ARTICLE) read the articles
# from `{art}`: `art` itself in a full build, only the re-numbered days' articles in a patch. Each step's
# ORDER BY is the row order of a full build.
CORPUS_FIRST: list[tuple[str, str]] = [
    ("ent_keys", f"""
        SELECT {_eid("e.entity_id")} AS eid, e.entity_id, e.name, e.type,
               e.aliases, coalesce(nullif(e.country, ''), g.country) AS country
        FROM src_entities e LEFT JOIN gpe_country g USING (entity_id)
        ORDER BY eid"""),
    # small integer codes for countries and topics, so the big per-article tables below scan as integers
    ("countries", """
        SELECT (row_number() OVER (ORDER BY country))::SMALLINT AS cid, country
        FROM (SELECT DISTINCT country FROM ent_keys WHERE country IS NOT NULL)"""),
    # topic_group: the taxonomy's group of the topic (security, diplomacy, economy, humanitarian, other)
    ("topic_names", """
        SELECT (row_number() OVER (ORDER BY topic))::SMALLINT AS tid, topic, topic_group
        FROM (SELECT topic, coalesce(max("group"), 'other') AS topic_group FROM src_topics GROUP BY topic)"""),
]
PER_ARTICLE: list[tuple[str, str]] = [
    ("art", f"""
        SELECT {_AID} AS aid, a.*, coalesce(m.n, 0)::INTEGER AS n_meetings
        FROM (SELECT * FROM {{src}}articles a WHERE {{scope}}) a
        LEFT JOIN (SELECT article_id, count(*) AS n FROM {{src}}meetings GROUP BY 1) m USING (article_id)
        ORDER BY aid"""),
    # every mention, for the reader's highlights
    ("spans", f"""
        SELECT a.aid, {_eid("m.entity_id")} AS eid, m.text, m.start, m."end", m.sentence
        FROM {{src}}mentions m JOIN {{art}} a USING (article_id)
        ORDER BY a.aid, m.start, m."end" DESC"""),
    # one row per (article, entity): what every count and top-N aggregates
    ("men", """
        SELECT s.aid, s.eid, e.type AS etype, count(*)::INTEGER AS n
        FROM spans s JOIN ent_keys e USING (eid) WHERE s.aid IN (SELECT aid FROM {art}) GROUP BY ALL
        ORDER BY s.aid, s.eid"""),
    ("men_by_ent", "SELECT eid, aid, n FROM men WHERE aid IN (SELECT aid FROM {art}) ORDER BY eid, aid"),
    ("art_country", """
        SELECT DISTINCT m.aid, c.cid FROM men m JOIN ent_keys e USING (eid) JOIN countries c USING (country)
        WHERE m.aid IN (SELECT aid FROM {art}) ORDER BY m.aid, c.cid"""),
    ("top", """
        SELECT a.aid, a.published, n.tid, t.topic, t.score FROM {src}topics t JOIN {art} a USING (article_id)
        JOIN topic_names n USING (topic) ORDER BY a.aid, t.topic"""),
    ("top_country", """
        SELECT t.aid, t.tid, c.cid FROM top t JOIN art_country c USING (aid) WHERE t.aid IN (SELECT aid FROM {art})
        ORDER BY t.aid, t.tid, c.cid"""),
    ("tsent", """
        SELECT a.aid, s.topic, s.sentence, s.phrase, s.start, s."end" FROM {src}topic_sentences s
        JOIN {art} a USING (article_id) ORDER BY a.aid, s.start, s.topic"""),
    ("mtg", f"""
        SELECT a.aid, m.a AS a_id, m.b AS b_id, {_eid("m.a")} AS a, {_eid("m.b")} AS b, m.kind,
               coalesce(m.status, 'held') AS status,
               m.date, m.date_source, m.place, m.evidence, m.start, m."end", m.confidence,
               coalesce(m.event_id, {_EVENT_KEY}) AS event_id{_MEETING_EXTRAS}
        FROM {{src}}meetings m JOIN {{art}} a USING (article_id)
        ORDER BY a.aid, m.start, m.a, m.b, m.kind"""),
]
# per-article tables keyed by article_id (not aid): a patch replaces only the touched articles' rows
BY_ARTICLE_ID: list[tuple[str, str]] = [
    ("roles", """
        SELECT r.*, a.published, a.title FROM {src}roles r LEFT JOIN art a USING (article_id) WHERE {touched}
        ORDER BY r.entity_id, r.article_id, r.role, r.org, r.country, r.date"""),  # a total order: same file each run
    ("resolution", "SELECT * FROM {src}resolution r WHERE {touched} ORDER BY entity_id, surface, article_id, reason"),
]
# one row per real-world event (of those where `{events}` holds), without its number `ev`; `day` is its date,
# else when it was first reported
_EVT_ROWS = """
    WITH best AS (SELECT event_id, first(evidence ORDER BY confidence DESC, aid, start) AS evidence
             FROM mtg WHERE {events} GROUP BY 1)
    SELECT b.event_id, coalesce(b.date, b.first_reported) AS day, b.date, b.kind, b.status, b.place,
           b.n_articles, b.first_reported, b.confidence,
           ea.eid AS a, eb.eid AS b, b.a AS a_id, b.b AS b_id,
           coalesce(ea.name, b.a) AS a_name, coalesce(eb.name, b.b) AS b_name,
           ea.country AS a_country, eb.country AS b_country, best.evidence
    FROM evt_base b LEFT JOIN ent ea ON ea.entity_id = b.a LEFT JOIN ent eb ON eb.entity_id = b.b
    LEFT JOIN best USING (event_id) WHERE {events}"""
# events numbered in the order of their day (dense: the dashboard maps a date range to an `ev` range), newest last
_EVT_NUMBERED = """
    SELECT (row_number() OVER (ORDER BY day ASC NULLS FIRST, event_id DESC) - 1)::INTEGER AS ev, *
    FROM ({rows}) ORDER BY ev"""
# the term rows of the articles of `{art}` (every article: `art`)
_TERM_ART = """
    SELECT a.aid, n.term_id, date_trunc('month', a.published) AS month,
           coalesce(a.source, 'article ' || a.article_id) AS source
    FROM src_article_terms t JOIN {art} a USING (article_id) JOIN term_names n USING (term)
    WHERE a.published IS NOT NULL ORDER BY a.aid, n.term_id"""
CORPUS_LAST: list[tuple[str, str]] = [
    # entities with their corpus totals (what an unfiltered view shows without scanning `men`)
    ("ent", """
        SELECT e.*, coalesce(t.mentions, 0) AS mentions, coalesce(t.articles, 0) AS articles FROM ent_keys e
        LEFT JOIN (SELECT eid, sum(n) AS mentions, count(*) AS articles FROM men GROUP BY eid) t USING (eid)
        ORDER BY eid"""),
    ("topic_country_all", """
        SELECT n.topic, c.country, count(*) AS articles FROM top_country t JOIN topic_names n USING (tid)
        JOIN countries c USING (cid) GROUP BY ALL ORDER BY n.topic, c.country"""),
    # one row per real-world event, newest last; `day` is its date, else when it was first reported
    ("evt", _EVT_NUMBERED.format(rows=_EVT_ROWS.format(events="TRUE"))),
    ("evt_art", """
        SELECT DISTINCT e.ev, m.aid FROM mtg m JOIN evt e USING (event_id) ORDER BY e.ev, m.aid"""),
    ("emerging_terms", "SELECT * FROM src_emerging_terms ORDER BY month, score DESC, term"),
    # emerging-term candidates per article, for the test re-run on filtered articles (store/emerging.py)
    ("term_names", """
        SELECT (row_number() OVER (ORDER BY term))::INTEGER AS term_id, term, kind
        FROM (SELECT term, min(kind) AS kind FROM src_article_terms GROUP BY term)"""),
    # emerging-term candidates per article, for the test re-run on filtered articles
    ("term_art", _TERM_ART.format(art="art")),
]
STEPS = CORPUS_FIRST + PER_ARTICLE + BY_ARTICLE_ID + CORPUS_LAST


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
# (`{only}`: a condition on `aid` that limits the key lists to the articles indexed, in a patch)
_SEARCH_ROWS = """
    SELECT a.aid, a.title, a.text, concat_ws(' ', e.keys, t.keys, c.keys) AS keys FROM {art} a
    LEFT JOIN (SELECT aid, string_agg('e' || eid, ' ' ORDER BY eid) AS keys FROM men WHERE {only} GROUP BY aid) e
         USING (aid)
    LEFT JOIN (SELECT aid, string_agg('t' || tid, ' ' ORDER BY tid) AS keys FROM top WHERE {only} GROUP BY aid) t
         USING (aid)
    LEFT JOIN (SELECT aid, string_agg('c' || cid, ' ' ORDER BY cid) AS keys FROM art_country WHERE {only}
               GROUP BY aid) c USING (aid)
    ORDER BY a.aid"""
SEARCH_ROWS = _SEARCH_ROWS.format(art="art", only="TRUE")


def _step(con: duckdb.DuckDBPyConnection, name: str, sql: str, insert: bool = False) -> None:
    """Create table `name` from `sql`, or append its rows to the existing table."""
    if insert:
        con.execute(f"INSERT INTO {name} {sql}")
    else:
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")


def _prepare(con: duckdb.DuckDBPyConnection, build: Path, tables: dict[str, Tables] | None = None,
             unread: Iterable[str] = ()) -> set[str]:
    """Source views over the build's parquet files (or `tables`, `unread`: see `_sources`) and the GPE countries;
    returns the tables present."""
    present = _sources(con, build, tables, unread)
    gpes = con.execute("SELECT entity_id, name FROM src_entities WHERE type = 'GPE'").fetchall()
    rows = [(e, c) for e, c in ((e, country_name(n)) for e, n in gpes) if c]
    # one statement from an Arrow table, not one INSERT per row
    con.register("gpe_rows", pa.table([pa.array([e for e, _ in rows], pa.string()),
                                       pa.array([c for _, c in rows], pa.string())], names=["entity_id", "country"]))
    con.execute("CREATE OR REPLACE TEMP TABLE gpe_country AS SELECT * FROM gpe_rows")
    con.unregister("gpe_rows")
    return present


def _corpus(con: duckdb.DuckDBPyConnection, steps: list[tuple[str, str]], present: set[str]) -> None:
    """Create the corpus-wide tables of `steps` afresh."""
    for name, sql in steps:
        if name == "evt":  # meeting events: the pipeline's table, or (older builds) grouped from the meetings
            events = _EVENTS_TABLE if "meeting_events" in present else _EVENTS_FROM_MEETINGS
            con.execute(f"CREATE OR REPLACE TEMP VIEW evt_base AS {events}")
        _step(con, name, sql)
    if any(name == "ent_keys" for name, _ in steps):
        n, distinct = con.execute("SELECT count(*), count(DISTINCT eid) FROM ent_keys").fetchone()
        if n != distinct:
            raise ValueError("serving: two entity ids hash to the same eid; rename one entity")


def create(con: duckdb.DuckDBPyConnection, build: Path, tables: dict[str, pa.Table] | None = None) -> None:
    """Create every serving table in `con` from the parquet files of `build`, or from `tables` (see `_sources`)."""
    build = Path(build).resolve()
    present = _prepare(con, build, tables)
    _corpus(con, CORPUS_FIRST, present)
    for name, sql in PER_ARTICLE:
        _step(con, name, sql.format(scope="TRUE", art="art", src="src_"))
    for name, sql in BY_ARTICLE_ID:
        _step(con, name, sql.format(touched="TRUE", src="src_"))
    _corpus(con, CORPUS_LAST, present)
    con.execute("CREATE INDEX art_article_id ON art (article_id)")  # the reader opens articles by id
    _info(con, present)


def _info(con: duckdb.DuckDBPyConnection, present: set[str]) -> None:
    con.execute("CREATE OR REPLACE TABLE serving_info AS SELECT ?::INTEGER AS version, ?::VARCHAR[] AS present",
                [VERSION, sorted(present)])


def write(build: Path, memory_limit: str = "4GB", tables: dict[str, pa.Table] | None = None) -> list[Path]:
    """Build `serving.duckdb` and the full-text index `search.sqlite` inside the build directory `build`
    (each written under a temp name, then renamed); returns their paths. `tables`: the build's tables in memory,
    in the row order of their files (`publish._write_tables`), read instead of the parquet files: the same
    contents, without waiting for the files or reading them back."""
    build = Path(build)
    final, tmp = build / FILE, build / f".{FILE}.tmp-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp), config={"memory_limit": memory_limit, **_threads(tables)})
        try:
            con.execute("SET enable_progress_bar = false")
            create(con, build, tables)
            index = fulltext.write(build, _fetched(con.execute(SEARCH_ROWS)))
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, final)
    except BaseException:
        _discard(tmp)
        raise
    return [final, index]


ROW_GROUP = 122_880  # DuckDB's unit of parallel work (rows of a row group)


def _threads(tables: dict[str, pa.Table] | None) -> dict:
    """DuckDB settings for writing the serving file from `tables`: one thread when every table fits in one row group
    (each scan is one task then, and more threads only cost CPU to schedule: ~0.06 s of ~0.26 s at 305 articles),
    DuckDB's default otherwise (from the files: their size is not known here)."""
    if tables is not None and all(t.num_rows < ROW_GROUP for t in tables.values()):
        return {"threads": 1}
    return {}


PATCH_ROWS = 4 * ROW_GROUP  # a patch reading smaller corpus-wide tables from memory runs in one thread (_one_thread)


def _one_thread(tables: dict[str, Tables] | None) -> bool:
    """Whether a patch from `tables` in memory (store/patch.py: beside the thread writing the parquet files) runs
    in one DuckDB thread: when every corpus-wide table among them is under PATCH_ROWS rows (10,000 articles:
    article_terms has 178,000), where a second thread costs more CPU than it saves beside the writer (0.10 s less
    CPU and 0.05 s less wall for one added article at 10,000 articles); DuckDB's default otherwise."""
    return tables is not None and all(t.num_rows < PATCH_ROWS for t in tables.values() if isinstance(t, pa.Table))


def _discard(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    Path(str(tmp) + ".wal").unlink(missing_ok=True)


def patch(build: Path, previous: Path, touched: set[str], months: set[str] | None = None,
          memory_limit: str = "4GB", wait: Callable[[], tuple[set[str] | None, dict[str, Tables] | None]] | None = None,
          same_terms: Callable[[], bool] | None = None) -> list[Path] | None:
    """Write `serving.duckdb` and the search index of `build` from `previous`'s with only what changed replaced:
    the rows of every article published on a day a touched article had or has (their `aid`s may shift), the
    touched articles' roles and resolution rows, and the corpus-wide tables by what those rows changed
    (`_patch_corpus`). Gives the same tables as `write(build)`. `months`: the monthly partitions whose files differ
    from `previous`'s (store/patch.py knows them; the per-article rows are read from those only), None for every
    month. Returns their paths, or None (nothing written) when `previous` has no such files of this version, or
    when the change reaches articles beyond those days: an existing entity's type or country changed, the country
    or topic codes changed, or an entity mentioned by another article appeared or went. The caller then calls
    `write`.

    The previous serving.duckdb is copied whole (a sendfile copy), never written in place: it is a hard link of
    the previous build that readers may hold open, and a reader must never see a half-patched file; the copy is
    renamed into place when complete. The search index is not copied: the previous base is linked and a small
    layer of the changed articles written beside it (fulltext.patch), or, when that layer has grown too large,
    the index is written afresh.

    `wait`: called once the previous file is copied and open, before anything of `build` is read; returns the
    (months, tables) to use, `months` replacing the argument, so that a caller running the patch in a thread can
    compute them meanwhile (an error it raises ends the patch, nothing written). `tables`: every table of `build` in
    memory, read instead of its files, so that the patch can run while they are written (store/patch.py): a
    corpus-wide table as a `pa.Table` in the order of its file's rows; a per-article table as {month key: that
    month's rows, or the path of a file holding them (an unchanged month: the previous build's file)} for every
    month the build has. When the patch declines (None), `write(build)` needs the files. `same_terms`: called (once, when the term
    tables are reached) to learn whether every `article_terms` row of an untouched article is as in `previous`
    (store/patch.py compares them while the patch runs); then `term_art` is patched, not made afresh."""
    build, previous = Path(build), Path(previous)
    old_db, old_fts = previous / FILE, previous / fulltext.FILE
    if not (old_db.is_file() and old_fts.is_file()):
        return None
    final, tmp = build / FILE, build / f".{FILE}.tmp-{os.getpid()}"
    index: list[Path] = []
    try:
        shutil.copyfile(old_db, tmp)  # never written in place: the previous build's files are hard links
        con = duckdb.connect(str(tmp), config={"memory_limit": memory_limit})
        try:
            con.execute("SET enable_progress_bar = false")
            got = info(con)
            if got is None or got[0] != VERSION:
                return None
            gone = _patch_tables(con, Path(build).resolve(), touched, months, wait, same_terms)
            if gone is None:
                return None
            cur = con.execute(_SEARCH_ROWS.format(art="art_new", only="aid IN (SELECT aid FROM art_new)"))
            index = fulltext.patch(build, previous, gone, _fetched(cur))
            if index is None:  # the layer has outgrown its base: a new base
                index = [fulltext.write(build, _fetched(con.execute(SEARCH_ROWS)))]
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, final)
    except BaseException:
        _discard(tmp)
        _discard_index(build)
        raise
    finally:
        if not final.exists():
            _discard(tmp)
            _discard_index(build)
    return [final, *index]


def _fetched(cur) -> Iterable[tuple]:
    """The rows of a DuckDB cursor, fetched 10,000 at a time."""
    return chain.from_iterable(iter(lambda: cur.fetchmany(10_000), []))


def _discard_index(build: Path) -> None:
    """Remove the search index files a failed patch wrote into its (staging) build folder."""
    for name in (fulltext.FILE, fulltext.LAYER):
        (build / name).unlink(missing_ok=True)


_ENTITY_FACTS = "SELECT eid, entity_id, type, country FROM ent_keys"
_CODES = ("SELECT 'c' AS k, cid::INTEGER AS code, country AS name, NULL::VARCHAR AS grp FROM countries "
          "UNION ALL SELECT 't', tid, topic, topic_group FROM topic_names")


def _patch_tables(con: duckdb.DuckDBPyConnection, build: Path, touched: set[str], months: set[str] | None,
                  wait=None, same_terms=None) -> list[int] | None:
    """Replace the changed rows in an open copy of the previous serving file; returns the aids taken out (for the
    search index), or None when the change reaches every article (see `patch`; `wait`, `same_terms` too)."""
    con.execute("CREATE TEMP TABLE touched AS SELECT unnest(?::VARCHAR[]) AS article_id", [sorted(touched)])
    con.execute(f"CREATE TEMP TABLE old_entities AS {_ENTITY_FACTS}")
    con.execute("CREATE TEMP TABLE old_names AS SELECT entity_id, name FROM ent_keys")
    con.execute(f"CREATE TEMP TABLE old_codes AS {_CODES}")
    tables = None
    if wait is not None:
        months, tables = wait()
    if _one_thread(tables):
        con.execute("SET threads = 1")
    # of the per-article tables, a patch reads the whole corpus's topics only (the topic codes), the others'
    # changed months only
    unread = set(partitions.PARTITIONED) - {"topics"} if tables is not None and months is not None else ()
    present = _prepare(con, build, tables, unread)
    _month_sources(con, build, months, tables)
    _corpus(con, CORPUS_FIRST, present)
    changed = con.execute(f"""
        SELECT (SELECT count(*) FROM old_entities o JOIN ({_ENTITY_FACTS}) n USING (eid)
                WHERE o.entity_id <> n.entity_id OR o.type IS DISTINCT FROM n.type
                      OR o.country IS DISTINCT FROM n.country)
             + (SELECT count(*) FROM (SELECT * FROM old_codes EXCEPT ({_CODES})))
             + (SELECT count(*) FROM (({_CODES}) EXCEPT SELECT * FROM old_codes))""").fetchone()[0]
    if changed:
        return None
    # the days whose articles are re-numbered: where a touched article was, and where it is now
    con.execute("""CREATE TEMP TABLE days AS SELECT DISTINCT published AS day FROM (
                       SELECT published FROM art WHERE article_id IN (SELECT article_id FROM touched)
                       UNION ALL SELECT published FROM month_articles WHERE article_id IN (SELECT article_id FROM touched))""")
    scope = ("(a.published IN (SELECT day FROM days WHERE day IS NOT NULL) "
             "OR (a.published IS NULL AND EXISTS (SELECT 1 FROM days WHERE day IS NULL)))")
    gone = [r[0] for r in con.execute(f"SELECT aid FROM art a WHERE {scope}").fetchall()]
    con.execute("CREATE TEMP TABLE gone AS SELECT unnest(?::BIGINT[]) AS aid", [gone])
    # an entity that appears or goes while a kept article mentions it changes that article's rows
    (stale,) = con.execute("""
        SELECT count(*) FROM spans WHERE aid NOT IN (SELECT aid FROM gone) AND eid IN (
            (SELECT eid FROM old_entities EXCEPT SELECT eid FROM ent_keys)
            UNION ALL (SELECT eid FROM ent_keys EXCEPT SELECT eid FROM old_entities))""").fetchone()
    if stale:
        return None
    # what the re-numbered articles counted in the corpus-wide tables, before their rows go (_patch_corpus)
    con.execute("CREATE TEMP TABLE men_gone AS SELECT eid, n FROM men WHERE aid IN (SELECT aid FROM gone)")
    con.execute("CREATE TEMP TABLE tc_gone AS SELECT tid, cid FROM top_country WHERE aid IN (SELECT aid FROM gone)")
    con.execute("CREATE TEMP TABLE evt_gone AS SELECT DISTINCT event_id FROM mtg WHERE aid IN (SELECT aid FROM gone)")
    for name, _ in PER_ARTICLE:
        con.execute(f"DELETE FROM {name} WHERE aid IN (SELECT aid FROM gone)")
    art_sql = dict(PER_ARTICLE)["art"].format(scope=scope, art="art", src="month_")
    con.execute(f"CREATE TEMP TABLE art_new AS {art_sql}")
    con.execute("INSERT INTO art SELECT * FROM art_new")
    for name, sql in PER_ARTICLE[1:]:
        _step(con, name, sql.format(art="art_new", src="month_"), insert=True)
    who = "(r.article_id IN (SELECT article_id FROM touched) OR r.article_id IS NULL)"
    for name, sql in BY_ARTICLE_ID:
        con.execute(f"DELETE FROM {name} r WHERE {who}")
        _step(con, name, sql.format(touched=who, src="month_"), insert=True)
    _patch_corpus(con, present, same_terms)
    _info(con, present)
    return gone


def _patch_corpus(con: duckdb.DuckDBPyConnection, present: set[str],
                  same_terms: Callable[[], bool] | None = None) -> None:
    """The corpus-wide tables of CORPUS_LAST as a full `_corpus` gives them, from their previous rows and what the
    re-numbered articles took out (`men_gone`, `tc_gone`, `evt_gone`) and put in (`art_new`): entity and
    topic × country totals adjusted, events replaced by event. The term tables are made afresh (O(corpus): a
    diff of `article_terms` against the previous build's cost more than that at 10,000 articles), unless
    `same_terms()` says that only the touched articles' `article_terms` rows changed (see `patch`) and the term
    codes are the same: then the re-numbered articles' `term_art` rows are replaced."""
    new = "aid IN (SELECT aid FROM art_new)"
    # entity totals: previous totals - the re-numbered articles' old rows + their new rows
    con.execute(f"""CREATE TEMP TABLE ent_totals AS SELECT eid, sum(mentions) AS mentions, sum(articles) AS articles
        FROM (SELECT eid, mentions, articles FROM ent UNION ALL SELECT eid, -sum(n), -count(*) FROM men_gone GROUP BY eid
              UNION ALL SELECT eid, sum(n), count(*) FROM men WHERE {new} GROUP BY eid) GROUP BY eid""")
    con.execute("""CREATE OR REPLACE TABLE ent AS
        SELECT e.*, coalesce(t.mentions, 0)::HUGEINT AS mentions, coalesce(t.articles, 0)::BIGINT AS articles
        FROM ent_keys e LEFT JOIN ent_totals t USING (eid) ORDER BY eid""")
    # articles per (topic, country), the same way (the codes are unchanged: _patch_tables checked)
    con.execute(f"""CREATE TEMP TABLE tca AS
        SELECT tid, cid, sum(n) AS n FROM (
            SELECT n.tid, c.cid, t.articles AS n FROM topic_country_all t JOIN topic_names n USING (topic)
                JOIN countries c USING (country)
            UNION ALL SELECT tid, cid, -count(*) FROM tc_gone GROUP BY ALL
            UNION ALL SELECT tid, cid, count(*) FROM top_country WHERE {new} GROUP BY ALL) GROUP BY ALL""")
    con.execute("""CREATE OR REPLACE TABLE topic_country_all AS
        SELECT n.topic, c.country, t.n::BIGINT AS articles FROM tca t JOIN topic_names n USING (tid)
        JOIN countries c USING (cid) WHERE t.n <> 0 ORDER BY n.topic, c.country""")
    # events: the rows of events whose meeting_events row, reports or entity names changed (or that went) are
    # deleted and those still there made again; the others are kept
    events = _EVENTS_TABLE if "meeting_events" in present else _EVENTS_FROM_MEETINGS
    con.execute(f"CREATE OR REPLACE TEMP VIEW evt_base AS {events}")
    con.execute(f"""CREATE TEMP TABLE evt_touched AS
        SELECT event_id FROM evt_gone UNION SELECT event_id FROM mtg WHERE {new}
        UNION SELECT event_id FROM (
            SELECT event_id, a, b, kind, status, date, place, n_articles, first_reported, confidence FROM evt_base
            EXCEPT SELECT event_id, a_id, b_id, kind, status, date, place, n_articles, first_reported, confidence
            FROM evt)
        UNION SELECT e.event_id FROM evt e JOIN (
            (SELECT * FROM old_names EXCEPT SELECT entity_id, name FROM ent_keys)
            UNION ALL (SELECT entity_id, name FROM ent_keys EXCEPT SELECT * FROM old_names)) x
            ON x.entity_id IN (e.a_id, e.b_id)""")
    touched = "event_id IN (SELECT event_id FROM evt_touched)"
    old = f"({touched} OR event_id NOT IN (SELECT event_id FROM evt_base))"
    con.execute(f"DELETE FROM evt_art WHERE ev IN (SELECT ev FROM evt WHERE {old})")
    con.execute(f"DELETE FROM evt WHERE {old}")
    con.execute(f"INSERT INTO evt SELECT NULL, * FROM ({_EVT_ROWS.format(events=touched)})")
    # numbered again by day; only the rows whose number moved are updated (a new event shifts the later ones)
    con.execute("""CREATE TEMP TABLE ev_moved AS SELECT * FROM (
        SELECT event_id, ev AS old, (row_number() OVER (ORDER BY day ASC NULLS FIRST, event_id DESC) - 1)::INTEGER AS ev
        FROM evt) WHERE old IS DISTINCT FROM ev""")
    con.execute("UPDATE evt SET ev = m.ev FROM ev_moved m WHERE evt.event_id = m.event_id")
    con.execute("UPDATE evt_art SET ev = m.ev FROM ev_moved m WHERE evt_art.ev = m.old")
    con.execute(f"""INSERT INTO evt_art SELECT DISTINCT e.ev, m.aid FROM mtg m JOIN evt e USING (event_id)
                    WHERE e.{touched} ORDER BY e.ev, m.aid""")
    steps = dict(CORPUS_LAST)
    _step(con, "emerging_terms", steps["emerging_terms"])
    if same_terms is not None and same_terms():
        con.execute(f"CREATE TEMP TABLE term_names_new AS {steps['term_names']}")
        (moved,) = con.execute("""SELECT count(*) FROM (
            (SELECT * FROM term_names EXCEPT SELECT * FROM term_names_new)
            UNION ALL (SELECT * FROM term_names_new EXCEPT SELECT * FROM term_names))""").fetchone()
        if not moved:  # the same term codes: only the re-numbered articles' rows change
            con.execute("DELETE FROM term_art WHERE aid IN (SELECT aid FROM gone)")
            con.execute(f"INSERT INTO term_art {_TERM_ART.format(art='art_new')}")
            return
        con.execute("CREATE OR REPLACE TABLE term_names AS SELECT * FROM term_names_new")
    else:
        _step(con, "term_names", steps["term_names"])
    _step(con, "term_art", steps["term_art"])


def info(con: duckdb.DuckDBPyConnection) -> tuple[int, set[str]] | None:
    """(version, tables the build had) of the serving tables in `con`, or None when they are absent."""
    try:
        version, present = con.execute("SELECT version, present FROM serving_info").fetchone()
    except duckdb.Error:
        return None
    return int(version), set(present)
