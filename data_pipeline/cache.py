"""Content-hash cache of per-article analyses, keyed by (text, model, pipeline code).

A rebuild re-runs spaCy only on articles whose text, model or per-article code
changed; corpus-level steps (resolution, events, topics) always re-run on the
cached analyses, so editing the taxonomy never needs a new parse.

Entries live in one SQLite file (`<root>/analyses.sqlite`, WAL mode) as
zlib-compressed JSON: a million articles make one file, not a million, lookups
are by primary key, and writes are batched into few transactions.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from . import PIPELINE_VERSION

PACKAGE = Path(__file__).resolve().parent
DB_NAME = "analyses.sqlite"
FLUSH_EVERY = 256  # buffered puts per transaction
_SQL_VARS = 500    # keys per SELECT ... IN (...)


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
    """Analyses stored in one SQLite file under `root` (no cache at all when `root` is None)."""

    def __init__(self, root: Path | None, model_id: str):
        self.root = root
        self.model_id = model_id
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
            db.execute("CREATE TABLE IF NOT EXISTS analyses (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
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
            for key, blob in db.execute(f"SELECT key, data FROM analyses WHERE key IN ({marks})", part):
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
            db.executemany("INSERT OR REPLACE INTO analyses (key, data) VALUES (?, ?)", self._pending)
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
