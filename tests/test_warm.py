"""The model process of a rebuild (run/warm.py) and the model facts the build process uses instead of the model
(run/model.py)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from data_pipeline import MODEL_NAME
from data_pipeline.errors import PipelineError
from data_pipeline.run.build import BuildOptions, warm_rebuild
from data_pipeline.run.engine import Engine
from data_pipeline.run.model import SPACY_MAX_LENGTH, model_info
from data_pipeline.run.warm import WarmModel

ROOT = Path(__file__).resolve().parent.parent


def _boom(message: str):
    raise ValueError(message)


def _die():
    os._exit(7)


def test_warm_call_runs_in_another_process_and_returns_its_result():
    with WarmModel() as warm:
        assert warm.call(os.getpid) != os.getpid()
        assert warm.call(sorted, [3, 1, 2]) == [1, 2, 3]


def _model_loaded() -> bool:
    from data_pipeline.nlp import spacy_model

    return spacy_model._load.cache_info().currsize == 1


def test_warm_process_loads_the_model_and_parses_before_it_is_asked():
    """A fresh process (not the test's, which may hold the model) loads the model and parses its warm-up sentence
    of its own accord, so the first real parse pays neither; the build process loads nothing."""
    code = ("from data_pipeline.nlp import analyse as A\n"
            "from data_pipeline.run.warm import WarmModel\n"
            "from tests.test_warm import _model_loaded, _parsed\n"
            "real, A.calls = A.analyse, []\n"
            "A.analyse = lambda doc, published: (A.calls.append(doc.text), real(doc, published))[1]\n"
            "with WarmModel() as w:\n"
            "    print(_model_loaded(), w.call(_model_loaded), w.call(_parsed))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["False", "True", "1"]


def _parsed() -> int:
    from data_pipeline.nlp import analyse as A

    return len(A.calls)


def test_warm_call_raises_the_exception_of_the_call_and_keeps_serving():
    with WarmModel() as warm:
        with pytest.raises(ValueError, match="no such topic"):
            warm.call(_boom, "no such topic")
        assert warm.call(len, "abc") == 3


def test_warm_process_death_is_a_pipeline_error_not_a_hang():
    with WarmModel() as warm:
        with pytest.raises(PipelineError, match="exit code 7"):
            warm.call(_die)


def test_warm_close_ends_the_process_while_it_still_loads():
    warm = WarmModel()
    pid = warm._proc.pid
    warm.close()
    assert not warm._proc.is_alive()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_warm_rebuild_only_for_a_published_cached_build_with_one_local_worker(tmp_path):
    out = tmp_path / "data"
    opts = BuildOptions(input=tmp_path, out=out, cache_dir=tmp_path / "cache")
    assert not warm_rebuild(opts)  # nothing published yet: a first build
    (tmp_path / "build-1").mkdir()
    (tmp_path / "build-1" / "manifest.json").write_text('{"schema_version": 1}', encoding="utf-8")
    out.symlink_to("build-1")  # a published build: `out` links to its folder
    assert warm_rebuild(opts)
    assert not warm_rebuild(BuildOptions(input=tmp_path, out=out, cache_dir=None))
    assert not warm_rebuild(BuildOptions(input=tmp_path, out=out, cache_dir=tmp_path / "c", engine=Engine(workers=2)))


def test_model_info_says_what_the_loaded_model_says(nlp):
    from data_pipeline.nlp.spacy_model import model_id

    from data_pipeline.run.model import model_id as light_id

    info = model_info(MODEL_NAME)
    assert model_id(info) == model_id(nlp) == light_id(info) == light_id(nlp)
    assert info.meta["version"] == nlp.meta["version"]
    assert info.max_length == nlp.max_length == SPACY_MAX_LENGTH


def test_model_info_of_a_missing_model_says_how_to_install():
    with pytest.raises(PipelineError, match="pip install"):
        model_info("no_such_model_package_xyz")


REBUILD = """
import sys
from pathlib import Path
from data_pipeline.run.build import BuildOptions, build
from data_pipeline.nlp import spacy_model
src, out, cache = (Path(a) for a in sys.argv[1:4])
res = build(BuildOptions(input=src, out=out, cache_dir=cache, progress=False))
print(res.mode, res.parsed, res.build_id, spacy_model._load.cache_info().currsize)
"""


@pytest.mark.slow
def test_warm_rebuild_parses_in_the_model_process_with_the_same_tables(tmp_path):
    """Adding an article: the build process never loads the model, and the tables are those of a build in one process."""
    src = tmp_path / "in"
    src.mkdir()
    texts = ["Finance Minister Ada Lorne met her Danish counterpart Per Holm in Oslo on Tuesday to discuss fish quotas.",
             "Per Holm later spoke by phone with Prime Minister Vera Stahl about the harbour project."]
    (src / "a.txt").write_text(" date 2023-05-02 \n" + texts[0] + "\n", encoding="utf-8")

    def run(out, cache, *env):
        proc = subprocess.run([sys.executable, "-c", REBUILD, str(src), str(out), str(cache)], cwd=ROOT,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout.split()

    first = run(tmp_path / "data", tmp_path / "cache")
    assert first[0] == "full" and first[1] == "1" and first[3] == "1"  # a first build loads the model here
    (src / "b.txt").write_text(" date 2023-05-03 \n" + texts[1] + "\n", encoding="utf-8")
    added = run(tmp_path / "data", tmp_path / "cache")
    assert added[0] == "delta" and added[1] == "1" and added[3] == "0"  # parsed, but not by the build process
    fresh = run(tmp_path / "fresh", tmp_path / "fresh-cache")
    assert fresh[0] == "full" and fresh[2] == added[2]  # the same tables as a one-process build of both


def _cities_and_compiled(taxonomy_json: str) -> tuple[dict, int]:
    from data_pipeline.lexicon import gazetteer
    from data_pipeline.run.engine import _compiled_taxonomy

    _compiled_taxonomy(taxonomy_json, False)
    return gazetteer.cities(), _compiled_taxonomy.cache_info().hits


def _compiled_count() -> int:
    from data_pipeline.run.engine import _compiled_taxonomy

    return _compiled_taxonomy.cache_info().currsize


TAXONOMY = """
harbours:
  description: ports and harbour works (a taxonomy of this test's own, so no test before it compiled it)
  group: economy
  phrases: [harbour, ferry line]
"""


def test_warm_process_started_early_reads_the_taxonomy_file_and_primes_the_cities_from_the_cache(tmp_path):
    """Started by the command line before the build has read its config: the process reads the taxonomy file itself
    and compiles it while no call waits (its compiled form is then a cache hit for the build's first tagging call),
    and takes the city table from the cache (here a stand-in table, so that reading it and deriving it differ)."""
    import time

    from data_pipeline.lexicon import gazetteer
    from data_pipeline.run.cache import AnalysisCache
    from data_pipeline.run.config import load_config
    from data_pipeline.run.engine import canonical_taxonomy

    with AnalysisCache(tmp_path, gazetteer.cities_source(), table="derived") as memo:
        memo.put(memo.key("cities"), {"nowhereville": "XX"})
    tax = tmp_path / "topics.yaml"
    tax.write_text(TAXONOMY, encoding="utf-8")
    with WarmModel(cache_dir=tmp_path, taxonomy_file=tax) as w:
        inherited = w.call(_compiled_count)  # what the test process had compiled before the fork
        deadline = time.monotonic() + 120
        while w.call(_compiled_count) == inherited and time.monotonic() < deadline:
            time.sleep(0.05)  # idle: the process compiles the taxonomy now
        cities, hits = w.call(_cities_and_compiled, canonical_taxonomy(load_config(tax).taxonomy))
    assert cities == {"nowhereville": "XX"} and hits >= 1


def _canon_of(taxonomy_json: str) -> dict:
    from data_pipeline.run.engine import _compiled_taxonomy

    return _compiled_taxonomy(taxonomy_json, False).canon


PLANNED = """
quays:
  description: quays and wharves (this test's own taxonomy, compiled by no test before it)
  group: economy
  phrases: [quay wall]
"""


def test_warm_process_compiles_the_taxonomy_from_its_plan_in_the_cache(tmp_path):
    """The model process takes the model's part of the compile from the cache: here a stand-in plan whose canonical
    forms differ from the ones the lemmatizer gives, so that reading it and working it out differ."""
    import json

    from data_pipeline.nlp.spacy_model import load_model, model_id
    from data_pipeline.run.cache import AnalysisCache
    from data_pipeline.run.config import load_config
    from data_pipeline.run.engine import canonical_taxonomy
    from data_pipeline.topics import tagging

    tax = tmp_path / "topics.yaml"
    tax.write_text(PLANNED, encoding="utf-8")
    taxonomy_json = canonical_taxonomy(load_config(tax).taxonomy)
    nlp = load_model(MODEL_NAME)
    stand_in = {**tagging.taxonomy_plan(nlp, json.loads(taxonomy_json)), "canon": {"quay": "quay", "wall": "wall"}}
    with AnalysisCache(tmp_path, model_id(nlp), table="taxonomies") as memo:
        memo.put(memo.key(taxonomy_json), stand_in)
    with WarmModel(cache_dir=tmp_path, taxonomy_file=tax) as w:
        assert w.call(_canon_of, taxonomy_json) == {"quay": "quay", "wall": "wall"}
    assert _canon_of(taxonomy_json) != stand_in["canon"]  # this process, without the cache, works it out


def test_warm_submit_sends_at_once_and_replies_come_to_their_own_call():
    """`submit` returns before the call has run; results taken in any order are each their own call's, and an
    error stays with its call."""
    import time

    with WarmModel() as warm:
        start = time.monotonic()
        slow = warm.submit(time.sleep, 0.5)
        assert time.monotonic() - start < 0.4  # sent, not waited for
        first, boom, last = warm.submit(sorted, [2, 1]), warm.submit(_boom, "bad"), warm.submit(len, "abcd")
        assert last.result() == 4 and first.result() == [1, 2] and slow.result() is None
        with pytest.raises(ValueError, match="bad"):
            boom.result()
        assert warm.call(os.getpid) != os.getpid()


def test_warm_process_compiles_the_taxonomy_only_while_no_call_waits(tmp_path):
    """A call that arrives while the model loads is answered before the idle work (the taxonomy) is done."""
    from data_pipeline.run.engine import _compiled_taxonomy

    tax = tmp_path / "topics.yaml"
    tax.write_text(TAXONOMY, encoding="utf-8")
    before = _compiled_taxonomy.cache_info().currsize  # compiled by earlier tests in this process, inherited
    with WarmModel(taxonomy_file=tax) as w:
        assert w.call(_compiled_count) == before  # asked at once: answered as soon as the model is ready
