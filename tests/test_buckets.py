"""run/buckets.py: a mapping that unpickles bucket by bucket, and behaves as the dict it holds."""
import pickle

from data_pipeline.run import buckets
from data_pipeline.run.buckets import Buckets


def _index(n: int) -> dict[str, list[tuple[str, str]]]:
    return {f"term {i}": [(f"article-{j}", "noun") for j in range(i % 5)] for i in range(n)}


def test_buckets_behaves_as_the_dict():
    plain = _index(3000)
    got = Buckets(plain)
    assert got == plain and plain == got and len(got) == 3000 and sorted(got) == sorted(plain)
    assert got["term 7"] == plain["term 7"] and "term 7" in got and "nothing" not in got and 5 not in got
    got.setdefault("new term", []).append(("article-x", "name"))
    got["term 7"].append(("article-y", "noun"))
    del got["term 8"]
    assert got.get("term 8") is None and got.get("new term") == [("article-x", "name")]


def test_buckets_pickle_round_trip_decodes_only_what_is_used():
    state = Buckets(_index(20000))
    again = pickle.loads(pickle.dumps(state))
    assert again.decoded() == 0
    again.setdefault("term 5", []).append(("article-z", "noun"))
    assert again["term 11"] == [(f"article-{j}", "noun") for j in range(1)]
    assert "absent term" not in again
    assert again.decoded() <= 3
    third = pickle.loads(pickle.dumps(again))  # decoded buckets are encoded again with their changes
    assert third["term 5"][-1] == ("article-z", "noun") and len(third) == 20000
    assert third == {**_index(20000), "term 5": _index(20000)["term 5"] + [("article-z", "noun")]}


def test_buckets_read_with_another_bucket_count(monkeypatch):
    blob = pickle.dumps(Buckets(_index(500)))
    monkeypatch.setattr(buckets, "BUCKETS", 64)
    got = pickle.loads(blob)
    assert got == _index(500) and got["term 3"] == _index(500)["term 3"]


def test_buckets_keep_the_resolution_titles_of_a_delta_state():
    from data_pipeline.resolve import aggregates
    from data_pipeline.run import delta

    titles = {f"article-{i}": (None, [i], [], ["Harbour Master"], {}) for i in range(300)}
    state = aggregates.State(titles=titles, title_of={"f:harbour master": ["article-3"]})
    kept = delta._kept_resolution(state)
    assert isinstance(kept, bytes) and state.titles is titles  # the live state is left as it was
    back = delta._resolution_state(kept)
    assert isinstance(back.titles, Buckets) and back.titles.decoded() == 0
    assert back.titles["article-3"] == titles["article-3"] and back.titles == titles
    assert delta._resolution_state(delta._kept_resolution(back)).titles == titles
