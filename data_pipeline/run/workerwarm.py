"""The per-article path run once on a short text of its own in the process the workers are forked from, so that
what each worker would otherwise build on its first task (the compiled taxonomy, the rules' lazily built tables and
memos) is built once and inherited.

Measured in workers forked from a process with the model loaded (the benchmarks, tests), compiled modules, CPU time
under load 5–9 (bench/RESULTS.md §26 percore): a worker's first chunk of 16 bench articles cost 1.37 s on average cold
and 1.11 s warmed (12 chunks each; ~0.2 s of it compiling the taxonomy); the warm-up itself costs this process
~0.4 s, while the files are read. A warm-up changes no result: every memo it fills answers as the rules would (the
analysis cache already relies on an analysis not depending on what was analysed before).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from data_pipeline.run import modelserver

log = logging.getLogger(__name__)

# written for this module (no article of any set): a dateline, a meeting with a place and a day, a call, a visit,
# titles, topic words, so that each rule of `analyse()` and of topic tagging runs once
TEXT = ("LISBON, May 4 (Newswire) - Foreign Minister Ana Lestrade met her Norwegian counterpart Piotr Halvorsen "
        "in Lisbon on Tuesday to discuss a ceasefire, grain exports and arms supplies.\n"
        "The two ministers also spoke by phone last week, officials said. President Lestrade will visit Oslo next "
        "month for talks with Prime Minister Erik Sund on energy prices and sanctions.")
PUBLISHED = date(2024, 5, 4)


def warm_up(taxonomy_json: str) -> None:
    """Parse, analyse and tag TEXT with this process's model and `taxonomy_json` (as `engine.canonical_taxonomy`
    gives it; compiled for English articles, the key `topics_chunk` asks for first)."""
    from data_pipeline.nlp.analyse import analyse
    from data_pipeline.run import engine
    from data_pipeline.run.parsing import parsing_model

    doc = parsing_model()(TEXT)
    engine.topics_chunk([("warm-up", analyse(doc, PUBLISHED), TEXT)], taxonomy_json)


def for_forked_workers(kind: str, workers: int, taxonomy: dict) -> Callable[[], None] | None:
    """`warm_up` of `taxonomy`, for this process to call while it has nothing else to do (the input files being
    read), when the build's workers will be forked from it with the model it has already loaded: several local
    workers, no model server (run/modelserver.py, which warms its own). None otherwise."""
    if kind != "local" or workers <= 1 or modelserver.context() is not None or not modelserver.model_loaded_here():
        return None
    from data_pipeline.run.engine import canonical_taxonomy

    tax = canonical_taxonomy(taxonomy)
    return lambda: _quietly(tax)


_warmed: set[tuple[str, int]] = set()  # (taxonomy, id of the parsing model) this process has warmed up for


def _quietly(taxonomy_json: str) -> None:
    """`warm_up`, once per process and taxonomy (what it builds stays: a process that builds again, as the benchmarks
    do, forks its next workers warm without it, ~0.1 s of CPU less while the files are read), its failure only
    logged: a speed-up must not fail the build (the workers then warm themselves, and report any real error on
    their own articles)."""
    from data_pipeline.run.parsing import parsing_model

    try:
        key = (taxonomy_json, id(parsing_model()))
        if key in _warmed:
            return
        warm_up(taxonomy_json)
        _warmed.add(key)
    except Exception:  # noqa: BLE001
        log.debug("warm-up failed; the workers start cold", exc_info=True)
