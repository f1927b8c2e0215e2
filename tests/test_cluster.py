"""A real external Dask cluster: scheduler and workers as separate processes, in a folder that is not the project,
on a Python that has the requirements but not this package (README "Running on a cluster" does the same)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

START_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def requirements_only(tmp_path_factory) -> Path:
    """A Python with this project's requirements (the test venv's packages) but without this package."""
    env = tmp_path_factory.mktemp("worker-env") / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # a .pth line adds the test venv's packages; .pth files inside that folder (our editable install) are not run
    Path(purelib, "requirements.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    probe = subprocess.run([str(python), "-c", "import data_pipeline"], cwd=env, capture_output=True)
    assert probe.returncode != 0, "the worker environment must not have data_pipeline"
    return python


class Cluster:
    """`dask scheduler` and `dask worker` processes, each in its own process group, all stopped by `stop()`."""

    def __init__(self, python: Path, folder: Path):
        self.python, self.folder = python, folder
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen] = []

    def _start(self, name: str, *args: str) -> None:
        log = open(self.folder / f"{name}.log", "wb")
        self.procs.append(subprocess.Popen([str(self.python), "-m", "dask", *args], cwd=self.folder,
                                           stdout=log, stderr=subprocess.STDOUT, start_new_session=True))

    def scheduler(self) -> None:
        self._start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard")

    def worker(self, name: str, *extra: str) -> None:
        self._start(name, "worker", self.address, "--nthreads", "1", "--no-dashboard", "--name", name, *extra)

    def wait_for(self, n: int) -> None:
        """Until `n` workers are registered with the scheduler."""
        from distributed import Client

        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            try:
                with Client(self.address, timeout="5s") as client:
                    client.wait_for_workers(n, timeout=max(1.0, deadline - time.monotonic()))
                    return
            except (OSError, TimeoutError):
                time.sleep(1)
        raise AssertionError(f"{n} Dask workers did not register in {START_SECONDS} s: "
                             + " | ".join(p.read_text()[-300:] for p in sorted(self.folder.glob("*.log"))))

    def stop(self) -> None:
        """Terminate every process group started here, then kill what is left."""
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


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
        assert "spaCy" not in message and "Python " not in message  # only the code differs
        assert not (tmp_path / "other").exists()
    finally:
        cluster.stop()
    assert all(p.poll() is not None for p in cluster.procs)
