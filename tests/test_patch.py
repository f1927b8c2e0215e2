"""A patch of the previous build publishes the bytes, build id and serving answers of a full build of the final corpus,
and writes only the months that hold a touched article."""
from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_pipeline.store import fulltext, partitions, serving
from data_pipeline.store.patch import write_patch
from data_pipeline.store.publish import TABLE_FORMAT, previous_manifest, resolve_build, write_build
from data_pipeline.store.tables import to_table

DAYS = [date(2022, 3, 1), date(2022, 3, 15), date(2022, 4, 2), date(2021, 12, 31), None]
PEOPLE = ["person:hana-lisic", "person:oskar-brandl", "person:mira-tosh", "person:ivo-kern"]
PLACES = ["gpe:oslandia", "gpe:veris"]
WORDS = ["ceasefire talks", "grain corridor", "tariff", "summit"]
MANIFEST = {"schema_version": 1, "pipeline_version": "test"}


def _article(aid: str, day: date | None, version: int) -> dict[str, list[dict]]:
    """Every per-article row of one invented article; `version` varies its content (an edit)."""
    a, b = PEOPLE[version % 4], PEOPLE[(version + 1) % 4]
    text = f"{a} met {b} in {PLACES[version % 2]} to discuss the {WORDS[version % 4]}."
    rows = {
        "articles": [{"article_id": aid, "path": f"{aid}.txt", "title": f"Talks {version}", "source": "Wire",
                      "author": None, "url": None, "published": day, "date_source": "header" if day else "none",
                      "language": "en", "text": text, "n_words": len(text.split()), "other_paths": [],
                      "date_evidence": ""}],
        "mentions": [{"article_id": aid, "entity_id": e, "text": e.split(":")[1], "start": s, "end": s + 5,
                      "sentence": 0} for e, s in ((a, 0), (b, 10), (PLACES[version % 2], 20))[: 2 + version % 2]],
        "meetings": [{"article_id": aid, "a": a, "b": b, "kind": "meeting", "status": "held", "date": day,
                      "date_source": "text", "reported": day, "place": PLACES[version % 2], "evidence": text,
                      "start": 0, "end": len(text), "confidence": 0.5 + version % 5 / 10,
                      "event_id": f"ev{version % 3}", "reason": "met"}] * (1 + version % 2),  # a repeated row
        "topics": [{"article_id": aid, "topic": t, "score": 1.0, "group": "diplomacy"}
                   for t in ("diplomacy", "trade")[: 1 + version % 2]],
        "topic_sentences": [{"article_id": aid, "topic": "diplomacy", "sentence": text, "start": 0,
                             "end": len(text), "phrase": "met"}],
        "resolution": [{"entity_id": a, "surface": a.split(":")[1], "reason": "exact", "article_id": aid}],
        "roles": [{"entity_id": b, "role": "minister", "org": None, "country": "Veris", "article_id": aid,
                   "date": day}] if version % 3 == 0 else [],
    }
    return rows


def _tables(corpus: dict[str, tuple[date | None, int]]) -> dict:
    """The full tables of a corpus (article id -> (day, version)), corpus-wide ones included."""
    rows = {name: [] for name in partitions.PARTITIONED}
    for aid, (day, version) in sorted(corpus.items()):
        for name, got in _article(aid, day, version).items():
            rows[name] += got
    out = {name: to_table(name, r) for name, r in rows.items()}
    return {**out, **_whole(corpus)}


def _whole(corpus: dict) -> dict:
    """Corpus-wide tables that change with the corpus."""
    n = len(corpus)
    mentioned = {r["entity_id"] for aid, (day, v) in corpus.items() for r in _article(aid, day, v)["mentions"]}
    # names and aliases follow the corpus; one person's country comes and goes (the serving files are then
    # written in full, as every article mentioning her changes)
    entities = [{"entity_id": e, "name": e.split(":")[1].replace("-", " ").title() + "!" * (n % 2),
                 "type": "PERSON" if e.startswith("person") else "GPE", "aliases": [e, str(n)],
                 "country": "Veris" if e == PEOPLE[3] and n > 4 else None} for e in sorted(mentioned)]
    events = [{"event_id": f"ev{i}", "a": PEOPLE[0], "b": PEOPLE[1], "kind": "meeting", "status": "held",
               "date": DAYS[i], "place": None, "n_articles": n, "article_ids": sorted(corpus)[:2],
               "first_reported": DAYS[i], "confidence": 0.5} for i in range(3)]
    terms = [{"month": date(2022, 3, 1), "term": w, "count": n, "score": 2.5, "sources": 2} for w in WORDS[: n % 4]]
    art_terms = [{"article_id": aid, "term": WORDS[v % 4], "kind": "phrase"} for aid, (_, v) in sorted(corpus.items())]
    return {"entities": to_table("entities", entities), "meeting_events": to_table("meeting_events", events),
            "emerging_terms": to_table("emerging_terms", terms), "article_terms": to_table("article_terms", art_terms)}


def _patch(out: Path, before: dict, after: dict) -> str | None:
    """write_patch from the build `out` points to (of `before`) to `after`, given the touched articles only."""
    touched = {aid for aid in before.keys() | after.keys() if before.get(aid) != after.get(aid)}
    rows = {name: [] for name in partitions.PARTITIONED}
    for aid in sorted(touched & after.keys()):
        for name, got in _article(aid, *after[aid]).items():
            rows[name] += got
    tables = {name: to_table(name, r) for name, r in rows.items()}
    return write_patch(out, previous_manifest(out), tables, touched, _whole(after), MANIFEST)


def _files(build: Path) -> dict[str, str]:
    """relative path -> sha256 of every parquet file of a build."""
    return {str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(build.rglob(f"*{partitions.SUFFIX}")) if p.is_file()}


def _manifest(build: Path) -> dict:
    return json.loads((build / "manifest.json").read_text(encoding="utf-8"))


def _serving(build: Path) -> dict[str, list]:
    """Every serving table's rows and the search index's, sorted (row order on disk may differ between a patch
    and a full write)."""
    con = duckdb.connect(str(build / "serving.duckdb"), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()]
        out = {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall())) for n in sorted(names)}
        out.update({f"{n}: columns": con.execute(f'DESCRIBE "{n}"').fetchall() for n in names})
    finally:
        con.close()
    index = fulltext.Index.open(build / fulltext.FILE)  # the base and its layer, if any, as the dashboard reads them
    try:
        out["fts"] = index.rows()
        keys = sorted({k for _, _, _, ks in out["fts"] for k in (ks or "").split()})
        out["fts: searches"] = {(word, k): list(index.newest(word, 0, 1 << 62, [[k]] if k else [], chunk=2))
                                for word in ["talks", "minist", "grain corridor", "hana"] for k in [None, *keys]}
    finally:
        index.close()
    return out


def _assert_same_as_full(tmp_path: Path, out: Path, bid: str, corpus: dict) -> None:
    ref = tmp_path / f"ref-{bid}"
    assert write_build(ref, _tables(corpus), MANIFEST) == bid
    got, want = resolve_build(out), resolve_build(ref)
    assert _files(got) == _files(want)
    assert _manifest(got)["tables"] == _manifest(want)["tables"]
    assert _serving(got) == _serving(want)


def test_patch_equals_a_full_build_and_links_untouched_months(tmp_path, monkeypatch):
    before = {"a1": (DAYS[0], 0), "a2": (DAYS[2], 1), "a3": (DAYS[3], 2), "a4": (None, 3), "a6": (DAYS[1], 6)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    after = {**before, "a5": (DAYS[1], 4)}  # one article added in March 2022, on a day that has one already
    with monkeypatch.context() as m:
        m.setattr(serving, "write", None)  # the serving files are patched, not written again
        bid = _patch(out, before, after)
    _assert_same_as_full(tmp_path, out, bid, after)
    build = resolve_build(out)
    full = [b for b in build.parent.glob("build-*") if b != build]  # the full build it patched: one base, linked
    assert len(full) == 1 and (full[0] / fulltext.FILE).samefile(build / fulltext.FILE)
    assert (build / fulltext.LAYER).is_file() and not (full[0] / fulltext.LAYER).exists()
    for name in partitions.PARTITIONED:
        if name != "roles":  # the new article has no roles: the same bytes as before, linked
            assert (build / f"{name}.parquet" / "2022-03.parquet").stat().st_nlink == 1  # written
        for key in ("2022-04", "2021-12", "undated"):
            assert (build / f"{name}.parquet" / f"{key}.parquet").stat().st_nlink >= 2  # linked from before


def test_patch_renumbers_events_and_keeps_the_untouched_ones(tmp_path, monkeypatch):
    """An edit whose article moves to another event, plus a new event dated before every other: the serving
    events are replaced by event (not rebuilt) and renumbered, and answer as a full build's."""
    before = {"a1": (DAYS[0], 0), "a2": (DAYS[2], 1), "a3": (DAYS[3], 2), "a6": (DAYS[1], 6)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    after = {**before, "a2": (DAYS[2], 5)}  # same size (so the same names); a2's meeting moves from ev1 to ev2
    whole = _whole(after)
    early = {"event_id": "ev-early", "a": PEOPLE[2], "b": PEOPLE[3], "kind": "talks", "status": "planned",
             "date": date(2020, 1, 1), "place": "Veris", "n_articles": 1, "article_ids": ["a2"],
             "first_reported": DAYS[2], "confidence": 0.9}
    whole["meeting_events"] = to_table("meeting_events", whole["meeting_events"].to_pylist() + [early])
    rows = {name: to_table(name, got) for name, got in _article("a2", *after["a2"]).items()}
    with monkeypatch.context() as m:
        m.setattr(serving, "write", None)
        bid = write_patch(out, previous_manifest(out), rows, {"a2"}, whole, MANIFEST)
    ref = tmp_path / "ref"
    tables = _tables(after)
    assert write_build(ref, {**tables, "meeting_events": whole["meeting_events"]}, MANIFEST) == bid
    assert _serving(resolve_build(out)) == _serving(resolve_build(ref))
    con = duckdb.connect(str(resolve_build(out) / "serving.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT ev, event_id FROM evt ORDER BY ev LIMIT 1").fetchone() == (0, "ev-early")
    finally:
        con.close()


def test_patch_told_where_the_touched_articles_were_reads_no_articles_file_and_equals_a_full_build(tmp_path,
                                                                                                  monkeypatch):
    """`where` (the delta build knows each touched article's previous month, or that it is new) replaces the scan of
    every month's articles file; the result is the full build's. A `where` that leaves a touched article out is
    not trusted: the files are read."""
    from data_pipeline.store import patch as P

    before = {"a1": (DAYS[0], 0), "a2": (DAYS[2], 1), "a3": (DAYS[3], 2), "a4": (None, 3)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    after = {**before, "a2": (DAYS[2], 5), "a5": (DAYS[1], 4)}  # a2 edited (April 2022), a5 added (March)
    rows = {name: [] for name in partitions.PARTITIONED}
    for aid in ("a2", "a5"):
        for name, got in _article(aid, *after[aid]).items():
            rows[name] += got
    tables = {name: to_table(name, r) for name, r in rows.items()}
    with monkeypatch.context() as m:
        m.setattr(P, "_previous_months", None)  # called: a TypeError
        bid = write_patch(out, previous_manifest(out), tables, {"a2", "a5"}, _whole(after), MANIFEST,
                          where={"a2": "2022-04", "a5": None})
    _assert_same_as_full(tmp_path, out, bid, after)
    calls = []
    real = P._previous_months
    monkeypatch.setattr(P, "_previous_months", lambda *a: calls.append(a) or real(*a))
    after2 = {**after, "a6": (DAYS[3], 6)}
    rows = {name: to_table(name, got) for name, got in _article("a6", *after2["a6"]).items()}
    bid = write_patch(out, previous_manifest(out), rows, {"a6"}, _whole(after2), MANIFEST, where={"a2": "2022-04"})
    assert len(calls) == 1
    _assert_same_as_full(tmp_path, out, bid, after2)


def test_patch_reads_the_per_article_rows_of_the_given_months_only(tmp_path):
    corpus = {"a1": (DAYS[0], 0), "a2": (DAYS[2], 1), "a3": (DAYS[3], 2), "a4": (None, 3)}
    out = tmp_path / "data"
    write_build(out, _tables(corpus), MANIFEST)
    con = duckdb.connect()
    try:
        serving._prepare(con, resolve_build(out))
        serving._month_sources(con, resolve_build(out), {"2022-04"})
        got = con.execute("SELECT article_id FROM month_articles ORDER BY 1").fetchall()
        assert got == [("a2",), ("a4",)]  # April 2022, and the undated article
        assert con.execute("SELECT DISTINCT article_id FROM month_mentions ORDER BY 1").fetchall() == got
        serving._month_sources(con, resolve_build(out), None)
        assert con.execute("SELECT count(*) FROM month_articles").fetchone() == (4,)
    finally:
        con.close()


def test_patch_moves_an_article_and_drops_an_emptied_month(tmp_path):
    before = {"a1": (DAYS[0], 0), "a2": (DAYS[2], 1), "a3": (None, 2)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    after = {"a1": (DAYS[0], 0), "a2": (DAYS[3], 3)}  # a2 re-dated to 2021-12 and edited; a3 removed
    bid = _patch(out, before, after)
    _assert_same_as_full(tmp_path, out, bid, after)
    assert sorted(_manifest(resolve_build(out))["tables"]["articles"]["partitions"]) == ["2021-12", "2022-03"]


def test_patch_error_on_either_side_of_the_serving_thread_publishes_nothing(tmp_path, monkeypatch):
    """The serving files are patched in a thread while the parquet files are written: an error on either side (the
    patch, the parquet writer, the planning the thread waits for) reaches the caller once the thread has ended, and
    leaves the previous build published, no staging folder and no temp file."""
    from data_pipeline.store import patch as P

    before = {"a1": (DAYS[0], 0), "a2": (DAYS[2], 1), "a4": (None, 3)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    folder = resolve_build(out)
    after = {**before, "a5": (DAYS[1], 4)}
    ended = []
    real_patch = serving.patch

    def watched(*args, **kwargs):
        try:
            return real_patch(*args, **kwargs)
        finally:
            ended.append(args[0])  # the staging folder, still there when the thread ends

    def broken(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    for module, name in ((serving, "_patch_corpus"), (P, "_write_whole"), (P, "_plan")):
        ended.clear()
        with monkeypatch.context() as m:
            m.setattr(serving, "patch", watched)
            m.setattr(module, name, broken)
            with pytest.raises(RuntimeError, match="on purpose"):
                _patch(out, before, after)
        assert len(ended) == 1, name  # the thread ran and ended before the error reached the caller
        assert not ended[0].exists(), name  # its staging folder is gone
        assert resolve_build(out) == folder
        assert [p.name for p in folder.parent.iterdir() if p != folder] == [], name
        assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [], name
    bid = _patch(out, before, after)  # and nothing stands in the way of the next patch
    _assert_same_as_full(tmp_path, out, bid, after)


def test_patch_replaces_the_term_rows_of_the_renumbered_days_only_while_other_articles_keep_their_terms(
        tmp_path, monkeypatch):
    """`term_art` is patched (the re-numbered articles' rows replaced) when no untouched article's `article_terms`
    rows changed and the term codes stay; else it is made afresh. Either way the serving files are a full build's."""
    before = {"a1": (DAYS[0], 0), "a2": (DAYS[2], 1), "a3": (DAYS[3], 2)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    made = []
    real_step = serving._step
    monkeypatch.setattr(serving, "_step", lambda con, name, sql, insert=False:
                        made.append((name, insert)) or real_step(con, name, sql, insert))
    after = {**before, "a5": (DAYS[0], 4)}  # on a1's day (a1 re-numbered), with a term a1 has: the same codes
    with monkeypatch.context() as m:
        m.setattr(serving, "write", None)  # the serving files are patched, not written again
        bid = _patch(out, before, after)
    assert ("term_art", False) not in made and ("term_names", False) not in made
    _assert_same_as_full(tmp_path, out, bid, after)
    # an edit, and an untouched article gets one more term (one another article has: the codes stay): term_art
    # is made afresh
    made.clear()
    after2 = {**after, "a2": (DAYS[2], 5)}
    whole = _whole(after2)
    extra = {"article_id": "a3", "term": WORDS[0], "kind": "phrase"}
    whole["article_terms"] = to_table("article_terms", whole["article_terms"].to_pylist() + [extra])
    rows = {name: to_table(name, got) for name, got in _article("a2", *after2["a2"]).items()}
    with monkeypatch.context() as m:
        m.setattr(serving, "write", None)
        bid = write_patch(out, previous_manifest(out), rows, {"a2"}, whole, MANIFEST)
    assert ("term_art", False) in made
    ref = tmp_path / "ref2"
    monkeypatch.undo()
    assert write_build(ref, {**_tables(after2), "article_terms": whole["article_terms"]}, MANIFEST) == bid
    assert _serving(resolve_build(out)) == _serving(resolve_build(ref))


def test_patch_runs_in_one_duckdb_thread_beside_the_writer_while_the_tables_are_small(tmp_path, monkeypatch):
    """Small corpus-wide tables: the serving patch runs in one DuckDB thread; larger (PATCH_ROWS): DuckDB's default.
    Both equal a full build."""
    before = {"a1": (DAYS[0], 0), "a2": (DAYS[2], 1), "a3": (None, 2)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    seen = []
    real = serving._one_thread
    monkeypatch.setattr(serving, "_one_thread", lambda tables: seen.append(real(tables)) or seen[-1])
    after = {**before, "a4": (DAYS[1], 4)}
    bid = _patch(out, before, after)
    _assert_same_as_full(tmp_path, out, bid, after)
    monkeypatch.setattr(serving, "PATCH_ROWS", 1)  # every table "large"
    after2 = {**after, "a2": (DAYS[2], 5)}
    bid = _patch(out, after, after2)
    _assert_same_as_full(tmp_path, out, bid, after2)
    assert seen == [True, False]


def test_patch_refuses_rows_of_untouched_articles(tmp_path):
    before = {"a1": (DAYS[0], 0)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    rows = {"articles": to_table("articles", _article("a1", DAYS[0], 1)["articles"])}
    with pytest.raises(ValueError, match="untouched"):
        write_patch(out, previous_manifest(out), rows, {"a2"}, _whole(before), MANIFEST)


def test_patch_declines_a_build_of_another_table_format(tmp_path):
    before = {"a1": (DAYS[0], 0)}
    out = tmp_path / "data"
    write_build(out, _tables(before), MANIFEST)
    folder, man = previous_manifest(out)
    assert man["table_format"] == TABLE_FORMAT
    assert write_patch(out, (folder, {**man, "table_format": TABLE_FORMAT - 1}), {}, set(), _whole(before),
                       MANIFEST) is None
    gone = {**man, "tables": {k: v for k, v in man["tables"].items() if k != "roles"}}
    assert write_patch(out, (folder, gone), {}, set(), _whole(before), MANIFEST) is None
    assert resolve_build(out) == folder  # nothing published


ARTICLE = st.tuples(st.sampled_from(DAYS), st.integers(min_value=0, max_value=11))
corpus_st = st.dictionaries(st.sampled_from([f"a{i}" for i in range(8)]), ARTICLE, min_size=1, max_size=6)
# one step: put (add or edit) or remove one article, or replace the whole corpus
step_st = st.one_of(st.tuples(st.just("put"), st.sampled_from([f"a{i}" for i in range(10)]), ARTICLE),
                    st.tuples(st.just("remove"), st.integers(min_value=0, max_value=9), st.none()),
                    st.tuples(st.just("replace"), st.none(), corpus_st))


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=corpus_st, steps=st.lists(step_st, min_size=1, max_size=4), compact=st.sampled_from([0.1, 1e9]))
def test_patch_random_changes_equal_full_builds(tmp_path_factory, start, steps, compact):
    root = tmp_path_factory.mktemp("patch")
    out = root / "data"
    write_build(out, _tables(start), MANIFEST)
    before = start
    with pytest.MonkeyPatch.context() as m:
        m.setattr(fulltext, "COMPACT", compact)  # 1e9: layers on layers, never a new base
        _random_steps(root, out, before, steps)


def _random_steps(root: Path, out: Path, before: dict, steps: list) -> None:
    for op, key, value in steps:
        if op == "put":
            after = {**before, key: value}
        elif op == "remove":
            after = {k: v for i, (k, v) in enumerate(sorted(before.items())) if i != key % len(before)} or before
        else:
            after = value
        bid = _patch(out, before, after)
        assert bid is not None
        _assert_same_as_full(root, out, bid, after)
        before = after
