"""run/prefetch.py: a rebuild's parse and tagging sent to the model process ahead, taken when asked for."""
from __future__ import annotations

from data_pipeline.ingest.article import Article
from data_pipeline.run import engine as E
from data_pipeline.run.engine import Engine
from data_pipeline.run.prefetch import Prefetch


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class _FakeWarm:
    """Records what is sent; answers analyse_chunk with one dict per article, topics_chunk with one per item."""

    def __init__(self):
        self.sent = []

    def submit(self, fn, *args):
        self.sent.append((fn, args))
        if fn is E.analyse_chunk:
            return _Done([{"from": "warm", "path": a.path} for a in args[0]])
        return _Done([{"from": "warm", "aid": aid} for aid, _, _ in args[0]])


class _FakeRunner:
    def __init__(self, warm, chunk: int = 2):
        self.warm, self.engine, self.asked = warm, Engine(batch_size=chunk), []

    def analyses(self, articles):
        self.asked.append(("analyses", [a.path for a in articles]))
        return iter([{"from": "runner", "path": a.path} for a in articles])

    def topics(self, items, taxonomy, russian=False):
        self.asked.append(("topics", [aid for aid, _, _ in items]))
        return iter([{"from": "runner", "aid": aid} for aid, _, _ in items])


def _arts(*names):
    return [Article(path=f"{n}.txt", text=f"Text of {n}.") for n in names]


def test_prefetch_sends_the_parse_when_asked_to_and_answers_from_it_without_the_runner():
    warm = _FakeWarm()
    runner = _FakeRunner(warm)
    p = Prefetch(runner)
    arts = _arts("a", "b", "c")
    p.send_analyses(arts)
    assert [fn for fn, _ in warm.sent] == [E.analyse_chunk] * len(E.chunks(arts, runner.engine.chunk_size))
    assert [args[0] for _, args in warm.sent] == E.chunks(arts, runner.engine.chunk_size)  # the Runner's chunks
    got = list(p.analyses(arts))
    assert got == [{"from": "warm", "path": a.path} for a in arts] and runner.asked == []
    assert next(iter(p.analyses(arts)))["from"] == "runner"  # taken once: a second ask goes to the runner


def test_prefetch_asked_for_other_articles_goes_to_the_runner():
    runner = _FakeRunner(_FakeWarm())
    p = Prefetch(runner)
    p.send_analyses(_arts("a", "b"))
    assert [r["from"] for r in p.analyses(_arts("b", "a"))] == ["runner", "runner"]
    assert runner.asked == [("analyses", ["b.txt", "a.txt"])]


def test_prefetch_topics_answers_a_subset_in_the_asked_order_and_refuses_another_taxonomy():
    runner = _FakeRunner(_FakeWarm())
    p = Prefetch(runner)
    items = [(aid, {}, "text") for aid in ("x", "y", "z")]
    p.send_topics(items, {"t": {"phrases": ["a"]}})
    assert list(p.topics([items[2], items[0]], {"t": {"phrases": ["a"]}})) == [
        {"from": "warm", "aid": "z"}, {"from": "warm", "aid": "x"}]
    p.send_topics(items, {"t": {"phrases": ["a"]}})
    assert [r["from"] for r in p.topics(items, {"t": {"phrases": ["b"]}})] == ["runner"] * 3
    p.send_topics(items, {"t": {"phrases": ["a"]}}, russian=False)
    assert [r["from"] for r in p.topics(items, {"t": {"phrases": ["a"]}}, russian=True)] == ["runner"] * 3


def test_prefetch_without_a_model_process_sends_nothing_and_is_the_runner():
    runner = _FakeRunner(None)
    p = Prefetch(runner)
    p.send_analyses(_arts("a"))
    p.send_topics([("a", {}, "t")], {})
    assert [r["from"] for r in p.analyses(_arts("a"))] == ["runner"]
    assert p.engine is runner.engine  # everything else is the runner's
