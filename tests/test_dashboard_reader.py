"""The reader highlights mentions from char offsets and never lets article text become markup."""
from dashboard import reader

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "{{7*7}}"]


def test_reader_highlight_wraps_mentions_at_their_offsets():
    text = "Ann met Bob."
    out = reader.highlight(text, [{"start": 0, "end": 3, "name": "Ann Lee", "type": "PERSON"},
                                  {"start": 8, "end": 11, "name": "Bob", "type": "PERSON"}])
    assert out.count("<mark") == 2
    assert ">Ann</mark> met <mark" in out and 'title="Ann Lee · person"' in out


def test_reader_highlight_escapes_hostile_text_and_names():
    text = " ".join(HOSTILE)
    start = text.index("<img")
    out = reader.highlight(text, [{"start": start, "end": start + 28, "name": '"><script>x</script>', "type": "PERSON"}])
    assert "<script" not in out and "<img" not in out and "onerror=alert(1)>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "{{7*7}}" in out  # shown literally, never evaluated


def test_reader_spans_drop_overlaps_and_clip_out_of_range_offsets():
    kept = reader.spans([{"start": 0, "end": 5}, {"start": 2, "end": 4}, {"start": 8, "end": 50},
                         {"start": 20, "end": 10}], length=10)
    assert [(m["start"], m["end"]) for m in kept] == [(0, 5), (8, 10)]


def test_reader_highlight_underlines_evidence_sentences():
    out = reader.highlight("One. Two.", [], evidence=[(5, 9)])
    assert "<u" in out and out.index("<u") > out.index("One.")


def test_reader_highlight_empty_text():
    assert "article-text" in reader.highlight("", [])


def test_reader_headline_falls_back_to_the_first_sentence():
    assert reader.headline("  A  title ", "Body.") == ("A title", False)
    assert reader.headline(float("nan"), "Ministers met in Oslo. Then more.") == ("Ministers met in Oslo.", True)
    long = "word " * 60
    title, derived = reader.headline(None, long)
    assert derived and title.endswith("…") and len(title) <= reader.HEADLINE_CHARS + 2
    assert reader.headline(None, None) == ("Untitled article", True)
