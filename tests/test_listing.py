"""Listing the input by stat (run/listing.py): unchanged files are not read again, and every kind of change is."""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from data_pipeline import errors
from data_pipeline.errors import Skip
from data_pipeline.run import listing
from data_pipeline.run.build import BuildOptions, build
from data_pipeline.run.delta import published_state
from data_pipeline.run.listing import Listed, owner, record, unchanged

TEXTS = {  # our own sentences; two share a person, so an added report links to an old one
    "a.txt": "Finance Minister Petra Olsen met Governor Karl Imhof in Bern on Tuesday to discuss the bond market.",
    "b.txt": "Interior Minister Sven Dahl visited Oslo and held talks with Mayor Rita Berg about police funding.",
    "c.txt": "Petra Olsen later received Trade Commissioner Luis Moreno, who raised tariffs on steel imports.",
}
NEW = "Governor Karl Imhof spoke with Sven Dahl on Friday about a cross-border rail project near the coast."


def _files(tmp_path: Path, names) -> list[tuple[Path, str]]:
    return [(tmp_path / n, n) for n in names]


def test_owner_names_the_file_or_its_record():
    rels = {"a.jsonl": 0, "b.txt": 1, "c:2.txt": 2}
    assert owner("a.jsonl:3", rels) == "a.jsonl"
    assert owner("b.txt", rels) == "b.txt"
    assert owner("c:2.txt", rels) == "c:2.txt"
    assert owner("a.jsonl:x", rels) is None
    assert owner("elsewhere.txt", rels) is None
    assert owner("b.txt:1", {"b.txt": 0, "b.txt:1": 1}) is None  # a file and a record of another: unsure


def _arts():
    return [Listed("id-a", "a.txt", "en", date(2024, 1, 2)), Listed("id-b1", "b.jsonl:1", "en", None),
            Listed("id-b2", "b.jsonl:2", "de", None)]


def test_record_keeps_each_files_articles_and_skips(tmp_path):
    files = _files(tmp_path, ["a.txt", "b.jsonl", "c.bin"])
    skips = [Skip("sub/", errors.E_UNREADABLE, "folder"), Skip("b.jsonl:3", errors.E_BAD_JSON),
             Skip("c.bin", errors.E_FORMAT, ".bin")]
    got = record(tmp_path, "opt", files, {"a.txt": (1, 2, 3, 4, 5)}, _arts(), ["k1", "k2", "k3"],
                 {"id-a": "an-a"}, skips)
    assert got.counts == [1, 2, 0] and got.idents == [(1, 2, 3, 4, 5), None, None]
    assert got.analysis_keys == ["an-a", "", ""] and got.art_keys == ["k1", "k2", "k3"]
    assert got.skips == {"b.jsonl": ([skips[1]], [], []), "c.bin": ([skips[2]], [], [])}  # the folder's is discover's


def test_record_declines_articles_out_of_file_order(tmp_path):
    files = _files(tmp_path, ["a.txt", "b.jsonl"])
    arts = _arts()
    assert record(tmp_path, "o", files, {}, [arts[1], arts[0]], ["k", "k"], {}, []) is None
    assert record(tmp_path, "o", files, {}, [Listed("x", "zzz.txt", "en", None)], ["k"], {}, []) is None


def test_unchanged_needs_every_listed_file_and_untouched_duplicate_groups(tmp_path):
    files = _files(tmp_path, ["a.txt", "b.txt", "c.txt"])
    kept = record(tmp_path, "o", files, {"a.txt": (1,), "b.txt": (2,), "c.txt": (3,)},
                  [Listed("x", "a.txt", "en", None)], ["k"], {}, [])
    assert unchanged(kept, files, {"a.txt": (1,), "b.txt": (9,), "c.txt": (3,)}) == {"a.txt", "c.txt"}
    assert unchanged(kept, files[:2], {"a.txt": (1,), "b.txt": (2,)}) is None  # c.txt removed
    kept.grouped = {"b.txt"}
    assert unchanged(kept, files, {"a.txt": (1,), "b.txt": (9,), "c.txt": (3,)}) is None


def test_a_file_just_written_has_no_identity(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    st = os.stat(path)
    assert listing.identity(path) is None  # racy: modified a moment ago
    later = max(st.st_mtime_ns, st.st_ctime_ns) + listing.RACY_NS + 1
    assert listing.identity(path, later) == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    assert listing.identity(tmp_path / "gone.txt", later) is None


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A built corpus whose files count as settled at once (no racy window), and a log of the files ingest reads."""
    monkeypatch.setattr(listing, "RACY_NS", 0)
    read: list[list[str]] = []
    real = listing.reader

    def spy(opts, facts):
        inner = real(opts, facts)

        def read_files(files):
            read.append(sorted(rel for _, rel in files))
            return inner(files)
        return read_files
    monkeypatch.setattr(listing, "reader", spy)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    opts = BuildOptions(input=folder, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    build(opts)
    return folder, opts, read


def _same_as_full(tmp_path, folder, got, name="full"):
    full = build(BuildOptions(input=folder, out=tmp_path / name, progress=False, cache_dir=None))
    assert got.build_id == full.build_id and got.counts == full.counts
    assert json.loads((tmp_path / name / "manifest.json").read_text())["skipped"] == \
        json.loads((tmp_path / "data" / "manifest.json").read_text())["skipped"]


@pytest.mark.slow
def test_added_file_is_the_only_one_read(tmp_path, corpus):
    folder, opts, read = corpus
    assert published_state(opts.cache_dir, opts.out).listing.rels == sorted(TEXTS)
    (folder / "d.txt").write_text(NEW, encoding="utf-8")
    (folder / "e.bin").write_bytes(b"\x00\x01")  # a skip of a new file is reported like any other
    got = build(opts)
    assert read == [["d.txt", "e.bin"]]
    assert got.mode == "delta" and got.parsed == 1 and [s.code for s in got.skipped] == [errors.E_FORMAT]
    _same_as_full(tmp_path, folder, got)
    read.clear()
    assert build(opts).mode == "reused" and read == []  # nothing changed: nothing read


@pytest.mark.slow
def test_rewritten_with_same_size_and_new_mtime_is_read_again(tmp_path, corpus):
    folder, opts, read = corpus
    path = folder / "b.txt"
    text = TEXTS["b.txt"].replace("Oslo", "Rome")  # same size, other text
    assert len(text) == len(TEXTS["b.txt"])
    path.write_text(text, encoding="utf-8")
    got = build(opts)
    assert read[-1] == ["b.txt"]
    _same_as_full(tmp_path, folder, got)


@pytest.mark.slow
def test_replaced_by_another_file_with_the_same_size_and_mtime_is_read_again(tmp_path, corpus):
    """What rsync -t does: a temporary file renamed over the name, keeping the source's mtime (another inode)."""
    folder, opts, read = corpus
    path = folder / "c.txt"
    old = os.stat(path)
    text = TEXTS["c.txt"].replace("steel", "glass")
    tmp = folder / ".c.txt.tmp"  # hidden: never listed
    tmp.write_text(text, encoding="utf-8")
    os.utime(tmp, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(tmp, path)
    new = os.stat(path)
    assert (new.st_size, new.st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    got = build(opts)
    assert read[-1] == ["c.txt"]
    _same_as_full(tmp_path, folder, got)


@pytest.mark.slow
def test_rewritten_in_place_with_mtime_restored_is_read_again(tmp_path, corpus):
    """Same inode, size and mtime (rsync --inplace -t, touch -r): the ctime still moves."""
    folder, opts, read = corpus
    path = folder / "a.txt"
    old = os.stat(path)
    with open(path, "r+", encoding="utf-8") as fh:
        fh.write(TEXTS["a.txt"].replace("Bern", "Linz"))
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    new = os.stat(path)
    assert (new.st_size, new.st_mtime_ns, new.st_ino) == (old.st_size, old.st_mtime_ns, old.st_ino)
    got = build(opts)
    assert read[-1] == ["a.txt"]
    _same_as_full(tmp_path, folder, got)


@pytest.mark.slow
def test_removal_and_duplicates_read_everything(tmp_path, corpus):
    folder, opts, read = corpus
    (folder / "copy.txt").write_text(TEXTS["a.txt"], encoding="utf-8")  # a duplicate of an unchanged file
    got = build(opts)
    assert read[-1] == ["copy.txt"]  # listed first, then every file read (ingest's own reader, not the listing's)
    assert [s.code for s in got.skipped] == [errors.E_DUPLICATE]
    _same_as_full(tmp_path, folder, got, "full1")
    (folder / "b.txt").unlink()
    got = build(opts)
    _same_as_full(tmp_path, folder, got, "full2")


def test_journal_entry_gives_the_updated_term_counts_in_the_same_order():
    """Applying an entry to the state before a delta build gives its term counts, term index and forms, key order too."""
    import pickle
    from types import SimpleNamespace

    from data_pipeline.run import journal
    from data_pipeline.topics.emerging import add_terms, count_terms, month_start

    jan, feb = date(2024, 1, 5), date(2024, 2, 9)
    docs = [(jan, "Daily", [("grain", "grain"), ("port", "port")]), (feb, None, [("port", "Port")])]
    old = SimpleNamespace(corpus_key="k0", context="c", keys=[("a", "ka"), ("b", "kb")], terms=count_terms(docs),
                          term_index={"grain": [("a", "noun")], "port": [("a", "noun"), ("b", "noun")]},
                          shown={"port": "port"}, outlets={"daily"}, resolution=b"r", listing=None)
    before = pickle.loads(pickle.dumps(old))
    added = [(date(2024, 3, 1), "Weekly", [("port", "port"), ("tariff", "tariffs")]), (jan, "Daily", [("grain", "Grain")])]
    term_keys = {k for _, _, found in added for k, _ in found}
    months = {month_start(d) for d, _, _ in added}
    had = journal.before(old, term_keys, months)
    add_terms(old.terms, old.outlets | {"weekly"}, added)
    old.term_index["port"].append(("c", "noun"))
    old.term_index.setdefault("tariff", []).append(("c", "noun"))
    old.shown["tariff"] = "tariffs"
    new = SimpleNamespace(**{**vars(old), "corpus_key": "k1", "keys": [("a", "ka"), ("c", "kc"), ("b", "kb")],
                             "outlets": {"daily", "weekly"}})
    entry = journal.entry_of("k0", new, ([], {}), term_keys, months, had, None, [(1, ("c", "kc"))], 1)
    entry = pickle.loads(pickle.dumps(entry))  # as read back from disk

    from dataclasses import dataclass

    @dataclass
    class S:
        corpus_key: str
        context: str
        keys: list
        resolution: object
        terms: object
        outlets: set
        term_index: dict
        shown: dict
        listing: object = None

    got = journal.apply(S(**{k: getattr(before, k) for k in S.__dataclass_fields__}), entry, None)
    assert got.keys == new.keys and got.outlets == new.outlets and got.corpus_key == "k1"
    for name in ("articles", "term_articles", "total", "surfaces"):
        assert list(getattr(got.terms, name).items()) == list(getattr(new.terms, name).items())
    assert {k: len(v) for k, v in got.terms.term_sources.items()} == {k: len(v) for k, v in new.terms.term_sources.items()}
    assert list(got.terms.term_sources) == list(new.terms.term_sources)
    assert got.term_index == new.term_index and list(got.shown.items()) == list(new.shown.items())
    assert isinstance(got.resolution, journal.Replay) and got.resolution.base == b"r"


@pytest.mark.slow
def test_delta_builds_write_journal_entries_and_a_torn_one_means_a_full_build(tmp_path, corpus, monkeypatch, caplog):
    import logging

    folder, opts, read = corpus
    states = opts.cache_dir / "delta"
    (folder / "d.txt").write_text(NEW, encoding="utf-8")
    assert build(opts).mode == "delta"
    (folder / "e.txt").write_text("Mayor Rita Berg met Luis Moreno in Lisbon on Sunday to discuss the harbour.",
                                  encoding="utf-8")
    got = build(opts)
    assert got.mode == "delta" and read[-1] == ["e.txt"]
    assert len(list(states.glob("*.journal"))) == 2 and len(list(states.glob("*.pickle"))) == 1
    _same_as_full(tmp_path, folder, got, "full1")
    state = published_state(opts.cache_dir, opts.out)
    assert state.depth == 2 and state.listing.rels == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    newest = max(states.glob("*.journal"), key=lambda p: p.stat().st_mtime_ns)
    newest.write_bytes(newest.read_bytes()[:40])  # torn
    (folder / "f.txt").write_text("Luis Moreno visited Madrid on Monday.", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        got = build(opts)
    assert got.mode == "full" and "delta state unreadable" in caplog.text
    _same_as_full(tmp_path, folder, got, "full2")
    assert published_state(opts.cache_dir, opts.out).depth == 0  # a full build writes a base


@pytest.mark.slow
def test_long_journal_chains_are_compacted(tmp_path, corpus, monkeypatch):
    from data_pipeline.run import journal

    monkeypatch.setattr(journal, "MAX_CHAIN", 1)
    folder, opts, _ = corpus
    (folder / "d.txt").write_text(NEW, encoding="utf-8")
    assert build(opts).mode == "delta"
    assert published_state(opts.cache_dir, opts.out).depth == 1
    (folder / "e.txt").write_text("Mayor Rita Berg met Luis Moreno in Lisbon on Sunday to discuss the harbour.",
                                  encoding="utf-8")
    got = build(opts)
    assert got.mode == "delta" and published_state(opts.cache_dir, opts.out).depth == 0
    _same_as_full(tmp_path, folder, got)


def test_ingest_cache_does_not_trust_a_file_rewritten_in_place_with_its_mtime_set_back(tmp_path, monkeypatch):
    from data_pipeline.run.cache import FileStats

    monkeypatch.setattr(FileStats, "RACY_NS", 0)
    path = tmp_path / "a.txt"
    path.write_text("the first text", encoding="utf-8")
    old = os.stat(path)
    with FileStats(tmp_path / "cache") as stats:
        stats.record(path, old, "first")
    with FileStats(tmp_path / "cache") as stats:
        assert stats.digest(path, os.stat(path)) == "first"
    with open(path, "r+", encoding="utf-8") as fh:
        fh.write("the other text")
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    with FileStats(tmp_path / "cache") as stats:
        assert stats.digest(path, os.stat(path)) is None


def test_listing_rows_added_and_replaced_give_the_listing_of_the_new_input(tmp_path):
    from data_pipeline.run.listing import rows_of, with_rows

    def arts(spec):
        return [Listed(f"id-{p}", p, "en", None) for p in spec]

    before = ["a.txt", "c.jsonl:1", "c.jsonl:2", "e.txt"]
    after = ["a.txt", "b.txt", "c.jsonl:1", "e.txt"]  # b.txt added, c.jsonl rewritten with one record
    skip = Skip("c.jsonl:3", errors.E_BAD_JSON)
    old = record(tmp_path, "o", _files(tmp_path, ["a.txt", "c.jsonl", "e.txt"]), {"a.txt": (1,), "c.jsonl": (2,)},
                 arts(before), [f"k-{p}" for p in before], {}, [skip])
    files = _files(tmp_path, ["a.txt", "b.txt", "c.jsonl", "e.txt"])
    idents = {"a.txt": (1,), "b.txt": (3,), "c.jsonl": (4,)}
    new = record(tmp_path, "o", files, idents, arts(after), [f"k-{p}" for p in after], {}, [])
    got = with_rows(old, rows_of(new, {"b.txt", "c.jsonl"}))
    assert vars(got) == vars(new)
    assert old.rels == ["a.txt", "c.jsonl", "e.txt"] and old.skips == {"c.jsonl": ([skip], [], [])}  # left as is
