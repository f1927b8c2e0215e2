"""Pipeline throughput vs raw spaCy `nlp.pipe`, same model, same texts, same run.

    python bench/pipeline.py --articles 300 --workers 1 2 --repeats 2

For each worker count it times (a) raw `nlp.pipe` of the stock model (`spacy.load`) over the English
texts the build analyses (`n_process` = workers), (b) the whole build (ingest, spaCy, per-article
analysis, resolution, meetings, topics, parquet, serving files) with no cache, and (c) `nlp.pipe` of
the model as the build loads it (its attribute ruler swapped for the exact lookup version,
data_pipeline/nlp/attribute_rules.py), alternating them so machine load hits all alike, and reports
words/s and the ratio pipeline / raw stock (best of the repeats for each). Before each build the language
detector's memo (filled by reading the texts above) is emptied, so reading costs what it costs in a fresh
`build` command. At one worker the build reads the files in a second process while it parses (run/overlap.py).
"""
from __future__ import annotations

import argparse
import shutil

import spacy

from common import OUT, Timer, load, machine, save

from corpus import generate
from data_pipeline import MODEL_NAME
from data_pipeline.run.build import BuildOptions, build, read_inputs
from data_pipeline.run.engine import Engine
from data_pipeline.ingest import language
from data_pipeline.ingest.article import count_words
from data_pipeline.run.parsing import parsing_model

SEEDS = OUT.parent.parent / "seeds"


def corpus(n: int, seed: int):
    """The seeds plus `n` generated articles, in one folder under bench/out."""
    folder = OUT / f"pipeline-corpus-{n}-{seed}"
    if not folder.exists():
        tmp = folder.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        generate(tmp / "generated", n, seed)
        shutil.copytree(SEEDS, tmp / "seeds")
        tmp.rename(folder)
    return folder


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=300, help="generated articles on top of the seeds (default: 300)")
    p.add_argument("--seed", type=int, default=7, help="generator seed (default: 7)")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default: 1 2)")
    p.add_argument("--repeats", type=int, default=2, help="timed runs of each side (default: 2)")
    p.add_argument("--batch-size", type=int, default=16, help="spaCy batch size for both sides (default: 16)")
    a = p.parse_args()

    folder = corpus(a.articles, a.seed)
    opts = BuildOptions(input=folder, out=OUT / "pipeline-data", progress=False, cache_dir=None,
                        batch_size=a.batch_size)
    articles, _ = read_inputs(opts)
    texts = [x.nlp_text() for x in articles if x.language == "en"]
    words = sum(count_words(t) for t in texts)
    nlp = spacy.load(MODEL_NAME)  # the stock model: the reference
    ours = parsing_model()  # as the build runs it (run/parsing.py)
    for model in (nlp, ours):
        list(model.pipe(texts[:8]))  # warm up
    result = {"machine": machine(), "load_before": load(), "articles": len(texts), "words": words,
              "batch_size": a.batch_size, "runs": []}
    print(f"{len(texts)} articles, {words} words; load {result['load_before']}")
    for w in a.workers:
        raw, full, exact = [], [], []
        for _ in range(a.repeats):
            with Timer() as t:
                for _doc in nlp.pipe(texts, batch_size=a.batch_size, n_process=w):
                    pass
            raw.append(t.seconds)
            with Timer() as t:
                for _doc in ours.pipe(texts, batch_size=a.batch_size, n_process=w):
                    pass
            exact.append(t.seconds)
            language.detect.cache_clear()
            with Timer() as t:
                res = build(BuildOptions(**{**opts.__dict__, "engine": Engine(workers=w, batch_size=a.batch_size)}))
            full.append(t.seconds)
            assert res.parsed == len(texts)
        run = {"workers": w, "raw_s": raw, "pipeline_s": full, "exact_ruler_s": exact, "raw_wps": round(words / min(raw)),
               "pipeline_wps": round(words / min(full)), "exact_ruler_wps": round(words / min(exact)),
               "ratio": round(min(raw) / min(full), 3), "load": load()}
        result["runs"].append(run)
        print(f"workers {w}: raw {run['raw_wps']} words/s (with the exact ruler {run['exact_ruler_wps']}), "
              f"pipeline {run['pipeline_wps']} words/s, ratio {run['ratio']}; load {run['load']}")
    by_w = {r["workers"]: r for r in result["runs"]}
    if 1 in by_w and 2 in by_w:
        result["speedup_2_vs_1"] = round(by_w[2]["pipeline_wps"] / by_w[1]["pipeline_wps"], 3)
        result["raw_speedup_2_vs_1"] = round(by_w[2]["raw_wps"] / by_w[1]["raw_wps"], 3)
        print(f"2 workers / 1: pipeline {result['speedup_2_vs_1']}x, raw {result['raw_speedup_2_vs_1']}x")
    result["load_after"] = load()
    print("saved", save(f"pipeline-{a.articles}", result))


if __name__ == "__main__":
    main()
