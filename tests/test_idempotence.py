"""Same input → same tables: across processes (different hash seeds), input locations and cache states."""
import json
import os
import shutil
import subprocess
import sys

from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, SEEDS
from data_pipeline.store.publish import resolve_build
from data_pipeline.store.tables import SORT_KEYS

pytestmark = pytest.mark.slow  # several full builds of the seeds


def _cli_build(src, out, seed: str, *extra: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "data_pipeline", "build", str(src), "--out", str(out), "--no-progress",
                    *extra], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def three_builds(tmp_path_factory):
    """The seeds built three ways: fresh (hash seed 1), cold cache elsewhere (seed 2), warm cache in-process."""
    from data_pipeline.run.build import BuildOptions, build

    tmp = tmp_path_factory.mktemp("idem")
    copy = tmp / "elsewhere" / "corpus"
    shutil.copytree(SEEDS, copy)
    _cli_build(SEEDS, tmp / "a", "1", "--no-cache")
    _cli_build(copy, tmp / "b", "2", "--cache-dir", str(tmp / "cache"))
    build(BuildOptions(input=copy, out=tmp / "c", progress=False, cache_dir=tmp / "cache"))
    return [tmp / "a", tmp / "b", tmp / "c"]


def test_idempotence_same_build_id_and_table_hashes(three_builds):
    mans = [json.loads((d / "manifest.json").read_text()) for d in three_builds]
    assert len({m["build_id"] for m in mans}) == 1
    assert mans[0]["tables"] == mans[1]["tables"] == mans[2]["tables"]
    assert mans[2]["parsed_articles"] == 0  # the third really came from the cache


def test_idempotence_identical_table_bytes(three_builds):
    first = resolve_build(three_builds[0])
    for other in three_builds[1:]:
        for f in _parquet_files(first):
            rel = f.relative_to(first)
            assert (resolve_build(other) / rel).read_bytes() == f.read_bytes(), str(rel)


def test_idempotence_rows_sorted_by_keys(three_builds):
    build = resolve_build(three_builds[0])
    for f in _parquet_files(build):  # each file sorted: a monthly file holds its rows in the whole table's order
        df = pd.read_parquet(f)
        keys = SORT_KEYS[f.stem if f.parent == build else Path(f.parent.name).stem]
        resorted = df.sort_values(keys, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(df[keys], resorted[keys])


@pytest.fixture(scope="module")
def parallel_builds(tmp_path_factory):
    """The seeds built with 2 worker processes (tasks of one article) three times, and once serially.

    Different hash seeds; no cache, a cold cache and the warm cache the cold run filled.
    """
    tmp = tmp_path_factory.mktemp("idem-parallel")
    split = ("--workers", "2", "--batch-size", "1")
    _cli_build(SEEDS, tmp / "serial", "6", "--no-cache", "--workers", "1", "--batch-size", "1")
    _cli_build(SEEDS, tmp / "fresh", "3", "--no-cache", *split)
    _cli_build(SEEDS, tmp / "cold", "4", "--cache-dir", str(tmp / "cache"), *split)
    _cli_build(SEEDS, tmp / "warm", "5", "--cache-dir", str(tmp / "cache"), *split)
    return [tmp / name for name in ("serial", "fresh", "cold", "warm")]


def test_idempotence_parallel_engine_same_tables_every_time(parallel_builds):
    mans = [json.loads((d / "manifest.json").read_text()) for d in parallel_builds]
    assert [m["parsed_articles"] for m in mans] == [5, 5, 5, 0]
    assert mans[1]["engine"] == "local x2 processes"
    assert len({m["build_id"] for m in mans}) == 1
    assert all(m["tables"] == mans[0]["tables"] for m in mans)
    first = resolve_build(parallel_builds[0])
    for other in parallel_builds[1:]:
        for f in _parquet_files(first):
            rel = f.relative_to(first)
            assert (resolve_build(other) / rel).read_bytes() == f.read_bytes(), str(rel)


def _parquet_files(build):
    """Every parquet file of a build: single-file tables and the monthly files of per-article tables."""
    return sorted(p for p in build.rglob("*.parquet") if p.is_file())
