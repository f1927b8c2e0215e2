"""Imported by the model forkserver as it starts (run/modelserver.py): spaCy, the English model and the worker
code loaded once, so that every worker forked from the server has them; the server ends with the build process.

A model that fails to load is left to the workers, which load it themselves and report why.
"""
import ctypes
import gc
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h

if sys.platform.startswith("linux"):  # the server ends with the build process, even one killed by SIGKILL
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
        pass

gc.disable()  # as in __main__: nothing the imports and the load build is garbage
try:
    from data_pipeline import MODEL_NAME
    from data_pipeline.nlp import analyse  # noqa: F401 - imported once here, not in every worker
    from data_pipeline.nlp.spacy_model import load_model
    from data_pipeline.run import engine  # noqa: F401
    from data_pipeline.topics import emerging, tagging  # noqa: F401

    load_model(MODEL_NAME)
except Exception:  # noqa: BLE001 - the workers load the model again and report the error
    pass
gc.freeze()  # the model's objects out of the collector's generations, in the server and every worker
gc.enable()
