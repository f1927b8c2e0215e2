"""Contract-shaped tables for a large corpus, generated without NLP, for dashboard benchmarks.

    python bench/dashboard_data.py --articles 1000000 --out bench/out/dash-1000000

Every table of data_pipeline.store.tables.SCHEMAS, written in chunks (memory stays
flat): ~20 mentions and ~1 meeting per article, 2 topics per article, a few
people dominate (power-law picks: the top 1% of people get ~20% of mentions and
meetings), dates over ten years with more news lately. Same seed, same tables. Then the serving files the
pipeline's publish step writes (data_pipeline/store/serving.py), timed into the manifest.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from common import OUT, load

from data_pipeline.store import serving
from data_pipeline.store.tables import SCHEMAS

CHUNK = 100_000
KINDS = np.array(["meeting", "talks", "phone_call", "message", "visit"])
STATUSES = np.array(["held", "planned", "cancelled"])
TOPICS = np.array(["diplomacy", "security", "energy", "trade", "elections", "migration", "health", "climate",
                   "sanctions", "military", "economy", "agriculture", "technology", "education", "media",
                   "corruption", "human-rights", "transport", "tourism", "water", "nuclear", "space",
                   "cyber", "finance", "culture"])
SYLL = ["ka", "ro", "vi", "len", "dar", "mi", "so", "tan", "bel", "gor", "ni", "sha", "ul", "ve", "zan", "ter"]
WORDS = ("the minister said that talks on the new agreement would continue next week while officials "
         "discussed security energy supplies trade and investment in the region after the summit in the capital "
         "government parliament president delegation cooperation border crisis election budget reform").split()


def skewed(rng: np.random.Generator, n: int, size: int, power: float = 3.0) -> np.ndarray:
    """Indices in [0, n) where low indices dominate (u**power): a few entities make most of the news."""
    return np.minimum((n * rng.random(size) ** power).astype(np.int64), n - 1)


def names(rng: np.random.Generator, n: int, words: int) -> list[str]:
    """`n` distinct invented names of `words` syllable-words each."""
    out, seen = [], set()
    while len(out) < n:
        parts = [("".join(rng.choice(SYLL, rng.integers(2, 4)))).capitalize() for _ in range(words)]
        name = " ".join(parts)
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def sentence_pool(rng: np.random.Generator, people: list[str], places: list[str], n: int = 5000) -> list[str]:
    """Sentences of 12-30 words, about half naming a person and a place."""
    pool = []
    for i in range(n):
        words = list(rng.choice(WORDS, rng.integers(12, 30)))
        if i % 2 == 0:
            words.insert(0, people[int(skewed(rng, len(people), 1)[0])])
            words.insert(len(words) // 2, "in " + places[int(rng.integers(len(places)))])
        pool.append(" ".join(words).capitalize() + ".")
    return pool


class Writer:
    """One ParquetWriter per table, with the contract schema."""

    def __init__(self, out):
        self.out, self.writers, self.rows = out, {}, {}

    def write(self, name: str, cols: dict) -> None:
        """Append a chunk of columns (any missing contract column is null)."""
        schema = SCHEMAS[name]
        n = len(next(iter(cols.values())))
        arrays = [pa.array(cols[f.name], type=f.type) if f.name in cols else pa.nulls(n, f.type) for f in schema]
        table = pa.Table.from_arrays(arrays, schema=schema)
        if name not in self.writers:
            self.writers[name] = pq.ParquetWriter(self.out / f"{name}.parquet", schema)
        self.writers[name].write_table(table)
        self.rows[name] = self.rows.get(name, 0) + n

    def close(self) -> None:
        """Finish every file."""
        for w in self.writers.values():
            w.close()


def generate(out, n_articles: int, seed: int = 7) -> dict:
    """Write every table for `n_articles` into `out`; return the row counts."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n_people, n_orgs, n_places = max(200, n_articles // 20), max(50, n_articles // 50), 2000
    people, orgs, places = names(rng, n_people, 2), names(rng, n_orgs, 2), names(rng, n_places, 1)
    ent_ids = np.array([f"person:{p.lower().replace(' ', '-')}" for p in people]
                       + [f"org:{o.lower().replace(' ', '-')}" for o in orgs] + [f"gpe:{g.lower()}" for g in places])
    ent_names = np.array(people + [f"{o} Agency" for o in orgs] + places)
    ent_types = np.array(["PERSON"] * n_people + ["ORG"] * n_orgs + ["GPE"] * n_places)
    countries = np.array(places[:150])
    w = Writer(out)
    w.write("entities", {"entity_id": ent_ids.tolist(), "name": ent_names.tolist(), "type": ent_types.tolist(),
                         "aliases": [[n, n.upper()] for n in ent_names.tolist()],
                         "country": countries[rng.integers(0, len(countries), len(ent_ids))].tolist()})
    pool = np.array(sentence_pool(rng, people, places), dtype=object)
    pool_words = np.array([len(s.split()) for s in pool])
    sources = np.array([f"Agency {s}" for s in names(rng, 200, 1)])
    day0 = np.datetime64("2015-01-01")
    for lo in range(0, n_articles, CHUNK):
        n = min(CHUNK, n_articles - lo)
        ids = np.array([f"{(seed * 1_000_003 + i) * 2654435761 % 2**64:016x}" for i in range(lo, lo + n)])
        published = day0 + (3650 * np.sqrt(rng.random(n))).astype("timedelta64[D]")  # more news lately
        sent_idx = rng.integers(0, len(pool), (n, 14))
        texts = [" ".join(row) for row in pool[sent_idx]]
        pub = published.astype(object)
        pub[rng.random(n) < 0.03] = None
        w.write("articles", {
            "article_id": ids.tolist(), "path": [f"feed/{i:07d}.txt" for i in range(lo, lo + n)],
            "title": pool[rng.integers(0, len(pool), n)].tolist(),
            "source": sources[skewed(rng, len(sources), n, 2.0)].tolist(), "published": pub.tolist(),
            "date_source": ["header"] * n, "language": ["en"] * n, "text": texts,
            "n_words": pool_words[sent_idx].sum(axis=1).tolist(), "other_paths": [[] for _ in range(n)]})
        # mentions: ~20 per article; people 60%, orgs 25%, places 15%
        per = rng.poisson(20, n)
        art = np.repeat(np.arange(n), per)
        m = len(art)
        kind = rng.random(m)
        ent = np.where(kind < 0.6, skewed(rng, n_people, m),
                       np.where(kind < 0.85, n_people + skewed(rng, n_orgs, m),
                                n_people + n_orgs + skewed(rng, n_places, m, 2.0)))
        start = rng.integers(0, 1500, m)
        w.write("mentions", {"article_id": ids[art].tolist(), "entity_id": ent_ids[ent].tolist(),
                             "text": ent_names[ent].tolist(), "start": start.tolist(),
                             "end": (start + 12).tolist(), "sentence": (start // 110).tolist()})
        # meetings: ~1 per article, skewed participants; the same (pair, kind, day) reported by many articles
        per = rng.poisson(1.0, n)
        art = np.repeat(np.arange(n), per)
        k = len(art)
        # events: 60% as many as meetings; popular ones are reported by many articles
        ev = max(1, int(k * 0.6))
        a, b = skewed(rng, n_people, ev), skewed(rng, n_people, ev)
        b = np.where(a == b, (b + 1) % n_people, b)
        a, b = np.minimum(a, b), np.maximum(a, b)
        kinds = KINDS[rng.choice(5, ev, p=[0.4, 0.25, 0.2, 0.05, 0.1])]
        status = STATUSES[rng.choice(3, ev, p=[0.85, 0.12, 0.03])]
        date = published[rng.integers(0, n, ev)].astype(object)
        date[rng.random(ev) < 0.1] = None
        place = np.array(places, dtype=object)[rng.integers(0, n_places, ev)]
        place[rng.random(ev) < 0.3] = None
        event = np.array([hashlib.md5(f"{seed}|{lo}|{i}".encode()).hexdigest()[:16] for i in range(ev)])
        pick = skewed(rng, ev, k, 1.5)
        a, b, kinds, status, dated, place, event = (x[pick] for x in (a, b, kinds, status, date, place, event))
        start = rng.integers(0, 1500, k)
        w.write("meetings", {"article_id": ids[art].tolist(), "a": ent_ids[a].tolist(), "b": ent_ids[b].tolist(),
                             "kind": kinds.tolist(), "status": status.tolist(), "date": dated.tolist(),
                             "date_source": ["text"] * k, "place": place.tolist(),
                             "evidence": pool[rng.integers(0, len(pool), k)].tolist(),
                             "start": start.tolist(), "end": (start + 140).tolist(),
                             "confidence": rng.uniform(0.3, 1.0, k).round(2).tolist(), "event_id": event})
        # topics: ~2 per article (a few topics dominate), one evidence sentence each
        per = rng.poisson(2.0, n)
        art = np.repeat(np.arange(n), per)
        t = len(art)
        topic = TOPICS[skewed(rng, len(TOPICS), t, 2.0)]
        w.write("topics", {"article_id": ids[art].tolist(), "topic": topic.tolist(),
                           "score": rng.uniform(0.05, 0.6, t).round(4).tolist()})
        start = rng.integers(0, 1500, t)
        w.write("topic_sentences", {"article_id": ids[art].tolist(), "topic": topic.tolist(),
                                    "sentence": pool[rng.integers(0, len(pool), t)].tolist(),
                                    "start": start.tolist(), "end": (start + 140).tolist(),
                                    "phrase": topic.tolist()})
        r = n // 10
        who = skewed(rng, n_people, r)
        w.write("roles", {"entity_id": ent_ids[who].tolist(), "role": ["minister"] * r,
                          "org": ["government"] * r, "country": countries[rng.integers(0, 150, r)].tolist(),
                          "article_id": ids[rng.integers(0, n, r)].tolist(), "date": published[:r].astype(object).tolist()})
        w.write("resolution", {"entity_id": ent_ids[who].tolist(), "surface": ent_names[who].tolist(),
                               "reason": ["exact"] * r, "article_id": ids[rng.integers(0, n, r)].tolist()})
        print(f"  {lo + n} articles written; load {load()}", flush=True)
    months = np.arange(np.datetime64("2015-01"), np.datetime64("2025-01")).astype("datetime64[D]")
    w.write("emerging_terms", {"month": np.repeat(months, 10).astype(object).tolist(),
                               "term": [f"term {i % 300}" for i in range(len(months) * 10)],
                               "count": rng.integers(3, 200, len(months) * 10).tolist(),
                               "score": rng.random(len(months) * 10).round(3).tolist()})
    w.close()
    # one row per distinct event, as the pipeline's meeting_events table
    con = duckdb.connect()
    con.execute(f"""COPY (SELECT m.event_id, any_value(a) AS a, any_value(b) AS b, any_value(kind) AS kind,
                    any_value(status) AS status, any_value(date) AS date, any_value(place) AS place,
                    count(DISTINCT m.article_id) AS n_articles, list(DISTINCT m.article_id ORDER BY m.article_id) AS article_ids,
                    min(p.published) AS first_reported, max(confidence) AS confidence
                    FROM read_parquet('{out}/meetings.parquet') m
                    LEFT JOIN read_parquet('{out}/articles.parquet') p USING (article_id)
                    GROUP BY m.event_id ORDER BY m.event_id) TO '{out}/meeting_events.parquet' (FORMAT parquet)""")
    w.rows["meeting_events"] = con.execute(f"SELECT count(*) FROM '{out}/meeting_events.parquet'").fetchone()[0]
    manifest = {"schema_version": 1, "generated_by": "bench/dashboard_data.py", "seed": seed,
                "counts": w.rows, "build_id": f"bench-{n_articles}-{seed}"}
    t = time.perf_counter()
    serving.write(out)  # what the pipeline's publish step adds: serving.duckdb and search.sqlite
    manifest["serving_s"] = round(time.perf_counter() - t, 1)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return w.rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1_000_000, help="articles (default: 1000000)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    p.add_argument("--out", type=str, default=None, help="output folder (default: bench/out/dash-N)")
    a = p.parse_args()
    from pathlib import Path

    out = Path(a.out) if a.out else OUT / f"dash-{a.articles}"
    t = time.perf_counter()
    rows = generate(out, a.articles, a.seed)
    print(json.dumps(rows), f"{time.perf_counter() - t:.0f} s ->", out)


if __name__ == "__main__":
    main()
