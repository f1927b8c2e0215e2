"""The delta build: when it applies, its state between builds, and that its tables equal a full build's."""
from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import date

import pyarrow.parquet as pq
import pytest

from data_pipeline import resolve
from data_pipeline.ingest.article import Article
from data_pipeline.run import delta
from data_pipeline.run.build import BuildOptions, build
from data_pipeline.run.delta import State, added_articles, combine, load_state, save_state
from data_pipeline.run.reuse import article_keys
from data_pipeline.store.tables import to_table
from data_pipeline.topics.emerging import count_terms
from tests.patch_reference import exact_patch, with_state

ARTS = [Article(path=f"{n}.txt", text=f"Minister Ada Lind met Bo Kranz, day {n}.", published=date(2021, 5, n + 1))
        for n in range(4)]


def _state(arts, context="ctx", **kw) -> State:
    keys = article_keys(arts, {})
    return State(corpus_key="k", context=context, keys=[(a.article_id, k) for a, k in zip(arts, keys)],
                 resolution={"r": 1}, terms=count_terms([]), outlets=set(), term_index={}, shown={}, **kw)


def test_delta_added_articles_anywhere_in_the_input_order():
    state = _state([ARTS[0], ARTS[2]])
    now = [ARTS[0], ARTS[1], ARTS[2], ARTS[3]]
    assert added_articles(state, "ctx", now, article_keys(now, {})) == [ARTS[1], ARTS[3]]


@pytest.mark.parametrize("now,context", [
    ([ARTS[0], ARTS[2]], "ctx"),                                   # nothing added
    ([ARTS[0]], "ctx"),                                            # a removal
    ([ARTS[2], ARTS[0], ARTS[1]], "ctx"),                          # another order
    ([replace(ARTS[0], title="Edited"), ARTS[2], ARTS[3]], "ctx"),  # an edit beside an addition
    ([ARTS[0], ARTS[2], ARTS[3]], "other code"),                   # another context
])
def test_delta_not_applicable(now, context):
    assert added_articles(_state([ARTS[0], ARTS[2]]), context, now, article_keys(now, {})) is None


def test_delta_analysis_key_change_is_an_edit():
    state = _state([ARTS[0]])
    now = [ARTS[0], ARTS[1]]
    assert added_articles(state, "ctx", now, article_keys(now, {ARTS[0].article_id: "other analysis"})) is None


def test_delta_state_round_trip_and_pruning(tmp_path):
    for n in range(delta.KEEP_STATES + 2):
        save_state(tmp_path, replace(_state(ARTS), corpus_key=f"k{n}"))
    assert len(list((tmp_path / delta.STATE_DIR).glob("*.pickle"))) == delta.KEEP_STATES
    got = load_state(tmp_path, f"k{delta.KEEP_STATES + 1}")
    assert got is not None and got.keys == _state(ARTS).keys and got.resolution == {"r": 1}
    assert load_state(tmp_path, "k0") is None and load_state(None, "k1") is None


def test_delta_garbled_state_is_one_log_line(tmp_path, caplog):
    path = delta.state_path(tmp_path, "k")
    path.parent.mkdir()
    path.write_bytes(b"\x80\x05not a pickle")
    with caplog.at_level(logging.WARNING):
        assert load_state(tmp_path, "k") is None
    assert len(caplog.records) == 1 and "k.pickle" in caplog.text


def test_delta_state_without_resolution_is_not_written(tmp_path):
    save_state(tmp_path, replace(_state(ARTS), resolution=None))
    assert not (tmp_path / delta.STATE_DIR).exists()


def _meeting(**kw) -> dict:
    row = dict(article_id="x", a="a", b="b", kind="meeting", status="held", date="2021-01-02", date_source="text",
               reported=date(2021, 1, 3), place="Oslo", evidence="e", start=1, end=2, confidence=0.5,
               event_id="ev", reason=None)
    return {**row, **kw}


@pytest.mark.parametrize("old,new", [
    ([_meeting()], [_meeting(article_id="y")]),
    ([_meeting(place=None)], [_meeting(article_id="y")]),
    ([_meeting()], [_meeting(article_id="y", place=None, date=None)]),
    ([_meeting(date=None)], [_meeting(article_id="y", place=None)]),
    ([], [_meeting(place=None)]),
    ([_meeting(reason="x")], []),
    ([_meeting(start=None)], [_meeting(article_id="y")]),
    ([_meeting(confidence=None)], [_meeting(article_id="y")]),
])
def test_delta_combine_is_what_to_table_gives_the_union(old, new):
    a, b, both = to_table("meetings", old), to_table("meetings", new), to_table("meetings", old + new)
    got = combine("meetings", a, b)
    assert got.schema == both.schema and got.schema.metadata == both.schema.metadata
    assert got.equals(both)


# --- the delta path end to end, with the reference resolve.patch (tests/patch_reference.py) ---

TEXTS = {
    "a.txt": " date 2023-03-06 \nForeign Minister Ruta Salm met her counterpart Edvin Kask in Tallinn on Monday to "
             "discuss energy security and the new gas pipeline.\n",
    "b.txt": " date 2023-03-07 \nSalm later spoke by phone with Prime Minister Ivo Maran about the gas pipeline "
             "and energy security.\n",
    "c.txt": " date 2023-04-11 \nEdvin Kask received Ivo Maran in Riga, where the two discussed border security.\n",
}
ADDED = {
    "d.txt": " date 2023-03-06 \nThe ministry said Ruta Salm and Edvin Kask met in Tallinn on Monday, a day after "
             "talks on the gas pipeline.\n",
    "e.txt": " date 2023-04-12 \nPrime Minister Ivo Maran visited Vilnius and held talks with Edvin Kask on energy "
             "security.\n",
    # an earlier date for the Salm-Kask meeting: its event gets another id, so the old reports' rows are touched
    "f.txt": " date 2023-03-05 \nForeign Minister Ruta Salm met Edvin Kask in Tallinn on Saturday to discuss the "
             "gas pipeline.\n",
}


@pytest.mark.slow
def test_delta_build_equals_a_full_build(tmp_path, monkeypatch):
    real = resolve.resolve
    calls: list = []
    monkeypatch.setattr(resolve, "resolve", with_state(real))
    monkeypatch.setattr(resolve, "patch", exact_patch(real, calls), raising=False)
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    opts = BuildOptions(input=corpus, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    assert build(opts).mode == "full"
    seen: list[set] = []
    for n, (name, text) in enumerate(ADDED.items()):
        (corpus / name).write_text(text, encoding="utf-8")
        got = build(opts)
        full = build(BuildOptions(input=corpus, out=tmp_path / f"full{n}", progress=False, cache_dir=None))
        man = json.loads((tmp_path / "data" / "manifest.json").read_text(encoding="utf-8"))
        assert got.mode == ("delta" if calls[-1] else "full")
        assert got.build_id == full.build_id and got.counts == full.counts
        assert man["tables"] == json.loads((tmp_path / f"full{n}" / "manifest.json").read_text())["tables"]
        assert got.parsed == 1 and (got.mode == "delta") == (man.get("build_mode") == "delta")
        events = pq.read_table(tmp_path / "data" / "meetings.parquet").column("event_id").to_pylist()
        seen.append(set(events))
    assert seen[-1] - seen[-2], "the earlier report gave its event no new id"
    # each addition asked resolve.patch once, plus the replays of the journal entries before it (run/journal.py)
    assert len(calls) >= len(ADDED) and any(calls)


@pytest.mark.slow
def test_delta_without_patch_builds_in_full(tmp_path, monkeypatch):
    monkeypatch.setattr(resolve, "resolve", with_state(resolve.resolve))
    monkeypatch.setattr(resolve, "patch", lambda *a, **k: None, raising=False)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")
    opts = BuildOptions(input=corpus, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache")
    build(opts)
    (corpus / "d.txt").write_text(ADDED["d.txt"], encoding="utf-8")
    got = build(opts)
    assert got.mode == "full" and got.parsed == 1


KEEP = """
import gc, sys
from pathlib import Path
from data_pipeline.run.build import BuildOptions, build
src, out, cache, keep = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "keep"
held = [] if keep else None
frozen = gc.get_freeze_count()
res = build(BuildOptions(input=src, out=out, cache_dir=cache, progress=False), keep=held)
print(res.mode, res.build_id, len(held or []), gc.get_freeze_count() > frozen)
"""


@pytest.mark.slow
def test_delta_build_for_an_exiting_caller_keeps_its_objects_and_freezes_them(tmp_path):
    """`build(..., keep=list)` (the command line, which exits next): the delta path's large objects go to the list
    and the objects it made are frozen out of the collector's generations; the tables are the same."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")

    def run(out, cache, how):
        proc = subprocess.run([sys.executable, "-c", KEEP, str(corpus), str(out), str(cache), how], cwd=root,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout.split()

    assert run(tmp_path / "data", tmp_path / "cache", "keep")[0] == "full"
    (corpus / "d.txt").write_text(ADDED["d.txt"], encoding="utf-8")
    kept = run(tmp_path / "data", tmp_path / "cache", "keep")
    assert kept[0] == "delta" and int(kept[2]) > 0 and kept[3] == "True"
    (corpus / "e.txt").write_text(ADDED["e.txt"], encoding="utf-8")
    plain = run(tmp_path / "data", tmp_path / "cache", "no")
    assert plain[0] == "delta" and plain[2:] == ["0", "False"]
    assert run(tmp_path / "fresh", tmp_path / "fresh-cache", "no")[1] == plain[1]
