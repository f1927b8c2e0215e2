"""Content-hash cache of per-article analyses, keyed by (text, model, pipeline code).

A rebuild re-runs spaCy only on articles whose text, model or per-article code
changed; corpus-level steps (resolution, events, topics) always re-run on the
cached analyses, so editing the taxonomy never needs a new parse.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from . import PIPELINE_VERSION

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """Hash of the pipeline version and every module of the package: code changes invalidate the cache."""
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


class AnalysisCache:
    """Analyses stored as gzipped JSON files under `root`, one per cache key."""

    def __init__(self, root: Path | None, model_id: str):
        self.root = root
        self.model_id = model_id

    def key(self, text: str) -> str:
        h = hashlib.sha256()
        for part in (self.model_id, code_fingerprint(), text):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json.gz"

    def get(self, key: str) -> dict | None:
        """The cached analysis, or None (also when the entry is unreadable)."""
        if self.root is None:
            return None
        try:
            with gzip.open(self._path(key), "rt", encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError, EOFError):
            return None

    def put(self, key: str, analysis: dict) -> None:
        """Store atomically (temp file, then rename), so a crash never leaves half an entry."""
        if self.root is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
                fh.write(json.dumps(analysis, separators=(",", ":")).encode("utf-8"))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
