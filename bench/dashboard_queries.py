"""Time every query each dashboard interaction runs: the DuckDB layer (dashboard/queries.py) vs pandas.

    python bench/dashboard_queries.py --data bench/out/dash-1000000 --repeats 20

Each side runs in its own process (so peak RSS is its own). An interaction is
one page render under one set of global filters (none, a date range, a
person, a topic, person + dates; drawn with a fixed seed), i.e. the queries
that page runs one after another, uncached; p50/p95 are over the repeats.
The pandas side loads the tables into DataFrames (as the first dashboard did)
and answers the core interactions (filter, network, topic series, search).
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np

from common import ROOT, Timer, load, machine, peak_rss_mib, save

SCENARIOS = ("none", "dates", "person", "topic", "person+dates")


def pct(xs: list[float]) -> dict:
    """p50 / p95 / max in milliseconds."""
    a = np.array(xs) * 1000
    return {"p50_ms": round(float(np.percentile(a, 50)), 1), "p95_ms": round(float(np.percentile(a, 95)), 1),
            "max_ms": round(float(a.max()), 1), "n": len(xs)}


def scenario(rng: random.Random, name: str, people: list[str], topics: list[str], bounds):
    """(start, end, people, topics) for one scenario draw."""
    lo, hi = bounds
    start = end = None
    if "dates" in name:
        start = lo + timedelta(days=rng.randrange(max((hi - lo).days - 365, 1)))
        end = start + timedelta(days=365)
    who = (rng.choice(people),) if "person" in name else ()
    what = (rng.choice(topics),) if name == "topic" else ()
    return start, end, who, what


# ---------------------------------------------------------------- DuckDB side

def run_duckdb(data: Path, repeats: int, seed: int) -> dict:
    """Every page's queries through dashboard/queries.py, uncached."""
    from dashboard import queries as q
    from dashboard.filters import Filters

    with Timer() as t_open:
        store = q.Store(data)
        opts = q.options(store)
    print(f"  duckdb: store and filter options ready in {t_open.seconds:.1f} s", flush=True)
    people = opts["people"].sort_values("mentions", ascending=False)["entity_id"].head(200).tolist()
    topics, bounds = opts["topics"], opts["bounds"]
    per_query: dict[str, list[float]] = {}
    per_page: dict[str, list[float]] = {}
    rng = random.Random(seed)

    def timed(name, *args):
        with Timer() as t:
            out = getattr(q, name)(store, *args)
        per_query.setdefault(name, []).append(t.seconds)
        return out, t.seconds

    by_scenario: dict[str, dict[str, list[float]]] = {}
    for r in range(repeats):
        name = SCENARIOS[r % len(SCENARIOS)]
        start, end, who, what = scenario(rng, name, people, topics, bounds)
        f = Filters(start=start, end=end, people=who, topics=what)
        eid = who[0] if who else rng.choice(people)
        pages = {}
        pages["overview"] = sum(timed(n, f, *a)[1] for n, a in
                                [("counts", ()), ("articles_per_period", ("week",)),
                                 ("top_entities", ("PERSON", 15)), ("events", (10,))])
        ev, t1 = timed("events", f, 500)
        ids = tuple(ev["event_id"])
        pages["network"] = (t1 + timed("event_counts", f)[1] + timed("network", f, 80)[1]
                            + timed("country_matrix", f)[1] + timed("evidence", f, ids)[1])
        pages["timeline"] = timed("timeline", f, "pair", 40, 3000)[1] + timed("event_counts", f)[1]
        share, t1 = timed("topic_share", f, "month")
        t2 = 0.0
        if len(share):
            row = share.iloc[len(share) // 2]
            t2 = timed("topic_evidence", f, row["topic"], row["period"].date(), "month")[1]
        pages["topics"] = t1 + t2 + timed("topic_country", f)[1] + timed("emerging_terms", f)[1]
        pages["people"] = sum(timed(n, *a)[1] for n, a in
                              [("top_entities", (f, "PERSON", 25)), ("entity", (eid,)),
                               ("mentions_over_time", (f, eid, "month")), ("topics_around", (f, eid)),
                               ("counterparts", (f, eid)), ("roles", (eid,)), ("resolution", (eid,))])
        found, t1 = timed("search_articles", f, rng.choice(["minister", "summit", "border crisis", "budget"]))
        aid = found["article_id"].iloc[0] if len(found) else None
        pages["articles"] = t1 + (sum(timed(n, aid)[1] for n in ("article", "article_mentions", "article_meetings",
                                                                 "article_topic_sentences")) if aid else 0.0)
        for k, v in pages.items():
            per_page.setdefault(k, []).append(v)
            by_scenario.setdefault(name, {}).setdefault(k, []).append(v)
        print(f"  duckdb run {r + 1}/{repeats} ({name}): "
              + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in pages.items()), flush=True)
    return {"open_s": round(t_open.seconds, 2), "pages": {k: pct(v) for k, v in per_page.items()},
            "scenarios": {n: {k: pct(v)["p50_ms"] for k, v in pages.items()} for n, pages in by_scenario.items()},
            "queries": {k: pct(v) for k, v in sorted(per_query.items())}, "peak_rss_mib": round(peak_rss_mib())}


# ---------------------------------------------------------------- pandas side

def run_pandas(data: Path, repeats: int, seed: int) -> dict:
    """Load the tables into pandas, then the core interactions as DataFrame operations."""
    import pandas as pd

    with Timer() as t_load:
        arts = pd.read_parquet(data / "articles.parquet")
        ments = pd.read_parquet(data / "mentions.parquet", columns=["article_id", "entity_id"])
        meets = pd.read_parquet(data / "meetings.parquet")
        tops = pd.read_parquet(data / "topics.parquet")
        ents = pd.read_parquet(data / "entities.parquet")
    arts["published"] = pd.to_datetime(arts["published"])
    people = ments["entity_id"][ments["entity_id"].str.startswith("person:")].value_counts().head(200).index.tolist()
    topics = sorted(tops["topic"].unique())
    bounds = (arts["published"].min().date(), arts["published"].max().date())
    rng = random.Random(seed)
    per_page: dict[str, list[float]] = {}
    for r in range(repeats):
        start, end, who, what = scenario(rng, SCENARIOS[r % len(SCENARIOS)], people, topics, bounds)
        pages = {}
        with Timer() as t:
            keep = pd.Series(True, index=arts.index)
            if start:
                keep &= (arts["published"] >= pd.Timestamp(start)) & (arts["published"] <= pd.Timestamp(end))
            if who:
                keep &= arts["article_id"].isin(ments.loc[ments["entity_id"].isin(who), "article_id"])
            if what:
                keep &= arts["article_id"].isin(tops.loc[tops["topic"].isin(what), "article_id"])
            fa = arts.loc[keep, ["article_id", "published"]]
            ids = set(fa["article_id"])
            counts = len(fa)
        pages["filter"] = t.seconds
        with Timer() as t:
            m = meets[meets["article_id"].isin(ids)]
            if who:
                m = m[m["a"].isin(who) | m["b"].isin(who)]
            edges = m.groupby(["a", "b"]).size().reset_index(name="n")
            edges = edges.merge(ents[["entity_id", "name"]], left_on="a", right_on="entity_id", how="left")
        pages["network"] = pages["filter"] + t.seconds
        with Timer() as t:
            tt = tops[tops["article_id"].isin(ids)].merge(fa, on="article_id").dropna(subset=["published"])
            series = tt.groupby([tt["published"].dt.to_period("M"), "topic"]).size()
        pages["topics"] = pages["filter"] + t.seconds
        with Timer() as t:
            needle = rng.choice(["minister", "summit", "border crisis", "budget"])
            sub = arts[keep]
            hits = sub[sub["text"].str.lower().str.contains(needle, regex=False)]
            hits = hits.sort_values("published", ascending=False).head(500)
        pages["articles"] = pages["filter"] + t.seconds
        for k, v in pages.items():
            per_page.setdefault(k, []).append(v)
        print(f"  pandas run {r + 1}/{repeats}: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in pages.items())
              + f" ({counts} articles, {len(edges)} edges, {len(series)} series points, {len(hits)} hits)", flush=True)
    return {"load_s": round(t_load.seconds, 2), "pages": {k: pct(v) for k, v in per_page.items()},
            "peak_rss_mib": round(peak_rss_mib())}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True, help="a build folder (e.g. from bench/dashboard_data.py)")
    p.add_argument("--repeats", type=int, default=20, help="interactions per page (default: 20)")
    p.add_argument("--seed", type=int, default=7, help="seed for the filter draws (default: 7)")
    p.add_argument("--side", choices=("both", "duckdb", "pandas"), default="both",
                   help="run one side in this process (used internally), or both in child processes")
    a = p.parse_args()
    if a.side == "duckdb":
        print(json.dumps(run_duckdb(a.data, a.repeats, a.seed)))
        return
    if a.side == "pandas":
        print(json.dumps(run_pandas(a.data, a.repeats, a.seed)))
        return
    result = {"machine": machine(), "data": str(a.data), "load_before": load(),
              "counts": json.loads((a.data / "manifest.json").read_text()).get("counts")}
    for side in ("duckdb", "pandas"):
        proc = subprocess.Popen([sys.executable, __file__, "--data", str(a.data), "--repeats", str(a.repeats),
                                 "--seed", str(a.seed), "--side", side], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        lines = []
        for line in proc.stdout:  # progress as it comes; the last line is the side's JSON result
            lines.append(line.rstrip("\n"))
            if not line.startswith("{"):
                print(line, end="", flush=True)
        code = proc.wait()
        result[side] = json.loads(lines[-1]) if code == 0 and lines else {"error": f"exit code {code}"}
        result[side]["load_after"] = load()
    print(json.dumps({k: result[k] for k in ("duckdb", "pandas")}, indent=1))
    print("saved", save(f"dashboard-{a.data.name}", result))


if __name__ == "__main__":
    main()
