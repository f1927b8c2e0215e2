"""Publish a build atomically: write it into its own directory, then swap one symlink.

Layout for `--out data`:

    data -> .data.builds/build-<time>-<build_id>     (a symlink, replaced by one rename(2))
    .data.builds/build-<time>-<build_id>/articles.parquet/2024-05.parquet, ..., manifest.json
    .data.builds/staging-<pid>-<random>/             (a build being written; never read)
    .data.builds/lock                                (held by the build writing to `data`, see `lock`)

Readers keep using `data/<table>.parquet` (a folder of monthly files for per-article tables, see
partitions.py; files unchanged since the previous build are hard links to it) and `data/manifest.json`. A reader that wants a
consistent set of tables resolves `data` once (`resolve_build`) and reads from that directory;
the previous builds are kept for a while so such a reader never loses a file mid-read.
A build killed at any point leaves `data` pointing at the last complete build.

Nothing but these is ever moved or removed: `data` itself only when it is our symlink, an empty
folder, or a build folder of an older version (a manifest and exactly the files it lists), and in
`.data.builds/` only entries whose names this module makes.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from data_pipeline import SCHEMA_VERSION
from data_pipeline.store import partitions, serving
from data_pipeline.errors import PipelineError

KEEP_BUILDS = 3  # the current build and the two before it (readers may still hold them)
BUILD_PREFIX, STAGING_PREFIX, LINK_PREFIX = "build-", "staging-", ".link-"
LOCK_NAME = "lock"
# how tables become bytes (schema-driven, canonical order: tables.py); a build of another format is not patched
TABLE_FORMAT = 2
_held: set[int] = set()  # lock file descriptors this process holds


def _drop_inherited_locks() -> None:
    """In a forked child (a spaCy worker): close the inherited lock descriptors, so that a worker outliving
    its build does not keep the next build out (flock belongs to the open file, shared across fork)."""
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)
# the names this module gives; nothing else in the builds folder is touched
_BUILD_NAME = re.compile(r"build-(?:\d{8}T\d{6}-[0-9a-f]{16}-\d+-[0-9a-f]{6}|legacy-\d+-\d+)")
_TEMP_NAME = re.compile(r"(?:staging-|\.link-)(\d+)(?:-\w+)?")


def builds_dir(out: Path) -> Path:
    """The hidden sibling directory holding every build of `out` (`data` → `.data.builds`)."""
    out = _abs(out)
    return out.parent / f".{out.name}.builds"


def resolve_build(out: Path) -> Path:
    """The directory of the build `out` currently points to (read all tables from it)."""
    return Path(os.path.realpath(out))


def _abs(out: Path) -> Path:
    """Absolute, normalised path *without* following a final symlink."""
    out = Path(os.path.abspath(out))
    if not out.name or out.name in (".", ".."):
        raise PipelineError(f"{out}: cannot publish a build as this path; pass a directory name with --out")
    return out


def _with_metadata(table: pa.Table) -> pa.Table:
    """`table` with the schema version in its schema metadata (itself when it has it: a table's partitions are
    slices of the table tagged once)."""
    version = str(SCHEMA_VERSION).encode()
    if (table.schema.metadata or {}).get(b"schema_version") == version:
        return table
    meta = dict(table.schema.metadata or {})
    meta[b"schema_version"] = str(SCHEMA_VERSION).encode()
    return table.replace_schema_metadata(meta)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """sha256 hex digest of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def content_id(table_hashes: dict[str, str]) -> str:
    """The build id: a hash over every table's content hash (same tables → same id)."""
    lines = "".join(f"{name}\t{digest}\n" for name, digest in sorted(table_hashes.items()))
    return hashlib.sha256(lines.encode()).hexdigest()[:16]


def table_sha256(path: Path) -> str:
    """A published table's hash as the manifest gives it: of its file, or of its monthly files' hashes."""
    if path.is_dir():
        return content_id({p.name[:-len(partitions.SUFFIX)]: file_sha256(p)
                           for p in path.glob(f"*{partitions.SUFFIX}")})
    return file_sha256(path)


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(_with_metadata(table.combine_chunks()), sink)
    return sink.getvalue().to_pybytes()


def _put(staging: Path, rel: str, data: bytes, digest: str, previous: dict[str, tuple[Path, str]]) -> None:
    """Write `data` to `staging/rel`, or hard-link the previous build's file when it holds the same bytes."""
    path = staging / rel
    old = previous.get(rel)
    if old is not None and old[1] == digest:
        try:
            os.link(old[0], path)
            return
        except OSError:
            pass
    with open(path, "wb") as fh:
        fh.write(data)
    _fsync(path)


def previous_files(build: Path | None) -> dict[str, tuple[Path, str]]:
    """'table.parquet' or 'table.parquet/part.parquet' -> (file, sha256) of a published build, from its manifest."""
    if build is None:
        return {}
    try:
        man = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest_files(build, man) if isinstance(man, dict) else {}


def manifest_files(build: Path, man: dict) -> dict[str, tuple[Path, str]]:
    """'table.parquet' or 'table.parquet/part.parquet' -> (file, sha256), for the tables a build's manifest lists."""
    out = {}
    for name, info in (man.get("tables") or {}).items():
        if not isinstance(info, dict):
            continue
        if isinstance(info.get("partitions"), dict):
            for key, digest in info["partitions"].items():
                rel = f"{name}.parquet/{key}{partitions.SUFFIX}"
                out[rel] = (build / rel, digest)
        elif info.get("sha256"):
            out[f"{name}.parquet"] = (build / f"{name}.parquet", info["sha256"])
    return out


def write_tables(staging: Path, tables: dict[str, pa.Table],
                 previous: dict[str, tuple[Path, str]] | None = None) -> dict[str, dict]:
    """Write each table as parquet into `staging`; return table name → {"sha256", "rows"[, "partitions"]}.

    Per-article tables are folders of monthly files (partitions.py) when the articles table is among
    `tables`; "sha256" is then a hash of the partitions' hashes. A file whose bytes equal the previous
    build's (`previous_files`) is hard-linked from it, not written again. Files are encoded, hashed and
    written by WRITE_THREADS threads (pyarrow's encoder, hashing and the disk release the GIL), while this
    thread splits the next table; each file's bytes are the same as written one after the other.
    """
    return _write_tables(staging, tables, previous)[0]


def _write_tables(staging: Path, tables: dict[str, pa.Table], previous: dict[str, tuple[Path, str]] | None = None,
                  beside=None) -> tuple[dict[str, dict], object]:
    """`write_tables`, and `beside(tables in file order)` run in this thread while the threads write the files;
    returns (what write_tables returns, what `beside` returned or None).

    "In file order": each table with its rows in the order a reader of its files gets them (a folder's files in
    the order of their names, as DuckDB's glob reads them), made of the same arrays (no copy)."""
    previous = previous or {}
    months = partitions.article_months(tables["articles"]) if "articles" in tables else None
    keys = sorted(set(months.values())) if months else []
    out = {}
    folders, pending = [], []  # (table name, partition key or None, future of the file's digest)
    ordered: dict[str, pa.Table] = {}
    with ThreadPoolExecutor(max_workers=WRITE_THREADS, thread_name_prefix="write-tables") as pool:
        for name, table in sorted(tables.items()):
            table = _with_metadata(table)
            if months is None or name not in partitions.PARTITIONED:
                pending.append((name, None, pool.submit(_write_file, staging, f"{name}.parquet", table, previous)))
                ordered[name] = table
                continue
            folder = staging / f"{name}.parquet"
            folder.mkdir()
            folders.append(folder)
            split = partitions.split(table, months, keys)
            for key, part in split.items():
                rel = f"{name}.parquet/{key}{partitions.SUFFIX}"
                pending.append((name, key, pool.submit(_write_file, staging, rel, part, previous)))
            ordered[name] = pa.concat_tables([split[key] for key in sorted(split)]) if split else table.slice(0, 0)
        besides = beside(ordered) if beside is not None else None
        parts: dict[str, dict[str, str]] = {}
        for name, key, fut in pending:  # in submission order: the manifest's order does not depend on threads
            if key is None:
                out[name] = {"sha256": fut.result(), "rows": tables[name].num_rows}
            else:
                parts.setdefault(name, {})[key] = fut.result()
    for folder in folders:
        _fsync(folder)
    for name, got in parts.items():
        out[name] = {"sha256": content_id(got), "rows": tables[name].num_rows, "partitions": got}
    return dict(sorted(out.items())), besides


WRITE_THREADS = 4  # parquet files written at once (most are small: their fixed costs overlap too)


def _write_file(staging: Path, rel: str, table: pa.Table, previous: dict[str, tuple[Path, str]]) -> str:
    """One table or partition as parquet at `staging/rel` (or linked from the previous build); its sha256."""
    data = _parquet_bytes(table)
    digest = hashlib.sha256(data).hexdigest()
    _put(staging, rel, data, digest, previous)
    return digest


def write_manifest(staging: Path, manifest: dict) -> None:
    """manifest.json, written and flushed to disk."""
    path = staging / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    _fsync(path)


def write_build(out: Path, tables: dict[str, pa.Table], manifest: dict) -> str:
    """Write the tables and manifest into a new build directory, then point `out` at it.

    Adds `build_id` and per-table `tables` hashes to the manifest; returns the build id. A build
    running from the command line holds `lock(out)` around this. A disk error (full, read-only)
    raises PipelineError in one line; `out` then still points at the previous build.
    """
    out = _abs(out)
    return _publish(out, lambda staging: _write_staged(
        staging, tables, manifest, previous_files(resolve_build(out) if out.is_symlink() else None)))


def previous_manifest(out: Path) -> tuple[Path, dict] | None:
    """(folder, manifest) of the build `out` points to, or None when there is none or it is unreadable."""
    out = _abs(out)
    if not out.is_symlink():
        return None
    build = resolve_build(out)
    try:
        man = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (build, man) if isinstance(man, dict) else None


def write_reused(out: Path, previous: tuple[Path, dict], manifest: dict) -> str | None:
    """Publish the tables and serving files of a previous build (folder, manifest) again as hard links, under a
    new `manifest`.

    For a rebuild that would compute the same tables (run/reuse.py): nothing is decoded or converted.
    Keeps the previous build's `build_id`, `tables` and `serving` entries; returns the build id, or None
    (nothing published) when a file of the previous build cannot be linked or its serving files are of
    another version: the caller then builds in full.
    """
    out = _abs(out)
    previous, old = previous
    serving_info = old.get("serving") or {}
    if serving_info.get("version") != serving.VERSION or not old.get("build_id") or not old.get("tables"):
        return None
    files = [*manifest_files(previous, old), *map(str, serving_info.get("files") or [])]
    if not all(_plain_rel(rel) for rel in files):  # names from a manifest: never a path out of the build
        return None

    def fill(staging: Path) -> tuple[Path, str] | None:
        try:
            folders = {(staging / rel).parent for rel in files} - {staging}
            for folder in folders:
                folder.mkdir()
            for rel in files:
                os.link(previous / rel, staging / rel)
            for folder in folders:
                _fsync(folder)
        except OSError:
            return None
        write_manifest(staging, {**manifest, "build_id": old["build_id"], "serving": serving_info,
                                 "table_format": old.get("table_format"), "tables": old["tables"]})
        return _seal(staging, old["build_id"]), old["build_id"]

    return _publish(out, fill)


def _plain_rel(rel: str) -> bool:
    """Whether `rel` names a file or a file in a folder of a build (`x.parquet`, `x.parquet/2024-05.parquet`)."""
    parts = rel.split("/")
    return 0 < len(parts) <= 2 and all(p and p not in (".", "..") and "\\" not in p for p in parts)


def _publish(out: Path, fill) -> str | None:
    """Make a staging folder, let `fill(staging)` write the build into it and name its final folder, point `out` at it.

    `fill` returns (final folder, build id), or None to publish nothing (the staging folder is removed).
    """
    _check_target(out)
    root = builds_dir(out)
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=root))
    except OSError as exc:
        raise PipelineError(f"{out}: cannot write the build ({_reason(exc)}); nothing published") from exc
    try:
        done = fill(staging)
        if done is None:
            shutil.rmtree(staging, ignore_errors=True)
            return None
        final, bid = done
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, (OSError, duckdb.Error, sqlite3.Error)):  # a full or failing disk
            raise PipelineError(f"{out}: cannot write the build ({_reason(exc)}); nothing published") from exc
        raise
    try:
        _point(out, final)
    except OSError as exc:
        raise PipelineError(f"{out}: cannot point at the new build ({_reason(exc)}); "
                            "the previous build stays published") from exc
    collect_garbage(out)
    return bid


def _reason(exc: BaseException) -> str:
    """The cause of a write error in a few words ("No space left on device")."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return os.strerror(exc.errno)
    return " ".join(str(exc).split())[:300]


def _write_staged(staging: Path, tables: dict[str, pa.Table], manifest: dict,
                  previous: dict[str, tuple[Path, str]]) -> tuple[Path, str]:
    """Write the build into `staging` and rename it to its final build folder; returns (that folder, build id).

    Files with the same bytes as the previous build's (`previous`, see previous_files) are linked from it."""
    # the serving files (read-optimised copies for the dashboard; not part of the build id) are made from the
    # tables in memory while the threads write the parquet files, instead of reading those files back after
    written, derived = _write_tables(staging, tables, previous,
                                     beside=lambda ordered: serving.write(staging, tables=ordered))
    bid = content_id({name: info["sha256"] for name, info in written.items()})
    manifest = {**manifest, "build_id": bid, "table_format": TABLE_FORMAT, "serving": {"version": serving.VERSION,
                                                         "files": sorted(p.name for p in derived)},
                "tables": written}
    write_manifest(staging, manifest)
    return _seal(staging, bid), bid


def _seal(staging: Path, bid: str) -> Path:
    """Flush a written staging folder, open it to readers and rename it to its build folder name; returns that."""
    _fsync(staging)
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; readers may be another user
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    final = staging.parent / f"{BUILD_PREFIX}{stamp}-{bid}-{os.getpid()}-{secrets.token_hex(3)}"
    os.rename(staging, final)
    _fsync(staging.parent)
    return final


def _check_target(out: Path) -> None:
    """Refuse to replace anything that is not a previous build of ours (or an empty folder)."""
    if out.is_symlink():
        target = resolve_build(out)
        if target.parent != builds_dir(out).resolve():
            raise PipelineError(f"{out}: is a symlink to {target}, not to a build of this pipeline; "
                                "remove it or choose another --out")
    elif out.exists():
        if not out.is_dir():
            raise PipelineError(f"{out}: exists and is not a directory; choose another --out")
        foreign = foreign_entries(out)
        if foreign:
            shown = ", ".join(repr(name) for name in foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            raise PipelineError(f"{out}: is a folder that is not a build of this pipeline (it holds {shown}); "
                                "refusing to replace it: choose another --out or move it away")


def foreign_entries(folder: Path) -> list[str]:
    """Names in a plain folder that a build of this pipeline would not have written (empty: safe to replace).

    A build folder of an older version holds a manifest.json naming its tables (`counts` / `tables`)
    and serving files, those files, and nothing else.
    """
    names = sorted(p.name for p in folder.iterdir())
    if not names:
        return []
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [n for n in names if n != "manifest.json"] or ["manifest.json"]
    if not isinstance(manifest, dict) or "schema_version" not in manifest or "pipeline_version" not in manifest:
        return names
    tables = {*(manifest.get("counts") or {}), *(manifest.get("tables") or {})}
    serving_files = (manifest.get("serving") or {}).get("files") or []
    ours = {"manifest.json", *(f"{t}.parquet" for t in tables), *map(str, serving_files)}
    return [n for n in names if n not in ours]


def _point(out: Path, final: Path) -> None:
    """Atomically make `out` a symlink to `final` (relative, so the tree can move)."""
    root = final.parent
    if out.exists() and not out.is_symlink():
        _check_target(out)  # again, just before: it may have changed while the build ran
        if any(out.iterdir()):  # one-time migration from a build folder of an older version
            os.rename(out, root / f"{BUILD_PREFIX}legacy-{os.getpid()}-{int(time.time())}")
        else:
            os.rmdir(out)
    link = root / f"{LINK_PREFIX}{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(final, out.parent), link)
    os.replace(link, out)
    _fsync(out.parent)


@contextmanager
def lock(out: Path) -> Iterator[Path]:
    """Hold the lock of `out` for a whole build: one build writes to an output at a time.

    Taken before any parsing, so it also checks early that `out` can be published (ours to
    replace, writable). A second build while the first runs fails at once with one line naming
    the first's pid. Staging folders left by killed builds are removed once the lock is held.
    Yields the builds folder.
    """
    out = _abs(out)
    _check_target(out)
    root = builds_dir(out)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
    except OSError as exc:
        raise PipelineError(f"{out}: cannot write builds into {root} ({_reason(exc)})") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise PipelineError(f"{out}: another build (pid {holder}) is writing to it; "
                                "try again when it has finished") from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError as exc:
            raise PipelineError(f"{out}: cannot write builds into {root} ({_reason(exc)})") from exc
        collect_garbage(out, locked=True)
        _held.add(fd)
        yield root
    finally:
        _held.discard(fd)
        os.close(fd)  # releases the lock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def collect_garbage(out: Path, keep: int = KEEP_BUILDS, locked: bool = False) -> list[Path]:
    """Remove staging dirs of dead builds and all but the newest `keep` complete builds.

    `locked`: the caller holds `lock(out)`, so no other build is writing and every staging dir
    but this process's is stale (its pid may have been reused by an unrelated process).
    The build `out` points to is never removed, nor anything whose name this module does not
    give. Returns the removed paths.
    """
    out = _abs(out)
    root = builds_dir(out)
    if not root.is_dir():
        return []
    current = resolve_build(out) if out.is_symlink() else None
    removed = []
    for p in root.iterdir():
        m = _TEMP_NAME.fullmatch(p.name)
        if m and int(m.group(1)) != os.getpid() and (locked or not _alive(int(m.group(1)))):
            _remove(p)
            removed.append(p)
    builds = sorted((p for p in root.iterdir() if _BUILD_NAME.fullmatch(p.name) and p.is_dir()
                     and not p.is_symlink()), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for p in builds[keep:]:
        if current is None or p.resolve() != current:
            _remove(p)
            removed.append(p)
    return removed


def _remove(p: Path) -> None:
    if p.is_symlink() or p.is_file():
        p.unlink(missing_ok=True)
    else:
        shutil.rmtree(p, ignore_errors=True)
