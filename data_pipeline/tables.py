"""The contract tables: pyarrow schemas and DataFrame → Table conversion."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()), ("path", pa.string()), ("title", pa.string()),
        ("source", pa.string()), ("author", pa.string()), ("url", pa.string()),
        ("published", pa.date32()), ("date_source", pa.string()), ("language", pa.string()),
        ("text", pa.string()), ("n_words", pa.int64()), ("other_paths", pa.list_(pa.string())),
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
        ("status", pa.string()), ("date", pa.date32()), ("date_source", pa.string()),
        ("place", pa.string()), ("evidence", pa.string()), ("start", pa.int64()),
        ("end", pa.int64()), ("confidence", pa.float64()), ("event_id", pa.string()),
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
        ("score", pa.float64()),
    ]),
    "topics": pa.schema([
        ("article_id", pa.string()), ("topic", pa.string()), ("score", pa.float64()),
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
}


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows → a pyarrow Table with the contract schema, sorted deterministically."""
    schema = SCHEMAS[name]
    df = pd.DataFrame(rows, columns=schema.names)
    if len(df):
        df = df.sort_values(SORT_KEYS[name], kind="stable").reset_index(drop=True)
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)
