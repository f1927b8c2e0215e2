"""CPU seconds of reading an unchanged corpus's input: every file through the ingest cache (and its keys hashed)
against the listing by stat (run/listing.py); and the listing's size in the delta state.

    python bench/listing_cpu.py CORPUS --cache-dir CACHE

Reads only (no parse, no build). The first read fills the ingest cache and FileStats when they are cold.
CPU seconds of this process (`time.process_time`), medians of 3, so they mean something on a loaded machine.
"""
from __future__ import annotations

import argparse
import os
import pickle
import statistics
import time
from pathlib import Path

from data_pipeline import MODEL_NAME
from data_pipeline.ingest.files import walk
from data_pipeline.nlp.spacy_model import load_model
from data_pipeline.run import build as B
from data_pipeline.run import listing, reuse
from data_pipeline.run.config import digest, load_config


def cpu(fn, repeats: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return statistics.median(times), out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--cache-dir", type=Path, required=True)
    a = p.parse_args()
    opts = B.BuildOptions(input=a.corpus, out=Path("unused"), cache_dir=a.cache_dir, progress=False)
    config = load_config(opts.taxonomy, opts.facts)
    nlp = load_model(MODEL_NAME)
    B.read_inputs(opts, config.facts)  # warm the ingest cache and FileStats

    def full():
        articles, skips = B.read_inputs(opts, config.facts)
        articles, _ = B.parseable(nlp, articles)
        keys = B.analysis_keys(nlp, articles, opts.cache_dir)
        return articles, skips, keys, reuse.article_keys(articles, keys)

    old, (articles, skips, keys, art_keys) = cpu(full)
    files = walk(opts.input)[0]
    options = listing.options_key(opts.max_bytes, opts.field_map, digest(config.facts))
    kept = listing.record(opts.input, options, files, listing.identities(files), articles, art_keys, keys, skips)
    assert kept is not None

    def listed():
        return listing.read_listed(kept, opts.input, options, walk(opts.input),
                                   listing.reader(opts, config.facts), lambda new: ([], [], [], {}))

    discover, _ = cpu(lambda: walk(opts.input))
    new, got = cpu(listed)
    assert got is not None and got.art_keys == art_keys and not got.reread
    blob = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
    dump, _ = cpu(lambda: pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
    load, _ = cpu(lambda: pickle.loads(blob))
    print(f"{len(files)} files, {len(articles)} articles; load {os.getloadavg()[0]:.1f}")
    print(f"  read every file (ingest cache) + keys  {old:6.2f} s CPU")
    print(f"  listing by stat (discover + stat)       {new:6.2f} s CPU (ingest.walk alone {discover:.2f})")
    print(f"  listing in the state: {len(blob) / 1e6:.1f} MB, dump {dump:.3f} s, load {load:.3f} s CPU")


if __name__ == "__main__":
    main()
