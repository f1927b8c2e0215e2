"""Shipping this package to the workers of an external Dask cluster, and checking they run what we run.

The build process builds a wheel from the project's `pyproject.toml` and registers a worker plugin
(`WheelInstall`) that installs it with pip into a private folder of each worker (also on workers
that join later) and puts that folder first on the worker's import path. The workers need only
`requirements.txt`; nothing is installed by hand. Config files are read by the build process only:
whatever the workers need travels as task arguments.

Then every worker reports its `identity()`: spaCy model, per-article code, Python and spaCy
versions. Any difference stops the build before a single article is sent, with a message naming
the worker and exactly what differs (`mismatch`).
"""
from __future__ import annotations

import pickle
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cloudpickle

from data_pipeline import PIPELINE_VERSION
from data_pipeline.errors import PipelineError
from data_pipeline.run import wheel_plugin
from data_pipeline.run.wheel_plugin import PACKAGE, WheelInstall

PLUGIN_NAME = "news-workbench-wheel"
# what the workers run: the per-article packages, topic tagging, the Article record and the task functions
WORKER_CODE = ("ingest", "nlp", "lexicon", "topics", "run")
FIELDS = {"model": "models", "code": "pipeline code", "python": "Python", "spacy": "spaCy"}


def project_root() -> Path:
    """The source checkout this package runs from (the folder holding pyproject.toml)."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file():
        raise PipelineError(f"{root}: no pyproject.toml next to the package; --scheduler ships the package "
                            "as a wheel built from the source checkout, so run the build from one")
    return root


def build_wheel(dest: Path, root: Path | None = None) -> Path:
    """Build the project's wheel (this package only) into `dest` with pip, offline; return its path.

    The sources are copied to a temporary folder first, so the checkout gets no build/ or egg-info.
    """
    root = root or project_root()
    with tempfile.TemporaryDirectory(prefix="wheel-src-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "requirements.txt"):
            if (root / name).exists():
                shutil.copy2(root / name, src / name)
        shutil.copytree(root / PACKAGE, src / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
               "--wheel-dir", str(dest), str(src)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PipelineError(f"{root}: building the wheel for the Dask workers failed: {tail[0]}")
    wheels = sorted(Path(dest).glob("*.whl"))
    if not wheels:
        raise PipelineError(f"{root}: pip built no wheel for the Dask workers")
    return wheels[-1]


def identity() -> dict[str, str]:
    """What must be equal on the build process and every worker: model, code, Python and spaCy versions."""
    import spacy

    from data_pipeline import MODEL_NAME
    from data_pipeline.nlp.ru.model import model_id as ru_model_id
    from data_pipeline.nlp.spacy_model import load_model, model_id
    from data_pipeline.run.cache import SHARED, fingerprint, package_files

    return {"model": f"{model_id(load_model(MODEL_NAME))} {ru_model_id()}",  # English, then Russian
            "code": fingerprint(PIPELINE_VERSION, package_files(SHARED + WORKER_CODE)),
            "python": platform.python_version(),
            "spacy": spacy.__version__}


def mismatch(worker: dict[str, str], here: dict[str, str]) -> list[str]:
    """What differs between a worker's identity and this process's, one phrase each ([] when nothing)."""
    return [f"{FIELDS.get(k, k)} {worker.get(k)!s} (this build: {here[k]})"
            for k in here if worker.get(k) != here[k]]


def refusal(address: str, diffs: list[str]) -> str:
    """The message that stops a build on a worker that differs, with what to do about each difference."""
    hints = []
    if any(d.startswith(("models", "spaCy ", "Python")) for d in diffs):
        hints.append("install requirements.txt with the same versions on every worker")
    if any(d.startswith("pipeline code") for d in diffs):
        hints.append("the worker imports another copy of data_pipeline ahead of the shipped wheel "
                     "(check its PYTHONPATH and --preload)")
    return f"Dask worker {address} differs from this build: {'; '.join(diffs)}. " + "; ".join(hints)


def ship(client) -> None:
    """Install this package on the cluster's workers, then refuse the build if any worker differs."""
    cloudpickle.register_pickle_by_value(wheel_plugin)  # neither workers nor scheduler can import this package
    with tempfile.TemporaryDirectory(prefix="wheel-") as tmp:
        wheel = build_wheel(Path(tmp))
        plugin = WheelInstall(wheel.name, wheel.read_bytes())
    try:
        client.register_plugin(plugin, name=PLUGIN_NAME)
    except subprocess.CalledProcessError as exc:
        err = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [str(exc)]
        raise PipelineError(f"installing the package on a Dask worker failed: {err[0]}") from None
    here = identity()
    for address, theirs in sorted(client.run(wheel_plugin.remote_call(), __name__, "identity", pickle.dumps(())).items()):
        diffs = mismatch(theirs, here)
        if diffs:
            raise PipelineError(refusal(address, diffs))


def unship(client) -> None:
    """Remove the worker plugin again (workers take the package off their import path)."""
    try:
        client.unregister_worker_plugin(PLUGIN_NAME)
    except (ValueError, OSError, KeyError):  # already gone, or the cluster is going away
        pass
