"""Cross-article grouping of meeting rows into meeting_events."""
from __future__ import annotations

from datetime import date

from data_pipeline.events.grouping import group


def row(article: str, a: str, b: str, kind: str = "meeting", when: str | None = "2023-03-10",
        start: int = 0, place: str | None = None, status: str = "held") -> dict:
    return {"article_id": article, "a": a, "b": b, "kind": kind, "date": when, "start": start,
            "place": place, "status": status, "confidence": 0.8}


PUB = {"a1": date(2023, 3, 10), "a2": date(2023, 3, 11), "a3": date(2023, 3, 20)}


def test_events_same_pair_within_two_days_is_one_event():
    rows = [row("a1", "p:x", "p:y", place="Rome"), row("a2", "p:y", "p:x", when="2023-03-11"),
            row("a3", "p:x", "p:y", when="2023-03-20")]
    events, ids = group(rows, PUB)
    assert len(events) == 2 and ids[0] == ids[1] != ids[2]
    first = next(e for e in events if e["event_id"] == ids[0])
    assert (first["a"], first["b"], first["n_articles"]) == ("p:x", "p:y", 2)
    assert first["article_ids"] == ["a1", "a2"] and first["first_reported"] == date(2023, 3, 10)
    assert first["place"] == "Rome"


def test_events_kinds_of_different_families_stay_apart():
    events, ids = group([row("a1", "p:x", "p:y"), row("a1", "p:x", "p:y", kind="phone_call", start=50),
                         row("a2", "p:x", "p:y", kind="talks")], PUB)
    assert len(events) == 2 and ids[0] == ids[2] != ids[1]


def test_events_undated_row_joins_the_only_dated_event():
    events, ids = group([row("a1", "p:x", "p:y"), row("a2", "p:x", "p:y", when=None)], PUB)
    assert len(events) == 1 and ids[0] == ids[1]


def test_events_ids_are_stable_and_independent_of_row_order():
    rows = [row("a1", "p:x", "p:y"), row("a3", "p:u", "p:v", when="2023-03-20"), row("a2", "p:x", "p:y")]
    events, ids = group(rows, PUB)
    events2, ids2 = group(list(reversed(rows)), PUB)
    assert sorted(e["event_id"] for e in events) == sorted(e["event_id"] for e in events2)
    assert ids == list(reversed(ids2))
    assert all(e.startswith("ev-") for e in ids)


def test_events_status_held_wins_over_planned():
    events, _ = group([row("a1", "p:x", "p:y", status="planned"), row("a2", "p:x", "p:y")], PUB)
    assert events[0]["status"] == "held"


def test_events_seeds_build_links_every_meeting_to_an_event(seeds_tables):
    meetings, events = seeds_tables["meetings"], seeds_tables["meeting_events"]
    assert meetings["event_id"].notna().all()
    assert set(meetings["event_id"]) == set(events["event_id"])
    assert events["event_id"].is_unique
