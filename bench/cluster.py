"""External 2-worker Dask cluster against the local engine with 2 worker processes, on the same generated corpus.

    python bench/cluster.py --articles 300

Starts `dask scheduler` and two single-thread `dask worker` processes outside the project, on a Python
without this package (bench/dask_cluster.py, as README "Running on a cluster"), then times, alternated,
`build --scheduler tcp://...` and `build --workers 2` through the real command line, without cache (every
article parsed). Both must publish the same build id. The load average is recorded with every run.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import OUT, ROOT, Timer, load, machine, save
from corpus import generate
from dask_cluster import Cluster, requirements_only_python


def timed_build(corpus: Path, data: Path, *engine: str) -> dict:
    """One build through the CLI, no cache: wall seconds, build id, load before and after."""
    before = load()
    cmd = [sys.executable, "-m", "data_pipeline", "build", str(corpus), "--out", str(data), "--no-cache",
           "--no-progress", *engine]
    with Timer() as t:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    man = json.loads((data / "manifest.json").read_text())
    return {"seconds": round(t.seconds, 2), "build_id": man["build_id"], "engine": man["engine"],
            "load_before": before, "load_after": load()}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=300, help="generated articles (default: 300)")
    p.add_argument("--seed", type=int, default=7, help="generator seed (default: 7)")
    p.add_argument("--repeats", type=int, default=2, help="runs of each engine, alternated (default: 2)")
    a = p.parse_args()
    corpus = OUT / f"cluster-corpus-{a.articles}"
    if not corpus.exists():
        generate(corpus, a.articles, a.seed)
    result = {"machine": machine(), "articles": a.articles, "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        folder = Path(tmp)
        cluster = Cluster(requirements_only_python(folder), folder)
        try:
            cluster.scheduler()
            cluster.worker("w1")
            cluster.worker("w2")
            cluster.wait_for(2)
            for n in range(a.repeats):
                for name, engine in (("external dask, 2 workers", ("--scheduler", cluster.address)),
                                     ("local, 2 processes", ("--workers", "2"))):
                    run = {**timed_build(corpus, folder / f"data-{n}-{len(result['runs'])}", *engine), "label": name}
                    print(json.dumps(run))
                    result["runs"].append(run)
        finally:
            cluster.stop()
    ids = {r["build_id"] for r in result["runs"]}
    result["same_build_id"] = len(ids) == 1
    print("same build id on both engines:", result["same_build_id"])
    print("saved", save(f"cluster-{a.articles}", result))


if __name__ == "__main__":
    main()
