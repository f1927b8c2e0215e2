"""Shared fixtures: the seeds built once per session, the real model loaded once."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from data_pipeline.nlp.spacy_model import load_model

    return load_model()


@pytest.fixture(scope="session")
def seeds_data(tmp_path_factory) -> Path:
    """The seeds built into a temporary data directory."""
    from data_pipeline.run.build import BuildOptions, build

    out = tmp_path_factory.mktemp("seeds") / "data"
    build(BuildOptions(input=SEEDS, out=out, progress=False, cache_dir=None))
    return out


@pytest.fixture(scope="session")
def seeds_tables(seeds_data) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in seeds_data.glob("*.parquet")}
