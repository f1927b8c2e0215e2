"""Every word a viewer reads instead of an internal name: column headers, meeting kinds, entity types, reasons.

One module, so a table header, a chart legend and a CSV header never disagree. Unknown codes fall back to
the code with `-`/`_` turned into spaces, so a new code from the pipeline still reads as words.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime

import pandas as pd

EMPTY = "—"  # what a table shows for a value that is not known

COLUMNS = {
    "article_id": "article id", "article_ids": "article ids", "event_id": "event id", "entity_id": "entity id",
    "a_name": "person", "b_name": "counterpart", "counterpart": "counterpart", "who": "person",
    "a_country": "country", "b_country": "counterpart's country",
    "kind": "kind", "status": "status", "date": "meeting date", "reported": "reported",
    "first_reported": "reported", "place": "place", "n_articles": "articles", "articles": "articles",
    "confidence": "confidence", "evidence": "evidence sentence", "reason": "why it counts as a meeting",
    "date_source": "meeting date from", "published": "published", "source": "source", "title": "title",
    "n_words": "words", "meetings": "meetings reported", "path": "file", "author": "author",
    "topic": "topic", "sentence": "sentence", "phrase": "matched phrase", "role": "role", "org": "organisation",
    "country": "country", "surface": "spelling", "name": "name", "type": "type", "mentions": "mentions",
    "term": "term", "count": "count", "score": "score", "month": "month", "period": "period", "share": "share",
    "events": "meeting events", "x": "country", "y": "counterpart country", "open": "article",
    "merge_reason": "why merged", "as_of": "as of", "on_map": "on the map", "lead": "opening", "date_evidence": "publication date evidence", "language": "language",
}

KINDS = {"meeting": "meeting", "talks": "talks", "phone_call": "phone call", "message": "message",
         "visit": "visit"}
STATUSES = {"held": "held", "planned": "planned", "cancelled": "cancelled"}
ENTITY_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "country or city", "NORP": "nationality or group",
                "LOC": "place", "FAC": "building or site", "PROPN": "name", "EVENT": "event"}
ENTITY_TYPES_PLURAL = {"PERSON": "people", "ORG": "organisations"}
LANGUAGES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "hy": "Armenian", "az": "Azerbaijani",
             "ka": "Georgian", "tr": "Turkish", "fr": "French", "de": "German", "und": "undetermined"}
MERGE_REASONS = {
    "exact": "same spelling",
    "transliteration": "another transliteration of the same name",
    "surname-in-article": "surname alone, of the person named in full in the same article",
    "surname-in-corpus": "surname alone, of the only person with that surname",
    "title-role": "a title (\"the foreign minister\") of the person holding that role",
    "knowledge-base": "listed in the actors file, or the holder of that role on that date",
    "correction": "moved by an analyst's correction",
}
MEETING_REASONS = {  # the codes of data_pipeline/nlp/meetings.py REASONS
    "subject-object": "one names the other as whom they met",
    "counterpart": "the other is named as the counterpart",
    "plural-anaphora": "\"they\" or \"the two\" refers to both",
    "coordination": "both named together as meeting",
    "receive": "one received the other",
    "passive": "one was received, welcomed or briefed by the other",
    "nominal": "talks or a meeting between or with them",
    "possessive": "his, her or their talks or meeting with the other",
    "also-took-part": "took part in the other side's meeting",
    "call": "a phone call between them",
    "message": "a letter or message from one to the other",
}
DATE_SOURCES = {"text": "stated in the text", "relative": "worked out from the text (\"on Tuesday\")",
                "none": "not stated", "published": "not stated (publication date used)",
                "header": "the file's header", "dateline": "the dateline", "inferred": "counted from a known date"}

_TABLES = {"language": LANGUAGES, "kind": KINDS, "status": STATUSES, "type": ENTITY_TYPES, "reason": MEETING_REASONS,
           "merge_reason": MERGE_REASONS, "date_source": DATE_SOURCES}


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md_literal(text: str) -> str:
    """`text` (a name from an article) for a label Streamlit reads as Markdown (a button's): every Markdown,
    emoji-code and LaTeX character backslash-escaped, so it shows as written."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def words(code) -> str:
    """An unknown code as words: `cross_border-talks` → `cross border talks`."""
    return str(code).replace("_", " ").replace("-", " ").strip()


def _lookup(table: dict[str, str], code) -> str:
    if is_missing(code):
        return EMPTY
    return table.get(str(code), words(code))


def kind(code) -> str:
    """A meeting kind in words (`phone_call` → `phone call`)."""
    return _lookup(KINDS, code)


def status(code) -> str:
    """A meeting status in words."""
    return _lookup(STATUSES, code)


def entity_type(code) -> str:
    """A spaCy entity label in words (`GPE` → `country or city`)."""
    return _lookup(ENTITY_TYPES, code)


def language(code) -> str:
    """An ISO 639-1 code as the language's English name (`ru` → `Russian`)."""
    return _lookup(LANGUAGES, code)


def merge_reason(code) -> str:
    """Why a spelling was merged into an entity, in plain words."""
    return _lookup(MERGE_REASONS, code)


def meeting_reason(code) -> str:
    """Why a sentence was read as a meeting, in plain words."""
    return _lookup(MEETING_REASONS, code)


def column(name: str) -> str:
    """The header a viewer reads for an internal column name."""
    return COLUMNS.get(name, words(name))


def is_missing(value) -> bool:
    """True for None, NaN, NaT and empty strings or lists."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def cell(value) -> str:
    """One value as a viewer reads it: dates as ISO days, lists joined, missing as `—`."""
    if is_missing(value):
        return EMPTY
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, str):
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        if isinstance(items, list):
            return ", ".join(cell(v) for v in items if not is_missing(v)) or EMPTY
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    return str(value)


def days(n: int) -> str:
    """`1 day`, `12 days`."""
    return f"{n:,} day" if n == 1 else f"{n:,} days"


def plural(n: int, one: str, many: str | None = None) -> str:
    """`1 meeting`, `3 meetings` (with thousands separators)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def readable(df: pd.DataFrame, columns: list[str] | None = None, missing: str = EMPTY) -> pd.DataFrame:
    """`df` (or its `columns`) as a viewer reads it, for tables and CSV exports alike: each column under its
    readable header, coded values in words, dates as ISO days, lists joined, missing values as `missing`.
    Numeric columns with no missing value stay numbers (so they sort as numbers)."""
    frame = df[columns] if columns else df
    out = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        values = frame[name]
        table = _TABLES.get(name)
        numeric = (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values))
        if table is not None:
            text = values.map(lambda v, t=table: _lookup(t, v))
        elif numeric and not values.isna().any():
            out[column(name)] = values
            continue
        else:
            text = values.map(cell)
        out[column(name)] = text.map(lambda v: missing if v == EMPTY else v).astype(object)
    return out.reset_index(drop=True)
