"""A rebuild of an unchanged corpus links the previous build's files; any change to what the tables are computed
from builds in full."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import date

import pytest

from data_pipeline.ingest.article import Article
from data_pipeline.run import build as build_mod
from data_pipeline.run.build import BuildOptions, build
from data_pipeline.run.reuse import corpus_key
from data_pipeline.store import serving
from data_pipeline.store.publish import builds_dir, resolve_build, write_reused

ARTS = [Article(path="a.txt", text="Minister Hana Novak met Pavel Ruzicka in Brno.", title="Talks",
                published=date(2022, 3, 1)),
        Article(path="b.txt", text="Ruzicka later flew to Vienna.", published=None)]
KEYS = {a.article_id: f"k{n}" for n, a in enumerate(ARTS)}


def _key(arts=ARTS, keys=KEYS, config="c1", model="m1") -> str:
    return corpus_key(arts, keys, config, model)


def test_reuse_key_same_inputs_same_key():
    assert _key() == _key(list(ARTS), dict(KEYS))


@pytest.mark.parametrize("change", [
    lambda: {"arts": [replace(ARTS[0], title="Other talks"), ARTS[1]]},
    lambda: {"arts": [replace(ARTS[0], published=date(2022, 3, 2)), ARTS[1]]},
    lambda: {"arts": [ARTS[0], replace(ARTS[1], text="Ruzicka later flew to Graz.")]},
    lambda: {"arts": [ARTS[0], replace(ARTS[1], other_paths=["c.txt"])]},
    lambda: {"arts": ARTS[::-1]},                       # input order: later steps depend on it
    lambda: {"arts": ARTS[:1]},                         # a removal
    lambda: {"keys": {**KEYS, ARTS[1].article_id: "k9"}},  # another analysis (model, per-article code)
    lambda: {"config": "c2"},
    lambda: {"model": "m2"},
])
def test_reuse_key_changes_with_any_input(change):
    assert _key(**change()) != _key()


def test_reuse_key_changes_with_code_and_libraries(monkeypatch):
    from data_pipeline.run import reuse

    before = _key()
    monkeypatch.setattr(reuse, "environment", lambda: "pyarrow=0")
    assert _key() != before
    monkeypatch.undo()
    monkeypatch.setattr(reuse, "package_fingerprint", lambda: "other code")
    assert _key() != before


def _write(folder, texts: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


def _manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_reuse_unchanged_corpus_links_previous_build(tmp_path, monkeypatch):
    corpus = tmp_path / "in"
    _write(corpus, {"a.txt": " date 2022-03-01 \nForeign Minister Hana Novak met Pavel Ruzicka in Brno on Monday.\n",
                    "b.txt": "Prime Minister Pavel Ruzicka later flew to Vienna for talks with Novak.\n"})
    opts = BuildOptions(input=corpus, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    first = build(opts)
    calls = []
    real = build_mod.corpus_tables
    monkeypatch.setattr(build_mod, "corpus_tables", lambda *a, **k: calls.append(1) or real(*a, **k))

    again = build(opts)
    assert calls == [] and again.parsed == 0
    assert again.build_id == first.build_id and again.counts == first.counts
    man, folder = _manifest(tmp_path / "data"), resolve_build(tmp_path / "data")
    assert man["corpus_key"] and man["tables"] == _manifest(folder)["tables"]
    linked = [p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"]
    assert {"serving.duckdb", "search.sqlite"} <= {p.name for p in linked}
    assert all(os.stat(p).st_nlink >= 2 for p in linked)

    # a new skipped input changes the manifest, not the tables: still linked, and the skip is listed
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    skipped = build(opts)
    assert calls == [] and skipped.build_id == first.build_id
    assert [s["path"] for s in _manifest(tmp_path / "data")["skipped"]] == ["empty.txt"]

    # an edited article builds in full; so does a build without the cache
    _write(corpus, {"b.txt": "Prime Minister Pavel Ruzicka later flew to Graz for talks with Novak.\n"})
    edited = build(opts)
    assert calls == [1] and edited.build_id != first.build_id
    build(replace(opts, cache_dir=None))
    assert calls == [1, 1]


@pytest.mark.slow
def test_reuse_builds_in_full_when_a_previous_file_is_gone(tmp_path, monkeypatch):
    corpus = tmp_path / "in"
    _write(corpus, {"a.txt": "Defence Minister Ola Berg received Ivo Sandor in Oslo.\n"})
    opts = BuildOptions(input=corpus, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    first = build(opts)
    (resolve_build(tmp_path / "data") / "entities.parquet").unlink()
    calls = []
    real = build_mod.corpus_tables
    monkeypatch.setattr(build_mod, "corpus_tables", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = build(opts)
    assert calls == [1] and again.build_id == first.build_id
    assert (resolve_build(tmp_path / "data") / "entities.parquet").is_file()


def _old_build(tmp_path, serving_files: list[str]):
    folder = tmp_path / "old"
    (folder / "topics.parquet").mkdir(parents=True)
    (folder / "topics.parquet" / "2022-03.parquet").write_bytes(b"month")
    (folder / "entities.parquet").write_bytes(b"entities")
    (folder / "serving.duckdb").write_bytes(b"serving")
    man = {"build_id": "b1", "counts": {}, "serving": {"version": serving.VERSION, "files": serving_files},
           "tables": {"entities": {"sha256": "e", "rows": 1},
                      "topics": {"sha256": "t", "rows": 1, "partitions": {"2022-03": "m"}}}}
    return folder, man


def test_reuse_write_reused_links_every_file(tmp_path):
    folder, man = _old_build(tmp_path, ["serving.duckdb"])
    assert write_reused(tmp_path / "data", (folder, man), {"schema_version": 1}) == "b1"
    new = resolve_build(tmp_path / "data")
    for rel in ("entities.parquet", "topics.parquet/2022-03.parquet", "serving.duckdb"):
        assert os.path.samefile(new / rel, folder / rel)
    got = _manifest(new)
    assert got["build_id"] == "b1" and got["tables"] == man["tables"] and got["schema_version"] == 1


@pytest.mark.parametrize("bad", ["../escape", "/tmp/escape", "a/b/c", ""])
def test_reuse_write_reused_refuses_names_out_of_the_build(tmp_path, bad):
    folder, man = _old_build(tmp_path, ["serving.duckdb", bad])
    (tmp_path / "escape").write_bytes(b"not ours")
    assert write_reused(tmp_path / "data", (folder, man), {"schema_version": 1}) is None
    assert not (tmp_path / "data").exists()
    assert not builds_dir(tmp_path / "data").exists()
