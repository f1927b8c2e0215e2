"""A tiny contract-shaped build written by hand, for dashboard tests (optional tables switchable)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from data_pipeline.store.tables import to_table

TEXTS = {
    "a1": "Anna Berg met Carl Dorn in Oslo on Monday. Arms supplies were discussed at Acme.",
    "a2": "Carl Dorn called Eva Falk. The ceasefire was the subject. Anna Berg will meet Carl Dorn in February.",
    "a3": "A 100% sure_thing: Anna Berg spoke about Norway.",
}
META = {"a1": (date(2024, 1, 3), "Agency A", "Ministers meet"),
        "a2": (date(2024, 1, 20), "Agency B", "A call and a plan"),
        "a3": (None, None, None)}
ENTITIES = [("person:anna-berg", "Anna Berg", "PERSON", ["Anna Berg", "Berg"], "Norway"),
            ("person:carl-dorn", "Carl Dorn", "PERSON", ["Carl Dorn"], "Sweden"),
            ("person:eva-falk", "Eva Falk", "PERSON", ["Eva Falk"], None),
            ("gpe:oslo", "Oslo", "GPE", ["Oslo"], None),
            ("gpe:norway", "Norway", "GPE", ["Norway"], None),
            ("org:acme", "Acme", "ORG", ["Acme"], None)]
# (article, a, b, kind, status, date, confidence, place, evidence sentence prefix)
MEETINGS = [("a1", "person:anna-berg", "person:carl-dorn", "meeting", "held", date(2024, 1, 1), 0.9, "Oslo", "Anna Berg met"),
            ("a2", "person:carl-dorn", "person:eva-falk", "phone_call", "held", date(2024, 1, 19), 0.4, None, "Carl Dorn called"),
            ("a2", "person:anna-berg", "person:carl-dorn", "meeting", "planned", date(2024, 2, 1), 0.7, None, "Anna Berg will")]


def _mentions() -> list[dict]:
    rows = []
    for aid, text in TEXTS.items():
        for eid, name, _, aliases, _ in ENTITIES:
            for surface in aliases:
                start = text.find(surface)
                while start >= 0:
                    if not any(r["article_id"] == aid and r["start"] <= start < r["end"] for r in rows):
                        rows.append({"article_id": aid, "entity_id": eid, "text": surface, "start": start,
                                     "end": start + len(surface), "sentence": text[:start].count(". ")})
                    start = text.find(surface, start + 1)
    return rows


def _sentence(text: str, prefix: str) -> tuple[int, int, str]:
    start = text.find(prefix)
    end = text.find(".", start) + 1
    return start, end, text[start:end]


def write(out: Path, optional: bool = True, drop: dict[str, list[str]] | None = None) -> Path:
    """Write the corpus into `out`; `optional` adds meeting_events, roles, resolution and emerging_terms;
    `drop` removes columns from tables (to mimic older builds)."""
    out.mkdir(parents=True, exist_ok=True)
    meetings = []
    for aid, a, b, kind, status, day, conf, place, prefix in MEETINGS:
        s, e, sent = _sentence(TEXTS[aid], prefix)
        meetings.append({"article_id": aid, "a": a, "b": b, "kind": kind, "status": status, "date": day,
                         "date_source": "text", "place": place, "evidence": sent, "start": s, "end": e,
                         "confidence": conf, "event_id": f"ev-{aid}-{s}" if optional else None,
                         "reason": "subject-object"})
    tables = {
        "articles": [{"article_id": aid, "path": f"{aid}.txt", "title": META[aid][2], "source": META[aid][1],
                      "published": META[aid][0], "date_source": "header" if META[aid][0] else "none",
                      "language": "en", "text": text, "n_words": len(text.split()), "other_paths": []}
                     for aid, text in TEXTS.items()],
        "entities": [dict(zip(["entity_id", "name", "type", "aliases", "country"], e)) for e in ENTITIES],
        "mentions": _mentions(),
        "meetings": meetings,
        "topics": [{"article_id": "a1", "topic": "arms supplies", "score": 0.5},
                   {"article_id": "a2", "topic": "ceasefire", "score": 0.3}],
        "topic_sentences": [{"article_id": "a1", "topic": "arms supplies", "phrase": "arms supply",
                             **dict(zip(["start", "end", "sentence"], _sentence(TEXTS["a1"], "Arms supplies")))},
                            {"article_id": "a2", "topic": "ceasefire", "phrase": "ceasefire",
                             **dict(zip(["start", "end", "sentence"], _sentence(TEXTS["a2"], "The ceasefire")))}],
    }
    if optional:
        tables["meeting_events"] = [{"event_id": m["event_id"], "a": m["a"], "b": m["b"], "kind": m["kind"],
                                     "status": m["status"], "date": m["date"], "place": m["place"], "n_articles": 1,
                                     "article_ids": [m["article_id"]], "first_reported": META[m["article_id"]][0],
                                     "confidence": m["confidence"]} for m in meetings]
        tables["roles"] = [{"entity_id": "person:anna-berg", "role": "defense minister", "org": None,
                            "country": "Norway", "article_id": "a1", "date": date(2024, 1, 3)}]
        tables["resolution"] = [{"entity_id": "person:anna-berg", "surface": "Berg", "reason": "surname-in-article",
                                 "article_id": "a1"}]
        tables["emerging_terms"] = [{"month": date(2024, 1, 1), "term": "ceasefire", "count": 2, "score": 3.5}]
    for name, rows in tables.items():
        table = to_table(name, rows)
        for col in (drop or {}).get(name, []):
            table = table.drop_columns([col])
        pq.write_table(table, out / f"{name}.parquet")
    (out / "manifest.json").write_text(json.dumps({"build_id": f"test-{optional}", "counts": {}}), encoding="utf-8")
    return out
