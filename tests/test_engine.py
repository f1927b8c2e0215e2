"""Engines: local processes and a Dask LocalCluster give the same tables as the in-process run."""
import sys
import types

import pandas as pd
import pytest

from data_pipeline.run.build import BuildOptions, build
from data_pipeline.cli import main
from data_pipeline.run.engine import Engine, Runner, chunks, engine_from_options

from conftest import SEEDS

# batch 1 → tasks of 1 article, so the 5 seeds really are split across workers
SMALL_BATCH = 1


def _tables(path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(path.glob("*.parquet"))}


def _assert_same_tables(left, right) -> None:
    a, b = _tables(left), _tables(right)
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


@pytest.fixture(scope="module")
def local_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "data"
    build(BuildOptions(input=SEEDS, out=out, progress=False, cache_dir=None, batch_size=SMALL_BATCH))
    return out


def test_engine_chunks_keep_order_and_cover_everything():
    items = list(range(10))
    parts = chunks(items, 4)
    assert [len(p) for p in parts] == [4, 4, 2]
    assert sum(parts, []) == items


@pytest.mark.parametrize("kwargs, message", [
    ({"engine": "local", "scheduler": "tcp://h:8786"}, "--engine dask"),
    ({"workers": 2, "scheduler": "tcp://h:8786"}, "--workers"),
    ({"workers": 0}, "at least 1"),
    ({"engine": "spark"}, "one of"),
    ({"scheduler": "h:8786"}, "tcp://"),
])
def test_engine_options_conflicts_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        engine_from_options(**kwargs)


def test_engine_options_scheduler_implies_dask():
    e = engine_from_options(scheduler="tcp://10.0.0.1:8786")
    assert e.kind == "dask" and e.scheduler == "tcp://10.0.0.1:8786"
    assert engine_from_options(workers=3) == Engine(kind="local", workers=3)


def test_engine_cli_refuses_conflict_before_building(tmp_path, capsys):
    code = main(["build", str(SEEDS), "--out", str(tmp_path / "d"), "--engine", "local",
                 "--scheduler", "tcp://h:8786", "--no-progress"])
    assert code == 2
    assert "--scheduler" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_engine_run_of_nothing_yields_nothing():
    with Runner(Engine(workers=2)) as runner:
        assert list(runner.analyses([])) == []


def test_engine_local_processes_match_in_process(local_build, tmp_path):
    out = tmp_path / "data"
    res = build(BuildOptions(input=SEEDS, out=out, progress=False, cache_dir=None, batch_size=SMALL_BATCH,
                             engine=Engine(workers=2)))
    assert res.parsed == 5
    _assert_same_tables(local_build, out)


def test_engine_dask_local_cluster_matches_in_process(local_build, tmp_path, monkeypatch):
    # worker processes re-import the caller's __main__; in this pytest session that may be the
    # Streamlit page left there by the app tests, so give them an empty one
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    out = tmp_path / "data"
    res = build(BuildOptions(input=SEEDS, out=out, progress=False, cache_dir=tmp_path / "cache",
                             batch_size=SMALL_BATCH, engine=Engine(kind="dask", workers=2)))
    assert res.parsed == 5
    _assert_same_tables(local_build, out)
    # the cache filled by Dask workers serves the next build without any parse
    again = build(BuildOptions(input=SEEDS, out=tmp_path / "again", progress=False, cache_dir=tmp_path / "cache",
                               batch_size=SMALL_BATCH, engine=Engine(kind="dask", workers=2)))
    assert again.parsed == 0
    _assert_same_tables(local_build, tmp_path / "again")


def test_engine_topic_rows_memoised_so_one_new_article_is_tagged_alone(tmp_path, monkeypatch):
    import shutil

    from data_pipeline.run import engine

    corpus = tmp_path / "in"
    shutil.copytree(SEEDS, corpus)
    opts = BuildOptions(input=corpus, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    build(opts)
    tagged = []

    def counting(items, taxonomy_json, russian=False):
        tagged.extend(aid for aid, _, _ in items)
        return original(items, taxonomy_json, russian)

    original = engine.topics_chunk
    monkeypatch.setattr(engine, "topics_chunk", counting)
    (corpus / "new.txt").write_text("The finance minister spoke about inflation and the budget on Monday.\n")
    res = build(opts)
    assert res.parsed == 1 and len(tagged) == 1
    fresh = tmp_path / "fresh"
    build(BuildOptions(input=corpus, out=fresh, progress=False, cache_dir=None))
    _assert_same_tables(fresh, tmp_path / "data")


def test_engine_one_failing_article_does_not_take_its_batch_with_it():
    from data_pipeline.ingest.article import Article
    from data_pipeline.run.engine import _each_failure_apart, failure

    arts = [Article(path=f"{n}.txt", text=f"Article number {n}.") for n in range(4)]

    def run(batch):
        if any(a.path == "2.txt" for a in batch):
            raise OverflowError("date value out of range")
        return [{"path": a.path} for a in batch]

    got = _each_failure_apart(run, arts)
    assert [g.get("path") for g in got] == ["0.txt", "1.txt", None, "3.txt"]
    assert failure(got[2]) == "OverflowError: date value out of range" and failure(got[0]) is None
