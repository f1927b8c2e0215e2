"""Publication dates of saved web pages: this product vs htmldate on htmldate's own evaluation set.

    python bench/html_dates.py --pages /work/data/htmldate [--sample 240 --seed 1] [--workers 2]

`--pages` is a local copy of github.com/adbar/htmldate (its pages in `tests/eval/` and `tests/cache/`,
the gold in `tests/eval_default.json`); it is never part of this repository. Each page is read the way
the build reads a saved `.html` file (the product's own decoding and date rules, no URL given); htmldate
gets the same decoded text through `find_date(html, original_date=True, extensive_search=True)`.
Per side: correct / wrong / missing, and for the product the same split per `date_source`.
Writes bench/out/html_dates.json (every page's answers) and prints a summary table.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import load, machine, save

from data_pipeline.ingest import files as ingest

DEFAULT_PAGES = Path("/work/data/htmldate")


def gold_pages(repo: Path) -> list[tuple[str, Path, str]]:
    """(file name, path, gold date) of every page of the evaluation set that exists locally, one per file."""
    gold = json.loads((repo / "tests" / "eval_default.json").read_text(encoding="utf-8"))
    seen, out = set(), []
    for item in gold.values():
        name = item["file"]
        if name in seen:
            continue
        seen.add(name)
        path = next((p for d in ("eval", "cache", "test_set") if (p := repo / "tests" / d / name).is_file()), None)
        if path is not None and item.get("date"):
            out.append((name, path, item["date"]))
    return out


def product_date(path: Path) -> tuple[str | None, str, str]:
    """(published, date_source, date_evidence) that the build gives a saved page."""
    articles, _ = ingest.read_file(path, path.name)
    if not articles:
        return None, "skipped", ""
    art = articles[0]
    when = art.published.isoformat() if art.published else None
    return when, art.date_source, getattr(art, "date_evidence", "") or ""


def htmldate_date(path: Path) -> str | None:
    """htmldate's answer with the settings of its own evaluation (extensive search, original date)."""
    from htmldate import find_date

    data, _ = ingest.read_bytes(path, path.name, ingest.DEFAULT_MAX_BYTES)
    try:
        return find_date(ingest.decode(data), original_date=True, extensive_search=True)
    except Exception:  # noqa: BLE001 - a crash on one page is a missing answer, not a failed benchmark
        return None


def judge(answer: str | None, gold: str) -> str:
    """correct / wrong / missing."""
    return "missing" if answer is None else ("correct" if answer == gold else "wrong")


def one_page(item: tuple[str, Path, str]) -> dict:
    """Both sides' answers for one page."""
    name, path, gold = item
    published, source, evidence = product_date(path)
    other = htmldate_date(path)
    return {"file": name, "gold": gold, "product": published, "date_source": source, "evidence": evidence,
            "product_outcome": judge(published, gold), "htmldate": other, "htmldate_outcome": judge(other, gold)}


def summary(rows: list[dict]) -> dict:
    """Outcome counts per side and, for the product, per date_source."""
    n = len(rows)
    sides = {side: Counter(r[f"{side}_outcome"] for r in rows) for side in ("product", "htmldate")}
    by_source: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        by_source[r["date_source"]][r["product_outcome"]] += 1
    shares = {s: {"correct_share": round(c["correct"] / n, 3), "wrong_share": round(c["wrong"] / n, 3)}
              for s, c in sides.items()}
    return {"pages": n,
            "sides": {s: {k: c[k] for k in ("correct", "wrong", "missing")} | shares[s] for s, c in sides.items()},
            "product_by_source": {k: dict(v) for k, v in sorted(by_source.items())}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="local copy of the htmldate repository")
    ap.add_argument("--sample", type=int, default=0, help="score only this many random pages (0 = all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--show", choices=("wrong", "missing", "all", "none"), default="none",
                    help="list the product's pages with this outcome")
    args = ap.parse_args(argv)
    if not (args.pages / "tests" / "eval_default.json").is_file():
        print(f"{args.pages}: no tests/eval_default.json (fetch github.com/adbar/htmldate there)", file=sys.stderr)
        return 2
    items = gold_pages(args.pages)
    if args.sample:
        items = random.Random(args.seed).sample(items, min(args.sample, len(items)))
    load_before = load()
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers) as pool:
            rows = list(pool.map(one_page, items, chunksize=8))
    else:
        rows = [one_page(it) for it in items]
    result = {"machine": machine(), "load_before": load_before, "load_after": load(),
              "summary": summary(rows), "pages": rows}
    path = save("html_dates" + (f"-{args.sample}-{args.seed}" if args.sample else ""), result)
    s = result["summary"]
    print(f"{s['pages']} pages          correct  wrong  missing   correct%  wrong%")
    for side, c in s["sides"].items():
        print(f"{side:<16} {c['correct']:>8} {c['wrong']:>6} {c['missing']:>8}   "
              f"{c['correct_share']:>8.3f} {c['wrong_share']:>7.3f}")
    print("product by date_source:", json.dumps(s["product_by_source"]))
    for r in rows:
        if args.show != "none" and (args.show == "all" or r["product_outcome"] == args.show):
            print(f"  {r['product_outcome']:<8} {r['file']:<50} gold {r['gold']} product {r['product']} "
                  f"({r['date_source']}) htmldate {r['htmldate']}  {r['evidence']}")
    print(f"written {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
