"""Incremental resolution: CPU seconds of a full `resolve()` against `patch()` of one added article, state size and load.

    python bench/resolve_patch.py CORPUS --cache-dir CACHE [--replicate K] [--trials N] [--add-new N]

Reads CORPUS through the build (the analyses come from CACHE; run `bench/incremental.py` or any build
with that --cache-dir first, else every article is parsed) and stops it before resolution. With
--replicate K the corpus's mention lists are repeated K times under new article ids, dates shifted by
a day per copy (a larger corpus with the same people, for when only a small corpus is parsed). Then,
N times: one random article is taken out, the rest resolved in full, the state dumped and loaded,
and the article added back with `patch`; each patched result is checked against the full pass (its
rows and the complete entity rows). CPU seconds are this process's (`time.process_time`), so they
mean something on a loaded machine; the load is printed beside them.
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from data_pipeline.resolve import aggregates, patch, resolve
from data_pipeline.run import build as B


class _Got(Exception):
    """Raised to stop the build once resolution's input is known."""


def resolution_input(corpus: Path, cache_dir: Path):
    """(docs, dates, actors, corrections) that a build of `corpus` passes to `resolve`."""
    def grab(docs, dates=None, actors=None, corrections=None):
        raise _Got(docs, dates, actors, corrections)

    real, B.resolve.resolve = B.resolve.resolve, grab
    B.publish_unchanged = lambda *a, **k: None
    try:
        with tempfile.TemporaryDirectory() as out:
            B.build(B.BuildOptions(input=corpus, out=Path(out) / "data", cache_dir=cache_dir, progress=False))
    except _Got as got:
        return got.args
    finally:
        B.resolve.resolve = real
    raise RuntimeError("the build never reached resolution")


def replicate(docs, dates, k: int):
    """The mention lists `k` times under new ids, each copy's dates a day later than the one before."""
    out, when = [], {}
    for r in range(k):
        for aid, ms in docs:
            out.append((f"{aid}~{r}", ms))
            d = dates.get(aid)
            when[f"{aid}~{r}"] = d + timedelta(days=r) if d else d
    return out, when


def rows(res):
    return (res.ids, sorted(map(repr, res.roles)), sorted(map(repr, res.reasons)))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--cache-dir", type=Path, required=True)
    p.add_argument("--replicate", type=int, default=1)
    p.add_argument("--trials", type=int, default=5)
    p.add_argument("--add-new", type=int, metavar="N", help="also add generated articles N, N+1, ... (seed 7), one at a time")
    a = p.parse_args()
    docs, dates, actors, fixes = resolution_input(a.corpus, a.cache_dir)
    docs, dates = replicate(docs, dates, a.replicate) if a.replicate > 1 else (docs, dates)
    print(f"{len(docs)} articles, {sum(len(ms) for _, ms in docs)} mentions; load {os.getloadavg()}")
    c = time.process_time()
    full = resolve(docs, dates=dates, actors=actors, corrections=fixes)
    print(f"resolve(), all articles: {time.process_time() - c:.2f} s CPU")
    rng = random.Random(5)
    for _ in range(a.trials):
        j = rng.randrange(len(docs))
        aid, ms = docs[j]
        before = resolve(docs[:j] + docs[j + 1:], dates=dates, actors=actors, corrections=fixes)
        c = time.process_time()
        blob = aggregates.dumps(before.state)
        dumped = time.process_time() - c
        c = time.process_time()
        state = aggregates.loads(blob)
        loaded = time.process_time() - c
        c = time.process_time()
        res = patch(state, [(aid, ms, dates.get(aid))], actors=actors, corrections=fixes)
        took = time.process_time() - c
        if res is None:
            verdict = "full pass needed"
        else:
            mine = {k: v for k, v in full.ids.items() if k[0] == aid}
            same = (res.entities == full.entities and res.ids == mine
                    and rows(res)[1] == sorted(repr(r) for r in full.roles if r["article_id"] == aid)
                    and rows(res)[2] == sorted(repr(r) for r in full.reasons if r["article_id"] == aid))
            verdict = "patched, equal to the full pass" if same else "patched, DIFFERS from the full pass"
        print(f"add {aid}: patch() {took:.3f} s CPU ({verdict}); state {len(blob) / 1e6:.1f} MB, "
              f"dumps {dumped:.2f} s, loads {loaded:.2f} s CPU; load {os.getloadavg()[0]:.1f}")
    if a.add_new is not None:
        add_new(docs, dates, actors, fixes, a)


def add_new(docs, dates, actors, fixes, a) -> None:
    """Articles never seen before (bench/corpus.py, seed 7, from N on), each added to the whole corpus."""
    from corpus import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), a.trials, 7, start=a.add_new)
        new, new_dates, _, _ = resolution_input(Path(tmp), a.cache_dir)
    state = aggregates.dumps(resolve(docs, dates=dates, actors=actors, corrections=fixes).state)
    for aid, ms in new:
        when = {**dates, aid: new_dates.get(aid)}
        c = time.process_time()
        res = patch(aggregates.loads(state), [(aid, ms, when[aid])], actors=actors, corrections=fixes)
        took = time.process_time() - c
        verdict = "full pass needed"
        if res is not None:
            full = resolve(docs + [(aid, ms)], dates=when, actors=actors, corrections=fixes)
            same = res.entities == full.entities and res.ids == {k: v for k, v in full.ids.items() if k[0] == aid}
            verdict = "patched, equal to the full pass" if same else "patched, DIFFERS from the full pass"
        print(f"add a new article {aid}: patch() {took:.3f} s CPU, loads included ({verdict}); "
              f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
