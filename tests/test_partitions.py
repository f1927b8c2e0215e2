"""Per-article tables split by publication month."""
from datetime import date

import pyarrow as pa

from data_pipeline.store import partitions


def test_partitions_month_key():
    assert partitions.month_key(date(2024, 5, 31)) == "2024-05"
    assert partitions.month_key(None) == partitions.UNDATED


def test_partitions_split_keeps_row_order_and_gives_every_month_a_table():
    months = {"a": "2024-05", "b": "2024-06", "c": "2024-05", "d": partitions.UNDATED}
    table = pa.table({"article_id": ["a", "b", "c", "a", "x"], "start": [1, 2, 3, 4, 5]})
    got = partitions.split(table, months, ["2024-05", "2024-06", "2024-07", partitions.UNDATED])
    assert got["2024-05"].column("start").to_pylist() == [1, 3, 4]
    assert got["2024-06"].column("start").to_pylist() == [2]
    assert got["2024-07"].num_rows == 0 and got["2024-07"].schema == table.schema
    assert got[partitions.UNDATED].column("start").to_pylist() == [5]  # an article without a month: undated
    assert sum(t.num_rows for t in got.values()) == table.num_rows


def test_partitions_article_months_from_the_articles_table():
    arts = pa.table({"article_id": ["a", "b"], "published": pa.array([date(2023, 1, 2), None], pa.date32())})
    assert partitions.article_months(arts) == {"a": "2023-01", "b": partitions.UNDATED}


def test_partitions_written_folders_hash_like_the_manifest(tmp_path):
    import json

    from data_pipeline.store.publish import previous_files, table_sha256, write_tables

    arts = pa.table({"article_id": ["a", "b"], "published": pa.array([date(2023, 1, 2), None], pa.date32())})
    topics = pa.table({"article_id": ["b", "a"], "topic": ["x", "y"]})
    written = write_tables(tmp_path, {"articles": arts, "topics": topics})
    assert sorted(p.name for p in (tmp_path / "topics.parquet").iterdir()) == ["2023-01.parquet", "undated.parquet"]
    for name, info in written.items():
        assert table_sha256(tmp_path / f"{name}.parquet") == info["sha256"]
    again = tmp_path / "again"
    again.mkdir()
    (tmp_path / "manifest.json").write_text(json.dumps({"tables": written}))
    write_tables(again, {"articles": arts, "topics": topics}, previous_files(tmp_path))
    assert (again / "topics.parquet" / "undated.parquet").stat().st_nlink == 2  # linked, not written


def test_partitions_written_by_threads_as_one_after_the_other(tmp_path, monkeypatch):
    from data_pipeline.store import publish

    months = [date(2020 + n % 3, n % 12 + 1, 1) if n % 7 else None for n in range(60)]
    arts = pa.table({"article_id": [f"a{n}" for n in range(60)], "published": pa.array(months, pa.date32())})
    rows = pa.table({"article_id": [f"a{n % 60}" for n in range(300)], "start": list(range(300))})
    tables = {"articles": arts, "mentions": rows, "entities": pa.table({"entity_id": ["e1", "e2"]})}
    got = {}
    for threads in (1, 4):
        monkeypatch.setattr(publish, "WRITE_THREADS", threads)
        folder = tmp_path / f"t{threads}"
        folder.mkdir()
        got[threads] = publish.write_tables(folder, tables)
        files = sorted(p.relative_to(folder) for p in folder.rglob("*.parquet") if p.is_file())
        got[threads, "bytes"] = {rel: (folder / rel).read_bytes() for rel in files}
    assert len(got[4]["mentions"]["partitions"]) > 4  # many files, written by several threads at once
    assert got[1] == got[4] and list(got[1]) == list(got[4]) == sorted(tables)  # same hashes, same order
    assert list(got[1]["mentions"]["partitions"]) == list(got[4]["mentions"]["partitions"])
    assert got[1, "bytes"] == got[4, "bytes"]


def _split_by_python(table, months, keys):
    """The reference: each row's partition looked up in Python, rows grouped stably by it."""
    part = [months.get(aid, partitions.UNDATED) for aid in table.column("article_id").to_pylist()]
    out = {k: table.slice(0, 0) for k in keys}
    for key in sorted(set(part)):
        out[key] = table.take([i for i, p in enumerate(part) if p == key])
    return out


def test_partitions_split_equals_a_lookup_row_by_row():
    import random

    rng = random.Random(5)
    ids = [f"art{i:03d}" for i in range(60)]
    months = {a: rng.choice(["2023-12", "2024-01", "2024-02", partitions.UNDATED]) for a in ids[:50]}  # 10 unknown
    rows = [rng.choice(ids + [None]) for _ in range(700)]
    table = pa.table({"article_id": pa.array(rows, pa.string()), "n": list(range(700))})
    for keys in (sorted(set(months.values())), ["2024-01"], ["2023-11", "2024-02"]):  # all, fewer, one not there
        got, want = partitions.split(table, months, keys), _split_by_python(table, months, keys)
        assert list(got) == list(want)
        for key in want:
            assert got[key].equals(want[key]), key
    assert partitions.split(table.slice(0, 0), months, ["2024-01"])["2024-01"].num_rows == 0


def test_partitions_split_parts_write_the_bytes_of_a_copied_table():
    """Each partition is a slice of one sorted copy; its parquet file must hold the bytes a table of its own rows
    gives (the build id hashes these files)."""
    from data_pipeline.store.publish import _parquet_bytes

    months = {"a": "2024-05", "b": "2024-06", "c": "2024-05"}
    table = pa.table({"article_id": ["b", "a", "c", "b", "a"], "text": ["Le Drian", "Kaja Kallas", None, "Oslo", "x"],
                      "start": [3, 1, 4, 1, 5]})
    got = partitions.split(table, months, ["2024-05", "2024-06"])
    for key, part in got.items():
        rows = [i for i, aid in enumerate(table.column("article_id").to_pylist()) if months[aid] == key]
        own = pa.table({name: table.column(name).to_pylist() for name in table.column_names}).take(rows)
        assert _parquet_bytes(part) == _parquet_bytes(own), key
