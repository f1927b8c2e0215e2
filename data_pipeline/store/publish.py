"""Publish a build atomically: write it into its own directory, then swap one symlink.

Layout for `--out data`:

    data -> .data.builds/build-<time>-<build_id>     (a symlink, replaced by one rename(2))
    .data.builds/build-<time>-<build_id>/articles.parquet/2024-05.parquet, ..., manifest.json
    .data.builds/staging-<pid>-<random>/             (a build being written; never read)

Readers keep using `data/<table>.parquet` (a folder of monthly files for per-article tables, see
partitions.py; files unchanged since the previous build are hard links to it) and `data/manifest.json`. A reader that wants a
consistent set of tables resolves `data` once (`resolve_build`) and reads from that directory;
the previous builds are kept for a while so such a reader never loses a file mid-read.
A build killed at any point leaves `data` pointing at the last complete build.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from data_pipeline import SCHEMA_VERSION
from data_pipeline.store import partitions, serving
from data_pipeline.errors import PipelineError

KEEP_BUILDS = 3  # the current build and the two before it (readers may still hold them)
BUILD_PREFIX, STAGING_PREFIX, LINK_PREFIX = "build-", "staging-", ".link-"


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
    pq.write_table(_with_metadata(table), sink)
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
    build's (`previous_files`) is hard-linked from it, not written again.
    """
    previous = previous or {}
    months = partitions.article_months(tables["articles"]) if "articles" in tables else None
    keys = sorted(set(months.values())) if months else []
    out = {}
    for name, table in sorted(tables.items()):
        if months is None or name not in partitions.PARTITIONED:
            data = _parquet_bytes(table)
            digest = hashlib.sha256(data).hexdigest()
            _put(staging, f"{name}.parquet", data, digest, previous)
            out[name] = {"sha256": digest, "rows": table.num_rows}
            continue
        folder = staging / f"{name}.parquet"
        folder.mkdir()
        parts = {}
        for key, part in partitions.split(table, months, keys).items():
            data = _parquet_bytes(part)
            parts[key] = hashlib.sha256(data).hexdigest()
            _put(staging, f"{name}.parquet/{key}{partitions.SUFFIX}", data, parts[key], previous)
        _fsync(folder)
        out[name] = {"sha256": content_id(parts), "rows": table.num_rows, "partitions": parts}
    return out


def write_manifest(staging: Path, manifest: dict) -> None:
    """manifest.json, written and flushed to disk."""
    path = staging / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    _fsync(path)


def write_build(out: Path, tables: dict[str, pa.Table], manifest: dict) -> str:
    """Write the tables and manifest into a new build directory, then point `out` at it.

    Adds `build_id` and per-table `tables` hashes to the manifest; returns the build id.
    """
    out = _abs(out)
    _check_target(out)
    root = builds_dir(out)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=root))
    try:
        written = write_tables(staging, tables, previous_files(resolve_build(out) if out.is_symlink() else None))
        bid = content_id({name: info["sha256"] for name, info in written.items()})
        derived = serving.write(staging)  # read-optimised copies for the dashboard; not part of the build id
        manifest = {**manifest, "build_id": bid, "serving": {"version": serving.VERSION,
                                                             "files": sorted(p.name for p in derived)},
                    "tables": written}
        write_manifest(staging, manifest)
        _fsync(staging)
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; readers may be another user
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        final = root / f"{BUILD_PREFIX}{stamp}-{bid}-{os.getpid()}-{secrets.token_hex(3)}"
        os.rename(staging, final)
        _fsync(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point(out, final)
    collect_garbage(out)
    return bid


def _check_target(out: Path) -> None:
    """Refuse to replace anything that is not a previous build of ours."""
    if out.is_symlink():
        target = resolve_build(out)
        if target.parent != builds_dir(out).resolve():
            raise PipelineError(f"{out}: is a symlink to {target}, not to a build of this pipeline; "
                                "remove it or choose another --out")
    elif out.exists():
        if not out.is_dir():
            raise PipelineError(f"{out}: exists and is not a directory; choose another --out")
        if any(out.iterdir()) and not (out / "manifest.json").exists():
            raise PipelineError(f"{out}: is a non-empty directory without manifest.json (not a build); "
                                "refusing to replace it")


def _point(out: Path, final: Path) -> None:
    """Atomically make `out` a symlink to `final` (relative, so the tree can move)."""
    root = final.parent
    if out.exists() and not out.is_symlink():
        # one-time migration from a plain directory (older layout): move it among the builds
        os.rename(out, root / f"{BUILD_PREFIX}legacy-{os.getpid()}-{int(time.time())}")
    link = root / f"{LINK_PREFIX}{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(final, out.parent), link)
    os.replace(link, out)
    _fsync(out.parent)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pid_of(name: str, prefix: str) -> int | None:
    try:
        return int(name[len(prefix):].split("-", 1)[0])
    except ValueError:
        return None


def collect_garbage(out: Path, keep: int = KEEP_BUILDS) -> list[Path]:
    """Remove staging dirs of dead builds and all but the newest `keep` complete builds.

    The build `out` points to is never removed. Returns the removed paths.
    """
    out = _abs(out)
    root = builds_dir(out)
    if not root.is_dir():
        return []
    current = resolve_build(out) if out.is_symlink() else None
    removed = []
    for p in root.iterdir():
        for prefix in (STAGING_PREFIX, LINK_PREFIX):
            pid = _pid_of(p.name, prefix) if p.name.startswith(prefix) else None
            if pid is not None and pid != os.getpid() and not _alive(pid):
                _remove(p)
                removed.append(p)
    builds = sorted((p for p in root.iterdir() if p.name.startswith(BUILD_PREFIX) and p.is_dir()),
                    key=lambda p: p.stat().st_mtime_ns, reverse=True)
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
