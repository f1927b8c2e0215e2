"""Contract-shaped tables generated without NLP: tiny fixtures, hostile strings, 100k-article load corpora.

`python bench/synthetic.py --articles 100000 --out bench/out/load-data` publishes a generated corpus.
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from data_pipeline.ingest.article import article_id_for, count_words
from data_pipeline.lexicon.names import slug
from data_pipeline.store.tables import to_table

FIRST = ["Anna", "Boris", "Chen", "Dalia", "Emre", "Fatima", "Goran", "Hana", "Ivan", "Jana", "Karim", "Lena",
         "Marek", "Nadia", "Omar", "Petra", "Ravi", "Sofia", "Tomas", "Yusuf"]
LAST = ["Berg", "Dunn", "Ilyin", "Kovacs", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn",
        "Rahimi", "Santos", "Tanaka", "Ulrich", "Varga", "Weber", "Yilmaz", "Zoric", "Haddad", "Ferreira"]
CITIES = ["Vienna", "Geneva", "Ankara", "Tbilisi", "Baku", "Yerevan", "Astana", "Oslo"]
TOPICS = ["diplomacy", "energy", "security", "trade", "elections", "migration", "health", "climate"]
KINDS = ["meeting", "talks", "phone_call", "message", "visit"]


@dataclass
class Spec:
    """What to generate: sizes, the strings used for names/titles/topics, and the random seed."""

    articles: int = 3
    people: list[str] | None = None
    topics: list[str] | None = None
    title: str = "Ministers meet"
    body_extra: str = "They discussed the situation."
    seed: int = 7
    start: date = date(2023, 1, 1)
    days: int = 730


def _people(spec: Spec, rng: random.Random) -> list[str]:
    if spec.people:
        return spec.people
    return sorted({f"{f} {l}" for f in FIRST for l in LAST})


def corpus_rows(spec: Spec) -> dict[str, list[dict]]:
    """Row dicts for every contract table; every offset slices the article text exactly."""
    rng = random.Random(spec.seed)
    people, topics = _people(spec, rng), spec.topics or TOPICS
    rows: dict[str, list[dict]] = {t: [] for t in ("articles", "mentions", "meetings", "topics", "topic_sentences")}
    used: set[str] = set()
    for i in range(spec.articles):
        a, b = rng.sample(people, 2) if len(people) > 1 else (people[0], people[0])
        city, kind, topic = rng.choice(CITIES), rng.choice(KINDS), rng.choice(topics)
        first = f"{a} met {b} in {city}."
        second = f"The talks covered {topic}. {spec.body_extra} Report {i}."
        text = f"{first} {second}"
        aid = article_id_for(text)
        published = spec.start + timedelta(days=rng.randrange(spec.days))
        rows["articles"].append({"article_id": aid, "path": f"{i:06d}.txt", "title": f"{spec.title} {i}",
                                 "source": "Synthetic", "author": None, "url": None, "published": published,
                                 "date_source": "header", "language": "en", "text": text,
                                 "n_words": count_words(text), "other_paths": []})
        for name in (a, b):
            start = text.index(name)
            rows["mentions"].append({"article_id": aid, "entity_id": f"person:{slug(name)}", "text": name,
                                     "start": start, "end": start + len(name), "sentence": 0})
            used.add(name)
        if a != b:
            rows["meetings"].append({"article_id": aid, "a": f"person:{slug(a)}", "b": f"person:{slug(b)}",
                                     "kind": kind, "status": "held", "date": published, "date_source": "published",
                                     "place": city, "evidence": first, "start": 0, "end": len(first),
                                     "confidence": 0.8, "event_id": None, "reason": "subject-object"})
        rows["topics"].append({"article_id": aid, "topic": topic, "score": 0.5})
        s = len(first) + 1
        rows["topic_sentences"].append({"article_id": aid, "topic": topic, "sentence": text[s:s + len(second)],
                                        "start": s, "end": s + len(second), "phrase": topic})
    rows["entities"] = [{"entity_id": f"person:{slug(n)}", "name": n, "type": "PERSON", "aliases": [n],
                         "country": None} for n in sorted(used)]
    return rows


def corpus_tables(spec: Spec) -> dict:
    """The generated rows as contract pyarrow tables."""
    return {name: to_table(name, rows) for name, rows in corpus_rows(spec).items()}


def publish(spec: Spec, out: Path) -> str:
    """Validate and publish a generated corpus to `out` the way the build does; return its build id."""
    from data_pipeline import SCHEMA_VERSION
    from data_pipeline.store import validate
    from data_pipeline.store.publish import write_build

    tables = corpus_tables(spec)
    validate.check(tables)
    manifest = {"schema_version": SCHEMA_VERSION, "generator": "bench/synthetic.py", "seed": spec.seed,
                "counts": {n: t.num_rows for n, t in tables.items()}, "skipped": []}
    return write_build(out, tables, manifest)


def main(argv: list[str] | None = None) -> int:
    """Command line: publish a generated corpus."""
    p = argparse.ArgumentParser(description="Publish a generated contract-shaped corpus (no NLP).")
    p.add_argument("--articles", type=int, default=100_000, help="number of articles (default: 100000)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    p.add_argument("--out", type=Path, default=Path("bench/out/load-data"), help="output data directory")
    args = p.parse_args(argv)
    bid = publish(Spec(articles=args.articles, seed=args.seed), args.out)
    print(f"published {args.articles} generated articles to {args.out} (build {bid})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
