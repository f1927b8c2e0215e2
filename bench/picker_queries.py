"""CPU time of the name search (dashboard/lookup.py) on a built corpus: reading every name once per build, then
one search per pause in typing, as the sidebar's "Find any name" box and the profile page's box run it.

    python bench/picker_queries.py --data bench/out/dash-1000000 --repeats 200

Queries are drawn with a fixed seed from the build's own names: 1, 2 and 4 letters of a name, a whole surname,
a whole name, two word starts, and a string nothing matches. Prints p50/p95/max of process CPU time and of wall
time per query class (on a loaded machine the wall times are upper bounds), the load beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path

import numpy as np

from dashboard import lookup, queries


def _pct(xs: list[float]) -> dict:
    a = np.array(xs) * 1000
    return {"p50_ms": round(float(np.percentile(a, 50)), 2), "p95_ms": round(float(np.percentile(a, 95)), 2),
            "max_ms": round(float(a.max()), 2), "n": len(xs)}


def _timed(fn):
    """(result, CPU seconds of this process, wall seconds) of `fn()`."""
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.process_time() - cpu, time.perf_counter() - wall


def _queries(names: lookup.Names, rng: random.Random, n: int) -> dict[str, list[str]]:
    """n queries per class, drawn from the build's names."""
    pool = names.table[names.table["kind"] != "place"]["name"].tolist()
    picks = [rng.choice(pool) for _ in range(n)]
    last = [p.split()[-1] for p in picks]
    return {"1 letter": [p[:1] for p in picks], "2 letters": [p[:2] for p in picks],
            "4 letters": [s[:4] for s in last], "surname": last, "whole name": picks,
            "two word starts": [" ".join(w[:3] for w in p.split()[:2]) for p in picks],
            "no match": [f"qzx{i}" for i in range(n)]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--repeats", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    load_before = os.getloadavg()
    store = queries.Store(args.data)
    _, cpu, wall = _timed(lambda: queries.options(store))
    out: dict = {"options_cpu_s": round(cpu, 3), "options_wall_s": round(wall, 3)}
    names, cpu, wall = _timed(lambda: lookup.Names.load(store))
    out |= {"names": len(names.table), "load_cpu_s": round(cpu, 3), "load_wall_s": round(wall, 3)}
    for label, texts in _queries(names, random.Random(args.seed), args.repeats).items():
        cpus, walls = [], []
        for text in texts:
            _, cpu, wall = _timed(lambda: names.find(text, lookup.KINDS, 8))
            cpus.append(cpu)
            walls.append(wall)
        out[f"find {label}"] = {"cpu": _pct(cpus), "wall": _pct(walls)}
    picks = names.table[names.table["kind"] == "PERSON"].sample(args.repeats, random_state=args.seed)
    cpus = [_timed(lambda: names.resolve([label], ["PERSON"]))[1] for label in picks["label"]]
    out["resolve one label"] = {"cpu": _pct(cpus)}
    out["load_1min"] = [round(x, 2) for x in (load_before[0], os.getloadavg()[0])]
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
