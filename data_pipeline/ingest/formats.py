"""Readers for each input format, turning decoded file content into raw records with canonical fields.

Canonical fields: text, title, published, url, source, author. Common export names are mapped
automatically (body/content → text, headline → title, date/publishedAt → published, link → url,
publisher/site → source, byline/authors → author); `--field-map NAME=FIELD` adds others.

One file may hold many articles. Their paths are `file.jsonl:LINE` (JSON Lines: the line number),
`file.csv:LINE` (CSV/TSV: the line the record starts on, the header being line 1) and
`file.json:N` (the N-th object of a JSON array, from 1). A file holding one article keeps its plain name.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from data_pipeline import errors
from data_pipeline.errors import Skip

CANONICAL = ("text", "title", "published", "url", "source", "author")
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "article_text", "articletext", "full_text", "fulltext",
             "maintext", "main_text", "story", "body_text", "bodytext", "document", "raw_text", "description",
             "summary"),
    "title": ("title", "headline", "heading", "article_title", "subject"),
    "published": ("published", "date", "published_at", "publishedat", "pub_date", "pubdate", "publish_date",
                  "publication_date", "date_published", "datepublished", "datetime", "published_date",
                  "created_at", "created", "timestamp", "time", "seendate"),
    "url": ("url", "link", "href", "permalink", "canonical_url", "source_url", "article_url", "uri"),
    "source": ("source", "publisher", "outlet", "site", "sitename", "site_name", "source_name", "domain",
               "media", "newspaper", "feed", "agency", "publication"),
    "author": ("author", "authors", "byline", "creator", "writer", "by", "author_name"),
}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
_LIST_KEYS = ("articles", "items", "data", "results", "records", "docs", "documents", "entries", "posts", "news")


@dataclass
class Record:
    """One article's raw material: where it came from and its canonical fields."""

    path: str
    fields: dict[str, object] = field(default_factory=dict)
    kind: str = "text"  # "text" (plain, may carry a date header), "html" (a saved page), "field" (JSON/CSV)


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def parse_field_map(pairs: list[str] | None) -> dict[str, str]:
    """`["body_html=text", "headline2=title"]` → {"body_html": "text", ...}; raises ValueError when malformed."""
    out = {}
    for pair in pairs or []:
        for item in pair.split(","):
            if not item.strip():
                continue
            name, sep, target = item.partition("=")
            target = target.strip().lower()
            if not sep or not name.strip() or target not in CANONICAL:
                raise ValueError(f"--field-map {item!r}: expected NAME=FIELD with FIELD one of {', '.join(CANONICAL)}")
            out[_key(name)] = target
    return out


def _value(v: object) -> object:
    """A usable scalar from a field value: dicts give their name/title/url, lists are joined."""
    if isinstance(v, dict):
        for k in ("name", "title", "text", "url", "value"):
            if v.get(k):
                return _value(v[k])
        return None
    if isinstance(v, list):
        parts = [str(x) for x in (_value(i) for i in v) if x not in (None, "")]
        return ", ".join(parts) if parts else None
    if isinstance(v, str):
        return v.strip() or None
    return v


def _usable(target: str, val: object) -> bool:
    """Whether a field value can be the canonical field: present, and text for `text` (not `true` or `42`)."""
    return val is not None and (target != "text" or isinstance(val, str))


def map_fields(obj: dict, field_map: dict[str, str] | None = None) -> dict[str, object]:
    """Canonical fields of one exported object: explicit field map first, then the known aliases in order.

    `text` takes the first string among its names; when only a non-string value is found (`"text": true`),
    that value is kept, and `make_article` skips the record saying so.
    """
    by_key = {_key(k): v for k, v in obj.items()}
    loose = {k.replace("_", ""): v for k, v in reversed(list(by_key.items()))}
    out: dict[str, object] = {}
    odd_text = None
    for name, target in (field_map or {}).items():
        if target not in out and (val := _value(by_key.get(name))) is not None:
            if _usable(target, val):
                out[target] = val
            elif odd_text is None:
                odd_text = val
    for target, names in FIELD_ALIASES.items():
        if target in out:
            continue
        for name in names:
            raw = by_key.get(name, loose.get(name.replace("_", "")))
            # a list of dates says nothing certain about the publication: kept as a list, never joined into one
            val = raw if target == "published" and isinstance(raw, list) and raw else _value(raw)
            if _usable(target, val):
                out[target] = val
                break
            if val is not None and odd_text is None:
                odd_text = val
    if "text" not in out and odd_text is not None:
        out["text"] = odd_text
    return out


def json_type(value: object) -> str:
    """The JSON name of a value's type, for messages ("a boolean", "a number")."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a {type(value).__name__}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return " ".join(str(exc).split())[:200]


def read_jsonl(content: str, rel: str, field_map: dict[str, str] | None = None) -> tuple[list[Record], list[Skip]]:
    """One record per JSON Lines line; a malformed line is skipped (reported) and the rest kept."""
    records, skips = [], []
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{rel}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            skips.append(Skip(where, errors.E_BAD_JSON, exc.msg))
            continue
        except (ValueError, RecursionError) as exc:  # a 5000-digit number, nesting too deep
            skips.append(Skip(where, errors.E_BAD_JSON, _reason(exc)))
            continue
        if not isinstance(obj, dict):
            skips.append(Skip(where, errors.E_BAD_JSON, "line is not a JSON object"))
            continue
        records.append(Record(where, map_fields(obj, field_map), "field"))
    return records, skips


def read_json(content: str, rel: str, field_map: dict[str, str] | None = None) -> tuple[list[Record], list[Skip]]:
    """A JSON object (one article), an array of objects, or an object holding such an array."""
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # JSON Lines saved as .json
            return read_jsonl(content, rel, field_map)
        return [], [Skip(rel, errors.E_BAD_JSON, f"{exc.msg} at line {exc.lineno}")]
    except (ValueError, RecursionError) as exc:
        return [], [Skip(rel, errors.E_BAD_JSON, _reason(exc))]
    if isinstance(data, dict):
        inner = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        if inner is None:
            return [Record(rel, map_fields(data, field_map), "field")], []
        data = inner
    if not isinstance(data, list):
        return [], [Skip(rel, errors.E_BAD_JSON, "neither an object nor an array of objects")]
    records, skips = [], []
    for n, obj in enumerate(data, 1):
        if isinstance(obj, dict):
            records.append(Record(f"{rel}:{n}", map_fields(obj, field_map), "field"))
        else:
            skips.append(Skip(f"{rel}:{n}", errors.E_BAD_JSON, "item is not a JSON object"))
    return records, skips


def read_csv(content: str, rel: str, field_map: dict[str, str] | None = None,
             delimiter: str | None = None) -> tuple[list[Record], list[Skip]]:
    """One record per CSV/TSV row (header row required); the delimiter is sniffed when not given."""
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(content[:8192], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    records, skips = [], []
    try:
        header = next(reader)
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) > len(header):
                    skips.append(Skip(f"{rel}:{start}", errors.E_FORMAT, "more cells than header columns"))
                else:
                    records.append(Record(f"{rel}:{start}", map_fields(dict(zip(header, row)), field_map), "field"))
            start = reader.line_num + 1
    except StopIteration:
        return [], [Skip(rel, errors.E_EMPTY, "no header row")]
    except csv.Error as exc:
        skips.append(Skip(f"{rel}:{reader.line_num}", errors.E_FORMAT, f"CSV error: {exc}; rest of file skipped"))
    return records, skips


def read_records(suffix: str, content: str, rel: str,
                 field_map: dict[str, str] | None = None) -> tuple[list[Record], list[Skip]]:
    """Records of one decoded file, by its extension."""
    suffix = suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return [Record(rel, {"text": content}, "text")], []
    if suffix in HTML_SUFFIXES:
        return [Record(rel, {"text": content}, "html")], []
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(content, rel, field_map)
    if suffix in JSON_SUFFIXES:
        return read_json(content, rel, field_map)
    if suffix in CSV_SUFFIXES:
        return read_csv(content, rel, field_map, "\t" if suffix == ".tsv" else None)
    return [], [Skip(rel, errors.E_FORMAT, suffix or "no extension")]
