"""A full-text index of article titles and bodies (SQLite FTS5), so search does not scan every text.

The index sits next to the tables as `search.sqlite`; its rowid is the serving `aid` (publication order, not
dense: see serving.py), so "newest first" is rowid descending and a date range is a rowid range. Search is by words: case- and
accent-insensitive; an article matches when it holds every word (in title or text, any order), a "quoted
phrase" must appear with its words in order, and the last word may be the start of a word ("minist" finds
"minister"). Everything the viewer types is quoted, so no FTS5 syntax reaches the engine.

A third column, `keys`, holds one token per filter value the article has (`e12` for an entity it mentions,
`t3` for a topic, `c7` for a country): a search under a person filter intersects two posting lists instead of
walking every match of a common word.

A patched build does not copy the index (400+ MB at 100,000 articles): its `search.sqlite` is a hard link of the
previous build's (a base, written once by `write` and never modified), and `search-layer.sqlite` beside it holds
what changed since that base: `fts` with the articles indexed since, and `gone`, the aids whose base rows no
longer count (removed or indexed again). `Index.open` reads the two as one: base rows not in `gone`, plus the
layer's rows. Each patch writes its own layer (the previous layer copied, then changed; small), so a reader of an
older build keeps its own consistent pair, and a killed patch leaves the published ones as they were. When the
layer grows past `COMPACT` of its base's size, `patch` declines and the caller writes a full index (a new base).
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Iterator

FILE = "search.sqlite"
LAYER = "search-layer.sqlite"  # a patched build's changes against its base `FILE` (see the module docstring)
COMPACT = 0.1  # a layer larger than this share of its base (in bytes) is folded into a new base instead
_TOKENIZER = "unicode61 remove_diacritics 2"
_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"')
_KEY = re.compile(r"[etc][0-9]+")


def _schema(con: sqlite3.Connection) -> None:
    con.execute(f"CREATE VIRTUAL TABLE fts USING fts5(title, text, keys, tokenize='{_TOKENIZER}')")


def fill(con: sqlite3.Connection, rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> None:
    """Index (aid, title, text, keys) rows."""
    con.executemany("INSERT INTO fts(rowid, title, text, keys) VALUES (?, ?, ?, ?)", rows)


def write(build: Path, rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> Path:
    """Write `search.sqlite` in `build` from (aid, title, text, keys) rows (under a temp name, then renamed)."""
    final, tmp = Path(build) / FILE, Path(build) / f".{FILE}.tmp-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            _schema(con)
            fill(con, rows)
            con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            con.commit()
        finally:
            con.close()
        (Path(build) / LAYER).unlink(missing_ok=True)  # a full index has no layer
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final


def patch(build: Path, previous: Path, removed: Iterable[int],
          rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> list[Path] | None:
    """The index of `build` as `previous`'s with the articles `removed` (aids) taken out and `rows` indexed: the
    previous base hard-linked, and a new layer (module docstring); returns [base, layer], or None (nothing
    written) when `previous` has no index or its layer has outgrown `COMPACT` (the caller then calls `write`)."""
    build, previous = Path(build), Path(previous)
    base, old_layer = previous / FILE, previous / LAYER
    if not base.is_file():
        return None
    if old_layer.is_file() and old_layer.stat().st_size > COMPACT * base.stat().st_size:
        return None
    final, tmp = build / LAYER, build / f".{LAYER}.tmp-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    try:
        if old_layer.is_file():
            shutil.copyfile(old_layer, tmp)  # never written in place: a reader of the previous build may hold it
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA synchronous = OFF")
            if not old_layer.is_file():
                _schema(con)
                con.execute("CREATE TABLE gone (aid INTEGER PRIMARY KEY)")
            removed = [(int(aid),) for aid in removed]
            con.executemany("DELETE FROM fts WHERE rowid = ?", removed)
            con.executemany("INSERT OR IGNORE INTO gone VALUES (?)", removed)
            rows = list(rows)
            con.executemany("INSERT OR IGNORE INTO gone VALUES (?)", ((int(r[0]),) for r in rows))
            fill(con, rows)
            con.commit()
        finally:
            con.close()
        (build / FILE).unlink(missing_ok=True)
        os.link(base, build / FILE)
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return [build / FILE, final]


def key(kind: str, value: int) -> str:
    """The `keys` token of one filter value: kind is "e" (entity), "t" (topic) or "c" (country)."""
    if kind not in ("e", "t", "c"):
        raise ValueError(kind)
    return f"{kind}{int(value)}"


def terms(text: str) -> list[tuple[list[str], bool]]:
    """What a viewer typed as search terms: (words, is_prefix) per term, in order. A "quoted phrase" is one
    term of its words; every other word is a term of its own; the last word is a prefix when the text ends
    with it (not with a closing quote). An unclosed quote counts as a space."""
    text = text or ""
    out: list[tuple[list[str], bool]] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        out += [([w], False) for w in _WORD.findall(text[pos:m.start()])]
        words = _WORD.findall(m.group(1))
        if words:
            out.append((words, False))
        pos = m.end()
    tail = _WORD.findall(text[pos:].replace('"', " "))
    out += [([w], False) for w in tail]
    if tail and _WORD.search(text.rstrip()[-1:] or " "):
        out[-1] = (out[-1][0], True)
    return out


def match_expression(text: str, keys: Iterable[Iterable[str]] = (), also: Iterable[str] = ()) -> str | None:
    """The FTS5 query for what a viewer typed: every term (see `terms`) in title or text, AND-ed, each quoted,
    or any of the phrases `also` (other spellings of a name, whole words); AND, per group of `keys` tokens
    (from `key()`), at least one of them. None when nothing can match (no word, or an empty group)."""
    found = terms(text)
    groups = [[t for t in group if _KEY.fullmatch(t)] for group in keys]
    if not found or not all(groups):
        return None
    typed = " AND ".join('"' + " ".join(words) + '"' + ("*" if prefix else "") for words, prefix in found)
    others = sorted({'"' + " ".join(w) + '"' for p in also if (w := _WORD.findall(p))})
    expr = "{title text} : (" + " OR ".join([f"({typed})" if others and len(found) > 1 else typed] + others) + ")"
    for tokens in groups:
        expr += " AND keys : (" + " OR ".join(tokens) + ")"
    return expr


class Index:
    """A full-text index opened read-only from a file (with its layer, if any), or built in memory; safe to share
    across threads."""

    def __init__(self, con: sqlite3.Connection, layered: bool = False):
        self._con = con
        self._layered = layered
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> Index:
        """The index in `path` (read-only), read together with the layer `LAYER` beside it when there is one."""
        path = Path(path).resolve()
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        layer = path.with_name(LAYER)
        if layer.is_file():
            con.execute("ATTACH DATABASE ? AS layer", (f"file:{layer}?mode=ro",))
            return cls(con, layered=True)
        return cls(con)

    @classmethod
    def in_memory(cls, rows: Iterable[tuple[int, str | None, str | None]]) -> Index:
        """An index of `rows` held in memory (for builds without `search.sqlite`)."""
        con = sqlite3.connect(":memory:", check_same_thread=False)
        _schema(con)
        fill(con, rows)
        return cls(con)

    def _newest(self, expr: str, lo: int, hi: int, limit: int) -> list[int]:
        """The `limit` highest aids in [lo, hi] matching `expr`: of the base minus `gone`, merged with the layer's."""
        if not self._layered:
            sql = "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?"
            return [r[0] for r in self._con.execute(sql, (expr, lo, hi, limit))]
        base = ("SELECT rowid FROM main.fts(?) WHERE rowid BETWEEN ? AND ? "
                "AND rowid NOT IN (SELECT aid FROM layer.gone) ORDER BY rowid DESC LIMIT ?")
        top = "SELECT rowid FROM layer.fts(?) WHERE rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?"
        ids = [r[0] for sql in (base, top) for r in self._con.execute(sql, (expr, lo, hi, limit))]
        return sorted(ids, reverse=True)[:limit]

    def newest(self, text: str, lo: int, hi: int, keys: Iterable[Iterable[str]] = (), chunk: int = 1_000,
               growth: int = 8, also: Iterable[str] = ()) -> Iterator[list[int]]:
        """aids of articles in [lo, hi] matching `text` or a phrase of `also` (and the `keys` groups, see
        match_expression), newest first, in chunks of `chunk` then `growth` times more each time (most searches
        stop after the first)."""
        expr = match_expression(text, keys, also)
        if expr is None:
            return
        top = hi
        while top >= lo:
            with self._lock:
                ids = self._newest(expr, lo, top, chunk)
            if not ids:
                return
            yield ids
            if len(ids) < chunk:
                return
            top = ids[-1] - 1
            chunk *= growth

    def rows(self) -> list[tuple[int, str | None, str | None, str | None]]:
        """Every indexed (aid, title, text, keys), by aid: what a full `write` of the same articles holds."""
        sql = "SELECT rowid, title, text, keys FROM main.fts"
        if self._layered:
            sql += (" WHERE rowid NOT IN (SELECT aid FROM layer.gone)"
                    " UNION ALL SELECT rowid, title, text, keys FROM layer.fts")
        with self._lock:
            return sorted(self._con.execute(sql).fetchall(), key=lambda r: r[0])

    def close(self) -> None:
        """Release the connection."""
        self._con.close()
