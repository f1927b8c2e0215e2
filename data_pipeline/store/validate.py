"""Check every table against the contract before it is published; any problem aborts the publish."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from data_pipeline.errors import PipelineError
from data_pipeline.store.tables import SCHEMAS

REQUIRED = ("articles", "entities", "mentions", "meetings", "topics")

# columns that must never be null
NOT_NULL: dict[str, tuple[str, ...]] = {
    "articles": ("article_id", "path", "date_source", "language", "text", "n_words"),
    "entities": ("entity_id", "name", "type"),
    "mentions": ("article_id", "entity_id", "text", "start", "end", "sentence"),
    "meetings": ("article_id", "a", "b", "kind", "date_source", "evidence", "start", "end", "confidence"),
    "topics": ("article_id", "topic", "score"),
    "topic_sentences": ("article_id", "topic", "sentence", "start", "end"),
    "meeting_events": ("event_id", "a", "b", "kind"),
    "roles": ("entity_id", "role"),
    "resolution": ("entity_id", "surface", "reason"),
    "emerging_terms": ("month", "term", "count"),
    "article_terms": ("article_id", "term", "kind"),
}

UNIQUE: dict[str, str] = {"articles": "article_id", "entities": "entity_id", "meeting_events": "event_id"}

# (table, column) → (table, column) it refers to; nulls are not references
REFERENCES: list[tuple[str, str, str, str]] = [
    ("mentions", "article_id", "articles", "article_id"),
    ("mentions", "entity_id", "entities", "entity_id"),
    ("meetings", "article_id", "articles", "article_id"),
    ("meetings", "a", "entities", "entity_id"),
    ("meetings", "b", "entities", "entity_id"),
    ("meetings", "event_id", "meeting_events", "event_id"),
    ("topics", "article_id", "articles", "article_id"),
    ("topic_sentences", "article_id", "articles", "article_id"),
    ("article_terms", "article_id", "articles", "article_id"),
    ("meeting_events", "a", "entities", "entity_id"),
    ("meeting_events", "b", "entities", "entity_id"),
    ("roles", "entity_id", "entities", "entity_id"),
    ("roles", "article_id", "articles", "article_id"),
    ("resolution", "entity_id", "entities", "entity_id"),
    ("resolution", "article_id", "articles", "article_id"),
]

# tables whose [start, end) point into articles.text, and the column that must equal that slice
SPANS: dict[str, str | None] = {"mentions": "text", "meetings": "evidence", "topic_sentences": "sentence"}

UNIT_RANGE: list[tuple[str, str]] = [("meetings", "confidence"), ("meeting_events", "confidence")]

MAX_LISTED = 12


class ValidationError(PipelineError):
    """The tables break the contract; nothing was published."""


def _sample(values: list) -> str:
    return ", ".join(repr(v)[:60] for v in values[:3])


def schema_problems(name: str, table: pa.Table) -> list[str]:
    """Missing contract columns and columns of the wrong type."""
    out = []
    for f in SCHEMAS.get(name, pa.schema([])):
        if f.name not in table.column_names:
            out.append(f"{name}.{f.name}: column missing")
        elif not table.schema.field(f.name).type.equals(f.type):
            out.append(f"{name}.{f.name}: type {table.schema.field(f.name).type}, expected {f.type}")
    return out


def null_problems(name: str, table: pa.Table) -> list[str]:
    """Key columns holding nulls."""
    return [f"{name}.{c}: {table.column(c).null_count} null value(s) in a required column"
            for c in NOT_NULL.get(name, ()) if c in table.column_names and table.column(c).null_count]


def unique_problems(name: str, table: pa.Table) -> list[str]:
    """Id columns holding the same id twice."""
    col = UNIQUE.get(name)
    if not col or col not in table.column_names:
        return []
    counts = pc.value_counts(table.column(col))
    dupes = [d["values"] for d in counts.to_pylist() if d["counts"] > 1]
    return [f"{name}.{col}: {len(dupes)} duplicated id(s), e.g. {_sample(dupes)}"] if dupes else []


def reference_problems(tables: dict[str, pa.Table]) -> list[str]:
    """Ids that point at no row of the table they refer to."""
    out = []
    for src, col, dst, key in REFERENCES:
        if src not in tables or dst not in tables or col not in tables[src].column_names \
                or key not in tables[dst].column_names:
            continue
        values = tables[src].column(col).drop_null()
        missing = pc.filter(values, pc.invert(pc.is_in(values, value_set=tables[dst].column(key).combine_chunks())))
        if len(missing):
            uniq = pc.unique(missing).to_pylist()
            out.append(f"{src}.{col}: {len(missing)} value(s) not in {dst}.{key}, e.g. {_sample(uniq)}")
    return out


def participant_problems(tables: dict[str, pa.Table]) -> list[str]:
    """Meeting participants must be two distinct PERSON entities."""
    if "meetings" not in tables or "entities" not in tables:
        return []
    ents = tables["entities"]
    types = dict(zip(ents.column("entity_id").to_pylist(), ents.column("type").to_pylist()))
    m = tables["meetings"]
    bad = [(a, b) for a, b in zip(m.column("a").to_pylist(), m.column("b").to_pylist())
           if a == b or (a in types and types[a] != "PERSON") or (b in types and types[b] != "PERSON")]
    return [f"meetings: {len(bad)} row(s) whose a/b are not two distinct PERSON entities, e.g. {_sample(bad)}"] \
        if bad else []


def span_problems(tables: dict[str, pa.Table]) -> list[str]:
    """Offsets outside the article text, and quoted text that differs from the slice it claims."""
    if "articles" not in tables:
        return []
    arts = tables["articles"]
    texts = dict(zip(arts.column("article_id").to_pylist(), arts.column("text").to_pylist()))
    out = []
    for name, quoted in SPANS.items():
        t = tables.get(name)
        if t is None or not {"article_id", "start", "end"} <= set(t.column_names):
            continue
        cols = [t.column(c).to_pylist() for c in ("article_id", "start", "end")]
        quotes = t.column(quoted).to_pylist() if quoted and quoted in t.column_names else [None] * t.num_rows
        outside, differs = [], []
        for aid, start, end, q in zip(*cols, quotes):
            text = texts.get(aid)
            if text is None or start is None or end is None:
                continue  # reported by the null / reference checks
            if not 0 <= start <= end <= len(text):
                outside.append((aid, start, end))
            elif q is not None and text[start:end] != q:
                differs.append((aid, start, end))
        if outside:
            out.append(f"{name}: {len(outside)} span(s) outside articles.text, e.g. {_sample(outside)}")
        if differs:
            out.append(f"{name}.{quoted}: {len(differs)} value(s) differ from articles.text[start:end], "
                       f"e.g. {_sample(differs)}")
    return out


def range_problems(tables: dict[str, pa.Table]) -> list[str]:
    """Scores documented as 0..1 that fall outside it."""
    out = []
    for name, col in UNIT_RANGE:
        if name in tables and col in tables[name].column_names:
            v = tables[name].column(col).drop_null()
            bad = pc.sum(pc.or_(pc.less(v, 0), pc.greater(v, 1))).as_py() if len(v) else 0
            if bad:
                out.append(f"{name}.{col}: {bad} value(s) outside 0..1")
    return out


def problems(tables: dict[str, pa.Table]) -> list[str]:
    """Every contract violation found in the tables, one line each (empty when they are valid)."""
    out = [f"{name}: table missing" for name in REQUIRED if name not in tables]
    for name, table in sorted(tables.items()):
        out += schema_problems(name, table)
    if out:
        return out  # later checks rely on the columns and types being right
    for name, table in sorted(tables.items()):
        out += null_problems(name, table) + unique_problems(name, table)
    return out + reference_problems(tables) + participant_problems(tables) + span_problems(tables) \
        + range_problems(tables)


def check(tables: dict[str, pa.Table]) -> None:
    """Raise ValidationError listing the problems when the tables break the contract."""
    found = problems(tables)
    if found:
        more = f"\n  ... and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
        raise ValidationError(f"tables fail validation, nothing published ({len(found)} problem(s)):\n  - "
                              + "\n  - ".join(found[:MAX_LISTED]) + more)
