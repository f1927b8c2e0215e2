"""Throughput in CPU seconds, for a shared machine: raw stock `nlp.pipe` vs the build, same texts, alternated.

    python bench/pipeline_cpu.py [CORPUS] --repeats 3 [--workers 1 2]

Wall-clock ratios mean little while other processes load the cores; CPU time (`time.process_time`
for this process, `RUSAGE_CHILDREN` for worker processes once they are joined) is far steadier. Per
repeat and worker count it measures (a) raw `nlp.pipe` of the stock model (`spacy.load`) over the
English texts the build analyses, (b) the build's per-article analysis of those texts
(`run.engine.analyse_chunk`: the build's model, then `nlp.analyse`), 1 worker only, and (c) the whole
build with no cache, split into the build process's own CPU (`build_main_cpu`: at one worker the parse
runs there, so on two cores this is the build's critical path) and its child processes' (`build_children_cpu`:
at one worker the process that reads the input files, run/overlap.py; with more, the workers). Reports each
side's CPU seconds, the ratios raw / analysis, raw / build and raw / build process, and their medians. Before
each build the language detector's memo (filled by the read above) is emptied, so reading costs what it costs
in a fresh `build` command. CORPUS defaults to the 305-article bench corpus of `bench/pipeline.py` (seeds + 300).
"""
from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

import spacy

from common import OUT, load, machine, save

from data_pipeline import MODEL_NAME
from data_pipeline.ingest import language
from data_pipeline.ingest.article import count_words
from data_pipeline.run.parsing import parsing_model
from data_pipeline.run.build import BuildOptions, build, read_inputs
from data_pipeline.run.engine import Engine, analyse_chunk, chunks


def children_cpu() -> float:
    """CPU seconds of this process's joined children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def cpu() -> float:
    """CPU seconds of this process and of its joined children."""
    return time.process_time() + children_cpu()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path, nargs="?", help="folder of articles (default: bench/pipeline.py's 305)")
    p.add_argument("--repeats", type=int, default=3, help="alternated runs of each side (default: 3)")
    p.add_argument("--workers", type=int, nargs="+", default=[1], help="worker counts (default: 1)")
    p.add_argument("--batch-size", type=int, default=16, help="spaCy batch size for both sides (default: 16)")
    a = p.parse_args()
    if a.corpus is None:
        from pipeline import corpus

        a.corpus = corpus(300, 7)
    opts = BuildOptions(input=a.corpus, out=OUT / "pipeline-cpu-data", progress=False, cache_dir=None,
                        batch_size=a.batch_size)
    articles, _ = read_inputs(opts)
    english = [x for x in articles if x.language == "en"]
    texts = [x.nlp_text() for x in english]
    stock, ours = spacy.load(MODEL_NAME), parsing_model()  # ours: as the build runs it (run/parsing.py)
    for model in (stock, ours):
        list(model.pipe(texts[:8]))  # warm up
    result = {"machine": machine(), "load_before": load(), "corpus": str(a.corpus), "articles": len(texts),
              "words": sum(count_words(t) for t in texts), "runs": []}
    print(f"{len(texts)} articles, {result['words']} words; load {result['load_before']}")
    for w in a.workers:
        for rep in range(a.repeats):
            run = {"workers": w, "repeat": rep}
            c = cpu()
            for _doc in stock.pipe(texts, batch_size=a.batch_size, n_process=w):
                pass
            run["raw_cpu"] = cpu() - c
            if w == 1:
                c = cpu()
                for part in chunks(english, a.batch_size):
                    analyse_chunk(part, a.batch_size)
                run["analysis_cpu"] = cpu() - c
                run["raw_per_analysis"] = round(run["raw_cpu"] / run["analysis_cpu"], 3)
            language.detect.cache_clear()
            c, mine, kids = cpu(), time.process_time(), children_cpu()
            build(BuildOptions(**{**opts.__dict__, "engine": Engine(workers=w, batch_size=a.batch_size)}))
            run["build_cpu"] = cpu() - c
            run["build_main_cpu"], run["build_children_cpu"] = time.process_time() - mine, children_cpu() - kids
            run["raw_per_build"] = round(run["raw_cpu"] / run["build_cpu"], 3)
            run["raw_per_build_main"] = round(run["raw_cpu"] / run["build_main_cpu"], 3)
            run["load"] = load()
            result["runs"].append(run)
            print("  ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in run.items()))
        mine = [r for r in result["runs"] if r["workers"] == w]
        summary = {k: statistics.median(r[k] for r in mine)
                   for k in ("raw_per_analysis", "raw_per_build", "raw_per_build_main") if k in mine[0]}
        result[f"median_{w}"] = summary
        print(f"workers {w}: medians {summary}")
    result["load_after"] = load()
    print("saved", save("pipeline-cpu", result))


if __name__ == "__main__":
    main()
