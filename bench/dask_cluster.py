"""An external Dask cluster on this machine, as README "Running on a cluster" starts one: `dask scheduler` and
`dask worker` processes, each in its own process group, in a folder that is not the project, on a Python that has
the project's requirements but not this package. Used by tests/test_cluster.py and bench/cluster.py.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

START_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requirements_only_python(folder: Path) -> Path:
    """A Python (a venv in `folder`) with this interpreter's installed packages but without this package."""
    env = folder / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # a .pth line adds this venv's packages; .pth files inside that folder (the editable install) are not run
    Path(purelib, "requirements.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
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
