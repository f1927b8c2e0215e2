"""A real external Dask cluster: scheduler and workers as separate processes, in a folder that is not the project,
on a Python that has the requirements but not this package (README "Running on a cluster" does the same)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.dask_cluster import Cluster, requirements_only_python
from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def requirements_only(tmp_path_factory) -> Path:
    """A Python with this project's requirements (the test venv's packages) but without this package."""
    python = requirements_only_python(tmp_path_factory.mktemp("worker-env"))
    probe = subprocess.run([str(python), "-c", "import data_pipeline"], cwd=python.parent, capture_output=True)
    assert probe.returncode != 0, "the worker environment must not have data_pipeline"
    return python


def _pin_module(folder: Path) -> Path:
    """A modified copy of the package and a --preload module that makes a worker import it ahead of anything."""
    copy = folder / "pinned"
    shutil.copytree(ROOT / "data_pipeline", copy / "data_pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    with open(copy / "data_pipeline" / "nlp" / "analyse.py", "a", encoding="utf-8") as fh:
        fh.write("\n# an older copy of the per-article code\n")
    pin = folder / "pin.py"
    pin.write_text(
        "import importlib.machinery, sys\n"
        f"PINNED = {str(copy)!r}\n"
        "class PinnedFinder:\n"
        "    @classmethod\n"
        "    def find_spec(cls, name, path=None, target=None):\n"
        "        if name == 'data_pipeline':\n"
        "            return importlib.machinery.PathFinder.find_spec(name, [PINNED], target)\n"
        "        return None\n"
        "sys.meta_path.insert(0, PinnedFinder)\n")
    return pin


def _build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_pipeline", "build", *args, "--no-progress"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


def test_cluster_external_workers_build_the_local_tables_and_refuse_other_code(requirements_only, seeds_data,
                                                                               tmp_path):
    folder = tmp_path / "cluster"
    folder.mkdir()
    cluster = Cluster(requirements_only, folder)
    try:
        cluster.scheduler()
        cluster.worker("w1")
        cluster.worker("w2")
        cluster.wait_for(2)

        done = _build(str(SEEDS), "--out", str(tmp_path / "data"), "--no-cache", "--scheduler", cluster.address)
        assert done.returncode == 0, done.stderr[-2000:]
        local = json.loads((seeds_data / "manifest.json").read_text())
        remote = json.loads((tmp_path / "data" / "manifest.json").read_text())
        assert remote["build_id"] == local["build_id"]
        assert remote["engine"] == f"dask {cluster.address}"

        cluster.worker("pinned", "--preload", str(_pin_module(folder)))
        cluster.wait_for(3)
        refused = _build(str(SEEDS), "--out", str(tmp_path / "other"), "--no-cache", "--scheduler", cluster.address)
        assert refused.returncode == 3
        message = refused.stderr.strip().splitlines()[-1]
        assert "differs from this build: pipeline code" in message
        assert "models" not in message and "spaCy" not in message and "Python " not in message  # only the code
        assert not (tmp_path / "other").exists()
    finally:
        cluster.stop()
    assert all(p.poll() is not None for p in cluster.procs)
