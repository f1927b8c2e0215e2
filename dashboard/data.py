"""Where the tables live (set by the server operator only, never by a viewer) and which build it holds."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path

REQUIRED = ("articles", "entities", "mentions", "meetings", "topics")


class NoData(Exception):
    """The data directory is missing, incomplete or empty; the message says how to build it."""


def data_dir(argv: list[str] | None = None, env: dict | None = None) -> Path:
    """`--data DIR` after `--` on the streamlit command line, else $NEWS_DATA_DIR, else `data/`."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--data", type=Path)
    known, _ = p.parse_known_args(argv if argv is not None else [])
    env = os.environ if env is None else env
    return known.data or Path(env.get("NEWS_DATA_DIR", "data"))


def list_size(argv: list[str] | None = None, env: dict | None = None) -> int | None:
    """How many people, organisations and places the sidebar lists: `--list-size N` after `--`, else
    $NEWS_LIST_SIZE, else None (queries.SIDEBAR_ENTITIES); the search box under the lists finds the rest."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--list-size", type=int)
    known, _ = p.parse_known_args(argv if argv is not None else [])
    env = os.environ if env is None else env
    raw = known.list_size if known.list_size is not None else env.get("NEWS_LIST_SIZE")
    try:
        return max(1, int(raw)) if raw not in (None, "") else None
    except ValueError:
        return None


def build_hint(path: Path) -> str:
    """How to produce the tables the dashboard needs."""
    return (f"No analysis tables in `{path}`. Build them with "
            f"`python -m data_pipeline build seeds --out {path}` (or `make run`).")


def check(path: Path) -> Path:
    """The resolved build directory (following a published symlink); NoData when a table is missing."""
    real = path.resolve()
    if not real.is_dir() or any(not (real / f"{t}.parquet").exists() for t in REQUIRED):
        raise NoData(build_hint(path))
    return real


def manifest(path: Path) -> dict:
    """manifest.json of the build, or {} when absent or unreadable."""
    try:
        return json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build_id(path: Path) -> str:
    """A key that changes whenever a new build is published: the manifest's build_id, else a content hash."""
    m = path / "manifest.json"
    try:
        raw = m.read_bytes()
    except OSError:
        return "none"
    try:
        bid = json.loads(raw).get("build_id")
    except (ValueError, AttributeError):
        bid = None
    return str(bid) if bid else hashlib.sha256(raw + str(m.resolve()).encode()).hexdigest()[:16]
