"""Imported by the model forkserver as it starts (run/modelserver.py): spaCy, the English model, the worker code,
the default taxonomy compiled and the per-article path warmed (run/workerwarm.py), once, so that every worker forked
from the server has them; the server ends with the build process.

A model that fails to load is left to the workers, which load it themselves and report why.
"""
import ctypes
import gc
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h

if sys.platform.startswith("linux"):  # the server ends with the build process, even one killed by SIGKILL
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
        pass
if os.getppid() != int(os.environ.get("DATA_PIPELINE_SERVER_PARENT", os.getppid())):
    os._exit(0)  # the build process died before the line above took effect

gc.disable()  # as in __main__: nothing the imports and the load build is garbage
try:
    from data_pipeline.run.spacy_import import import_spacy

    import_spacy()  # without its command line (spacy_import.py)
    from data_pipeline import MODEL_NAME
    from data_pipeline.nlp import analyse  # noqa: F401 - imported once here, not in every worker
    from data_pipeline.nlp.spacy_model import load_model
    from data_pipeline.run import engine
    from data_pipeline.run.config import load_config
    from data_pipeline.topics import emerging, tagging  # noqa: F401
    from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY

    load_model(MODEL_NAME)
    # the default taxonomy compiled as the tasks compile it (another taxonomy, or Russian articles: in each worker)
    default = engine.canonical_taxonomy(load_config(DEFAULT_TAXONOMY).taxonomy)
    engine._compiled_taxonomy(default, False)  # the key topics_chunk asks for
    from data_pipeline.run.workerwarm import warm_up

    warm_up(default)  # and the rest of a worker's first-task costs (workerwarm.py)
except Exception:  # noqa: BLE001 - the workers load the model again and report the error
    pass
gc.freeze()  # the model's objects out of the collector's generations, in the server and every worker
gc.enable()
