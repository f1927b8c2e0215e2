"""Where the tables live and how they are read (the operator sets the location, never a viewer)."""
from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TABLES = ("articles", "entities", "mentions", "meetings", "topics", "topic_sentences")
REQUIRED = ("articles", "entities", "mentions", "meetings", "topics")


def data_dir(argv: list[str] | None = None, env: dict | None = None) -> Path:
    """`--data DIR` after `--` on the streamlit command line, else $NEWS_DATA_DIR, else `data/`."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--data", type=Path)
    known, _ = p.parse_known_args(argv if argv is not None else [])
    env = os.environ if env is None else env
    return known.data or Path(env.get("NEWS_DATA_DIR", "data"))


@dataclass
class Corpus:
    articles: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame
    meetings: pd.DataFrame
    topics: pd.DataFrame
    topic_sentences: pd.DataFrame
    manifest: dict


class NoData(Exception):
    """The data directory is missing, incomplete or empty; the message says how to build it."""


def build_hint(path: Path) -> str:
    return (f"No analysis tables in `{path}`. Build them with "
            f"`python -m data_pipeline build seeds --out {path}` (or `make run`).")


def load(path: Path) -> Corpus:
    """Read every table of a build; raise NoData with a how-to-build message when absent."""
    missing = [t for t in REQUIRED if not (path / f"{t}.parquet").exists()]
    if not path.is_dir() or missing:
        raise NoData(build_hint(path))
    frames = {t: pd.read_parquet(path / f"{t}.parquet") if (path / f"{t}.parquet").exists() else pd.DataFrame()
              for t in TABLES}
    manifest_path = path / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    if frames["articles"].empty:
        raise NoData(f"The build in `{path}` holds no articles. " + build_hint(path))
    return Corpus(manifest=manifest, **frames)


def build_id(path: Path) -> str:
    """A key that changes whenever a new build is published (for cache invalidation)."""
    m = path / "manifest.json"
    try:
        st = m.stat()
        return f"{st.st_mtime_ns}-{st.st_size}"
    except OSError:
        return "none"
