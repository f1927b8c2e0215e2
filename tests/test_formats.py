import json

import pytest

from data_pipeline import errors
from data_pipeline.ingest import formats


def test_formats_map_fields_common_names():
    got = formats.map_fields({"Headline": "Envoys meet", "Body": "Text here.", "publishedAt": "2024-01-02",
                              "link": "https://example.org/a", "Publisher": "Example News",
                              "authors": ["Jane Roe", "John Smith"]})
    assert got == {"text": "Text here.", "title": "Envoys meet", "published": "2024-01-02",
                   "url": "https://example.org/a", "source": "Example News", "author": "Jane Roe, John Smith"}


def test_formats_map_fields_nested_source_and_empty_values():
    got = formats.map_fields({"content": "Body.", "source": {"id": None, "name": "Example Wire"}, "title": "  "})
    assert got == {"text": "Body.", "source": "Example Wire"}


def test_formats_field_map_overrides_aliases():
    fm = formats.parse_field_map(["story_html=text", "kicker=title,pub=published"])
    assert fm == {"story_html": "text", "kicker": "title", "pub": "published"}
    got = formats.map_fields({"story_html": "Real body.", "text": "teaser", "kicker": "K", "pub": "2020-01-01"}, fm)
    assert got["text"] == "Real body." and got["title"] == "K" and got["published"] == "2020-01-01"


@pytest.mark.parametrize("bad", [["body"], ["body=nonsense"], ["=text"]])
def test_formats_parse_field_map_rejects_malformed(bad):
    with pytest.raises(ValueError, match="NAME=FIELD"):
        formats.parse_field_map(bad)


def test_formats_jsonl_skips_malformed_line_and_keeps_the_rest():
    content = "\n".join([json.dumps({"text": "First."}), "{not json", "", json.dumps([1, 2]),
                         json.dumps({"body": "Fifth."})])
    records, skips = formats.read_jsonl(content, "feed.jsonl")
    assert [r.path for r in records] == ["feed.jsonl:1", "feed.jsonl:5"]
    assert [r.fields["text"] for r in records] == ["First.", "Fifth."]
    assert [(s.path, s.code) for s in skips] == [("feed.jsonl:2", errors.E_BAD_JSON), ("feed.jsonl:4", errors.E_BAD_JSON)]


@pytest.mark.parametrize("content,paths", [
    (json.dumps({"text": "One."}), ["one.json"]),
    (json.dumps([{"text": "One."}, {"text": "Two."}]), ["one.json:1", "one.json:2"]),
    (json.dumps({"status": "ok", "articles": [{"text": "One."}]}), ["one.json:1"]),
    (json.dumps({"text": "One."}) + "\n" + json.dumps({"text": "Two."}), ["one.json:1", "one.json:2"]),
])
def test_formats_json_shapes(content, paths):
    records, skips = formats.read_json(content, "one.json")
    assert [r.path for r in records] == paths and skips == []


def test_formats_json_malformed_file():
    records, skips = formats.read_json('{"text": "unterminated', "bad.json")
    assert records == [] and [s.code for s in skips] == [errors.E_BAD_JSON]


def test_formats_csv_rows_with_line_numbers_and_multiline_cells():
    content = 'title,body,date\nFirst,"Line one.\nLine two.",2024-01-02\nSecond,Plain body.,2024-01-03\n'
    records, skips = formats.read_csv(content, "x.csv")
    assert skips == []
    assert [r.path for r in records] == ["x.csv:2", "x.csv:4"]
    assert records[0].fields == {"text": "Line one.\nLine two.", "title": "First", "published": "2024-01-02"}


def test_formats_csv_sniffs_semicolons_and_reads_tsv():
    records, _ = formats.read_csv("headline;content\nA;Body a.\n", "x.csv")
    assert records[0].fields == {"text": "Body a.", "title": "A"}
    records, _ = formats.read_records(".tsv", "title\ttext\nA\tBody, with comma.\n", "x.tsv")
    assert records[0].fields == {"text": "Body, with comma.", "title": "A"}


def test_formats_read_records_by_suffix():
    (rec,), _ = formats.read_records(".TXT", " date 2020-01-01 Body.", "a.TXT")
    assert rec.kind == "text" and rec.fields["text"] == " date 2020-01-01 Body."
    (rec,), _ = formats.read_records(".htm", "<p>x</p>", "a.htm")
    assert rec.kind == "html"
    records, skips = formats.read_records(".pdf", "x", "a.pdf")
    assert records == [] and skips[0].code == errors.E_FORMAT
