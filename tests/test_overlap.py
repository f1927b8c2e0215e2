"""Parsing while the input is read at one worker (run/overlap.py, engine.in_background)."""
import json
import multiprocessing as mp
import os
import time
from concurrent.futures.process import BrokenProcessPool
from functools import partial

import pytest

from data_pipeline.ingest.article import Article
from data_pipeline.run.engine import in_background
from data_pipeline.run.overlap import EarlyParse


def _art(n: int, language: str = "en", text: str | None = None) -> Article:
    return Article(path=f"{n}.txt", text=text or f"The ferry to island number {n} sails at dawn.", language=language)


def _wanted(art: Article) -> str | None:
    return f"key-{art.article_id}" if art.language == "en" else None


def _fake_parse(calls: list, arts: list[Article]) -> list[dict]:
    calls.append([a.path for a in arts])
    return [{"parsed": a.path} for a in arts]


def _keys(arts: list[Article]) -> dict[str, str]:
    return {a.article_id: _wanted(a) for a in arts}


def test_overlap_parses_only_complete_chunks_of_wanted_first_copies_in_order():
    calls = []
    early = EarlyParse(_wanted, partial(_fake_parse, calls), size=2)
    arts = [_art(0), _art(1, "fr"), _art(2), _art(3), _art(4)]
    copy = Article(path="copy.txt", text=arts[0].text)  # a later copy: left out, as dedupe leaves it out
    for a in arts[:3] + [copy] + arts[3:]:
        early.feed(a)
    assert calls == []  # feeding never parses: only idle time does
    assert early.idle() is True
    assert calls == [["0.txt", "2.txt"]]  # one chunk per idle call, the oldest first
    early.feed(_art(5))  # a chunk not complete yet waits
    assert early.idle() is True and early.idle() is False
    assert calls == [["0.txt", "2.txt"], ["3.txt", "4.txt"]]


def test_overlap_results_take_early_chunks_and_run_the_rest_in_input_order():
    calls, rest = [], []
    early = EarlyParse(_wanted, partial(_fake_parse, calls), size=2)
    todo = [_art(n) for n in range(5)]
    for a in todo:
        early.feed(a)
    while early.idle():
        pass
    assert calls == [["0.txt", "1.txt"], ["2.txt", "3.txt"]]  # 4 is a chunk not complete yet

    def run(part):
        rest.append([a.path for a in part])
        return [("late", a.path) for a in part]

    got = list(early.results(todo, _keys(todo), lambda part, ans: [("early", an["parsed"]) for an in ans], run))
    assert got == [("early", "0.txt"), ("early", "1.txt"), ("early", "2.txt"), ("early", "3.txt"), ("late", "4.txt")]
    assert rest == [["4.txt"]]


def test_overlap_a_chunk_whose_key_changed_is_parsed_again_in_its_turn():
    calls = []
    early = EarlyParse(_wanted, partial(_fake_parse, calls), size=2)
    todo = [_art(n) for n in range(4)]
    for a in todo:
        early.feed(a)
    while early.idle():
        pass
    keys = _keys(todo)
    keys[todo[1].article_id] = "another key"  # e.g. a later copy gave the article its publication date
    got = list(early.results(todo, keys, lambda part, ans: [an["parsed"] for an in ans],
                             lambda part: [f"again {a.path}" for a in part]))
    assert got == ["again 0.txt", "again 1.txt", "2.txt", "3.txt"]


def test_overlap_analysed_gives_early_chunks_and_parses_the_rest_as_asked():
    calls = []
    early = EarlyParse(_wanted, partial(_fake_parse, calls), size=2)
    todo = [_art(n) for n in range(5)]
    for a in todo:
        early.feed(a)
    assert early.idle() is True  # chunk 0-1 parsed early
    chunks = early.analysed(todo, _keys(todo))
    assert [a.path for a in next(chunks)[0]] == ["0.txt", "1.txt"] and len(calls) == 1  # taken, not parsed again
    part, analyses = next(chunks)
    assert analyses == [{"parsed": "2.txt"}, {"parsed": "3.txt"}] and calls[-1] == ["2.txt", "3.txt"]  # parsed now
    assert [a.path for a in next(chunks)[0]] == ["4.txt"]
    assert next(chunks, None) is None


def test_overlap_tagged_behind_keeps_order_and_parses_on_while_rows_are_not_back():
    from concurrent.futures import Future

    from data_pipeline.run.overlap import tagged_behind

    taken, futures = [], []

    def chunks():
        for n in range(3):
            taken.append(n)
            yield [f"art{n}"], [f"an{n}"]
        for k, fut in enumerate(futures):  # the rows come back only once every chunk was taken
            fut.set_result([f"rows{k}"])

    def submit(part, analyses):
        futures.append(Future())
        return futures[-1]

    got = tagged_behind(chunks(), submit, lambda analyses, rows: list(zip(analyses, rows)))
    assert next(got) == ("an0", "rows0")
    assert taken == [0, 1, 2]  # rows of chunk 0 not back: the next chunks were taken (parsed) instead of waiting
    assert list(got) == [("an1", "rows1"), ("an2", "rows2")]


def test_overlap_tagged_behind_yields_rows_back_before_taking_the_next_chunk():
    from concurrent.futures import Future

    from data_pipeline.run.overlap import tagged_behind

    taken = []

    def chunks():
        for n in range(3):
            taken.append(n)
            yield [n], [f"an{n}"]

    def submit(part, analyses):
        fut = Future()
        fut.set_result([f"rows{part[0]}"])  # tagged at once
        return fut

    got = tagged_behind(chunks(), submit, lambda analyses, rows: list(zip(analyses, rows)))
    assert next(got) == ("an0", "rows0") and taken == [0]  # nothing held back: memory stays one chunk
    assert list(got) == [("an1", "rows1"), ("an2", "rows2")]


def _slow_pid(n: int, seconds: float = 0.0) -> tuple[int, int]:
    time.sleep(seconds)
    return n, os.getpid()


def test_engine_in_background_keeps_order_and_works_here_meanwhile():
    idle = []

    def work() -> bool:
        idle.append(1)
        if len(idle) >= 3:
            return False  # no more work: wait for the reader
        time.sleep(0.01)
        return True

    got = list(in_background([partial(_slow_pid, n, 0.02) for n in range(40)], work))
    assert [n for n, _ in got] == list(range(40))
    assert {pid for _, pid in got} != {os.getpid()} and os.getpid() not in {pid for _, pid in got}
    assert len(idle) >= 3  # called while the first results were not ready
    assert mp.active_children() == []  # the reader is stopped once every result is read


def test_engine_in_background_too_few_calls_run_here():
    from data_pipeline.run.engine import MIN_BACKGROUND_CALLS

    few = [partial(_slow_pid, n) for n in range(MIN_BACKGROUND_CALLS - 1)]
    assert list(in_background(few, lambda: pytest.fail("no waiting here"))) == [(n, os.getpid()) for n in range(len(few))]
    assert list(in_background([], lambda: False)) == []


def _die(n: int) -> int:
    if n == 9:
        os._exit(3)  # the reader process dies (killed, out of memory)
    return n


def test_engine_in_background_reader_death_is_an_error_and_leaves_no_process():
    got = []
    with pytest.raises(BrokenProcessPool):
        for n in in_background([partial(_die, n) for n in range(40)], lambda: False):
            got.append(n)
    assert got == list(range(len(got))) and len(got) < 40
    deadline = time.monotonic() + 20
    while mp.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert mp.active_children() == []


def _write_inputs(folder) -> None:
    """Enough articles for several chunks, and the inputs that do not read: each must stay one skip."""
    folder.mkdir()
    for n in range(40):
        (folder / f"note{n:02d}.txt").write_text(
            f"Published 2022-03-{n % 28 + 1:02d}\nThe water board of Lindmoor met on Friday, note {n}. Its head, "
            f"Greta Halvorsen, said pump station {n * 3} would be rebuilt before the winter.\n")
    (folder / "copy.txt").write_text((folder / "note05.txt").read_text())
    (folder / "empty.txt").write_text("  \n")
    (folder / "blob.txt").write_bytes(b"\x00\x02\x03binary")
    (folder / "feed.jsonl").write_text(json.dumps({"text": "Ferries to Skarholm were cancelled by the storm."})
                                       + "\n{broken\n")


def _logged_topics_chunk(*args):
    """engine.topics_chunk, noting the process it runs in."""
    from data_pipeline.run.engine import topics_chunk

    with open(os.environ["TAGGED_BY"], "a") as fh:
        fh.write(f"{os.getpid()}\n")
    return topics_chunk(*args)


@pytest.mark.slow
def test_build_one_worker_parsing_while_reading_equals_the_plain_run(tmp_path, monkeypatch):
    from data_pipeline.run import build as B
    from data_pipeline.run import offload, overlap

    _write_inputs(tmp_path / "in")
    taken = []
    take = overlap.EarlyParse.take

    def counting_take(self, part, keys):
        got = take(self, part, keys)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(overlap.EarlyParse, "take", counting_take)
    monkeypatch.setenv("TAGGED_BY", str(tmp_path / "tagged-by"))
    monkeypatch.setattr(offload, "topics_chunk", _logged_topics_chunk)
    opts = B.BuildOptions(input=tmp_path / "in", out=tmp_path / "a", progress=False, cache_dir=None, batch_size=2)
    early = B.build(opts)
    assert any(taken)  # some chunks were parsed while the files were read
    tagged_by = (tmp_path / "tagged-by").read_text().split()
    assert len(tagged_by) == 21 and str(os.getpid()) not in tagged_by  # every chunk tagged by the reading process
    monkeypatch.setattr(B, "early_parse", lambda *a, **k: None)
    plain = B.build(B.BuildOptions(**{**opts.__dict__, "out": tmp_path / "b"}))
    assert early.build_id == plain.build_id and early.parsed == plain.parsed == 41
    assert early.skipped == plain.skipped and early.warnings == plain.warnings
    assert {s.path for s in early.skipped} >= {"note05.txt", "empty.txt", "blob.txt"}  # copy.txt is read first
