"""Command-line start-up: what `python -m data_pipeline build` imports before it knows it needs it."""
import subprocess
import sys

import pytest


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
