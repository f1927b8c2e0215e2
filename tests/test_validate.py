"""Validation catches each kind of contract violation, and a failing build publishes nothing."""
import json

import pyarrow as pa
import pytest

from bench.synthetic import Spec, corpus_rows, corpus_tables
from data_pipeline.store import validate
from data_pipeline.store.tables import to_table


def _tables(edit=None) -> dict[str, pa.Table]:
    rows = corpus_rows(Spec(articles=4))
    if edit:
        edit(rows)
    return {name: to_table(name, r) for name, r in rows.items()}


def _problems(edit) -> str:
    return "\n".join(validate.problems(_tables(edit)))


def test_validate_generated_corpus_is_valid():
    assert validate.problems(corpus_tables(Spec(articles=20))) == []


def test_validate_seeds_build_is_valid(seeds_data):
    import pyarrow.parquet as pq

    tables = {p.stem: pq.read_table(p) for p in seeds_data.glob("*.parquet")}
    assert validate.problems(tables) == []


def test_validate_missing_table():
    t = _tables()
    del t["mentions"]
    assert "mentions: table missing" in validate.problems(t)


def test_validate_wrong_column_type():
    t = _tables()
    t["topics"] = t["topics"].set_column(2, "score", pa.array(["high"] * t["topics"].num_rows))
    assert any("topics.score: type string" in p for p in validate.problems(t))


def test_validate_missing_column():
    t = _tables()
    t["entities"] = t["entities"].drop_columns(["type"])
    assert "entities.type: column missing" in validate.problems(t)


def test_validate_null_key():
    assert "mentions.entity_id: 1 null value(s)" in _problems(lambda r: r["mentions"][0].update(entity_id=None))


def test_validate_duplicate_article_id():
    assert "articles.article_id: 1 duplicated id(s)" in _problems(lambda r: r["articles"].append(dict(r["articles"][0])))


def test_validate_dangling_entity_reference():
    msg = _problems(lambda r: r["mentions"][0].update(entity_id="person:nobody"))
    assert "mentions.entity_id: 1 value(s) not in entities.entity_id" in msg and "person:nobody" in msg


def test_validate_dangling_article_reference():
    assert "topics.article_id: 1 value(s) not in articles.article_id" in _problems(
        lambda r: r["topics"][0].update(article_id="0" * 16))


def test_validate_offsets_outside_text():
    def edit(r):
        r["mentions"][0].update(start=10_000, end=10_005)
    assert "mentions: 1 span(s) outside articles.text" in _problems(edit)


def test_validate_negative_or_reversed_offsets():
    assert "span(s) outside" in _problems(lambda r: r["meetings"][0].update(start=5, end=2))


def test_validate_quoted_text_must_equal_slice():
    assert "meetings.evidence: 1 value(s) differ" in _problems(lambda r: r["meetings"][0].update(evidence="Invented."))


def test_validate_meeting_participants_are_distinct_people():
    def make_org(r):
        a = r["meetings"][0]["a"]
        for e in r["entities"]:
            if e["entity_id"] == a:
                e["type"] = "ORG"
    assert "not two distinct PERSON entities" in _problems(make_org)
    assert "not two distinct PERSON" in _problems(lambda r: r["meetings"][0].update(b=r["meetings"][0]["a"]))


def test_validate_confidence_range():
    assert "meetings.confidence: 1 value(s) outside 0..1" in _problems(lambda r: r["meetings"][0].update(confidence=1.5))


def test_validate_check_raises_one_readable_error():
    bad = _tables(lambda r: r["mentions"][0].update(entity_id="person:nobody"))
    with pytest.raises(validate.ValidationError) as exc:
        validate.check(bad)
    assert str(exc.value).startswith("tables fail validation, nothing published (1 problem(s))")


def test_validate_failure_aborts_publish_and_keeps_previous_build(tmp_path, monkeypatch):
    from data_pipeline.run import build as build_mod
    from data_pipeline.run import reuse
    from data_pipeline.run.build import BuildOptions, build
    from conftest import SEEDS

    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(SEEDS.iterdir())[:2]:
        (src / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "data"
    opts = BuildOptions(input=src, out=out, progress=False, cache_dir=tmp_path / "cache")
    first = build(opts)
    before = json.loads((out / "manifest.json").read_text())

    real = build_mod.meeting_rows
    def broken(*args):
        rows = real(*args)
        return rows + [{"article_id": "f" * 16, "a": "person:ghost", "b": "person:other", "kind": "meeting",
                        "status": "held", "date": None, "date_source": "none", "place": None, "evidence": "x",
                        "start": 0, "end": 1, "confidence": 0.5}]
    monkeypatch.setattr(build_mod, "meeting_rows", broken)
    # broken code is a code change, which the corpus key sees in the package's files (not in a monkeypatch)
    monkeypatch.setattr(reuse, "package_fingerprint", lambda: "broken code")
    with pytest.raises(validate.ValidationError, match="meetings.article_id"):
        build(opts)
    assert json.loads((out / "manifest.json").read_text()) == before
    assert before["build_id"] == first.build_id
