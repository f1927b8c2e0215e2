"""run/early.py: a rebuild's model process started from the raw command line, before the command line's imports."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from data_pipeline.run.early import DEFAULT_CACHE, fits, start_early
from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY

ROOT = Path(__file__).resolve().parent.parent


def _published(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    (tmp_path / "build-1").mkdir()
    (tmp_path / "build-1" / "manifest.json").write_text("{}", encoding="utf-8")
    out.symlink_to("build-1")
    return out


@pytest.mark.parametrize("extra", [[], ["--workers", "1"], ["--engine", "local", "-v"], ["--out=OUT"]])
def test_start_early_starts_the_model_for_what_looks_like_a_rebuild(tmp_path, extra):
    out = _published(tmp_path)
    argv = ["build", "corpus", *(["--out", str(out)] if "--out=OUT" not in extra else [f"--out={out}"]),
            *[e for e in extra if e != "--out=OUT"]]
    warm = start_early(argv)
    try:
        assert warm is not None and fits(warm, DEFAULT_CACHE, DEFAULT_TAXONOMY)
        assert not fits(warm, tmp_path / "other-cache", DEFAULT_TAXONOMY)
    finally:
        warm.close()


@pytest.mark.parametrize("argv", [
    ["build", "corpus", "--out", "OUT", "--workers", "2"],
    ["build", "corpus", "--out", "OUT", "--no-cache"],
    ["build", "corpus", "--out", "OUT", "--scheduler", "tcp://127.0.0.1:8786"],
    ["build", "corpus", "--out", "OUT", "--engine", "dask"],
    ["build", "corpus", "--out", "OUT", "--help"],
    ["build", "corpus", "--out", "OUT", "--workers", "two"],  # unreadable: left to the real parser
    ["build", "corpus", "--out", "NOWHERE"],  # nothing published there: a first build
    ["topics", "suggest", "corpus"],
    [],
])
def test_start_early_starts_nothing_for_anything_else(tmp_path, argv):
    out = _published(tmp_path)
    argv = [str(out) if a == "OUT" else str(tmp_path / "nowhere") if a == "NOWHERE" else a for a in argv]
    assert start_early(argv) is None


def test_start_early_reads_the_cache_and_taxonomy_options(tmp_path):
    out = _published(tmp_path)
    tax = tmp_path / "t.yaml"
    warm = start_early(["build", "in", "--out", str(out), "--cache-dir", str(tmp_path / "c"), "--taxonomy", str(tax)])
    try:
        assert fits(warm, tmp_path / "c", tax) and not fits(warm, tmp_path / "c", DEFAULT_TAXONOMY)
    finally:
        warm.close()


def test_start_early_forks_before_the_command_line_is_imported():
    """What it imports is light: neither the command line nor ingest, resolution, the engine or spaCy."""
    code = ("import sys, json\nfrom data_pipeline.run.early import start_early\n"
            "print(json.dumps([m for m in ('data_pipeline.cli', 'data_pipeline.ingest', 'data_pipeline.resolve', "
            "'data_pipeline.run.engine', 'spacy', 'pyarrow', 'yaml') if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


@pytest.mark.slow
def test_cli_rebuild_with_the_early_model_process_matches_a_fresh_build(tmp_path):
    """Through `python -m data_pipeline`: a rebuild adding an article parses it (in the model process started from
    the raw arguments) and publishes the tables of a fresh build of both files; a rebuild whose options the guess
    cannot read (an abbreviated --cache-d) still builds, with the model process the command line starts itself."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(" date 2023-04-02 \nMinister Ada Lorne met Per Holm in Oslo on Tuesday.\n", encoding="utf-8")

    def cli(out, cache, *extra):
        proc = subprocess.run([sys.executable, "-m", "data_pipeline", "build", str(src), "--out", str(out),
                               "--no-progress", *extra, str(cache)], cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return json.loads((out / "manifest.json").read_text())

    cli(tmp_path / "data", tmp_path / "cache", "--cache-dir")
    (src / "b.txt").write_text(" date 2023-04-03 \nPer Holm later called Vera Stahl about the harbour.\n",
                               encoding="utf-8")
    added = cli(tmp_path / "data", tmp_path / "cache", "--cache-dir")
    assert added["build_mode"] == "delta" and added["parsed_articles"] == 1
    (src / "c.txt").write_text(" date 2023-04-04 \nVera Stahl met Ada Lorne in Bergen on Friday.\n", encoding="utf-8")
    again = cli(tmp_path / "data", tmp_path / "cache", "--cache-d")
    assert again["build_mode"] == "delta" and again["parsed_articles"] == 1
    fresh = cli(tmp_path / "fresh", tmp_path / "fresh-cache", "--cache-dir")
    assert fresh["build_id"] == again["build_id"]


@pytest.mark.parametrize("exiting", [False, True])
def test_cli_build_leaves_its_objects_to_the_process_only_when_it_exits_next(tmp_path, monkeypatch, exiting):
    """`python -m data_pipeline` (exiting=True) hands the build a list to leave its large objects in; an embedding
    program or a test calling `main` does not, so nothing of the build outlives it there."""
    from data_pipeline import cli
    from data_pipeline.run import build as B

    seen = {}

    def fake_build(opts, warm=None, keep=None):
        seen["keep"] = keep
        return B.BuildResult(counts={"articles": 0, "entities": 0, "meetings": 0}, build_id="x")

    monkeypatch.setattr(B, "build", fake_build)
    (tmp_path / "in").mkdir()
    argv = ["build", str(tmp_path / "in"), "--out", str(tmp_path / "data"), "--no-progress", "--no-cache"]
    assert cli.main(argv, exiting=exiting) == 0
    assert (seen["keep"] is cli._KEPT) if exiting else seen["keep"] is None
