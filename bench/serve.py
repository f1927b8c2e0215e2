"""Run the real dashboard server and a headless Chromium against it (browser tests and the load test)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "server.py"  # the app behind its Host and path checks
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def dashboard(data: Path, port: int | None = None, timeout: float = 120, log: Path | None = None,
              trace: Path | None = None):
    """Serve the dashboard (dashboard/server.py) on `data` (127.0.0.1, the repo's config.toml); yield (url, process).
    With `trace`, every rerun request the server receives is logged there (bench/traced_streamlit.py)."""
    port = port or free_port()
    runner = [str(Path(__file__).with_name("traced_streamlit.py"))] if trace else ["-m", "streamlit"]
    cmd = [sys.executable, *runner, "run", str(APP), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--", "--data", str(data)]
    out = open(log, "w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                            env={**os.environ, "NEWS_DATA_DIR": "", **({"RERUN_TRACE": str(trace)} if trace else {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after {timeout} s")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()


def launch(playwright):
    """Debian's headless Chromium through Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# notes the time of the last DOM change (charts render after the run ends; "idle" means quiet for 600 ms);
# finished runs are counted from the server's messages instead (RunCounter)
DOM_CHANGE_JS = """
window.__lastChange = performance.now();
new MutationObserver(() => { window.__lastChange = performance.now(); })
  .observe(document, {subtree: true, childList: true, characterData: true});
"""

# a chart on the page: Streamlit's own Plotly element, or the partial-bundle component (dashboard/plotlite.py)
CHARTS = '[data-testid="stPlotlyChart"], [data-testid="stBidiComponentRegular"]'
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = Array.from(document.querySelectorAll('%s'));
  const quiet = window.__lastChange === undefined || performance.now() - window.__lastChange > 600;
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
      && document.querySelectorAll('[data-testid="stElementContainer"]').length > 0
      && charts.every(c => c.querySelector('.main-svg')) && quiet;
}""" % CHARTS


class RunCounter:
    """Script runs the server reports finished to one page (a `script_finished` message on its websocket).

    Why not the page's `data-test-script-state` attribute: when the browser is starved of CPU, React can
    apply "running" and "notRunning" in one render, so the attribute never changes and a run goes unseen.
    """

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._msg = ForwardMsg
        self._done_codes = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
        self.done = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if not isinstance(payload, (bytes, bytearray)):
            return
        msg = self._msg()
        try:
            msg.ParseFromString(bytes(payload))
        except Exception:  # not a ForwardMsg: nothing to count
            return
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in self._done_codes:
            self.done += 1


def wait_for_run(page, runs: RunCounter, before: int, timeout_ms: float = 60_000) -> None:
    """Wait until the server has finished a script run for `page` after `before` runs (sync Playwright)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while runs.done <= before:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no finished script run within {timeout_ms / 1000:.0f} s")
        page.wait_for_timeout(100)  # lets Playwright deliver websocket events


def wait_idle(page, timeout_ms: float = 60_000) -> None:
    """Wait until Streamlit has finished the current run and the page is rendered (needs DOM_CHANGE_JS)."""
    page.wait_for_function(IDLE_JS, timeout=timeout_ms)
