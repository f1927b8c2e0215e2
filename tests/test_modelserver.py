"""The model server (run/modelserver.py): workers of a command-line build at several workers start with the model
loaded, forked from one process that loaded it; the build process stays without spaCy; the tables are the same."""
import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

PROBE = """
import json, os, sys
from concurrent.futures import ProcessPoolExecutor
from data_pipeline.run import engine, modelserver
assert modelserver.context() is None  # nothing started yet: workers would be forked from here
started = modelserver.start()
with ProcessPoolExecutor(1, mp_context=modelserver.context(), initializer=engine._served_worker) as pool:
    loaded = pool.submit(modelserver.model_loaded_here).result()
    from data_pipeline.run.config import load_config
    from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY
    tax = engine.canonical_taxonomy(load_config(DEFAULT_TAXONOMY).taxonomy)
    held = "__import__('data_pipeline.run.engine', fromlist=['_'])._compiled_taxonomy.cache_info().currsize"
    compiled = pool.submit(eval, held).result() == 1  # before any task here: inherited from the server
    hits = pool.submit(eval, held.replace("currsize", "hits")).result()
    pool.submit(engine.topics_chunk, [], tax).result()
    compiled = compiled and pool.submit(eval, held.replace("currsize", "hits")).result() == hits + 1
    memo = "len(__import__('data_pipeline.run.parsing', fromlist=['_']).parsing_model().get_pipe('lemmatizer').memo)"
    warmed = pool.submit(eval, memo).result() > 0  # the server parsed its warm-up text (run/workerwarm.py)
    parent = pool.submit(os.getppid).result()
print(json.dumps({"started": started, "loaded_in_worker": loaded, "taxonomy_compiled_once": compiled,
                  "warmed": warmed, "worker_parent_is_me": parent == os.getpid(),
                  "spacy_here": "spacy" in sys.modules}))
"""


def test_modelserver_workers_start_with_the_model_this_process_never_loads():
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"started": True, "loaded_in_worker": True, "taxonomy_compiled_once": True, "warmed": True,
                   "worker_parent_is_me": False, "spacy_here": False}


def test_modelserver_not_used_where_the_model_is_loaded_already(nlp):
    from data_pipeline.run import modelserver

    assert modelserver.model_loaded_here()
    assert modelserver.start() is False and modelserver.context() is None  # fork from here: workers inherit it


def test_modelserver_cli_build_at_two_workers_matches_one_worker(tmp_path, seeds_data):
    proc = subprocess.run([sys.executable, "-m", "data_pipeline", "build", str(SEEDS), "--out", str(tmp_path / "d"),
                           "--no-cache", "--no-progress", "--workers", "2", "--batch-size", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for table in sorted(seeds_data.glob("*.parquet")):
        pd.testing.assert_frame_equal(pd.read_parquet(table), pd.read_parquet(tmp_path / "d" / table.name),
                                      obj=table.name)


def test_modelserver_only_when_every_article_will_be_parsed(tmp_path):
    from data_pipeline.run.modelserver import all_parsed

    assert all_parsed(None) and all_parsed(tmp_path / "no-cache-yet")
    assert not all_parsed(tmp_path)  # a cache may hold every analysis: no worker may be needed


@pytest.mark.parametrize("extra, started", [(["--workers", "2", "--no-cache"], True),
                                            (["--workers", "2", "--cache-dir", "CACHE"], False),
                                            (["--no-cache"], False)])
def test_modelserver_started_from_the_raw_arguments_of_a_full_parse_at_several_workers(tmp_path, extra, started):
    argv = ["build", "in", "--out", str(tmp_path / "out")] + [str(tmp_path) if a == "CACHE" else a for a in extra]
    code = ("import json, sys\nfrom data_pipeline.run import modelserver\n"
            "from data_pipeline.run.early import start_early\n"
            f"start_early({argv!r})\nprint(json.dumps(modelserver.context() is not None))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) is started
