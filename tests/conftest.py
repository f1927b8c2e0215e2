"""Shared fixtures: the seeds built once per session, the real model loaded once."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"  # the scorer, gold files and dev sets, beside the checkout


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """`../shared/eval` (scorer, gold, dev sets). Missing: a skip on a developer's machine, a failure in CI."""
    path = SHARED / "eval"
    if not (path / "score.py").exists():
        message = f"{path} not found: the scorer and gold files must sit beside the checkout"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def scorer(shared_eval):
    """The shared scorer module (`score.score(data_dir, gold_path)`)."""
    spec = importlib.util.spec_from_file_location("score", shared_eval / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
