"""Entry point for ``python -m data_pipeline``.

Imports (spaCy, pyarrow, the pipeline) run with the cyclic garbage collector off and their
objects are then frozen out of its generations: nothing they build is garbage, and full
collections would otherwise rescan those hundreds of thousands of objects for the rest of
the run (~0.3 s of an incremental build at import time alone). At the end the process exits without
freeing that heap object by object (`cli.exit_now`). A rebuild's model process is started before anything else
is imported (run/early.py).
"""
import gc
import sys

gc.disable()
from data_pipeline.run.early import start_early  # noqa: E402

early = start_early(sys.argv[1:])  # a rebuild's model process, before the command line's imports (run/early.py)
from data_pipeline.cli import exit_now, main  # noqa: E402

gc.freeze()
gc.enable()
exit_now(main(early_model=early, exiting=True))  # without tearing down the heap (cli.exit_now)
