"""delta.combine: a few new rows merged into a sorted published table give the table a full sort gives."""
import random
from datetime import date

import pyarrow as pa
import pytest

from data_pipeline.run import delta
from data_pipeline.store import tables

WORDS = ["grain", "harbour", "ferry", "tariff", "bridge", "Übergang", "пристань", "zone"]


def _terms(rng: random.Random, n: int, prefix: str = "") -> pa.Table:
    return tables.to_table("article_terms", {
        "article_id": [f"{prefix}{rng.randint(0, 40):03d}" for _ in range(n)],
        "term": [rng.choice(WORDS) for _ in range(n)], "kind": [rng.choice(["phrase", "name"]) for _ in range(n)]})


@pytest.mark.parametrize("seed", range(12))
def test_delta_combine_merges_like_a_full_sort(seed):
    rng = random.Random(seed)
    old = _terms(rng, rng.randint(0, 300))
    new = _terms(rng, rng.randint(1, 12), prefix=rng.choice(["", "0", "9"]))  # before, among and after the old
    old = pa.concat_tables([old.slice(0, old.num_rows // 2), old.slice(old.num_rows // 2)])  # in several chunks
    got = delta.combine("article_terms", old, new)
    assert delta._merged("article_terms", old, new) is not None
    assert got.combine_chunks().equals(tables.sort("article_terms", pa.concat_tables([old, new])))


def test_delta_combine_sorts_when_it_cannot_merge():
    rng = random.Random(5)
    old, new = _terms(rng, 50), _terms(rng, 3)
    shuffled = old.take(list(reversed(range(old.num_rows))))  # not in order: the merge notices and declines
    assert delta._merged("article_terms", shuffled, new) is None
    want = tables.sort("article_terms", pa.concat_tables([old, new]))
    assert delta.combine("article_terms", shuffled, new).equals(want)
    events = tables.to_table("meeting_events", [{"event_id": "ev1", "a": "x", "b": "y", "kind": "meeting",
                                                 "status": "held", "n_articles": 1, "confidence": 0.5}])
    again = tables.to_table("meeting_events", [{**events.to_pylist()[0], "confidence": 0.25}])
    assert delta._merged("meeting_events", events, again) is None  # ties up to a float column: not told here
    assert delta.combine("meeting_events", events, again).column("confidence").to_pylist() == [0.25, 0.5]


def _events(rng: random.Random, n: int) -> pa.Table:
    return tables.to_table("meeting_events", [
        {"event_id": f"ev{rng.randint(0, 10 ** 6):07d}", "a": rng.choice(WORDS), "b": rng.choice(WORDS),
         "kind": "meeting", "status": rng.choice(["held", "planned", None]),
         "date": rng.choice([None, date(2024, 5, rng.randint(1, 28))]), "place": rng.choice([None, "Keldmouth"]),
         "n_articles": rng.randint(1, 4), "article_ids": ["a1"], "first_reported": date(2024, 6, 1),
         "confidence": rng.random()} for _ in range(n)])


@pytest.mark.parametrize("seed", range(6))
def test_delta_combine_merges_events_by_their_id(seed):
    rng = random.Random(seed)
    old, new = _events(rng, rng.randint(0, 200)), _events(rng, rng.randint(1, 6))
    got = delta.combine("meeting_events", old, new)
    assert got.combine_chunks().equals(tables.sort("meeting_events", pa.concat_tables([old, new])))
    assert delta._merged("meeting_events", old, new) is not None  # event ids differ: merged, not sorted
