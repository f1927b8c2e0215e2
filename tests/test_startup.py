"""Command-line start-up and exit: what `python -m data_pipeline build` imports before it knows it needs it, and
that the fast exit (cli.exit_now) loses neither output nor exit code."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "thinc", "lingua", "htmldate", "pandas", "natasha", "trafilatura")


@pytest.mark.slow
def test_build_command_does_not_import_dask():
    """A local build never touches Dask: importing the command line and the build leaves `distributed` out."""
    code = ("import sys, data_pipeline.cli, data_pipeline.run.build, data_pipeline.run.engine; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('distributed', 'dask')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_dask_engine_still_finds_its_worker_plugin():
    """The lazily imported plugin module is the one the Dask path calls (remote_call builds the task function)."""
    from data_pipeline.run import wheel_plugin

    call = wheel_plugin.remote_call()
    assert call("json", "dumps", __import__("pickle").dumps(([1, 2],))) == "[1, 2]"


def _loaded_after(code: str) -> list[str]:
    """The HEAVY packages a fresh interpreter has imported after running `code`."""
    probe = f"import sys, json\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_startup_cli_import_loads_no_heavy_library():
    assert _loaded_after("import data_pipeline.cli; data_pipeline.cli.parser()") == []


def test_startup_reading_an_english_text_file_loads_no_spacy(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("The trade ministers of both countries met on Monday and agreed to meet again in the spring "
                   "to talk about tariffs, ports and the price of grain.\n", encoding="utf-8")
    code = (f"from pathlib import Path\nfrom data_pipeline import ingest\n"
            f"arts, skips = ingest.read_file(Path({str(art)!r}), 'a.txt')\n"
            f"assert [a.language for a in arts] == ['en'] and not skips, (arts, skips)")
    loaded = _loaded_after(code)
    assert "spacy" not in loaded and "htmldate" not in loaded


EXITER = """
import atexit, logging, sys, threading, time
from pathlib import Path
from data_pipeline.cli import exit_now
marker = Path(sys.argv[1])
atexit.register(lambda: marker.write_text("atexit ran"))
logging.basicConfig(level=logging.WARNING, format="%(message)s")
logging.getLogger("x").warning("a log line")
if sys.argv[2] == "thread":  # a non-daemon thread still working: the exit must wait for it
    threading.Thread(target=lambda: (time.sleep(0.3), Path(sys.argv[1] + ".thread").write_text("done"))).start()
sys.stdout.write("no newline at the end")
exit_now(int(sys.argv[3]))
"""


@pytest.mark.parametrize("mode,code", [("plain", 0), ("plain", 3), ("thread", 1)])
def test_startup_exit_now_keeps_output_exit_code_and_atexit(tmp_path, mode, code):
    marker = tmp_path / "marker"
    proc = subprocess.run([sys.executable, "-c", EXITER, str(marker), mode, str(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == code
    assert proc.stdout == "no newline at the end"
    assert proc.stderr.strip() == "a log line"
    assert marker.read_text() == "atexit ran"
    if mode == "thread":
        assert (tmp_path / "marker.thread").read_text() == "done"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.slow
def test_startup_cli_build_exit_codes_and_summary_through_the_fast_exit(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "one.txt").write_text("The two foreign ministers met in a small harbour town on Friday to talk "
                                    "about fishing rights and a new ferry line.\n", encoding="utf-8")
    out, cache = tmp_path / "data", tmp_path / "cache"
    ok = _cli("build", str(corpus), "--out", str(out), "--cache-dir", str(cache), "--no-progress")
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert ok.stdout.startswith(f"built {out}: 1 articles") and ok.stdout.endswith(" s\n")
    assert json.loads((out / "manifest.json").read_text())["counts"]["articles"] == 1
    (corpus / "empty.txt").write_bytes(b"")
    partial = _cli("build", str(corpus), "--out", str(out), "--cache-dir", str(cache), "--no-progress")
    assert partial.returncode == 1 and "empty.txt" in partial.stderr and "1 skipped" in partial.stdout
    missing = _cli("build", str(tmp_path / "nowhere"), "--out", str(out), "--no-progress")
    assert missing.returncode == 3 and missing.stderr.startswith("error: ") and "does not exist" in missing.stderr
    usage = _cli("build", str(corpus), "--max-bytes", "0")
    assert usage.returncode == 2 and "must be positive" in usage.stderr


def test_startup_build_modules_load_no_spacy():
    """The build process of a rebuild parses in its model process (run/warm.py): importing the build, its delta path
    and the topic code it unpickles (topics/emerging) leaves spaCy to that process."""
    loaded = _loaded_after("import data_pipeline.run.build, data_pipeline.run.delta, data_pipeline.topics.emerging")
    assert "spacy" not in loaded and "thinc" not in loaded
