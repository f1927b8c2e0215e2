"""A 36-article contract-shaped build for the analyst browser tests (tests/test_browser_analyst.py), written by
hand: invented people and sentences, each shaped to exercise one thing the dashboard must get right.

- a summit where eight ministers of four countries all meet one another (a dense cluster to label);
- a pair that meets twice on one day and again later (markers to stack);
- meetings whose text states no date (reported only), and articles with no publication date;
- an article without a headline; two articles naming both of two surnames far apart (an AND search);
- places: cities, a country, and a place no gazetteer knows; kinds including phone calls;
- one person mentioned in a single month only (a one-month chart).
"""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pyarrow.parquet as pq

from data_pipeline.store.tables import to_table

COUNTRIES = {"Velloria": ["Ilse Marwen", "Tomas Quell"], "Ostrava Nova": ["Dmitri Sallow", "Kira Fenn"],
             "Calder": ["Rafe Oduya", "Lina Porte"], "Meridia": ["Oskar Thale", "Vera Lune"]}
PAIR = ("Hanne Brask", "Jonas Ekwall")          # meets twice on one day
LONE = "Petra Swain"                              # mentioned in one month only
CALLER = ("Ada Korval", "Bruno Fidel")            # phone calls, one undated
SUMMIT_DAY = date(2024, 3, 12)


def _pid(name: str) -> str:
    return "person:" + name.lower().replace(" ", "-")


def _country_of() -> dict[str, str]:
    out = {n: c for c, names in COUNTRIES.items() for n in names}
    out.update({PAIR[0]: "Velloria", PAIR[1]: "Calder", LONE: "Meridia", CALLER[0]: "Ostrava Nova",
                CALLER[1]: "Velloria"})
    return out


def _articles() -> list[dict]:
    """(id, title, published, text, meetings[(a, b, kind, status, date, place)])."""
    arts = []
    ministers = [n for names in COUNTRIES.values() for n in names]
    for i, a in enumerate(ministers):           # the summit: everyone meets everyone, one article each
        others = [b for b in ministers if b != a]
        text = (f"{a} met {', '.join(others[:-1])} and {others[-1]} at the regional summit in Geneva. "
                f"The delegations discussed grain corridors and river shipping.")
        arts.append((f"s{i}", f"{a} joins the Geneva summit", SUMMIT_DAY + timedelta(days=1), text,
                     [(a, b, "meeting", "held", SUMMIT_DAY, "Geneva") for b in others if a < b]))
    day = date(2024, 5, 20)
    arts.append(("p1", "Two rounds in one day", day + timedelta(days=1),
                 f"{PAIR[0]} met {PAIR[1]} in the morning in Oslo. {PAIR[0]} and {PAIR[1]} met again "
                 "in the evening to sign the fisheries protocol.",
                 [(PAIR[0], PAIR[1], "meeting", "held", day, "Oslo"),
                  (PAIR[0], PAIR[1], "talks", "held", day, "Oslo")]))
    arts.append(("p2", "A later round", date(2024, 7, 2),
                 f"{PAIR[0]} held talks with {PAIR[1]} in Norway on fisheries quotas.",
                 [(PAIR[0], PAIR[1], "talks", "held", date(2024, 7, 1), "Norway")]))
    for i in range(4):                          # meetings whose date the text never states
        arts.append((f"u{i}", f"Ministers keep in touch ({i + 1})", date(2024, 9, 1 + 7 * i),
                     f"{CALLER[0]} spoke by phone with {CALLER[1]} about the corridor tariffs, the ministry said. "
                     f"Officials gave no date for the call.",
                     [(CALLER[0], CALLER[1], "phone_call", "held", None, None)]))
    arts.append(("n1", None, date(2024, 9, 30),   # no headline
                 f"Negotiators from Calder and Meridia resumed work on the water treaty. {LONE} chaired the "
                 "technical session.", []))
    arts.append(("w1", "Corridor notes", date(2024, 10, 3),
                 "Brask raised the quota question first. Much later in the day, the tariff schedule came up, "
                 "and Ekwall answered it.", []))
    arts.append(("w2", "Quota answer", date(2024, 10, 4),
                 "Ekwall wrote the reply. The committee thanked Brask for the draft.", []))
    arts.append(("x1", "Talks in an unnamed hall", date(2024, 10, 10),
                 f"{PAIR[1]} met {CALLER[0]} in the Amber Pavilion of Nowhere to discuss rail links.",
                 [(PAIR[1], CALLER[0], "meeting", "held", date(2024, 10, 9), "the Amber Pavilion of Nowhere")]))
    arts.append(("x2", "A planned visit", date(2024, 10, 20),
                 f"{CALLER[1]} will visit {PAIR[0]} next month in Oslo.",
                 [(CALLER[1], PAIR[0], "visit", "planned", date(2024, 11, 15), "Oslo")]))
    for i in range(17):                         # filler news, some undated, one month of mentions for LONE
        published = None if i % 4 == 3 else date(2024, 4, 2 + i)  # April only
        text = (f"{LONE} reviewed the budget of the river authority, item {i + 1}." if i < 6
                else f"The river authority published its weekly bulletin number {i + 1}.")
        arts.append((f"f{i}", f"River bulletin {i + 1}", published, text, []))
    return arts


def write(out: Path) -> Path:
    """Write the corpus as a build in `out` (parquet tables and a manifest); returns `out`."""
    out.mkdir(parents=True, exist_ok=True)
    country_of = _country_of()
    names = sorted(country_of)
    rows: dict[str, list[dict]] = {t: [] for t in ("articles", "mentions", "meetings", "topics", "topic_sentences")}
    for aid, title, published, text, meetings in _articles():
        rows["articles"].append({"article_id": aid, "path": f"{aid}.txt", "title": title, "source": "Test Wire",
                                 "author": None, "url": None, "published": published,
                                 "date_source": "header" if published else "none", "language": "en",
                                 "text": text, "n_words": len(text.split()), "other_paths": []})
        for name in names:
            for surface in (name, name.split()[-1]):
                start = text.find(surface)
                while start >= 0:
                    if not any(m["article_id"] == aid and m["start"] <= start < m["end"] for m in rows["mentions"]):
                        rows["mentions"].append({"article_id": aid, "entity_id": _pid(name), "text": surface,
                                                 "start": start, "end": start + len(surface), "sentence": 0})
                    start = text.find(surface, start + 1)
        first = text[:text.index(". ") + 1] if ". " in text else text
        for k, (a, b, kind, status, day, place) in enumerate(meetings):
            rows["meetings"].append({"article_id": aid, "a": _pid(a), "b": _pid(b), "kind": kind, "status": status,
                                     "date": day, "date_source": "text" if day else "none", "reported": published,
                                     "place": place, "evidence": first, "start": 0, "end": len(first),
                                     "confidence": 0.8, "event_id": f"ev-{aid}-{k}"})
        if "corridor" in text or "tariff" in text:
            rows["topics"].append({"article_id": aid, "topic": "trade", "score": 0.5})
            rows["topic_sentences"].append({"article_id": aid, "topic": "trade", "sentence": first, "start": 0,
                                            "end": len(first), "phrase": "tariff"})
    rows["entities"] = [{"entity_id": _pid(n), "name": n, "type": "PERSON", "aliases": [n, n.split()[-1]],
                         "country": country_of[n]} for n in names]
    rows["entities"] += [{"entity_id": "gpe:geneva", "name": "Geneva", "type": "GPE", "aliases": ["Geneva"],
                          "country": None}]
    for name, data in rows.items():
        pq.write_table(to_table(name, data), out / f"{name}.parquet")
    (out / "manifest.json").write_text(json.dumps({"build_id": "analyst-corpus", "counts": {}}), encoding="utf-8")
    return out
