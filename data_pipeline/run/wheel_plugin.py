"""The worker plugin that installs this package's wheel on a Dask worker (see ship.py).

It imports only the standard library and `distributed`, and is pickled by value: a worker
cannot import anything of this package before the plugin has installed it.
"""
from __future__ import annotations

import asyncio
import hashlib
import importlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

PACKAGE = "data_pipeline"
INSTALLED = ".installed"  # written last: the folder holds a complete install


class WheelInstall(WorkerPlugin):
    """Worker plugin: pip-install a wheel into the worker's own folder and import this package from there.

    Modules of the package a worker imported before (another build, or a copy on its path) are
    dropped, so the next task imports the shipped code. Teardown (when the build ends) takes the
    folder off the import path again.
    """

    idempotent = False

    def __init__(self, filename: str, data: bytes):
        self.filename = filename
        self.data = data
        self.target: str | None = None

    async def setup(self, worker) -> None:
        """Install the wheel (pip runs in a thread, so the worker keeps answering the scheduler)."""
        self.target = await asyncio.to_thread(self._install, worker.local_directory)
        sys.path.insert(0, self.target)
        self._forget_package()

    def teardown(self, worker) -> None:
        """Take the installed package off the import path."""
        if self.target in sys.path:
            sys.path.remove(self.target)
        self._forget_package()

    def _install(self, local_directory: str) -> str:
        """The folder the wheel is installed in: one per wheel content, reused when a build ships it again."""
        folder = Path(local_directory) / "news-workbench"
        target = folder / f"site-{hashlib.sha256(self.data).hexdigest()[:16]}"
        if (target / INSTALLED).exists():
            return str(target)
        folder.mkdir(parents=True, exist_ok=True)
        wheel = folder / self.filename
        wheel.write_bytes(self.data)
        tmp = Path(tempfile.mkdtemp(prefix="installing-", dir=folder))
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                        "--disable-pip-version-check", "--target", str(tmp), str(wheel)],
                       check=True, capture_output=True)
        (tmp / INSTALLED).touch()
        try:
            tmp.rename(target)
        except OSError:  # installed meanwhile by another worker sharing the folder
            shutil.rmtree(tmp, ignore_errors=True)
        return str(target)

    @staticmethod
    def _forget_package() -> None:
        """Drop the package's modules, and the spaCy factories they registered, so the next import is fresh."""
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        registry = getattr(sys.modules.get("catalogue"), "REGISTRY", {})
        for key, func in list(registry.items()):
            if str(getattr(func, "__module__", "")).split(".")[0] == PACKAGE:
                del registry[key]
        importlib.invalidate_caches()



def remote_call():
    """A task function that runs `module.name(*args)` on a worker, the arguments pickled into one bytes payload.

    The scheduler deserialises task graphs but has none of this package, so it must see neither a
    reference to this package's functions nor its objects: the function is made here at run time
    (so it is pickled by value) and the arguments travel as bytes.
    """
    def call(module: str, name: str, payload: bytes):
        import importlib
        import pickle

        return getattr(importlib.import_module(module), name)(*pickle.loads(payload))

    return call
