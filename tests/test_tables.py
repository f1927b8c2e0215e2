"""to_table builds the contract tables without pandas, writes the same parquet bytes as the pandas route, and a table's bytes
depend only on its rows."""
import io
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data_pipeline.store import tables
from data_pipeline.store.tables import _via_pandas, to_table


def parquet_bytes(table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


CASES = {
    "mentions": [{"article_id": f"a{i % 7}", "entity_id": f"person:p{i % 5}", "text": "Anna Kovar",
                  "start": (i * 37) % 11, "end": (i * 37) % 11 + 4, "sentence": i % 3} for i in range(60)],
    "entities": [{"entity_id": "gpe:x", "name": "X", "type": "GPE", "aliases": ["X", "The X"], "country": None},
                 {"entity_id": "person:a", "name": "Ä b", "type": "PERSON", "aliases": [], "country": "Chile"}],
    # a float column holding Python ints and a NaN, a missing key, unicode beyond the BMP in a sort key
    "topics": [{"article_id": "b", "topic": "trade", "score": 1, "group": "economy"},
               {"article_id": "a", "topic": "zz\U0001F600", "score": float("nan"), "group": None},
               {"article_id": "a", "topic": "energy"}],
    "roles": [{"entity_id": "person:a", "role": "President", "org": None, "country": None, "article_id": "a1",
               "date": date(2024, 5, 1)},
              {"entity_id": "person:a", "role": "Minister", "org": "x", "country": "Chile", "article_id": "a1",
               "date": None}],
    # ints with a null (pandas: float64), all-null string column
    "emerging_terms": [{"month": date(2024, 1, 1), "term": "b", "count": 3, "score": 0.5, "sources": 2},
                       {"month": date(2024, 1, 1), "term": "a", "count": None, "score": 0.5, "sources": 1}],
    # ISO date strings in a date column (cast to dates, as pandas' route does)
    "meetings": [{"article_id": "a", "a": "p", "b": "q", "kind": k, "status": "held", "date": d,
                  "date_source": "text", "place": None, "evidence": "met", "start": 1, "end": 5,
                  "confidence": 0.9, "event_id": "e1", "reported": r, "reason": why}
                 for k, d, r, why in (("meeting", "2024-01-02", date(2024, 1, 3), "passive"), ("call", None, None, None))],
    "articles": [],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_to_table_writes_the_bytes_pandas_wrote(name):
    rows = CASES[name]
    assert parquet_bytes(to_table(name, rows)) == parquet_bytes(_via_pandas(name, rows))


def test_to_table_sorts_by_every_column_with_nulls_last():
    rows = [{"entity_id": "e", "surface": s, "reason": r, "article_id": a}
            for s, r, a in [("b", "x", None), ("a", "late", "1"), ("b", "y", "0"), ("a", "early", "1")]]
    out = to_table("resolution", rows).to_pylist()
    assert [(r["surface"], r["article_id"], r["reason"]) for r in out] == [
        ("a", "1", "early"), ("a", "1", "late"), ("b", "0", "y"), ("b", None, "x")]


def test_to_table_falls_back_to_pandas_for_values_it_does_not_convert(monkeypatch):
    used = []
    monkeypatch.setattr(tables, "_via_pandas", lambda name, rows: used.append(name) or _via_pandas(name, rows))
    rows = [{"article_id": "a", "topic": "t", "score": True}]  # a bool in a float column
    assert to_table("topics", rows).column("score").to_pylist() == [1.0]
    assert used == ["topics"]
    mixed = [{**CASES["roles"][0], "date": "2024-05-02"}, CASES["roles"][0]]  # ISO string and date in one column
    with pytest.raises(Exception):
        to_table("roles", mixed)  # pandas cannot convert such a column either
    assert used[-1] == "roles"
    big = [{"article_id": "a", "topic": "t", "start": 1 << 64, "end": 1, "sentence": "s", "phrase": "p"}]
    with pytest.raises(Exception):
        to_table("topic_sentences", big)  # beyond int64: refused, as by the pandas route
    assert used[-1] == "topic_sentences"


@pytest.mark.parametrize("name", sorted(CASES))
def test_to_table_bytes_do_not_depend_on_the_other_rows(name):
    rows = CASES[name]
    for cut in range(len(rows) + 1):  # converted in two parts, then joined: the bytes of one conversion
        parts = pa.concat_tables([to_table(name, rows[:cut]), to_table(name, rows[cut:])])
        assert parquet_bytes(tables.sort(name, parts)) == parquet_bytes(to_table(name, rows))
    assert to_table(name, rows).schema.metadata is None  # no pandas metadata, which follows the kinds of values


@pytest.mark.parametrize("name", sorted(CASES))
def test_to_table_by_column_is_the_same_table(name):
    rows = CASES[name]
    names = tables.SCHEMAS[name].names
    by_column = {c: [r.get(c) for r in rows] for c in names}
    assert parquet_bytes(to_table(name, by_column)) == parquet_bytes(to_table(name, rows))
