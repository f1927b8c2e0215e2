"""The delta build re-groups only the events of the new meetings' (pair, kind family) keys, reading only the months
whose articles reported those keys, and gives what grouping every meeting afresh gives."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from data_pipeline.events import grouping
from data_pipeline.run import delta as D
from data_pipeline.store import partitions
from data_pipeline.store.publish import previous_manifest, write_build
from data_pipeline.store.tables import to_table

P = ["person:alda-morn", "person:bex-tarrow", "person:cyl-odan", "person:dov-resk"]


def _meeting(aid: str, a: str, b: str, day: date | None, kind: str = "meeting", start: int = 0) -> dict:
    return {"article_id": aid, "a": a, "b": b, "kind": kind, "status": "held", "date": day, "date_source": "text",
            "reported": day, "place": None, "evidence": f"{a} and {b} met.", "start": start, "end": start + 20,
            "confidence": 0.7, "event_id": None, "reason": "met"}


# (article, published) and its meetings: the pair P0-P1 in January and March, P2-P3 in February only
ARTICLES = {"j1": date(2023, 1, 10), "j2": date(2023, 1, 11), "f1": date(2023, 2, 3), "m1": date(2023, 3, 20),
            "u1": None}
OLD = [_meeting("j1", P[0], P[1], date(2023, 1, 9)), _meeting("j2", P[0], P[1], None, "talks", 40),
       _meeting("f1", P[2], P[3], date(2023, 2, 2)), _meeting("f1", P[0], P[1], None, "phone_call", 60),
       _meeting("m1", P[0], P[1], date(2023, 3, 19)), _meeting("u1", P[2], P[3], None)]


def _published(tmp_path, rows: list[dict]):
    """A published build of ARTICLES with `rows` as meetings (event ids from grouping every row)."""
    days = dict(ARTICLES)
    events, ids = grouping.group(rows, days)
    rows = [dict(r, event_id=e) for r, e in zip(rows, ids)]
    arts = [{"article_id": aid, "path": f"{aid}.txt", "title": aid, "source": "Wire", "author": None, "url": None,
             "published": day, "date_source": "header" if day else "none", "language": "en", "text": "x",
             "n_words": 1, "other_paths": [], "date_evidence": ""} for aid, day in ARTICLES.items()]
    tables = {name: to_table(name, []) for name in partitions.PARTITIONED}
    tables.update(articles=to_table("articles", arts), meetings=to_table("meetings", rows),
                  meeting_events=to_table("meeting_events", events))
    write_build(tmp_path / "data", tables, {"schema_version": 1, "pipeline_version": "test"})
    return previous_manifest(tmp_path / "data"), rows


def test_regroup_events_equals_grouping_everything_and_reads_only_the_pairs_months(tmp_path, monkeypatch):
    (build, man), old = _published(tmp_path, OLD)
    read: list[set[str]] = []
    real = D.read_months
    monkeypatch.setattr(D, "read_months", lambda *a, **k: read.append(set(a[3])) or real(*a, **k))
    # a new report of P0-P1 two days before the January meeting: that event starts earlier and is renamed
    by_id = {aid: SimpleNamespace(published=day) for aid, day in {**ARTICLES, "n1": date(2023, 1, 8)}.items()}
    new = [_meeting("n1", P[0], P[1], date(2023, 1, 7), start=5)]
    events, changed = D.regroup_events(build, man, [dict(r) for r in new], by_id)

    everything = old + new
    want_events, want_ids = grouping.group(everything, {aid: ns.published for aid, ns in by_id.items()})
    assert events.equals(D.combine("meeting_events", to_table("meeting_events", []),
                                   to_table("meeting_events", want_events)))
    want_changed = {D.meeting_key(r): e for r, e in zip(old, want_ids) if e != r["event_id"]}
    assert changed == want_changed and changed  # the January rows of the in-person family got the new id
    # January (j1, j2) and March (m1); not February, whose P0-P1 row is a phone call (another family) and
    # whose P2-P3 meeting is another pair
    assert read == [{"2023-01", "2023-03"}]


def test_regroup_events_of_a_new_pair_reads_no_meetings(tmp_path, monkeypatch):
    (build, man), old = _published(tmp_path, OLD)
    read: list[set[str]] = []
    real = D.read_months
    monkeypatch.setattr(D, "read_months", lambda *a, **k: read.append(set(a[3])) or real(*a, **k))
    by_id = {aid: SimpleNamespace(published=day) for aid, day in {**ARTICLES, "n2": date(2023, 2, 9)}.items()}
    new = [_meeting("n2", P[0], P[3], date(2023, 2, 8))]
    events, changed = D.regroup_events(build, man, [dict(r) for r in new], by_id)
    want_events, _ = grouping.group(old + new, {aid: ns.published for aid, ns in by_id.items()})
    assert events.equals(D.combine("meeting_events", to_table("meeting_events", []),
                                   to_table("meeting_events", want_events)))
    assert changed == {} and read == [set()]
