"""The contract tables: pyarrow schemas and rows → Table conversion.

A table's parquet bytes depend only on its rows, never on which other rows were converted with them:
the schema is fixed per table, no pandas metadata is attached (readers get each column's type from the
arrow schema), and rows are sorted by every scalar column (`ORDER`), so equal rows are interchangeable.
That is what lets a patch (store/patch.py) re-convert only the touched articles' rows and still write
the bytes a full build writes. `to_table` builds the columns with pyarrow directly (about ten times
faster than pandas); values it does not convert the way pandas does go through pandas instead.
"""
from __future__ import annotations

import datetime as _dt
from itertools import repeat

import pyarrow as pa

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("path", pa.string()), ("title", pa.string()),
        ("source", pa.string()), ("author", pa.string()), ("url", pa.string()),
        ("published", pa.date32()), ("date_source", pa.string()), ("language", pa.string()),
        ("text", pa.string()), ("n_words", pa.int64()), ("other_paths", pa.list_(pa.string())),
        ("date_evidence", pa.string()),
    ]),
    "entities": pa.schema([
        ("entity_id", pa.string()), ("name", pa.string()), ("type", pa.string()),
        ("aliases", pa.list_(pa.string())), ("country", pa.string()),
    ]),
    "mentions": pa.schema([
        ("article_id", pa.string()), ("entity_id", pa.string()), ("text", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("sentence", pa.int64()),
    ]),
    "meetings": pa.schema([
        ("article_id", pa.string()), ("a", pa.string()), ("b", pa.string()), ("kind", pa.string()),
        ("status", pa.string()), ("date", pa.date32()), ("date_source", pa.string()), ("reported", pa.date32()),
        ("place", pa.string()), ("evidence", pa.string()), ("start", pa.int64()),
        ("end", pa.int64()), ("confidence", pa.float64()), ("event_id", pa.string()),
        ("reason", pa.string()),  # which link in the sentence makes the pair (nlp/meetings.py REASONS)
    ]),
    # one row per real-world interaction, however many articles report it
    "meeting_events": pa.schema([
        ("event_id", pa.string()), ("a", pa.string()), ("b", pa.string()), ("kind", pa.string()),
        ("status", pa.string()), ("date", pa.date32()), ("place", pa.string()),
        ("n_articles", pa.int64()), ("article_ids", pa.list_(pa.string())),
        ("first_reported", pa.date32()), ("confidence", pa.float64()),
    ]),
    "roles": pa.schema([
        ("entity_id", pa.string()), ("role", pa.string()), ("org", pa.string()),
        ("country", pa.string()), ("article_id", pa.string()), ("date", pa.date32()),
    ]),
    # why each surface joined its entity: exact, transliteration, surname-in-article, knowledge-base, correction, ...
    "resolution": pa.schema([
        ("entity_id", pa.string()), ("surface", pa.string()), ("reason", pa.string()),
        ("article_id", pa.string()),
    ]),
    "emerging_terms": pa.schema([
        ("month", pa.date32()), ("term", pa.string()), ("count", pa.int64()),
        ("score", pa.float64()), ("sources", pa.int64()),
    ]),
    # emerging-term candidates per article (only terms in enough articles to ever emerge): what the
    # dashboard re-runs the emerging-term test on for a filtered set of articles
    "article_terms": pa.schema([
        ("article_id", pa.string()), ("term", pa.string()), ("kind", pa.string()),
    ]),
    # group: the taxonomy's topic group (security, diplomacy, economy, humanitarian, other)
    "topics": pa.schema([
        ("article_id", pa.string()), ("topic", pa.string()), ("score", pa.float64()), ("group", pa.string()),
    ]),
    "topic_sentences": pa.schema([
        ("article_id", pa.string()), ("topic", pa.string()), ("sentence", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("phrase", pa.string()),
    ]),
}

# the key columns that sort each table into one deterministic order
SORT_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "entities": ["entity_id"],
    "mentions": ["article_id", "start", "end", "entity_id"],
    "meetings": ["article_id", "start", "a", "b", "kind"],
    "topics": ["article_id", "topic"],
    "topic_sentences": ["article_id", "topic", "start"],
    "meeting_events": ["event_id"],
    "roles": ["entity_id", "article_id", "role"],
    "resolution": ["entity_id", "surface", "article_id"],
    "emerging_terms": ["month", "score", "term"],
    "article_terms": ["article_id", "term"],
}


def order(name: str) -> list[str]:
    """The columns a table of `name` is sorted by: its key columns, then every other scalar column (a total order)."""
    keys = SORT_KEYS[name]
    return keys + [f.name for f in SCHEMAS[name] if f.name not in keys and not pa.types.is_list(f.type)]


def sort(name: str, table: pa.Table) -> pa.Table:
    """`table` in the canonical order of `name` (nulls last), as one chunk per column."""
    if table.num_rows:
        table = table.sort_by([(k, "ascending") for k in order(name)])
    return table.combine_chunks()


def to_table(name: str, rows: list[dict] | dict[str, list]) -> pa.Table:
    """Rows → a pyarrow Table with the contract schema, sorted canonically (`order`), without pandas metadata.

    `rows` may also be given by column (column name → list of values, all the same length;
    a missing column is all nulls), which spares building a dict per row for large tables.
    """
    schema = SCHEMAS[name]
    if isinstance(rows, dict):
        n = len(next(iter(rows.values()))) if rows else 0
        columns = [list(rows[c]) if c in rows else [None] * n for c in schema.names]
        rows = None
    else:
        columns = [list(map(dict.get, rows, repeat(c))) for c in schema.names]

    def as_rows() -> list[dict]:
        return rows if rows is not None else [dict(zip(schema.names, values)) for values in zip(*columns)]

    if not _direct(schema, columns):
        return _via_pandas(name, as_rows())
    try:
        arrays = [_array(values, f.type) for f, values in zip(schema, columns)]
    except (OverflowError, pa.ArrowException):  # e.g. an int beyond int64: let pandas decide
        return _via_pandas(name, as_rows())
    return sort(name, pa.Table.from_arrays(arrays, schema=schema))


def _via_pandas(name: str, rows: list[dict]) -> pa.Table:
    """The pandas route (reference and fallback): DataFrame, `Table.from_pandas`, canonical sort, no metadata."""
    import pandas as pd  # imported only when needed: it takes ~0.3 s

    schema = SCHEMAS[name]
    df = pd.DataFrame(rows, columns=schema.names)
    return sort(name, pa.Table.from_pandas(df, schema=schema, preserve_index=False).replace_schema_metadata(None))


# Python value types the direct route converts exactly as pandas + `from_pandas` do, per arrow type
# (a missing key and None are both null; types are matched exactly, so bool is not an int here)
_DIRECT: dict[str, frozenset] = {
    "string": frozenset({str, type(None)}),
    "int64": frozenset({int, type(None)}),
    "double": frozenset({float, int, type(None)}),
    "date32[day]": frozenset({_dt.date, str, type(None)}),  # ISO strings or dates, not both (see _direct)
    "list<item: string>": frozenset({list, type(None)}),
}


def _direct(schema: pa.Schema, columns: list[list]) -> bool:
    """Whether pyarrow converts these columns exactly as pandas + `from_pandas` would."""
    for f, values in zip(schema, columns):
        kinds = set(map(type, values))
        if not kinds <= _DIRECT.get(str(f.type), frozenset()):
            return False
        if {str, _dt.date} <= kinds:
            return False  # pandas keeps such a mix as objects
        if {int, type(None)} <= kinds and f.type == pa.int64() and any(
                abs(v) > _EXACT_FLOAT for v in values if v is not None):
            return False  # pandas stores ints with nulls as float64: only exact up to 2**53
    return True


_EXACT_FLOAT = 1 << 53


def _array(values: list, type_: pa.DataType) -> pa.Array:
    """One column as pandas + `from_pandas` convert it: NaN is null; ISO date strings are cast to dates."""
    if type_ == pa.date32() and any(type(v) is str for v in values):
        return pa.array(values, type=pa.string()).cast(type_)
    return pa.array(values, type=type_, from_pandas=True)
