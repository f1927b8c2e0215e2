"""Workers forked from a process with the model get the per-article path warmed there first (run/workerwarm.py)."""
import json
import multiprocessing as mp
import pickle

import pytest

from data_pipeline.run import engine, modelserver, workerwarm
from data_pipeline.run.config import load_config
from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY

TEXTS = [  # written for this test
    ("w1", "Trade Minister Oskar Lindahl met his Chilean counterpart Rosa Figueroa in Santiago on Friday.\n"
           "They discussed copper exports and a ceasefire along the disputed border, aides said."),
    ("w2", "ADELAIDE, June 9 - Premier Jo Carrick spoke by phone with Governor Mel Otway last week about "
           "drought relief and water prices. The two leaders will meet in Perth next month."),
    ("w3", "Farmers blocked the main highway for a third day, demanding lower fuel taxes and new grain subsidies."),
]


def _taxonomy_json() -> str:
    return engine.canonical_taxonomy(load_config(DEFAULT_TAXONOMY).taxonomy)


def _analyse_and_tag(warm: bool, out) -> None:
    """In a forked child: (optionally) warm up, then the analyses and topic rows of TEXTS, pickled to `out`."""
    from datetime import date

    from data_pipeline.nlp.analyse import analyse
    from data_pipeline.run.parsing import parsing_model

    tax = _taxonomy_json()
    if warm:
        workerwarm.warm_up(tax)
    nlp = parsing_model()
    got = []
    for aid, text in TEXTS:
        an = analyse(nlp(text), date(2023, 6, 10))
        got.append((an, engine.topics_chunk([(aid, an, text)], tax)))
    out.send_bytes(pickle.dumps(got))


def _in_child(warm: bool):
    ctx = mp.get_context("fork")
    here, there = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_analyse_and_tag, args=(warm, there))
    proc.start()
    got = pickle.loads(here.recv_bytes())
    proc.join(60)
    return got


@pytest.mark.slow
def test_workerwarm_a_warmed_worker_gives_the_same_analyses_and_rows(nlp):
    cold, warmed = _in_child(False), _in_child(True)
    assert json.dumps(cold, sort_keys=True, default=str) == json.dumps(warmed, sort_keys=True, default=str)
    assert any(an["interactions"] for an, _ in cold) and any(rows[0]["scores"] for _, rows in cold)


def test_workerwarm_text_exercises_meetings_and_topics(nlp):
    from data_pipeline.nlp.analyse import analyse

    tax = _taxonomy_json()
    an = analyse(nlp(workerwarm.TEXT), workerwarm.PUBLISHED)
    rows = engine.topics_chunk([("warm", an, workerwarm.TEXT)], tax)[0]
    assert an["interactions"] and an["key_phrases"] and rows["scores"] and rows["terms"]
    assert engine._compiled_taxonomy.cache_info().currsize >= 1


def test_workerwarm_only_for_several_local_workers_forked_from_a_process_with_the_model(nlp, monkeypatch):
    tax = load_config(DEFAULT_TAXONOMY).taxonomy
    assert modelserver.model_loaded_here()
    assert callable(workerwarm.for_forked_workers("local", 2, tax))
    assert workerwarm.for_forked_workers("local", 1, tax) is None  # one worker: the reading process analyses
    assert workerwarm.for_forked_workers("dask", 2, tax) is None  # other machines
    monkeypatch.setattr(modelserver, "context", lambda: object())  # workers forked from the model server
    assert workerwarm.for_forked_workers("local", 2, tax) is None
    monkeypatch.setattr(modelserver, "context", lambda: None)
    monkeypatch.setattr(modelserver, "model_loaded_here", lambda: False)  # the command line: no spaCy here
    assert workerwarm.for_forked_workers("local", 2, tax) is None


def test_workerwarm_a_failing_warm_up_does_not_fail_the_build(nlp, monkeypatch):
    def broken(taxonomy_json):
        raise RuntimeError("no model today")

    monkeypatch.setattr(workerwarm, "warm_up", broken)
    warm = workerwarm.for_forked_workers("local", 2, load_config(DEFAULT_TAXONOMY).taxonomy)
    assert warm() is None  # logged, not raised: the workers warm themselves


def test_workerwarm_runs_once_per_process_taxonomy_and_model(nlp, monkeypatch):
    calls = []
    monkeypatch.setattr(workerwarm, "warm_up", calls.append)
    monkeypatch.setattr(workerwarm, "_warmed", set())
    tax = load_config(DEFAULT_TAXONOMY).taxonomy
    warm = workerwarm.for_forked_workers("local", 2, tax)
    warm()
    warm()  # a second build from this process: its workers are forked warm already
    other = {**tax, "own test topic": {"phrases": ["grain corridor"]}}
    workerwarm.for_forked_workers("local", 2, other)()
    assert calls == [engine.canonical_taxonomy(tax), engine.canonical_taxonomy(other)]


def test_workerwarm_a_failed_warm_up_is_tried_again(nlp, monkeypatch):
    calls = []

    def failing(tax):
        calls.append(tax)
        raise RuntimeError("own test failure")

    monkeypatch.setattr(workerwarm, "warm_up", failing)
    monkeypatch.setattr(workerwarm, "_warmed", set())
    warm = workerwarm.for_forked_workers("local", 2, load_config(DEFAULT_TAXONOMY).taxonomy)
    warm()
    warm()
    assert len(calls) == 2
