"""Per-article cache: a rebuild parses only what changed; the taxonomy re-tags without spaCy."""
import os
import shutil

import pandas as pd
import pytest

from data_pipeline.run.build import BuildOptions, build
from data_pipeline.run.cache import AnalysisCache

from conftest import SEEDS


def test_cache_round_trip(tmp_path):
    c = AnalysisCache(tmp_path, "model-1")
    k = c.key("some text")
    assert c.get(k) is None
    c.put(k, {"mentions": [1, 2]})
    assert c.get(k) == {"mentions": [1, 2]}
    assert AnalysisCache(tmp_path, "model-2").key("some text") != k


def test_cache_rebuild_parses_only_new_articles(tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(SEEDS, corpus)
    opts = BuildOptions(input=corpus, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    first = build(opts)
    assert first.parsed == 5
    again = build(opts)
    assert again.parsed == 0
    (corpus / "new.txt").write_text("President Ann Example met Prime Minister Bo Sample in Paris on Monday.\n")
    third = build(opts)
    assert third.parsed == 1 and third.counts["articles"] == 6


def test_cache_taxonomy_edit_retags_without_parsing(tmp_path):
    opts = BuildOptions(input=SEEDS, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    build(opts)
    tax = tmp_path / "topics.yaml"
    tax.write_text("daggers:\n  description: gifts of blades\n  phrases: [dagger]\n")
    res = build(BuildOptions(**{**opts.__dict__, "taxonomy": tax}))
    assert res.parsed == 0
    topics = pd.read_parquet(tmp_path / "data" / "topics.parquet")
    assert set(topics["topic"]) == {"daggers"}


def test_cache_rebuild_reads_only_new_files(tmp_path, monkeypatch):
    from data_pipeline import ingest

    corpus = tmp_path / "in"
    shutil.copytree(SEEDS, corpus)
    opts = BuildOptions(input=corpus, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    first = build(opts)
    read = []
    original = ingest.read_file

    def counting(path, *args, **kwargs):
        read.append(path.name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "read_file", counting)
    (corpus / "new.txt").write_text(" date 2024-03-05 Minister Ann Example met Bo Sample in Oslo.\n")
    again = build(opts)
    assert read == ["new.txt"]
    assert again.counts["articles"] == first.counts["articles"] + 1
    fresh = build(BuildOptions(input=corpus, out=tmp_path / "fresh", progress=False, cache_dir=None))
    arts = pd.read_parquet(tmp_path / "data" / "articles.parquet")
    assert arts.equals(pd.read_parquet(tmp_path / "fresh" / "articles.parquet"))
    assert fresh.counts == again.counts


def test_cache_missing_details_are_recomputed_for_retagging(tmp_path):
    # a rebuild reads analyses without their sentence lemmas; a new taxonomy needs them, and an
    # article whose details are gone from the cache is analysed again rather than failing
    import sqlite3

    from data_pipeline.run.cache import DB_NAME

    opts = BuildOptions(input=SEEDS, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    build(opts)
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM analysis_details").fetchone()[0] == 5
        db.execute("DELETE FROM analysis_details WHERE rowid IN (SELECT rowid FROM analysis_details LIMIT 2)")
    tax = tmp_path / "topics.yaml"
    tax.write_text("daggers:\n  description: gifts of blades\n  phrases: [dagger]\n")
    res = build(BuildOptions(**{**opts.__dict__, "taxonomy": tax}))
    assert res.parsed == 0
    fresh = build(BuildOptions(**{**opts.__dict__, "taxonomy": tax, "out": tmp_path / "fresh", "cache_dir": None}))
    assert res.build_id == fresh.build_id
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM analysis_details").fetchone()[0] == 5


@pytest.mark.slow
def test_cache_new_publication_date_reanalyses_relative_event_dates(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    story = "President Ann Example met Prime Minister Bo Sample in Paris on Monday.\n"
    (corpus / "a.txt").write_text(" date 2023-03-15 \n" + story)  # a Wednesday: Monday is March 13
    opts = BuildOptions(input=corpus, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    build(opts)
    first = pd.read_parquet(tmp_path / "data" / "meetings.parquet")
    (corpus / "a.txt").write_text(" date 2023-03-22 \n" + story)  # the same text, dated a week later
    again = build(opts)
    later = pd.read_parquet(tmp_path / "data" / "meetings.parquet")
    assert again.parsed == 1
    assert [str(d) for d in first["date"]] == ["2023-03-13"] and [str(d) for d in later["date"]] == ["2023-03-20"]


def test_cache_unchanged_input_files_are_not_read_again(tmp_path, monkeypatch):
    import os
    from pathlib import Path

    from data_pipeline.run.cache import FileStats, IngestCache

    # the ctime of a file just written cannot be set back: count it as settled at once
    monkeypatch.setattr(FileStats, "RACY_NS", 0)
    files = []
    for n, text in enumerate(["The talks in Oslo ended on Friday.", "Ministers met again in Riga.", "No news today."]):
        path = tmp_path / "in" / f"f{n}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(1_600_000_000_000_000_000 + n, 1_600_000_000_000_000_000 + n))  # not just written
        files.append(path)
    reads = []
    original = Path.read_bytes

    def counting(self):
        if self.parent == tmp_path / "in":  # not the package files the code fingerprint reads once
            reads.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)

    def jobs():
        return [(p, p.name, lambda p=p: ([], [])) for p in files]

    for _ in range(2):
        with IngestCache(tmp_path / "cache", ["options"]) as memo:
            list(memo.read_many(jobs(), 10_000))
    assert sorted(reads) == ["f0.txt", "f1.txt", "f2.txt"]  # hashed by the first run only
    reads.clear()
    files[1].write_text("Ministers met again in Riga on Sunday.", encoding="utf-8")
    os.utime(files[1], ns=(1_600_000_100_000_000_000, 1_600_000_100_000_000_000))
    with IngestCache(tmp_path / "cache", ["options"]) as memo:
        list(memo.read_many(jobs(), 10_000))
    assert reads == ["f1.txt"]


# ---- the cache is optional: a broken cache never stops a build (issue 15, item 10) ----

def _tables(out) -> dict:
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


def test_cache_garbage_file_is_set_aside_and_the_build_goes_on(tmp_path, caplog):
    from data_pipeline.run.cache import DB_NAME

    cache = tmp_path / "cache"
    cache.mkdir()
    garbage = b"this is not an SQLite database\n" * 100
    (cache / DB_NAME).write_bytes(garbage)
    opts = BuildOptions(input=SEEDS, out=tmp_path / "data", progress=False, cache_dir=cache)
    with caplog.at_level("WARNING"):
        res = build(opts)
    assert res.counts["articles"] == 5
    (warning,) = [r.getMessage() for r in caplog.records if "not a readable cache" in r.getMessage()]
    assert warning.startswith(str(cache / DB_NAME))
    (aside,) = cache.glob(f"{DB_NAME}.corrupt-*")
    assert aside.read_bytes() == garbage  # kept, not deleted
    assert build(opts).parsed == 0  # the new cache works


def test_cache_full_disk_is_one_warning_and_the_same_tables(tmp_path, monkeypatch, caplog):
    """SQLite's own "database or disk is full" (a size cap on the cache connection stands in for the disk)."""
    from data_pipeline.run import cache as C

    real_open = C._open

    def capped(path):
        db = real_open(path)
        db.execute("PRAGMA max_page_count = %d" % db.execute("PRAGMA page_count").fetchone()[0])
        return db

    monkeypatch.setattr(C, "_open", capped)
    with caplog.at_level("WARNING"):
        res = build(BuildOptions(input=SEEDS, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache"))
    full = [r.getMessage() for r in caplog.records if "cannot use the cache" in r.getMessage()]
    assert len(full) == 1 and "full" in full[0]
    fresh = build(BuildOptions(input=SEEDS, out=tmp_path / "fresh", progress=False, cache_dir=None))
    assert res.build_id == fresh.build_id


@pytest.mark.parametrize("expected", [None, 1, 5_000])
def test_cache_file_stats_answer_alike_whether_loaded_or_looked_up(tmp_path, monkeypatch, expected):
    from data_pipeline.run.cache import FileStats

    monkeypatch.setattr(FileStats, "RACY_NS", 0)
    files = [tmp_path / f"{n}.txt" for n in range(3)]
    for n, path in enumerate(files):
        path.write_text(f"text number {n}", encoding="utf-8")
    with FileStats(tmp_path / "cache") as stats:
        for n, path in enumerate(files[:2]):
            stats.record(path, os.stat(path), f"digest {n}")
    files[1].write_text("another text, longer than the first", encoding="utf-8")
    with FileStats(tmp_path / "cache", expected=expected) as stats:
        assert stats._lookup == (expected == 1)
        got = [stats.digest(path, os.stat(path)) for path in files]
    assert got == ["digest 0", None, None]  # recorded and unchanged; changed since; never recorded


def test_entries_only_written_are_kept_at_close(tmp_path):
    """A cache opened only to write (no read first) still writes its entries when closed."""
    with AnalysisCache(tmp_path, "model-x", table="derived") as memo:
        memo.put(memo.key("k"), {"v": 1})
    with AnalysisCache(tmp_path, "model-x", table="derived") as memo:
        assert memo.get(memo.key("k")) == {"v": 1}


def test_cache_keeps_a_taxonomy_plan_per_taxonomy(tmp_path, nlp):
    """`taxonomy_plan` works a taxonomy's plan out once and reads it back after; another taxonomy has its own entry,
    and no cache folder means working it out every time."""
    import json
    import sqlite3

    from data_pipeline.run.cache import DB_NAME, taxonomy_plan
    from data_pipeline.topics import tagging

    one = json.dumps({"ferries": {"description": "d", "phrases": ["ferry crossing"]}})
    other = json.dumps({"ferries": {"description": "d", "phrases": ["ferry crossing", "car deck"]}})
    first = taxonomy_plan(tmp_path, one)
    assert first == tagging.taxonomy_plan(nlp, json.loads(one))
    assert taxonomy_plan(tmp_path, one) == first
    assert taxonomy_plan(tmp_path, other)["phrases"]["ferries"]["car deck"] == ["car", "deck"]
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM taxonomies").fetchone()[0] == 2
    assert taxonomy_plan(None, one) == first
