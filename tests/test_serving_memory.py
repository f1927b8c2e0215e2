"""The serving files made from the tables in memory (beside the parquet write) hold what reading the files back gives."""
import sqlite3
from datetime import date

import duckdb
import pyarrow.parquet as pq
import pytest

from data_pipeline.store import fulltext, partitions, publish, serving
from data_pipeline.store.tables import to_table

PEOPLE = [("person:ines-roa", "Ines Roa"), ("person:tomas-vik", "Tomas Vik"), ("person:lea-hart", "Lea Hart")]


def _tables() -> dict:
    """Articles over several months (and undated) whose ids do not sort in date order, with facts in each."""
    days = [date(2023, 11, 5), None, date(2023, 9, 1), date(2023, 11, 5), date(2023, 10, 12), None, date(2023, 9, 30)]
    arts, mentions, meetings, topics, sents, roles, res, events, terms = [], [], [], [], [], [], [], [], []
    for i, day in enumerate(days):
        aid = f"z{9 - i}"  # ids fall while the list goes on: the monthly files do not hold them in id order
        (a, an), (b, bn) = PEOPLE[i % 3], PEOPLE[(i + 1) % 3]
        text = f"{an} met {bn} in Lisbon. Grain exports were the subject."
        arts.append({"article_id": aid, "path": f"{aid}.txt", "title": f"Talks {i}", "source": f"Wire {i % 2}",
                     "published": day, "language": "en", "text": text, "n_words": len(text.split()), "other_paths": []})
        for eid, name in ((a, an), (b, bn)):
            start = text.find(name)
            mentions.append({"article_id": aid, "entity_id": eid, "text": name, "start": start,
                             "end": start + len(name), "sentence": 0})
        ev = f"ev-{min(a, b)}-{max(a, b)}"
        meetings.append({"article_id": aid, "a": a, "b": b, "kind": "meeting", "status": "held", "date": day,
                         "date_source": "text", "reported": day, "place": "Lisbon", "evidence": text.split(". ")[0],
                         "start": 0, "end": len(text.split(". ")[0]), "confidence": 0.5 + i / 20, "event_id": ev,
                         "reason": "subject-object"})
        topics.append({"article_id": aid, "topic": "trade", "score": 0.25 + i / 10, "group": "economy"})
        sents.append({"article_id": aid, "topic": "trade", "sentence": "Grain exports were the subject.",
                      "start": text.find("Grain"), "end": len(text), "phrase": "grain exports"})
        roles.append({"entity_id": a, "role": "trade minister", "org": None, "country": "Portugal",
                      "article_id": aid, "date": day})
        res.append({"entity_id": a, "surface": an, "reason": "exact", "article_id": aid})
        terms.append({"article_id": aid, "term": "grain exports", "kind": "phrase"})
    for ev in sorted({m["event_id"] for m in meetings}):
        ms = [m for m in meetings if m["event_id"] == ev]
        events.append({"event_id": ev, "a": ms[0]["a"], "b": ms[0]["b"], "kind": "meeting", "status": "held",
                       "date": None, "place": "Lisbon", "n_articles": len(ms),
                       "article_ids": sorted(m["article_id"] for m in ms),
                       "first_reported": min(m["date"] for m in ms if m["date"]), "confidence": 0.7})
    entities = [{"entity_id": e, "name": n, "type": "PERSON", "aliases": [n], "country": "Portugal"} for e, n in PEOPLE]
    entities.append({"entity_id": "gpe:lisbon", "name": "Lisbon", "type": "GPE", "aliases": ["Lisbon"], "country": None})
    rows = {"articles": arts, "entities": entities, "mentions": mentions, "meetings": meetings, "topics": topics,
            "topic_sentences": sents, "roles": roles, "resolution": res, "meeting_events": events,
            "article_terms": terms,
            "emerging_terms": [{"month": date(2023, 11, 1), "term": "grain exports", "count": 2, "score": 1.5,
                                "sources": 2}]}
    return {name: to_table(name, r) for name, r in rows.items()}


def _contents(build) -> dict:
    """Every serving table (column types, rows as a sorted list) and every search-index table's rows."""
    con = duckdb.connect(str(build / serving.FILE), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        out = {n: (con.execute(f"DESCRIBE {n}").fetchall(), sorted(con.execute(f"SELECT * FROM {n}").fetchall(),
                                                                  key=repr)) for n in names}
    finally:
        con.close()
    index = sqlite3.connect(build / fulltext.FILE)
    try:
        for (t,) in index.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1").fetchall():
            out[f"sqlite:{t}"] = index.execute(f'SELECT * FROM "{t}"').fetchall()
    finally:
        index.close()
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    tables = _tables()
    files, memory = tmp_path_factory.mktemp("files"), tmp_path_factory.mktemp("memory")
    written = publish.write_tables(files, tables)
    serving.write(files)
    seen = {}

    def beside(ordered):
        seen.update(ordered)
        return serving.write(memory, tables=ordered)

    written2, paths = publish._write_tables(memory, tables, beside=beside)
    return tables, files, memory, written, written2, paths, seen


def test_serving_from_memory_holds_the_same_tables_as_from_the_files(both):
    _, files, memory, *_ = both
    a, b = _contents(files), _contents(memory)
    assert sorted(a) == sorted(b) and len(a) > 20
    for name in a:
        assert a[name] == b[name], name
    assert b["art"][1] and b["mtg"][1] and b["evt"][1] and b["term_art"][1]


def test_writing_serving_beside_the_parquet_leaves_the_files_and_build_id_alone(both):
    _, files, memory, written, written2, paths, _ = both
    assert written2 == written
    assert [p.name for p in paths] == [serving.FILE, fulltext.FILE] and all(p.parent == memory for p in paths)
    for rel in publish.manifest_files(files, {"tables": written}):
        assert (files / rel).read_bytes() == (memory / rel).read_bytes()


def test_tables_in_file_order_are_the_rows_as_read_from_their_files(both):
    """The order the serving steps read rows in does not change: a monthly folder is read file by file, by name."""
    tables, files, _, _, _, _, seen = both
    assert sorted(seen) == sorted(tables)
    con = duckdb.connect()
    for name, table in seen.items():
        path = files / f"{name}.parquet"
        source = path / f"*{partitions.SUFFIX}" if path.is_dir() else path
        read = con.execute(f"SELECT * FROM read_parquet('{source}')").fetchall()
        con.register("mem", table)
        assert con.execute("SELECT * FROM mem").fetchall() == read, name
        if name == "articles":
            assert path.is_dir() and table.column("article_id").to_pylist() != sorted(
                table.column("article_id").to_pylist())
            assert pq.read_table(path).num_rows == table.num_rows


def test_serving_written_by_one_thread_when_small_holds_the_rows_in_the_same_order(tmp_path, monkeypatch):
    """Small tables are written by one DuckDB thread; the rows and their order are those several threads write."""
    tables = _tables()
    assert serving._threads(tables) == {"threads": 1} and serving._threads(None) == {}

    def rows(build):
        con = duckdb.connect(str(build / serving.FILE), read_only=True)
        try:
            names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
            return {n: con.execute(f"SELECT * FROM {n}").fetchall() for n in names}
        finally:
            con.close()

    one, several = tmp_path / "one", tmp_path / "several"
    one.mkdir(), several.mkdir()
    serving.write(one, tables=tables)
    monkeypatch.setattr(serving, "ROW_GROUP", 1)  # every table "large": DuckDB's default threads
    assert serving._threads(tables) == {}
    serving.write(several, tables=tables)
    assert rows(one) == rows(several)
