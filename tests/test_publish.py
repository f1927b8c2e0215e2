"""Publishing is atomic: `out` always points at one complete build, whatever kills the build process."""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from bench.synthetic import Spec, corpus_tables
from conftest import ROOT, SEEDS
from data_pipeline.store import validate
from data_pipeline.errors import PipelineError
from data_pipeline.store.publish import builds_dir, collect_garbage, file_sha256, resolve_build, write_build

# Runs the real CLI build in a child process that SIGKILLs itself at a chosen point.
KILLER = r"""
import os, signal, sys
from data_pipeline.nlp import analyse as A
from data_pipeline.store import publish as P

point, after = sys.argv[1], int(sys.argv[2])
seen = {"n": 0}

def die(fn, before=True):
    def wrapped(*args, **kwargs):
        seen["n"] += 1
        if before and seen["n"] > after:
            os.kill(os.getpid(), signal.SIGKILL)
        result = fn(*args, **kwargs)
        if not before and seen["n"] > after:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return wrapped

if point == "nlp":            # while spaCy analyses the articles
    A.analyse = die(A.analyse)  # the engine looks it up at each run
elif point == "tables":       # between two parquet files of the new build
    P.pq.write_table = die(P.pq.write_table, before=False)
elif point == "manifest":     # tables written, manifest not yet
    P.write_manifest = die(P.write_manifest)
elif point == "link":         # new build complete and its symlink made, the swap not yet done
    P.os.symlink = die(P.os.symlink, before=False)
elif point == "cleanup":      # right after the swap, before old builds are collected
    P.collect_garbage = die(P.collect_garbage)
from data_pipeline.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _inputs(tmp_path: Path, n: int) -> Path:
    src = tmp_path / f"in{n}"
    src.mkdir()
    for p in sorted(SEEDS.iterdir())[:n]:
        (src / p.name).write_bytes(p.read_bytes())
    return src


def _snapshot(out: Path) -> dict:
    """The published build's manifest, after checking it is complete, valid and matches its hashes."""
    build = resolve_build(out)
    man = json.loads((out / "manifest.json").read_text())
    tables = {name: pq.read_table(build / f"{name}.parquet") for name in man["tables"]}
    assert validate.problems(tables) == []
    for name, meta in man["tables"].items():
        assert file_sha256(build / f"{name}.parquet") == meta["sha256"]
        assert len(pd.read_parquet(out / f"{name}.parquet")) == meta["rows"]
    return man


def _build(src: Path, out: Path, *extra: str) -> list[str]:
    return ["build", str(src), "--out", str(out), "--no-progress", *extra]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A first build of two seeds, published; tests kill a second build of three seeds."""
    from data_pipeline.run.build import BuildOptions, build

    tmp = tmp_path_factory.mktemp("publish")
    out = tmp / "data"
    build(BuildOptions(input=_inputs(tmp, 2), out=out, progress=False, cache_dir=tmp / "cache"))
    return tmp, out


@pytest.mark.slow
@pytest.mark.parametrize("point,after", [("nlp", 1), ("tables", 2), ("manifest", 0), ("link", 0), ("cleanup", 0)])
def test_publish_survives_sigkill(published, tmp_path, point, after):
    tmp, out = published
    before = _snapshot(out)
    src = _inputs(tmp_path, 3)
    proc = subprocess.run([sys.executable, "-c", KILLER, point, str(after),
                           *_build(src, out, "--cache-dir", str(tmp_path / "cache"))],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]

    now = _snapshot(out)  # complete and valid whatever the point
    if point == "cleanup":
        assert now["counts"]["articles"] == 3  # killed after the swap: the new build is the one published
    else:
        assert now["build_id"] == before["build_id"]

    from data_pipeline.cli import main

    assert main(_build(src, out, "--cache-dir",
                       str(tmp_path / "cache"))) == 0
    after_next = _snapshot(out)
    assert after_next["counts"]["articles"] == 3
    left = [p.name for p in builds_dir(out).iterdir() if not p.name.startswith("build-")]
    assert left == []  # the killed build's staging dir and temporary link were cleaned up


def test_publish_out_is_symlink_into_builds(tmp_path):
    out = tmp_path / "data"
    bid = write_build(out, corpus_tables(Spec(articles=3)), {"counts": {}})
    assert out.is_symlink() and resolve_build(out).parent == builds_dir(out).resolve()
    assert json.loads((out / "manifest.json").read_text())["build_id"] == bid
    assert not os.path.isabs(os.readlink(out))  # relative: the folder can be moved


def test_publish_build_id_is_content_hash(tmp_path):
    a = write_build(tmp_path / "a", corpus_tables(Spec(articles=5)), {"built_at": "1"})
    b = write_build(tmp_path / "b", corpus_tables(Spec(articles=5)), {"built_at": "2"})
    c = write_build(tmp_path / "c", corpus_tables(Spec(articles=6)), {"built_at": "1"})
    assert a == b != c


def test_publish_refuses_to_replace_a_foreign_directory(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(PipelineError, match="not a build"):
        write_build(out, corpus_tables(Spec(articles=2)), {})
    assert (out / "notes.txt").read_text() == "mine"


def test_publish_refuses_a_foreign_symlink(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "data").symlink_to(elsewhere)
    with pytest.raises(PipelineError, match="not to a build"):
        write_build(tmp_path / "data", corpus_tables(Spec(articles=2)), {})


def test_publish_migrates_a_plain_build_directory(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "manifest.json").write_text("{}")
    write_build(out, corpus_tables(Spec(articles=2)), {})
    assert out.is_symlink()
    assert any(p.name.startswith("build-legacy-") for p in builds_dir(out).iterdir())


def test_publish_keeps_only_recent_builds(tmp_path):
    out = tmp_path / "data"
    for n in range(2, 8):
        write_build(out, corpus_tables(Spec(articles=n)), {})
    builds = [p for p in builds_dir(out).iterdir() if p.name.startswith("build-")]
    assert len(builds) == 3 and resolve_build(out) in [b.resolve() for b in builds]


def test_publish_collects_staging_of_dead_builds(tmp_path):
    out = tmp_path / "data"
    write_build(out, corpus_tables(Spec(articles=2)), {})
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = builds_dir(out) / f"staging-{dead.stdout.strip()}-abc"
    stale.mkdir()
    mine = builds_dir(out) / f"staging-{os.getpid()}-live"
    mine.mkdir()
    removed = collect_garbage(out)
    assert stale in removed and not stale.exists() and mine.exists()
