"""CPU time of the per-article rules alone: `nlp.analyse()` and the topic rows, on Docs parsed once.

    python bench/analyse_cpu.py parse CORPUS DOCS.pkl          # parse once (the build's model), keep the Docs
    python bench/analyse_cpu.py time DOCS.pkl --repeats 5      # analyse() + topic rows, CPU medians
    python bench/analyse_cpu.py dump DOCS.pkl OUT.pkl          # every analysis and topic row, to compare
    python bench/analyse_cpu.py compare A.pkl B.pkl            # equal, or which documents differ
    python bench/analyse_cpu.py profile DOCS.pkl               # cProfile of analyse() + topic rows, by tottime

The code measured is the `data_pipeline` of the current directory (it is put first on the path), so the same
DOCS.pkl can be timed against main's code from an export (`git archive main data_pipeline config | tar -x -C DIR`,
run from DIR) and against a branch, alternated. The Docs travel as `run/docwire.py` packs them (as at one worker,
`run/offload.py`); Russian articles are analysed at `parse` time (natasha) and only tagged afterwards.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pickle
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())  # the current directory's data_pipeline wins, as with `python -m`


def parse(corpus: Path, out: Path) -> None:
    """Read CORPUS as the build does, parse its English articles with the build's model, keep the packed Docs."""
    from data_pipeline.run.config import load_config
    from data_pipeline.nlp import languages
    from data_pipeline.run import docwire
    from data_pipeline.run.build import BuildOptions, read_inputs
    from data_pipeline.run.engine import Engine, analyse_chunk, canonical_taxonomy
    from data_pipeline.run.parsing import parsing_model

    opts = BuildOptions(input=corpus, out=Path("/tmp/unused"), progress=False, cache_dir=None,
                        engine=Engine("local", 1))
    config = load_config(opts.taxonomy, facts=opts.facts)
    articles, _ = read_inputs(opts, config.facts)
    articles = [a for a in articles if languages.analysed(a.language)]
    english = [a for a in articles if a.language != "ru"]
    russian = [a for a in articles if a.language == "ru"]
    docs = list(parsing_model().pipe((a.nlp_text() for a in english), batch_size=16))
    ru = analyse_chunk(russian, 16) if russian else []
    items = [(a.article_id, a.published, a.text) for a in english]
    ru_items = [(a.article_id, a.published, a.text) for a in russian]
    with open(out, "wb") as f:
        pickle.dump({"items": items, "docs": docwire.pack(docs), "ru_items": ru_items, "ru": ru,
                     "taxonomy": canonical_taxonomy(config.taxonomy)}, f)
    print(f"{len(english)} English Docs, {len(russian)} Russian analyses -> {out}")


def load_docs(path: Path) -> tuple[dict, list]:
    """The kept data and the English Docs rebuilt against the model's vocabulary."""
    from data_pipeline import MODEL_NAME
    from data_pipeline.nlp.spacy_model import load_model
    from data_pipeline.run import docwire

    with open(path, "rb") as f:
        data = pickle.load(f)
    return data, list(docwire.unpack(data["docs"], load_model(MODEL_NAME).vocab))


def run_once(data: dict, docs: list) -> tuple[float, float, list, list]:
    """One pass: CPU seconds of analyse() over every Doc and of the topic rows of every article; the results."""
    from data_pipeline.nlp.analyse import analyse
    from data_pipeline.run.engine import topics_chunk

    t0 = time.process_time()
    analyses = [analyse(doc, published) for doc, (_, published, _) in zip(docs, data["items"])]
    t1 = time.process_time()
    rows = topics_chunk([(aid, an, text) for an, (aid, _, text) in zip(analyses, data["items"])], data["taxonomy"])
    ru_rows = topics_chunk([(aid, an, text) for an, (aid, _, text) in zip(data["ru"], data["ru_items"])],
                           data["taxonomy"], True) if data["ru"] else []
    t2 = time.process_time()
    return t1 - t0, t2 - t1, analyses + data["ru"], rows + ru_rows


def cmd_time(path: Path, repeats: int) -> None:
    """A first pass in this fresh process (the rules' memos empty, as in a build's worker; the taxonomy compiled
    before it), then `repeats` passes with the memos filled; medians."""
    data, docs = load_docs(path)
    gc.disable()  # as in a worker during the parse (bench/RESULTS.md §26: no collection there)
    from data_pipeline.run.engine import _compiled_taxonomy

    _compiled_taxonomy(data["taxonomy"])  # compiled once per worker either way: not the rules' own time
    first_a, first_t, _, _ = run_once(data, docs)  # a fresh process: the rules' memos start empty, as in a worker
    a, t = [], []
    for _ in range(repeats):
        da, dt, _, _ = run_once(data, docs)
        a.append(da)
        t.append(dt)
    import data_pipeline
    print(f"code {os.path.dirname(data_pipeline.__file__)} docs {len(docs)} load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"first pass (memos empty) analyse {first_a:.3f} topics {first_t:.3f} total {first_a + first_t:.3f}")
    print("analyse  " + " ".join(f"{x:.3f}" for x in a) + f"  median {statistics.median(a):.3f}")
    print("topics   " + " ".join(f"{x:.3f}" for x in t) + f"  median {statistics.median(t):.3f}")
    print(f"total median {statistics.median([x + y for x, y in zip(a, t)]):.3f}")


def cmd_dump(path: Path, out: Path) -> None:
    """Every analysis and topic row of a cold pass, then of a warm one (both must be equal to main's)."""
    data, docs = load_docs(path)
    ids = [aid for aid, _, _ in data["items"]] + [aid for aid, _, _ in data["ru_items"]]
    _, _, analyses, rows = run_once(data, docs)
    _, _, again, rows2 = run_once(data, docs)
    assert pickle.dumps(analyses) == pickle.dumps(again) and pickle.dumps(rows) == pickle.dumps(rows2), "warm != cold"
    with open(out, "wb") as f:
        pickle.dump({"ids": ids, "analyses": analyses, "rows": rows}, f)
    print(f"{len(ids)} documents -> {out}")


def cmd_compare(a: Path, b: Path) -> None:
    """Byte-for-byte comparison of two dumps, per document."""
    with open(a, "rb") as f:
        x = pickle.load(f)
    with open(b, "rb") as f:
        y = pickle.load(f)
    assert x["ids"] == y["ids"], "different documents"
    bad = [aid for aid, p, q, r, s in zip(x["ids"], x["analyses"], y["analyses"], x["rows"], y["rows"])
           if p != q or r != s or repr(p) != repr(q) or repr(r) != repr(s)]  # repr: the types too (int vs np.int64)
    print(f"{len(x['ids'])} documents, {len(bad)} differ" + (f": {bad[:10]}" if bad else ""))
    sys.exit(1 if bad else 0)


def cmd_profile(path: Path, top: int) -> None:
    """cProfile of one warm pass, sorted by own time."""
    data, docs = load_docs(path)
    gc.disable()
    run_once(data, docs)
    prof = cProfile.Profile()
    prof.enable()
    run_once(data, docs)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("parse")
    s.add_argument("corpus", type=Path)
    s.add_argument("out", type=Path)
    s = sub.add_parser("time")
    s.add_argument("docs", type=Path)
    s.add_argument("--repeats", type=int, default=5)
    s = sub.add_parser("dump")
    s.add_argument("docs", type=Path)
    s.add_argument("out", type=Path)
    s = sub.add_parser("compare")
    s.add_argument("a", type=Path)
    s.add_argument("b", type=Path)
    s = sub.add_parser("profile")
    s.add_argument("docs", type=Path)
    s.add_argument("--top", type=int, default=45)
    a = p.parse_args()
    if a.cmd == "parse":
        parse(a.corpus, a.out)
    elif a.cmd == "time":
        cmd_time(a.docs, a.repeats)
    elif a.cmd == "dump":
        cmd_dump(a.docs, a.out)
    elif a.cmd == "compare":
        cmd_compare(a.a, a.b)
    else:
        cmd_profile(a.docs, a.top)


if __name__ == "__main__":
    main()
