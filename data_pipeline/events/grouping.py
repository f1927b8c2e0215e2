"""Cross-article events: the same interaction reported by several articles becomes one event.

Rows join one event when they name the same unordered pair, the same family of kind
(in person: meeting/talks/visit; phone_call; message) and dates within `WINDOW` days.
A row without a date joins the pair's only dated event, else an undated event of its own.
Event ids hash the pair, family and first date, so the same input always gives the same ids.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import lru_cache

WINDOW = timedelta(days=2)
FAMILY = {"meeting": "in_person", "talks": "in_person", "visit": "in_person",
          "phone_call": "phone_call", "message": "message"}
KIND_ORDER = ["meeting", "talks", "visit", "phone_call", "message"]
STATUS_ORDER = ["held", "planned", "cancelled"]


@lru_cache(maxsize=1 << 16)
def _as_date(value) -> date | None:
    """A row's date (a date or an ISO string) as a date, or None; memoised (asked several times per row)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def event_id(a: str, b: str, family: str, anchor: str) -> str:
    """Stable id of an event from its pair, kind family and first date (or first row when undated)."""
    digest = hashlib.sha1(f"{a}|{b}|{family}|{anchor}".encode("utf-8")).hexdigest()[:12]
    return f"ev-{digest}"


def _clusters(rows: list[dict]) -> list[list[dict]]:
    """Split one pair+family's rows into date clusters (gaps over WINDOW start a new event)."""
    dated = sorted((r for r in rows if _as_date(r["date"])), key=lambda r: (_as_date(r["date"]), r["article_id"]))
    undated = sorted((r for r in rows if not _as_date(r["date"])),
                     key=lambda r: (r["article_id"], r["start"], r.get("end") or 0, r["kind"]))  # any row order
    clusters: list[list[dict]] = []
    for r in dated:
        if clusters and _as_date(r["date"]) - _as_date(clusters[-1][-1]["date"]) <= WINDOW:
            clusters[-1].append(r)
        else:
            clusters.append([r])
    if len(clusters) == 1:
        clusters[0] += undated
    elif undated:
        clusters.append(undated)
    return clusters


def _summary(members: list[dict], published: dict[str, date | None]) -> dict:
    kinds = Counter(r["kind"] for r in members)
    kind = min(kinds, key=lambda k: (-kinds[k], KIND_ORDER.index(k) if k in KIND_ORDER else 99))
    statuses = {r.get("status") or "held" for r in members}
    status = next((s for s in STATUS_ORDER if s in statuses), sorted(statuses)[0])
    dates = Counter(_as_date(r["date"]) for r in members if _as_date(r["date"]))
    when = min(dates, key=lambda d: (-dates[d], d)) if dates else None
    places = Counter(r["place"] for r in members if r.get("place"))
    place = min(places, key=lambda p: (-places[p], p)) if places else None
    article_ids = sorted({r["article_id"] for r in members})
    reported = [d for d in (published.get(a) for a in article_ids) if d]
    return {"kind": kind, "status": status, "date": when, "place": place, "n_articles": len(article_ids),
            "article_ids": article_ids, "first_reported": min(reported) if reported else None,
            "confidence": round(max(r["confidence"] for r in members), 2)}


def group_key(row: dict) -> tuple[str, str, str]:
    """The (pair, kind family) a meeting row or an event row is grouped under; events of one key never depend on
    another key's rows."""
    a, b = sorted((row["a"], row["b"]))
    return a, b, FAMILY.get(row["kind"], row["kind"])


def group(rows: list[dict], published: dict[str, date | None]) -> tuple[list[dict], list[str]]:
    """(meeting_events rows, event_id of each input row in input order)."""
    by_key: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for n, r in enumerate(rows):
        by_key[group_key(r)].append(n)
    ids = [""] * len(rows)
    events = []
    for (a, b, family), idx in sorted(by_key.items()):
        members = [dict(rows[n], _n=n) for n in idx]
        for cluster in _clusters(members):
            first = _as_date(cluster[0]["date"])
            anchor = first.isoformat() if first else f"{cluster[0]['article_id']}:{cluster[0]['start']}"
            eid = event_id(a, b, family, anchor)
            for r in cluster:
                ids[r["_n"]] = eid
            events.append({"event_id": eid, "a": a, "b": b, **_summary(cluster, published)})
    return events, ids
