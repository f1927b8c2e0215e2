"""Write a build into a staging directory, then publish it in place of the old one."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import SCHEMA_VERSION


def _with_metadata(table: pa.Table) -> pa.Table:
    meta = dict(table.schema.metadata or {})
    meta[b"schema_version"] = str(SCHEMA_VERSION).encode()
    return table.replace_schema_metadata(meta)


def write_build(out: Path, tables: dict[str, pa.Table], manifest: dict) -> None:
    """Write every table and manifest.json to a staging dir next to `out`, then swap it in."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        for name, table in tables.items():
            pq.write_table(_with_metadata(table), staging / f"{name}.parquet")
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n",
                                               encoding="utf-8")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    """Replace `out` by `staging`; the old build is removed only after the new one is in place."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
    os.rename(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
