"""Workers that start with the English model loaded, for a build at several local workers run from a process that
has not loaded it (the command line): a forkserver loads spaCy and the model once, on another core while the build
reads its input, and every worker is forked from it, instead of each worker importing spaCy and loading the model
after the fork.

The build process itself stays without spaCy (a rebuild must stay cheap). A process that has loaded the model
already (the benchmarks, tests) forks its workers itself, as before: they inherit its model.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
from pathlib import Path

PRELOAD = "data_pipeline.run.served"  # imported by the forkserver as it starts: loads the model
_started = False  # whether this process started the forkserver with PRELOAD


def model_loaded_here() -> bool:
    """Whether this process has loaded the English model (workers forked from it inherit the model)."""
    mod = sys.modules.get("data_pipeline.nlp.spacy_model")
    return mod is not None and mod._load.cache_info().currsize > 0


def all_parsed(cache_dir: Path | None) -> bool:
    """Whether a full build will parse every article (no cache, or none yet), so its workers surely need the model;
    with a cache, a full build may find every analysis there and need no worker, and the server would load it for
    nothing."""
    return cache_dir is None or not cache_dir.exists()


def start() -> bool:
    """Start the forkserver now, loading the model in its own process, unless this process has the model already or
    the platform has no forkserver; whether workers are to be forked from it (`context`)."""
    global _started
    if not _started and not model_loaded_here() and "forkserver" in mp.get_all_start_methods():
        from multiprocessing import forkserver

        mp.get_context("forkserver").set_forkserver_preload([PRELOAD])
        os.environ["DATA_PIPELINE_SERVER_PARENT"] = str(os.getpid())  # served.py: end at once if this one is gone
        forkserver.ensure_running()
        _started = True
    return context() is not None


def context():
    """The forkserver context to start workers with, once `start`ed and while this process has not loaded the model
    itself; else None (fork them from here)."""
    return mp.get_context("forkserver") if _started and not model_loaded_here() else None
