"""Incremental build: add one article to an already built corpus; time it and count spaCy parses.

    python bench/incremental.py --articles 10000 --workers 2

The first run generates the corpus (bench/corpus.py) and builds it once with
the cache (that base build is timed too, but it is not the figure). Each run
then (1) rebuilds with nothing changed and (2) adds one new article and
rebuilds, both through the real command line (`python -m data_pipeline build`,
so Python start-up and model load are included), and reads how many articles
went through spaCy from the manifest.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

from common import OUT, ROOT, Timer, load, machine, peak_rss_mib, save

from corpus import generate


def cli_build(corpus, data, cache, *extra: str) -> tuple[float, dict]:
    """Run the build CLI; return (wall seconds, manifest)."""
    cmd = [sys.executable, "-m", "data_pipeline", "build", str(corpus), "--out", str(data),
           "--cache-dir", str(cache), "--no-progress", *extra]
    with Timer() as t:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    print(proc.stdout.strip())
    return t.seconds, json.loads((data / "manifest.json").read_text())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=10000, help="size of the built corpus (default: 10000)")
    p.add_argument("--seed", type=int, default=7, help="generator seed (default: 7)")
    p.add_argument("--workers", type=int, default=2, help="workers for the base build (default: 2)")
    a = p.parse_args()

    corpus, data, cache = (OUT / f"inc-{kind}-{a.articles}" for kind in ("corpus", "data", "cache"))
    result = {"machine": machine(), "articles": a.articles, "load_before": load()}
    if not corpus.exists():
        generate(corpus, a.articles, a.seed)
    for extra in corpus.glob("added-*.txt"):
        extra.unlink()
    base, man = cli_build(corpus, data, cache, "--workers", str(a.workers))
    result["base_build"] = {"seconds": round(base, 2), "parsed": man["parsed_articles"], "load": load()}
    same, man = cli_build(corpus, data, cache)
    result["unchanged_rebuild"] = {"seconds": round(same, 2), "parsed": man["parsed_articles"], "load": load()}
    # one new article, never seen before: index past everything generated so far, by run count
    runs = len(list(OUT.glob(f"incremental-{a.articles}*.json")))
    new = generate(corpus / "_new", 1, a.seed, start=a.articles + 1000 + runs)[0]
    added = corpus / f"added-{new.stem}.txt"
    new.rename(added)
    (corpus / "_new").rmdir()
    one, man = cli_build(corpus, data, cache)
    result["add_one"] = {"seconds": round(one, 2), "parsed": man["parsed_articles"],
                         "articles_after": man["counts"]["articles"], "load": load()}
    added.unlink()
    result["peak_rss_mib_builds"] = round(peak_rss_mib(children=True))
    result["load_after"] = load()
    print(json.dumps({k: result[k] for k in ("base_build", "unchanged_rebuild", "add_one")}, indent=1))
    print("saved", save(f"incremental-{a.articles}-run{runs}", result))


if __name__ == "__main__":
    main()
