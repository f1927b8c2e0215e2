"""Content-hash cache of per-article analyses, keyed by (text, model, pipeline code).

A rebuild re-runs spaCy only on articles whose text, model or per-article code
changed; corpus-level steps (resolution, events, topics) always re-run on the
cached analyses, so editing the taxonomy never needs a new parse.

Per-article topic rows are memoised the same way, keyed also by the taxonomy, so
a rebuild after adding one article tags one article. Entries live in one SQLite file (`<root>/analyses.sqlite`, WAL mode) as
zlib-compressed JSON: a million articles make one file, not a million, lookups
are by primary key, and writes are batched into few transactions.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import PIPELINE_VERSION
from .errors import Skip
from .model import Article

PACKAGE = Path(__file__).resolve().parent
DB_NAME = "analyses.sqlite"
FLUSH_EVERY = 256  # buffered puts per transaction
_SQL_VARS = 500    # keys per SELECT ... IN (...)
# analyses: per-article spaCy results; topic_rows: one article's topic rows under one taxonomy;
# ingest: what reading one input file gave (articles and skips), keyed by its bytes and name
TABLES = ("analyses", "topic_rows", "ingest")


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """Hash of the pipeline version and every module of the package: code changes invalidate the cache."""
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def encode(analysis: dict) -> bytes:
    """Compact JSON, zlib-compressed."""
    return zlib.compress(json.dumps(analysis, separators=(",", ":")).encode("utf-8"), 1)


def decode(blob: bytes) -> dict:
    """Inverse of `encode`."""
    return json.loads(zlib.decompress(blob).decode("utf-8"))


class AnalysisCache:
    """Analyses (or another per-article table) in one SQLite file under `root`; no cache when `root` is None."""

    def __init__(self, root: Path | None, model_id: str, table: str = "analyses"):
        if table not in TABLES:
            raise ValueError(f"unknown cache table {table!r}")
        self.root = root
        self.model_id = model_id
        self.table = table
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes]] = []

    def key(self, text: str) -> str:
        """Cache key of an article text under this model and pipeline code."""
        h = hashlib.sha256()
        for part in (self.model_id, code_fingerprint(), text):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def _conn(self) -> sqlite3.Connection | None:
        if self.root is None:
            return None
        if self._db is None:
            self.root.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.root / DB_NAME, timeout=60)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            for table in TABLES:
                db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
            self._db = db
        return self._db

    def get(self, key: str) -> dict | None:
        """The cached analysis, or None (also when the entry is unreadable)."""
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, dict]:
        """key -> analysis for every key present and readable."""
        db = self._conn()
        if db is None:
            return {}
        self.flush()
        keys, found = list(keys), {}
        for i in range(0, len(keys), _SQL_VARS):
            part = keys[i:i + _SQL_VARS]
            marks = ",".join("?" * len(part))
            for key, blob in db.execute(f"SELECT key, data FROM {self.table} WHERE key IN ({marks})", part):
                try:
                    found[key] = decode(blob)
                except (zlib.error, ValueError):
                    continue
        return found

    def put(self, key: str, analysis: dict) -> None:
        """Store an analysis; written in batches, and for good by `flush()` or `close()`."""
        if self.root is None:
            return
        self._pending.append((key, encode(analysis)))
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write buffered entries in one transaction (all or none survive a crash)."""
        db = self._conn()
        if db is None or not self._pending:
            return
        with db:
            db.executemany(f"INSERT OR REPLACE INTO {self.table} (key, data) VALUES (?, ?)", self._pending)
        self._pending = []

    def close(self) -> None:
        """Flush and close the database."""
        if self._db is not None:
            self.flush()
            self._db.close()
            self._db = None

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _plain(value):
    """JSON default hook: dates as {"__date__": iso}."""
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    raise TypeError(f"cannot cache {type(value).__name__}")


def _unplain(obj: dict):
    return date.fromisoformat(obj["__date__"]) if set(obj) == {"__date__"} else obj


def _article(fields: dict) -> Article:
    fields = dict(fields)
    if "foreign_ranges" in fields:
        fields["foreign_ranges"] = [tuple(r) for r in fields["foreign_ranges"]]
    return Article(**fields)


class IngestCache:
    """What reading each input file gave, keyed by (file bytes, relative name, reading options, code).

    Ingest (decoding, cleaning, dating, language detection) costs milliseconds per file; a rebuild
    of a large corpus re-reads only new or changed files.
    """

    def __init__(self, root: Path | None, options: object = None):
        self.store = AnalysisCache(root, json.dumps(options, sort_keys=True, default=str), table="ingest")

    def read(self, path: Path, rel: str, reader: Callable[[], tuple[list[Article], list[Skip]]],
             max_bytes: int) -> tuple[list[Article], list[Skip]]:
        """`reader()`'s result for this file, from the cache when its bytes were read before."""
        try:
            data = path.read_bytes() if self.store.root is not None and path.stat().st_size <= max_bytes else None
        except OSError:
            data = None
        if data is None:
            return reader()
        key = self.store.key(rel + "\0" + hashlib.sha256(data).hexdigest())
        hit = self.store.get_many([key]).get(key)
        if hit is not None:
            got = json.loads(hit["json"], object_hook=_unplain)
            return [_article(a) for a in got["articles"]], [Skip(**s) for s in got["skips"]]
        articles, skips = reader()
        blob = json.dumps({"articles": [dataclasses.asdict(a) for a in articles],
                           "skips": [dataclasses.asdict(s) for s in skips]}, default=_plain)
        self.store.put(key, {"json": blob})
        return articles, skips

    def close(self) -> None:
        """Write what is pending and close."""
        self.store.close()

    def __enter__(self) -> IngestCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
