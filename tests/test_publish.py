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
from data_pipeline.store.publish import builds_dir, collect_garbage, resolve_build, table_sha256, write_build

# Runs the real CLI build in a child process that SIGKILLs itself at a chosen point.
KILLER = r"""
import os, signal, sys
from data_pipeline.nlp import analyse as A
from data_pipeline.store import publish as P

point, after = sys.argv[1], int(sys.argv[2])
seen = {"n": 0}
build_pid = os.getpid()  # the build process, also when the parse runs in its model process (run/warm.py)

def die(fn, before=True):
    def wrapped(*args, **kwargs):
        seen["n"] += 1
        if before and seen["n"] > after:
            os.kill(build_pid, signal.SIGKILL)
        result = fn(*args, **kwargs)
        if not before and seen["n"] > after:
            os.kill(build_pid, signal.SIGKILL)
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
        assert table_sha256(build / f"{name}.parquet") == meta["sha256"]
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
    left = [p.name for p in builds_dir(out).iterdir() if not p.name.startswith("build-") and p.name != "lock"]
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
    """A build folder of an older version (a manifest and exactly the tables it names) is kept among the builds."""
    out = tmp_path / "data"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"schema_version": 1, "pipeline_version": "0.0.9",
                                                   "counts": {"articles": 2, "entities": 0}}))
    (out / "articles.parquet").write_bytes(b"PAR1")
    (out / "entities.parquet").write_bytes(b"PAR1")
    write_build(out, corpus_tables(Spec(articles=2)), {})
    assert out.is_symlink()
    legacy = [p for p in builds_dir(out).iterdir() if p.name.startswith("build-legacy-")]
    assert len(legacy) == 1 and sorted(p.name for p in legacy[0].iterdir()) == [
        "articles.parquet", "entities.parquet", "manifest.json"]


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


# ---- hardening: what a build may touch, one build at a time, disk errors (issue 15) ----

def test_publish_refuses_a_users_folder_that_holds_a_manifest(tmp_path, capsys):
    """A folder with a manifest.json of its own and other files is not a build: left exactly as it is."""
    from data_pipeline import cli

    app = tmp_path / "app"
    app.mkdir()
    (app / "manifest.json").write_text("{}")
    (app / "precious.txt").write_text("keep")
    src = _inputs(tmp_path, 1)
    assert cli.main(_build(src, app, "--no-cache")) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "not a build of this pipeline" in err and "precious.txt" in err
    assert not app.is_symlink() and (app / "precious.txt").read_text() == "keep"
    assert sorted(p.name for p in app.iterdir()) == ["manifest.json", "precious.txt"]
    with pytest.raises(PipelineError, match="precious.txt"):
        write_build(app, corpus_tables(Spec(articles=2)), {})
    assert not builds_dir(app).exists() or not any(builds_dir(app).glob("build-*"))


def test_publish_replaces_an_empty_folder(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    write_build(out, corpus_tables(Spec(articles=2)), {})
    assert out.is_symlink() and [p.name for p in builds_dir(out).iterdir() if p.name.startswith("build-legacy")] == []


def test_publish_collects_only_what_it_named(tmp_path):
    """Entries of the builds folder that the publisher did not name survive any number of builds."""
    out = tmp_path / "data"
    write_build(out, corpus_tables(Spec(articles=2)), {})
    mine = builds_dir(out) / "build-notes"
    mine.mkdir()
    (builds_dir(out) / "README.txt").write_text("a user's note")
    for n in range(3, 8):
        write_build(out, corpus_tables(Spec(articles=n)), {})
    assert mine.is_dir() and (builds_dir(out) / "README.txt").exists()


def test_publish_lock_refuses_a_second_build_of_the_same_out(tmp_path, capsys):
    from data_pipeline import cli
    from data_pipeline.store.publish import lock

    out = tmp_path / "data"
    with lock(out):
        rc = cli.main(_build(_inputs(tmp_path, 1), out, "--no-cache"))
    err = capsys.readouterr().err
    assert rc == cli.EXIT_FAILED and f"another build (pid {os.getpid()}) is writing to it" in err
    assert not out.exists()
    with lock(out):  # released by the first holder
        pass


def test_publish_stale_staging_is_removed_by_the_next_build_even_a_failing_one(tmp_path):
    """Staging folders of killed builds go at the start of the next build, whatever pid they name."""
    from data_pipeline import cli

    out = tmp_path / "data"
    write_build(out, corpus_tables(Spec(articles=2)), {})
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = [builds_dir(out) / f"staging-{dead.stdout.strip()}-abc", builds_dir(out) / "staging-1-reused"]
    for p in stale:
        p.mkdir()
        (p / "articles.parquet").write_bytes(b"half")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("")
    assert cli.main(_build(empty, out, "--no-cache")) == cli.EXIT_FAILED  # nothing readable
    assert not any(p.exists() for p in stale)


@pytest.mark.parametrize("fail_in", ["parquet", "serving"])
def test_publish_full_disk_is_one_line_and_keeps_the_previous_build(published, tmp_path, monkeypatch, capsys,
                                                                    fail_in):
    import errno

    import duckdb

    from data_pipeline import cli
    from data_pipeline.store import publish

    _, out = published
    before = _snapshot(out)

    def full(*args, **kwargs):
        if fail_in == "parquet":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise duckdb.IOException("IO Error: Could not write file: No space left on device")

    monkeypatch.setattr(publish.pq if fail_in == "parquet" else publish.serving,
                        "write_table" if fail_in == "parquet" else "write", full)
    rc = cli.main(_build(_inputs(tmp_path, 3), out, "--no-cache"))
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == cli.EXIT_FAILED and len(err) == 1
    assert "No space left on device" in err[0] and "nothing published" in err[0]
    assert _snapshot(out)["build_id"] == before["build_id"]
    assert not [p for p in builds_dir(out).iterdir() if p.name.startswith("staging-")]


def test_publish_unwritable_out_fails_before_any_parsing(tmp_path, monkeypatch, capsys):
    """An --out that cannot be written is reported before the input is read, not after the parse."""
    from data_pipeline import cli
    from data_pipeline.run import build as B

    monkeypatch.setattr(B, "read_inputs", lambda *a, **k: pytest.fail("input read before --out was checked"))
    src = _inputs(tmp_path, 1)
    rc = cli.main(_build(src, Path(os.devnull) / "data", "--no-cache"))
    err = capsys.readouterr().err
    assert rc == cli.EXIT_FAILED and "cannot write builds" in err and "Not a directory" in err

    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):
        if self.name.endswith(".builds"):
            raise OSError(30, os.strerror(30), str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    rc = cli.main(_build(src, tmp_path / "ro" / "data", "--no-cache"))
    assert rc == cli.EXIT_FAILED and "Read-only file system" in capsys.readouterr().err


TERMINATOR = r"""
import os, signal, sys
from data_pipeline.nlp import analyse as A

real = A.analyse
def analyse(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGTERM)  # as `timeout` or systemd would, in the middle of the parse
    return real(*args, **kwargs)
A.analyse = analyse
from data_pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_publish_sigterm_says_so_and_leaves_the_previous_build(published, tmp_path):
    tmp, out = published
    before = _snapshot(out)
    proc = subprocess.run([sys.executable, "-c", TERMINATOR, *_build(_inputs(tmp_path, 3), out, "--no-cache")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr[-2000:]
    assert proc.stderr.strip().splitlines()[-1] == f"interrupted by SIGTERM; {out} still points at the last complete build"
    assert _snapshot(out)["build_id"] == before["build_id"]
    assert not [p for p in builds_dir(out).iterdir() if p.name.startswith(("staging-", ".link-"))]


def _work(running) -> None:
    import time

    running.set()
    time.sleep(30)


def test_publish_lock_is_not_kept_by_forked_workers(tmp_path):
    """A worker process forked during a build does not hold the lock after the build has ended."""
    import multiprocessing as mp

    from data_pipeline.store.publish import lock

    out = tmp_path / "data"
    ctx = mp.get_context("fork")
    running = ctx.Event()
    with lock(out):
        worker = ctx.Process(target=_work, args=(running,))
        worker.start()
        assert running.wait(30)
    try:
        with lock(out):  # the build is over; its surviving worker must not keep the next one out
            pass
    finally:
        worker.kill()
        worker.join()


def test_publish_schema_version_tagged_once():
    """A table tagged with the schema version is passed on as it is (its partitions are slices of it)."""
    import pyarrow as pa

    from data_pipeline import SCHEMA_VERSION
    from data_pipeline.store.publish import _with_metadata

    tagged = _with_metadata(pa.table({"a": [1, 2]}))
    assert tagged.schema.metadata[b"schema_version"] == str(SCHEMA_VERSION).encode()
    assert _with_metadata(tagged) is tagged
    assert _with_metadata(tagged.slice(1)).schema.metadata == tagged.schema.metadata
