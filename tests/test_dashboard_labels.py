"""Viewers read words, never internal names or None: headers, kinds, types, reasons, empty cells."""
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard import labels


def test_labels_readable_renames_columns_and_blanks_missing_values():
    df = pd.DataFrame({"a_name": ["Ann", None], "n_articles": [2, 3], "kind": ["phone_call", None],
                       "date": [pd.Timestamp("2024-01-02"), pd.NaT], "place": [None, np.nan],
                       "article_ids": [["x1", "x2"], []], "confidence": [0.5, None]})
    out = labels.readable(df)
    assert list(out.columns) == ["person", "articles", "kind", "meeting date", "place", "article ids", "confidence"]
    assert out.iloc[0].tolist() == ["Ann", 2, "phone call", "2024-01-02", "—", "x1, x2", "0.50"]
    assert out.iloc[1].tolist() == ["—", 3, "—", "—", "—", "—", "—"]
    text = out.astype(str).to_string()
    assert "None" not in text and "nan" not in text and "NaT" not in text


def test_labels_readable_can_leave_missing_cells_empty_for_csv():
    out = labels.readable(pd.DataFrame({"title": [None, "T"]}), missing="")
    assert out["title"].tolist() == ["", "T"]


@pytest.mark.parametrize("code, words", [("phone_call", "phone call"), ("talks", "talks"),
                                         ("cross-border_visit", "cross border visit")])
def test_labels_kind_in_words(code, words):
    assert labels.kind(code) == words


@pytest.mark.parametrize("code, words", [("GPE", "country or city"), ("LOC", "place"),
                                         ("NORP", "nationality or group"), ("PERSON", "person")])
def test_labels_entity_types_in_words(code, words):
    assert labels.entity_type(code) == words


def test_labels_merge_reasons_are_explained_not_coded():
    for code in ("exact", "transliteration", "surname-in-article", "surname-in-corpus", "title-role",
                 "knowledge-base", "correction"):
        said = labels.merge_reason(code)
        assert said != code and " " in said


def test_labels_cell_and_plurals():
    assert labels.cell(date(2024, 5, 1)) == "2024-05-01"
    assert labels.cell(float("nan")) == labels.EMPTY
    assert labels.days(1) == "1 day" and labels.days(3) == "3 days"
    assert labels.plural(1, "person", "people") == "1 person" and labels.plural(1200, "person", "people") == "1,200 people"


def test_labels_meeting_reasons_read_as_words_in_tables():
    out = labels.readable(pd.DataFrame({"reason": ["subject-object", "plural-anaphora", "new-rule", None]}))
    assert list(out.columns) == ["why it counts as a meeting"]
    assert out.iloc[:, 0].tolist()[:2] == [labels.MEETING_REASONS["subject-object"],
                                           labels.MEETING_REASONS["plural-anaphora"]]
    assert out.iloc[:, 0].tolist()[2:] == ["new rule", labels.EMPTY]


@pytest.mark.parametrize("name", ["**Bold** Name", "A_b [link](http://x) :smile: $x$", "Ann-Lee #1 <b>", "Plain Name"])
def test_labels_md_literal_escapes_every_markdown_character(name):
    from markdown_it import MarkdownIt  # installed with streamlit (through rich)

    md = MarkdownIt("commonmark")
    shown = md.render(labels.md_literal(name))
    assert "<strong>" not in shown and "<em>" not in shown and "<a " not in shown
    assert labels.md_literal(name).replace("\\", "") == name
