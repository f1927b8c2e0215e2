"""The serving copy of a build: written at publish, opened read-only, same answers as building it in memory."""
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard import queries as q
from dashboard.filters import Filters
from data_pipeline.store import fulltext
from data_pipeline.store import serving
from data_pipeline.store.tables import to_table

from dashboard_corpus import write

QUERIES = [("counts", (Filters(),)), ("events", (Filters(),)), ("top_entities", (Filters(), "PERSON", 10)),
           ("topic_share", (Filters(), "week")), ("topic_country", (Filters(),)),
           ("search_articles", (Filters(), "carl")), ("network", (Filters(), 10)),
           ("timeline", (Filters(), "person")), ("article_mentions", ("a2",)),
           ("events", (Filters(people=("person:eva-falk",), start=date(2024, 1, 10)),))]


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return write(tmp_path_factory.mktemp("serving") / "data")


@pytest.fixture(scope="module")
def on_file(build):
    paths = serving.write(build)
    assert [p.name for p in paths] == [serving.FILE, fulltext.FILE]
    yield q.Store(build)
    for p in paths:
        p.unlink()


def test_serving_file_is_opened_read_only(on_file):
    with pytest.raises(Exception, match="read-only"):
        on_file.con.execute("CREATE TABLE x (i INTEGER)")


@pytest.mark.parametrize("name,args", QUERIES)
def test_serving_file_and_in_memory_give_the_same_answers(on_file, build, name, args):
    a = getattr(q, name)(on_file, *args)
    b = getattr(q, name)(_memory_store(build), *args)
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    else:
        assert a == b


_MEMORY: dict = {}


def _memory_store(build):
    """A Store over the same parquet files in a directory without the serving files."""
    if build not in _MEMORY:
        other = build.parent / "parquet-only"
        other.mkdir(exist_ok=True)
        for f in build.glob("*.parquet"):
            (other / f.name).write_bytes(f.read_bytes())
        _MEMORY[build] = q.Store(other)
    return _MEMORY[build]


def test_serving_stale_version_falls_back_to_memory(build, monkeypatch):
    serving.write(build)
    monkeypatch.setattr(serving, "VERSION", serving.VERSION + 1)
    store = q.Store(build)
    store.con.execute("CREATE TABLE writable (i INTEGER)")  # in memory, not the read-only file
    assert q.counts(store, Filters())["articles"] == 3


def test_serving_articles_are_numbered_oldest_first_with_undated_first(on_file):
    art = on_file.df("SELECT aid, article_id, published FROM art ORDER BY aid")
    assert list(art["article_id"]) == ["a3", "a1", "a2"]
    assert art["aid"][0] == 0  # undated: its rank
    for aid, day in zip(art["aid"][1:], art["published"][1:]):  # dated: a key of its day
        assert serving.day_key(day) <= aid < serving.day_key(day) + (1 << serving.DAY_BITS)


def test_serving_aid_ranges_follow_days_and_keep_undated_apart():
    lo, hi = serving.aid_range(date(2024, 1, 5), date(2024, 1, 6))
    assert lo == serving.day_key(date(2024, 1, 5)) and hi == serving.day_key(date(2024, 1, 7)) - 1
    assert serving.aid_range(None, date(2024, 1, 6))[0] > serving.UNDATED[1]  # a date bound leaves undated out
    every = serving.aid_range(None, None)
    assert every[0] <= serving.UNDATED[0] and every[1] >= serving.day_key(date(9999, 12, 31))
    assert serving.day_key(date(1900, 1, 1)) > serving.UNDATED[1] and serving.day_key(date(9999, 12, 31)) < 2 ** 63


def test_serving_keys_are_stable_when_an_older_article_is_added(tmp_path):
    from data_pipeline.store.publish import write_build
    from data_pipeline.store.tables import to_table

    def keys(ids_days):
        rows = [{"article_id": a, "path": f"{a}.txt", "text": "Anna met Bo.", "published": d, "n_words": 3,
                 "other_paths": []} for a, d in ids_days]
        ents = [{"entity_id": e, "name": e, "type": "PERSON", "aliases": []} for e in ("p:anna", "p:bo")]
        out = tmp_path / f"d{len(ids_days)}"
        write_build(out, {"articles": to_table("articles", rows), "entities": to_table("entities", ents)},
                    {"schema_version": 1})
        store = q.Store(out)
        return (dict(store.df("SELECT article_id, aid FROM art").values.tolist()),
                dict(store.df("SELECT entity_id, eid FROM ent").values.tolist()))

    days = [("x", date(2024, 1, 1)), ("y", date(2024, 3, 1)), ("z", None)]
    before, ents = keys(days)
    after, ents_after = keys(days + [("w", date(2023, 6, 1))])  # an older article: nothing else renumbered
    assert {k: after[k] for k in before} == before and ents_after == ents


def test_day_index_turns_a_date_range_into_a_row_range():
    days = np.array(["NaT", "NaT", "2024-01-01", "2024-01-05", "2024-01-05", "2024-02-01"], dtype="datetime64[D]")
    idx = q.DayIndex(days)
    assert idx.range(None, None) == (0, 5)
    assert idx.range(date(2024, 1, 5), None) == (3, 5)
    assert idx.range(None, date(2024, 1, 5)) == (2, 4)
    assert idx.range(date(2024, 1, 2), date(2024, 1, 4)) == (3, 2)  # empty
    assert idx.range(date(2025, 1, 1), None) == (6, 5)


def test_publish_writes_the_serving_files(tmp_path):
    from data_pipeline.store.publish import write_build
    from data_pipeline.store.tables import to_table

    tables = {"articles": to_table("articles", [{"article_id": "x", "path": "x.txt", "text": "Anna met Bo.",
                                                 "published": date(2024, 1, 1), "n_words": 3, "other_paths": []}])}
    write_build(tmp_path / "data", tables, {"schema_version": 1})
    real = (tmp_path / "data").resolve()
    assert (real / serving.FILE).exists() and (real / fulltext.FILE).exists()
    store = q.Store(tmp_path / "data")
    assert list(q.search_articles(store, Filters(), "anna")["article_id"]) == ["x"]


def test_roles_and_resolution_rows_come_in_one_total_order_whatever_order_they_were_given_in(tmp_path):
    """Rows that tie on the sort keys (the same person, article and role under two organisations) are ordered by
    their other columns too, so two builds of the same tables write the same serving file."""
    day = date(2024, 3, 2)
    art = {"article_id": "a1", "path": "a1.txt", "title": "Visit", "source": "Wire", "published": day,
           "language": "en", "text": "Ana Lis met Bo Tam.", "n_words": 5, "other_paths": []}
    given = (("Zeta Board", "Chile"), ("Alpha Board", "Peru"), ("Alpha Board", "Chile"))
    roles = [{"entity_id": "person:ana-lis", "role": "minister", "org": org, "country": country, "article_id": "a1",
              "date": day} for org, country in given]
    res = [{"entity_id": "person:ana-lis", "surface": "Ana Lis", "reason": r, "article_id": "a1"}
           for r in ("transliteration", "exact")]
    def backwards(table):  # to_table sorted the rows: hand them over in the other order
        return table.take(list(range(table.num_rows))[::-1])

    tables = {"articles": to_table("articles", [art]), "roles": backwards(to_table("roles", roles)),
              "resolution": backwards(to_table("resolution", res))}
    serving.write(tmp_path, tables=tables)
    con = duckdb.connect(str(tmp_path / serving.FILE), read_only=True)
    try:
        got_roles = con.execute("SELECT org, country FROM roles").fetchall()
        got_res = con.execute("SELECT reason FROM resolution").fetchall()
    finally:
        con.close()
    assert got_roles == [("Alpha Board", "Chile"), ("Alpha Board", "Peru"), ("Zeta Board", "Chile")]
    assert got_res == [("exact",), ("transliteration",)]
