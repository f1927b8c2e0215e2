"""Russian throughput: the build on Russian articles vs natasha's own models run as natasha documents them.

    python bench/russian.py --copies 10 --workers 1 2 --repeats 2

The corpus is the Russian dev articles (../shared/eval/dev/ru), each copied `--copies` times with a
numbered closing paragraph so every copy is its own article. For each worker count it times (a) natasha as
its documentation runs it, article by article (`Doc.segment`, `tag_morph`, `parse_syntax`, `tag_ner`;
processes = workers), (b) the Russian path alone (`nlp.ru.parse` + `analyse`, batched over all
sentences) and (c) the whole build with no cache, alternating them so machine load hits all alike, and
reports words/s and the ratio build / natasha (best of the repeats for each).
"""
from __future__ import annotations

import argparse
import shutil
from concurrent.futures import ProcessPoolExecutor

from common import OUT, ROOT, Timer, load, machine, save

from data_pipeline.ingest.article import count_words
from data_pipeline.run.build import BuildOptions, build, read_inputs
from data_pipeline.run.engine import Engine

DEV_RU = ROOT.parent / "shared" / "eval" / "dev" / "ru" / "articles"


def corpus(copies: int):
    """The Russian dev articles, `copies` numbered copies of each, in one folder under bench/out."""
    folder = OUT / f"russian-corpus-{copies}"
    if not folder.exists():
        tmp = folder.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for path in sorted(DEV_RU.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            for k in range(copies):
                extra = f"Копия {k + 1}: этот абзац добавлен при подготовке замера, чтобы у каждой копии был свой текст."
                (tmp / f"{path.stem}-{k}.txt").write_text(f"{text}\n\n{extra}\n", encoding="utf-8")
        tmp.rename(folder)
    return folder


def natasha_docs(texts: list[str]) -> int:
    """natasha's documented pipeline over `texts`, one Doc at a time; returns the tokens seen."""
    from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    emb = NewsEmbedding()
    seg, morph, syntax, ner = Segmenter(), NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)
    n = 0
    for text in texts:
        doc = Doc(text)
        doc.segment(seg)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        doc.tag_ner(ner)
        n += len(doc.tokens)
    return n


def natasha_raw(texts: list[str], workers: int) -> None:
    """`natasha_docs` over `texts` split across `workers` processes."""
    if workers == 1:
        natasha_docs(texts)
        return
    parts = [texts[k::workers] for k in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(natasha_docs, parts))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--copies", type=int, default=10, help="copies of each dev article (default: 10)")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default: 1 2)")
    p.add_argument("--repeats", type=int, default=2, help="timed runs of each side (default: 2)")
    p.add_argument("--batch-size", type=int, default=16, help="articles per batch (default: 16)")
    a = p.parse_args()

    from data_pipeline.nlp.ru.analyse import analyse_texts

    folder = corpus(a.copies)
    opts = BuildOptions(input=folder, out=OUT / "russian-data", progress=False, cache_dir=None, batch_size=a.batch_size)
    articles, _ = read_inputs(opts)
    russian = [x for x in articles if x.language == "ru"]
    texts = [x.nlp_text() for x in russian]
    words = sum(count_words(t) for t in texts)
    analyse_texts([(t, None) for t in texts[:4]])  # load the models once (warm up)
    result = {"machine": machine(), "load_before": load(), "articles": len(texts), "words": words,
              "batch_size": a.batch_size, "runs": []}
    print(f"{len(texts)} Russian articles, {words} words; load {result['load_before']}")
    for w in a.workers:
        raw, path, full = [], [], []
        for _ in range(a.repeats):
            with Timer() as t:
                natasha_raw(texts, w)
            raw.append(t.seconds)
            if w == 1:
                with Timer() as t:
                    for k in range(0, len(texts), a.batch_size):
                        analyse_texts([(x, None) for x in texts[k:k + a.batch_size]])
                path.append(t.seconds)
            with Timer() as t:
                res = build(BuildOptions(**{**opts.__dict__, "engine": Engine(workers=w, batch_size=a.batch_size)}))
            full.append(t.seconds)
            assert res.parsed == len(texts)
        run = {"workers": w, "natasha_s": raw, "build_s": full, "natasha_wps": round(words / min(raw)),
               "build_wps": round(words / min(full)), "ratio": round(min(raw) / min(full), 3), "load": load()}
        if path:
            run.update(ru_path_s=path, ru_path_wps=round(words / min(path)))
        result["runs"].append(run)
        print(f"workers {w}: natasha {run['natasha_wps']} words/s, build {run['build_wps']} words/s"
              + (f", Russian path alone {run['ru_path_wps']} words/s" if path else "")
              + f", ratio {run['ratio']}; load {run['load']}")
    result["load_after"] = load()
    print("saved", save(f"russian-{a.copies}", result))


if __name__ == "__main__":
    main()
