"""What the build process needs of the English spaCy model — its id, version, length limit — without loading it.

The build process keys caches (`model_id`), writes the manifest and checks article lengths; only the
processes that parse or tag load the model (engine.py, warm.py). These facts come from the installed package's
`meta.json`, the file spaCy reads them from; if it cannot be read, the model is loaded (which also says how to
install a missing model).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import util
from pathlib import Path

SPACY_MAX_LENGTH = 1_000_000  # spaCy's default `Language.max_length`; load_model does not change it


@dataclass(frozen=True)
class ModelInfo:
    """A loaded model's `meta` and `max_length`, for `model_id` and the build's checks."""

    meta: dict
    max_length: int = SPACY_MAX_LENGTH


@lru_cache(maxsize=None)
def model_info(name: str) -> ModelInfo:
    """The model package `name`'s facts from its meta.json (read once per process), else from the loaded model."""
    spec = util.find_spec(name)
    meta = None
    if spec is not None and spec.origin:
        try:
            meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = None
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str) for k in ("lang", "name", "version")):
        from data_pipeline.nlp.spacy_model import load_model

        nlp = load_model(name)  # raises the PipelineError saying how to install it when it is missing
        return ModelInfo(dict(nlp.meta), nlp.max_length)
    return ModelInfo(meta)


def model_id(nlp) -> str:
    """`lang_name-version` of a loaded model or a ModelInfo, for the manifest and cache keys: `spacy_model.model_id`'s
    id, without importing spaCy as nlp/spacy_model.py does (tests/test_warm.py keeps the two equal)."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
