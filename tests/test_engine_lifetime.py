"""Worker processes of a local build die with the build process (issue 15, item 7)."""
import signal
import subprocess
import sys
import time

import psutil
import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def _corpus(folder, n: int = 40):
    """n short articles, enough to keep two workers busy for several seconds."""
    folder.mkdir()
    for i in range(n):
        body = " ".join(f"Minister Anna Berg{i} met President Karl Osterholm{i} in Vienna on Monday to discuss "
                        f"trade, energy and border security, officials said." for _ in range(30))
        (folder / f"a{i:03}.txt").write_text(body + "\n", encoding="utf-8")
    return folder


def _workers(pid: int, want: int, timeout: float = 120.0) -> list[psutil.Process]:
    """The build's worker processes, once `want` of them are running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = psutil.Process(pid).children(recursive=True)
        if len(kids) >= want:
            return kids
        time.sleep(0.2)
    raise AssertionError(f"the build did not start {want} worker processes in {timeout} s")


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_engine_lifetime_local_workers_die_with_a_killed_build(tmp_path, sig):
    corpus = _corpus(tmp_path / "in")
    build = subprocess.Popen([sys.executable, "-m", "data_pipeline", "build", str(corpus), "--out", str(tmp_path / "out"),
                              "--no-cache", "--no-progress", "--workers", "2"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []
    try:
        workers = _workers(build.pid, 2)
        build.send_signal(sig)
        build.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _alive(workers)
        assert not left, f"workers {[p.pid for p in left]} outlived the build killed by {sig.name}"
    finally:
        for p in _alive(workers):
            p.kill()
        if build.poll() is None:
            build.kill()
            build.wait()
