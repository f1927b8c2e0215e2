"""Where a rebuild's time goes: CPU and wall seconds of each build step, in one process.

    python bench/rebuild_steps.py CORPUS --out DATA --cache-dir CACHE [--add FILE | --add-new N] [--no-reuse]

Builds CORPUS into DATA with the cache (run `bench/incremental.py` first, or any build with the same
--cache-dir, so that the analyses are cached); with --add, FILE is copied into CORPUS first and removed
again afterwards (an add-one rebuild); --add-new N does the same with article N of the generated corpus
(bench/corpus.py, seed 7; pick N beyond the corpus size). --no-reuse turns off the unchanged-corpus shortcut (run/reuse.py),
to time what a no-change rebuild costs without it; --no-delta turns off the delta build (run/delta.py), to time
what adding an article costs on the full path. CPU seconds are this process's (`time.process_time`), so they
mean something on a loaded machine; wall seconds do not. Prints one line per step and the load.
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from data_pipeline.run import build as B
from data_pipeline.run import delta as D
from data_pipeline.store import patch as store_patch
from data_pipeline.store import publish, serving

STEPS = {  # (module, function name) -> label; nested steps are counted inside their parent too
    (B, "load_config"): "config load",
    (B, "prime_gazetteer"): "gazetteer (cached city table)",
    (B, "model_info"): "model facts (meta.json; the model loads in run/warm.py)",
    (B, "read_by_listing"): "read inputs by listing (stat; new files)",
    (B, "read_all"): "read all inputs (listing + collect + keys)",
    (B, "collect"): "read inputs (stat, ingest cache)",
    (B, "analyse_all"): "analyses (cache decode + parses)",
    (B, "topic_rows"): "topic rows (cache decode + tagging)",
    (B, "publish_unchanged"): "unchanged-corpus check + links",
    (B.resolve, "resolve"): "resolution",
    (B, "meeting_rows"): "meeting rows",
    (B, "event_rows"): "events",
    (B, "emerging_rows"): "emerging terms",
    (B, "mention_columns"): "mention columns",
    (B, "to_table"): "table conversion",
    (B.validate, "check"): "validation",
    (publish, "write_tables"): "parquet + hashing",
    (serving, "write"): "serving files",
    (D, "load_state"): "delta: state load",
    (D, "_patch_resolution"): "delta: resolution patch",
    (D, "regroup_events"): "delta: events of the new pairs",
    (D, "update_terms"): "delta: term counts + emerging terms",
    (D, "article_terms"): "delta: article_terms",
    (D, "assemble"): "delta: full tables from previous + new",
    (D, "save_state"): "delta: state save (base)",
    (D, "save_journal"): "delta: state save (journal entry)",
    (store_patch, "write_patch"): "delta: write_patch (parquet + serving)",
}


def instrument(totals: dict[str, list[float]]) -> None:
    """Wrap each step so its CPU and wall seconds add up in `totals`."""
    for (mod, name), label in STEPS.items():
        real = getattr(mod, name)

        def timed(*args, _real=real, _label=label, **kwargs):
            c, w = time.process_time(), time.perf_counter()
            try:
                return _real(*args, **kwargs)
            finally:
                totals[_label][0] += time.process_time() - c
                totals[_label][1] += time.perf_counter() - w
        setattr(mod, name, timed)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--cache-dir", type=Path, required=True)
    p.add_argument("--add", type=Path, help="a file to add to the corpus for this rebuild (removed afterwards)")
    p.add_argument("--add-new", type=int, metavar="N", help="add article N of the generated corpus (seed 7)")
    p.add_argument("--no-reuse", action="store_true", help="build in full even when the corpus is unchanged")
    p.add_argument("--no-delta", action="store_true", help="build in full even when articles were only added")
    a = p.parse_args()
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    if a.no_reuse:
        B.publish_unchanged = lambda *args, **kwargs: None
    if a.no_delta:
        D.try_delta = lambda *args, **kwargs: None
    instrument(totals)
    if a.add_new is not None:
        from corpus import generate

        a.add = generate(Path(tempfile.mkdtemp()), 1, 7, start=a.add_new)[0]
    added = a.corpus / f"added-{a.add.name}" if a.add else None
    if added:
        shutil.copy(a.add, added)
    load = os.getloadavg()
    c, w = time.process_time(), time.perf_counter()
    try:
        result = B.build(B.BuildOptions(input=a.corpus, out=a.out, cache_dir=a.cache_dir, progress=False))
    finally:
        if added:
            added.unlink()
    cpu, wall = time.process_time() - c, time.perf_counter() - w
    print(f"build {result.build_id} ({result.mode}): {result.counts.get('articles')} articles, {result.parsed} parsed; "
          f"{cpu:.2f} s CPU, {wall:.2f} s wall; load {load[0]:.1f} -> {os.getloadavg()[0]:.1f}")
    for label, (cs, ws) in totals.items():
        print(f"  {label:<38} {cs:6.2f} s CPU {ws:6.2f} s wall")


if __name__ == "__main__":
    main()
