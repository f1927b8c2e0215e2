"""A 12-article contract-shaped build for the picker tests (tests/test_dashboard_picker.py, tests/test_browser_picker.py),
written by hand with invented people: more people, organisations and meeting places than a lowered sidebar list
(`--list-size 3`) offers, so some can only be found by name.

- people mentioned 12, 11, ... times, so the list keeps the first three;
- RARE: mentioned in one article only, with accents in the name and a Cyrillic spelling, meeting TWIN_A at a place
  met at only once (past the places list too);
- two different people with one name (TWIN_A, TWIN_B), whose labels must tell them apart;
- organisations mentioned once each, past the organisations list.
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pyarrow.parquet as pq

from data_pipeline.store.tables import to_table

BUSY = ["Maren Solvik", "Teodor Aska", "Ines Valder", "Oren Kallis", "Rut Emberg", "Sigrid Hollo"]
RARE = ("person:ciril-zabota", "Ćiril Žabota", "Цирил Жабота")
TWIN_A, TWIN_B = "person:lena-ostrow", "person:lena-ostrow-2"  # both named "Lena Ostrow"
ORGS = ["Norrland Council", "Alder Trust", "Quill Agency", "Vey Foundation", "Harth Union"]
RARE_PLACE = "Kessa Bay"
PLACES = ["Vastby", "Oldmere", "Tarn", "Brenholm"]
START = date(2025, 2, 3)


def _pid(name: str) -> str:
    return "person:" + name.lower().replace(" ", "-")


def _articles() -> list[tuple[str, date, str, list[tuple[str, str, str]], list[str]]]:
    """(id, published, text, meetings [(a id, b id, place)], mentioned entity ids)."""
    arts = []
    for i in range(12):
        here = [n for k, n in enumerate(BUSY) if i < 12 - 2 * k]  # BUSY[k] in 12 - 2k articles
        a, b = here[0], here[-1] if len(here) > 1 else BUSY[1]
        place = PLACES[i % len(PLACES)]
        org = ORGS[i] if i < len(ORGS) else None
        text = f"{a} met {b} in {place}. " + " ".join(f"{n} spoke." for n in here[1:-1])
        mentioned = [_pid(n) for n in here] + ([_pid(b)] if b not in here else [])
        if org:
            text += f" The {org} sent observers."
            mentioned.append("org:" + org.lower().replace(" ", "-"))
        arts.append((f"a{i}", START + timedelta(days=7 * i), text, [(_pid(a), _pid(b), place)], mentioned))
    arts.append(("r1", START + timedelta(days=90), f"{RARE[1]} met Lena Ostrow in {RARE_PLACE} to talk about ferries.",
                 [(RARE[0], TWIN_A, RARE_PLACE)], [RARE[0], TWIN_A]))
    arts.append(("r2", START + timedelta(days=91), "Lena Ostrow, the harbour engineer, inspected the Vastby docks.",
                 [], [TWIN_B]))
    return arts


def _entities() -> list[dict]:
    ents = [{"entity_id": _pid(n), "name": n, "type": "PERSON", "aliases": [n], "country": "Velloria"} for n in BUSY]
    ents += [{"entity_id": RARE[0], "name": RARE[1], "type": "PERSON", "aliases": [RARE[1], RARE[2]], "country": None},
             {"entity_id": TWIN_A, "name": "Lena Ostrow", "type": "PERSON", "aliases": ["Lena Ostrow"],
              "country": "Calder"},
             {"entity_id": TWIN_B, "name": "Lena Ostrow", "type": "PERSON", "aliases": ["Lena Ostrow"],
              "country": None}]
    ents += [{"entity_id": "org:" + o.lower().replace(" ", "-"), "name": o, "type": "ORG", "aliases": [o],
              "country": None} for o in ORGS]
    return ents


def write(out: Path) -> Path:
    """Write the corpus as a build in `out` (parquet tables and a manifest); returns `out`."""
    out.mkdir(parents=True, exist_ok=True)
    ents = {e["entity_id"]: e for e in _entities()}
    rows: dict[str, list[dict]] = {t: [] for t in ("articles", "mentions", "meetings", "topics", "topic_sentences")}
    for aid, published, text, meetings, mentioned in _articles():
        rows["articles"].append({"article_id": aid, "path": f"{aid}.txt", "title": text.split(".")[0],
                                 "source": "Test Wire", "published": published, "date_source": "header",
                                 "language": "en", "text": text, "n_words": len(text.split()), "other_paths": []})
        for eid in dict.fromkeys(mentioned):
            surface = ents[eid]["name"]
            start = max(text.find(surface), 0)
            rows["mentions"].append({"article_id": aid, "entity_id": eid, "text": surface, "start": start,
                                     "end": start + len(surface), "sentence": 0})
        first = text[:text.index(". ") + 1] if ". " in text else text
        for k, (a, b, place) in enumerate(meetings):
            rows["meetings"].append({"article_id": aid, "a": a, "b": b, "kind": "meeting", "status": "held",
                                     "date": published - timedelta(days=1), "date_source": "text",
                                     "reported": published, "place": place, "evidence": first, "start": 0,
                                     "end": len(first), "confidence": 0.8, "event_id": f"ev-{aid}-{k}"})
    rows["entities"] = list(ents.values())
    for name, data in rows.items():
        pq.write_table(to_table(name, data), out / f"{name}.parquet")
    (out / "manifest.json").write_text(json.dumps({"build_id": "picker-corpus", "counts": {}}), encoding="utf-8")
    return out
