"""delta.combine: a few new rows merged into a sorted published table give the table a full sort gives."""
import random

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
    assert delta._merged("meeting_events", events, events) is None  # a float among the order columns
