"""Per-article tables split by the month their articles were published in.

`articles.parquet/` is a folder holding `2024-05.parquet`, `2024-06.parquet`, ..., `undated.parquet`,
and so are the other tables whose rows belong to one article (mentions, meetings, topics, ...). Each
table has one file per month the corpus has articles in (empty when that month has no rows of it),
with the rows in the order of the whole table. DuckDB (`read_parquet('articles.parquet/*.parquet')`),
pandas and pyarrow (`read_parquet('articles.parquet')`) and Polars read such a folder as one table;
the file names are not `key=value`, so no partition column is added. A rebuild rewrites only the
files whose content changed (publish.py links the others from the previous build).
"""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

# tables whose every row belongs to one article (column article_id); the others stay one file each
PARTITIONED = ("articles", "mentions", "meetings", "topics", "topic_sentences", "resolution", "roles")
UNDATED = "undated"
SUFFIX = ".parquet"


def month_key(published: date | None) -> str:
    """The partition of an article: `YYYY-MM` of its publication date, or `undated`."""
    return f"{published.year:04d}-{published.month:02d}" if published else UNDATED


def article_months(articles: pa.Table) -> dict[str, str]:
    """article_id -> partition key, from the articles table."""
    ids = articles.column("article_id").to_pylist()
    days = articles.column("published").to_pylist()
    return {aid: month_key(day) for aid, day in zip(ids, days)}


def split(table: pa.Table, months: dict[str, str], keys: list[str]) -> dict[str, pa.Table]:
    """`table`'s rows by the partition of their article, for every key in `keys` (empty tables where none).

    Rows keep the table's order inside each partition; a row whose article has no partition goes
    to `undated`. The rows' partitions are looked up in Arrow (one hash lookup per row, no Python
    string per row: a per-article table has ~80 rows an article).
    """
    if table.num_rows == 0:
        return {k: table for k in keys}
    names = sorted({*months.values(), UNDATED})  # codes in key order: sorting by code sorts by key
    code = {k: i for i, k in enumerate(names)}
    by_article = pa.array([code[k] for k in months.values()], pa.int32())
    at = pc.index_in(table.column("article_id"), value_set=pa.array(list(months), pa.string()))
    part = by_article.take(at).fill_null(code[UNDATED]).combine_chunks()
    order = pc.sort_indices(part)  # stable: the table's order is kept inside each key
    runs = pc.run_end_encode(part.take(order))
    out: dict[str, pa.Table] = {k: table.slice(0, 0) for k in keys}
    rows = table.take(order)  # one gather for every partition; each is a zero-copy slice of it (~70 takes a table)
    start = 0
    for c, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist()):
        out[names[c]] = rows.slice(start, end - start)
        start = end
    return out
