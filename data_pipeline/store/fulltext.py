"""A full-text index of article titles and bodies (SQLite FTS5), so search does not scan every text.

The index sits next to the tables as `search.sqlite`; its rowid is the serving `aid` (publication order, not
dense: see serving.py), so "newest first" is rowid descending and a date range is a rowid range. A patched
build's index is a copy of the previous one with the changed articles deleted and indexed again (`replace`). Search is by words: case- and
accent-insensitive; an article matches when it holds every word (in title or text, any order), a "quoted
phrase" must appear with its words in order, and the last word may be the start of a word ("minist" finds
"minister"). Everything the viewer types is quoted, so no FTS5 syntax reaches the engine.

A third column, `keys`, holds one token per filter value the article has (`e12` for an entity it mentions,
`t3` for a topic, `c7` for a country): a search under a person filter intersects two posting lists instead of
walking every match of a common word.
"""
from __future__ import annotations

import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Iterator

FILE = "search.sqlite"
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
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final


def replace(path: Path, removed: Iterable[int], rows: Iterable[tuple[int, str | None, str | None, str | None]]) -> None:
    """In the index file `path` (a private copy), delete the articles `removed` (aids) and index `rows`."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA synchronous = OFF")
        con.executemany("DELETE FROM fts WHERE rowid = ?", ((int(aid),) for aid in removed))
        fill(con, rows)
        con.commit()
    finally:
        con.close()


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
    """A full-text index opened read-only from a file, or built in memory; safe to share across threads."""

    def __init__(self, con: sqlite3.Connection):
        self._con = con
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> Index:
        """The index in `path` (read-only)."""
        return cls(sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False))

    @classmethod
    def in_memory(cls, rows: Iterable[tuple[int, str | None, str | None]]) -> Index:
        """An index of `rows` held in memory (for builds without `search.sqlite`)."""
        con = sqlite3.connect(":memory:", check_same_thread=False)
        _schema(con)
        fill(con, rows)
        return cls(con)

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
                ids = [r[0] for r in self._con.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?",
                    (expr, lo, top, chunk))]
            if not ids:
                return
            yield ids
            if len(ids) < chunk:
                return
            top = ids[-1] - 1
            chunk *= growth

    def close(self) -> None:
        """Release the connection."""
        self._con.close()
