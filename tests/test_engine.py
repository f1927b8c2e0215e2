"""Engines: local processes and a Dask LocalCluster give the same tables as the in-process run."""
import sys
import time
import types

import pandas as pd
import pytest

from data_pipeline.run.build import BuildOptions, build
from data_pipeline.cli import main
from data_pipeline.run.engine import Engine, Runner, chunks, engine_from_options, guided

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


@pytest.mark.parametrize("n", [0, 1, 5, 16, 17, 63, 64, 65, 200, 305])
@pytest.mark.parametrize("workers", [2, 3])
def test_engine_guided_chunks_cover_everything_and_shrink_only_at_the_end(n, workers):
    items = list(range(n))
    parts = guided(items, 16, workers)
    assert sum(parts, []) == items
    sizes = [len(p) for p in parts]
    assert all(1 <= k <= 16 for k in sizes)
    assert all(k >= 4 for k in sizes[:-1])  # no task smaller than a quarter batch but the very last
    assert sizes == sorted(sizes, reverse=True)  # full batches first, then shrinking
    full = n - 2 * workers * 16  # what is left when the tail starts is cut into about two tasks per process
    assert sum(k for k in sizes if k == 16) >= min(full, n - n % 16) - 16


def test_engine_guided_last_task_is_a_small_share_of_a_batch():
    sizes = [len(p) for p in guided(list(range(305)), 16, 2)]
    assert sizes[:15] == [16] * 15 and sizes[-1] <= 4 and len(sizes) > len(chunks(list(range(305)), 16))


def test_engine_guided_one_worker_is_plain_chunks():
    items = list(range(305))
    assert guided(items, 16, 1) == chunks(items, 16)


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

    from data_pipeline.run import build as B
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
    monkeypatch.setattr(B, "warm_rebuild", lambda opts: False)  # tag in this process, where `counting` counts
    (corpus / "new.txt").write_text("The finance minister spoke about inflation and the budget on Monday.\n")
    res = build(opts)
    assert res.parsed == 1 and len(tagged) == 1
    fresh = tmp_path / "fresh"
    build(BuildOptions(input=corpus, out=fresh, progress=False, cache_dir=None))
    _assert_same_tables(fresh, tmp_path / "data")


def test_engine_analysis_does_not_depend_on_the_batch_it_is_parsed_in():
    """What lets `guided` cut the tail into smaller tasks (and the analysis cache reuse an analysis from any batch)."""
    from data_pipeline.ingest.article import Article
    from data_pipeline.run.engine import analyse_chunk

    texts = ["The finance minister Ana Morel met the envoy Piotr Zalewski in Geneva on Tuesday to discuss grain.",
             "Talks resumed.",
             "Carla Jensen, who chairs the port authority, said on Friday that shipping would restart next month. "
             "She later held a meeting with the harbour master, Tomasz Wrona, and two union leaders.",
             "A storm closed three roads near the coast; officials in Brest said repairs would take a week.",
             "President Ilse Varga visited Oslo, where she met Prime Minister Rune Dahl for an hour."]
    arts = [Article(path=f"{n}.txt", text=t) for n, t in enumerate(texts)]
    together = analyse_chunk(arts, 5)
    assert analyse_chunk(arts[:2], 2) + analyse_chunk(arts[2:], 3) == together
    assert [analyse_chunk([a], 1)[0] for a in arts] == together


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


# ---- input files read by several processes (engine.in_processes, build.read_inputs) ----

def _pid_of(n: int) -> tuple[int, int]:
    import os

    return n, os.getpid()


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_engine_in_processes_keeps_input_order(workers):
    from functools import partial

    from data_pipeline.run.engine import in_processes

    got = list(in_processes([partial(_pid_of, n) for n in range(40)], workers))
    assert [n for n, _ in got] == list(range(40))
    pids = {pid for _, pid in got}
    import os

    assert (pids == {os.getpid()}) if workers == 1 else (os.getpid() not in pids)


def test_engine_in_processes_too_few_calls_run_here():
    import os
    from functools import partial

    from data_pipeline.run.engine import in_processes

    assert list(in_processes([partial(_pid_of, 7)], 4)) == [(7, os.getpid())]
    assert list(in_processes([], 4)) == []


def test_engine_in_processes_stopped_early_leaves_no_process():
    import multiprocessing as mp
    from functools import partial

    from data_pipeline.run.engine import in_processes

    results = in_processes([partial(_pid_of, n) for n in range(200)], 2)
    assert next(results)[0] == 0
    results.close()  # the reader gives up (an error or a signal unwinding the build): queued tasks are cancelled
    deadline = time.monotonic() + 20
    while mp.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert mp.active_children() == []


def test_engine_in_processes_calls_meanwhile_once_while_the_others_read():
    import multiprocessing as mp
    import os
    from functools import partial

    from data_pipeline.run.engine import in_processes

    seen = []

    def meanwhile():  # here, with the reading processes started and no result read yet
        seen.append((os.getpid(), len(mp.active_children())))

    got = list(in_processes([partial(_pid_of, n) for n in range(40)], 2, meanwhile))
    assert [n for n, _ in got] == list(range(40))
    assert seen == [(os.getpid(), 2)]


def test_engine_in_processes_with_few_tasks_still_calls_meanwhile_once_and_not_when_run_here():
    from functools import partial

    from data_pipeline.run.engine import in_processes

    seen = []
    got = list(in_processes([partial(_pid_of, n) for n in range(3)], 2, lambda: seen.append(1)))  # 3 tasks < window
    assert [n for n, _ in got] == [0, 1, 2] and seen == [1]
    seen.clear()
    assert [n for n, _ in in_processes([partial(_pid_of, 5)], 2, lambda: seen.append(1))] == [5]
    assert seen == []  # the one call ran here: nothing to overlap


def test_engine_in_processes_prepares_here_once_before_forking_and_not_when_run_here():
    import multiprocessing as mp
    import os
    from functools import partial

    from data_pipeline.run.engine import in_processes

    seen = []

    def prepare():  # here, before any reading process exists
        seen.append((os.getpid(), len(mp.active_children())))

    got = list(in_processes([partial(_pid_of, n) for n in range(40)], 2, prepare=prepare))
    assert [n for n, _ in got] == list(range(40))
    assert seen == [(os.getpid(), 0)]
    seen.clear()
    assert [n for n, _ in in_processes([partial(_pid_of, 5)], 2, prepare=prepare)] == [5]
    assert [n for n, _ in in_processes([partial(_pid_of, n) for n in range(40)], 1, prepare=prepare)] == list(range(40))
    assert seen == []  # the calls ran here: nothing to fork


def test_engine_in_processes_tasks_shrink_at_the_end_results_in_order():
    from functools import partial

    from data_pipeline.run import engine

    calls = [partial(_pid_of, n) for n in range(305)]
    parts = engine.guided(calls, engine.calls_per_task(len(calls), 2), 2)
    assert [len(p) for p in parts[:3]] == [16, 16, 16] and len(parts[-1]) < 16  # the last tasks are smaller
    assert [c for p in parts for c in p] == calls
    assert [n for n, _ in engine.in_processes(calls, 2)] == list(range(305))


def _write_mixed_inputs(folder) -> None:
    """Every kind of input outcome, spread over enough files that several processes read them."""
    import json

    folder.mkdir()
    for n in range(30):
        (folder / f"story{n:02d}.txt").write_text(
            f" date 2021-05-{n % 28 + 1:02d} \nThe harbour board of Kestrel Bay met on a Tuesday, story {n}. "
            f"Its chair said the quay repairs number {n * 7} would start soon, and the ferry would run again.\n")
    (folder / "copy.txt").write_text((folder / "story03.txt").read_text())  # a duplicate body
    (folder / "empty.txt").write_text("   \n")
    (folder / "blob.txt").write_bytes(b"\x00\x01binary")
    (folder / "feed.jsonl").write_text(
        json.dumps({"title": "Mill reopens", "text": "The old paper mill in Harwick reopened on Monday after "
                    "the owners and the town council agreed on a lease.", "published": "2020-02-03"}) + "\n"
        + "{not json\n"
        + json.dumps({"text": "Fishermen in Corran said the season was the best in ten years."}) + "\n")
    (folder / "notes.docx").write_bytes(b"not a supported format")


def test_build_read_inputs_by_several_processes_equals_one(tmp_path):
    from data_pipeline.run.build import read_inputs

    _write_mixed_inputs(tmp_path / "in")
    got = {}
    for workers in (1, 2):
        opts = BuildOptions(input=tmp_path / "in", out=tmp_path / "out", progress=False, cache_dir=None,
                            engine=Engine(workers=workers))
        got[workers] = read_inputs(opts)
    articles, skips = got[2]
    assert len(articles) == 32 and len(skips) >= 4  # the duplicate, empty, binary, bad line, format
    assert articles == got[1][0] and skips == got[1][1]
    assert [a.article_id for a in articles] == [a.article_id for a in got[1][0]]


def test_build_read_inputs_by_several_processes_fills_the_same_cache(tmp_path, monkeypatch):
    from data_pipeline import ingest
    from data_pipeline.run.build import read_inputs

    _write_mixed_inputs(tmp_path / "in")
    opts = BuildOptions(input=tmp_path / "in", out=tmp_path / "out", progress=False, cache_dir=tmp_path / "cache",
                        engine=Engine(workers=2))
    first = read_inputs(opts)
    monkeypatch.setattr(ingest, "read_file", lambda *a, **k: pytest.fail("a cached file was read again"))
    again = read_inputs(BuildOptions(**{**opts.__dict__, "engine": Engine(workers=1)}))
    assert again == first


# ---- topic rows computed in the task that parses (engine.analyse_tag_chunk, build.Tagging) ----

def test_engine_topic_rows_with_the_parse_equal_the_topic_phase():
    from data_pipeline.run import engine
    from data_pipeline.run.build import read_inputs
    from data_pipeline.run.config import load_config

    articles, _ = read_inputs(BuildOptions(input=SEEDS, out=SEEDS / "unused", progress=False, cache_dir=None))
    taxonomy = engine.canonical_taxonomy(load_config(BuildOptions.taxonomy).taxonomy)
    analyses = engine.analyse_chunk(articles, 4)
    apart = engine.topics_chunk([(a.article_id, an, a.text) for a, an in zip(articles, analyses)], taxonomy)
    together = engine.analyse_tag_chunk(articles, 4, taxonomy)
    assert [an for an, _ in together] == analyses
    assert [rows for _, rows in together] == apart
    assert any(rows["scores"] for rows in apart)  # the seeds do touch topics
    from data_pipeline.run.cache import has_details, split_analysis

    bare = engine.analyse_tag_chunk(articles, 4, taxonomy, details=False)  # a build without a cache
    assert [rows for _, rows in bare] == apart
    assert [an for an, _ in bare] == [split_analysis(an)[0] for an in analyses]
    assert all(has_details(an) for an in analyses) and not any(has_details(an) for an, _ in bare)


def test_build_topic_rows_from_the_parse_are_cached_as_the_topic_phase_would(tmp_path, monkeypatch):
    from data_pipeline.run import engine

    first = build(BuildOptions(input=SEEDS, out=tmp_path / "a", progress=False, cache_dir=tmp_path / "cache"))
    assert first.parsed == 5
    monkeypatch.setattr(engine, "topics_chunk", lambda *a, **k: pytest.fail("topic rows missing from the cache"))
    monkeypatch.setattr(engine, "analyse_chunk", lambda *a, **k: pytest.fail("analysis missing from the cache"))
    again = build(BuildOptions(input=SEEDS, out=tmp_path / "b", progress=False, cache_dir=tmp_path / "cache"))
    assert again.parsed == 0 and again.build_id == first.build_id
    _assert_same_tables(tmp_path / "a", tmp_path / "b")
